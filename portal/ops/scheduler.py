"""Every periodic job of the portal, run at its interval by whoever holds the database lease.

``run_scheduler`` (a service in production) and the embedded default (a thread in ``make run``) both call
``tick()``: take or renew the lease (an atomic conditional UPDATE, safe on SQLite and PostgreSQL), run each
job whose ``next_due`` has passed, record its outcome, plan its next run. Two schedulers never run a job at
the same time; the jobs themselves are idempotent, so a run repeated after a crash changes nothing.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.core.management import call_command
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from portal.ops.models import JobRun, SchedulerLease

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
LEASE_SECONDS = 90


@dataclass(frozen=True)
class Job:
    name: str  # the management command
    every: datetime.timedelta


MINUTE = datetime.timedelta(minutes=1)
JOBS = (
    Job("exams_close_overdue", MINUTE),
    Job("publish_scheduled", MINUTE),
    Job("exams_notify_opened", 5 * MINUTE),
    Job("apply_supersessions", 15 * MINUTE),
    Job("exams_sync_results", 60 * MINUTE),
    Job("send_acknowledgement_reminders", 24 * 60 * MINUTE),
    Job("certification_expiry_reminders", 24 * 60 * MINUTE),
)


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def acquire_lease(holder: str, now: datetime.datetime | None = None, seconds: int = LEASE_SECONDS) -> bool:
    """Take the lease if it is free or expired, or renew it if ``holder`` has it. One UPDATE decides."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            SchedulerLease.objects.get_or_create(name=LEASE_NAME, defaults={"expires_at": now})
    except IntegrityError:
        pass  # another scheduler created it at the same moment
    taken = SchedulerLease.objects.filter(Q(expires_at__lte=now) | Q(holder=holder), name=LEASE_NAME).update(
        holder=holder, expires_at=now + datetime.timedelta(seconds=seconds)
    )
    return taken == 1


def release_lease(holder: str) -> None:
    SchedulerLease.objects.filter(name=LEASE_NAME, holder=holder).update(expires_at=timezone.now(), holder="")


def run_job(job: Job, now: datetime.datetime | None = None) -> JobRun:
    now = now or timezone.now()
    record, _created = JobRun.objects.get_or_create(name=job.name, defaults={"next_due": now})
    record.last_started = now
    out = io.StringIO()
    try:
        call_command(job.name, stdout=out, stderr=out)
        record.last_ok = True
    except Exception as exc:  # one failing job must not stop the others; its outcome is recorded
        log.exception("scheduled job %s failed", job.name)
        out.write(f"\n{type(exc).__name__}: {exc}")
        record.last_ok = False
    record.last_finished = timezone.now()
    record.last_output = out.getvalue()[-4000:]
    record.next_due = now + job.every
    record.runs += 1
    record.save()
    return record


def tick(holder: str, now: datetime.datetime | None = None, jobs=JOBS) -> list[JobRun]:
    """Run every due job if this scheduler holds the lease; the records of the jobs that ran."""
    now = now or timezone.now()
    if not acquire_lease(holder, now):
        return []
    due = {r.name: r.next_due for r in JobRun.objects.filter(name__in=[j.name for j in jobs])}
    ran = []
    for job in jobs:
        if due.get(job.name) is None or due[job.name] <= now:
            ran.append(run_job(job, now))
            acquire_lease(holder)  # renew between jobs
    return ran


def last_run() -> datetime.datetime | None:
    latest = JobRun.objects.order_by("-last_finished").values_list("last_finished", flat=True).first()
    return latest


def loop(stop: threading.Event, holder: str | None = None, interval: float = 20.0, delay: float = 0.0) -> None:
    holder = holder or holder_id()
    stop.wait(delay)  # the embedded scheduler lets the server finish starting first
    while not stop.is_set():
        try:
            tick(holder)
        except Exception:  # the database may be briefly away; try again at the next tick
            log.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)
    try:
        release_lease(holder)
    finally:
        close_old_connections()


_embedded: threading.Thread | None = None


def start_embedded() -> None:
    """The embedded default: the same schedule in a daemon thread of the development server."""
    global _embedded
    if _embedded is None:
        _embedded = threading.Thread(target=loop, args=(threading.Event(),), kwargs={"delay": 10.0},
                                     name="portal-scheduler", daemon=True)
        _embedded.start()
