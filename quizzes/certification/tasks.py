"""Background work (django-tasks): bulk issue with progress, and expiry reminders.

The embedded default runs tasks in-process (ImmediateBackend); production uses the database backend and a
separate ``manage.py db_worker``. The bulk-issue lifecycle (batch row, progress, audit) is the service
``services.batches``; the tasks only call it.
"""

from __future__ import annotations

from django_tasks import task

from .models import CertificateBatch
from .services import batches
from .services.reminders import send_expiry_reminders


def queue_bulk_issue(params: dict, *, acting_user=None, description: str = "") -> CertificateBatch:
    """Create the batch and enqueue its task (``services.batches.start_batch``)."""
    return batches.start_batch(params, enqueue=bulk_issue_task.enqueue, acting_user=acting_user,
                               description=description)


@task()
def bulk_issue_task(batch_id: int) -> dict:
    return batches.run_batch(batch_id)


@task()
def expiry_reminders_task() -> dict:
    outcome = send_expiry_reminders()
    return {"reminded": len(outcome.reminded), "hr_notified": outcome.hr_notified}
