"""Plan today's acknowledgement reminders and enqueue their e-mails. Run daily (cron); idempotent per day.

    manage.py send_acknowledgement_reminders            # e.g. 07:30 every day
    manage.py send_acknowledgement_reminders --date 2026-03-02 --dry-run

With the embedded default the e-mails are sent in-process at once; in production a ``manage.py db_worker``
process sends them.
"""

import datetime

from django.core.management.base import BaseCommand

from content.acknowledgements.services.reminders import plan_reminders


class Command(BaseCommand):
    help = "Enqueue reminder e-mails for acknowledgements due soon or overdue (idempotent per day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Pretend today is YYYY-MM-DD")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the reminders that would be sent"
        )

    def handle(self, *args, **options):
        plan = plan_reminders(options["date"], dry_run=options["dry_run"])
        self.stdout.write(
            f"{plan.day}: {plan.reminders} reminder(s) for {len(plan.employees)} employee(s) "
            f"{'would be sent (dry run, nothing recorded)' if options['dry_run'] else 'enqueued'}"
        )
