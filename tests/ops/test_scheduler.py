"""The scheduler runs each due job once per interval and only while it holds the database lease."""

import datetime

import pytest
from django.utils import timezone

from portal.ops import scheduler
from portal.ops.models import JobRun

pytestmark = pytest.mark.django_db

JOB = scheduler.Job("exams_close_overdue", datetime.timedelta(minutes=1))


def test_second_scheduler_does_not_take_a_held_lease():
    now = timezone.now()
    assert scheduler.acquire_lease("host-a", now)
    assert not scheduler.acquire_lease("host-b", now + datetime.timedelta(seconds=10))


def test_expired_lease_passes_to_the_other_scheduler():
    now = timezone.now()
    scheduler.acquire_lease("host-a", now)
    assert scheduler.acquire_lease("host-b", now + datetime.timedelta(seconds=scheduler.LEASE_SECONDS + 1))


def test_job_runs_once_per_interval_and_records_its_last_run():
    now = timezone.now()
    first = scheduler.tick("host-a", now, jobs=(JOB,))
    again = scheduler.tick("host-a", now + datetime.timedelta(seconds=30), jobs=(JOB,))
    later = scheduler.tick("host-a", now + datetime.timedelta(minutes=2), jobs=(JOB,))
    record = JobRun.objects.get(name=JOB.name)
    assert (len(first), len(again), len(later), record.runs, record.last_ok) == (1, 0, 1, 2, True)


def test_scheduler_without_the_lease_runs_nothing():
    now = timezone.now()
    scheduler.acquire_lease("host-a", now)
    assert scheduler.tick("host-b", now, jobs=(JOB,)) == []


def test_schedule_covers_every_periodic_command():
    assert {j.name for j in scheduler.JOBS} == {
        "publish_scheduled", "exams_close_overdue", "apply_supersessions", "send_acknowledgement_reminders",
        "certification_expiry_reminders", "exams_sync_results", "exams_notify_opened"}
