"""Background work (django-tasks): reminder e-mails.

The embedded default runs tasks in-process (ImmediateBackend); production uses the database backend and a
separate ``manage.py db_worker``. Arguments are ids only (JSON) and every task re-reads the current state,
so a task that runs late or twice still sends each reminder once.
"""

from __future__ import annotations

import datetime

from django_tasks import task

from .services import reminders, superseding


@task()
def send_reminders_task(reminder_ids: list[int]) -> dict:
    """One e-mail to one employee for the queued reminders ``reminder_ids``."""
    return reminders.send_reminders(reminder_ids)


@task()
def plan_reminders_task(day: str | None = None) -> dict:
    """The daily planning itself as a task (for schedulers that enqueue tasks rather than run commands)."""
    plan = reminders.plan_reminders(datetime.date.fromisoformat(day) if day else None)
    return {"day": plan.day.isoformat(), "reminders": plan.reminders, "employees": len(plan.employees)}


@task()
def apply_supersessions_task(day: str | None = None) -> dict:
    marked = superseding.apply_due_supersessions(datetime.date.fromisoformat(day) if day else None)
    return {"superseded": [page.pk for page in marked]}
