"""Run every periodic job at its interval, without cron. Safe to run on two hosts (a database lease).

    manage.py run_scheduler            # as a service (systemd: portal-scheduler.service)
    manage.py run_scheduler --once     # one tick: run what is due now, then exit
"""

import signal
import threading

from django.core.management.base import BaseCommand

from portal.ops import scheduler


class Command(BaseCommand):
    help = "Run the portal's periodic jobs at their intervals (publish_scheduled, exams_close_overdue, …)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs due now and exit.")
        parser.add_argument("--interval", type=float, default=20.0, help="Seconds between ticks.")

    def handle(self, *args, **options):
        holder = scheduler.holder_id()
        if options["once"]:
            ran = scheduler.tick(holder)
            scheduler.release_lease(holder)
            for record in ran:
                self.stdout.write(f"{record.name}: {'ok' if record.last_ok else 'FAILED'}")
            if not ran:
                self.stdout.write("nothing due (or another scheduler holds the lease)")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"scheduler {holder}: {', '.join(j.name for j in scheduler.JOBS)}")
        self.stdout.flush()
        scheduler.loop(stop, holder, options["interval"])
