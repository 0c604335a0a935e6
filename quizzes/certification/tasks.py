"""Background work (django-tasks): bulk issue with progress, and expiry reminders.

The embedded default runs tasks in-process (ImmediateBackend); production uses the database backend and a
separate ``manage.py db_worker``. ``queue_bulk_issue`` creates the ``CertificateBatch`` row and enqueues the
task in the same transaction, so a worker never sees a task without its batch. The task writes its progress
to the batch row after every chunk; the admin page polls it for the progress bar.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from portal.core import audit

from .models import CertificateBatch, GradeLevel
from .services.issuing import bulk_issue, subjects_for_exam, subjects_for_level, subjects_for_sitting
from .services.reminders import send_expiry_reminders

logger = logging.getLogger(__name__)


def subjects_for(params: dict):
    if params.get("sitting_id") is not None:
        return subjects_for_sitting(int(params["sitting_id"]))
    if params.get("exam_code"):
        return subjects_for_exam(params["exam_code"])
    if params.get("level_id") is not None:
        return subjects_for_level(int(params["level_id"]))
    raise ValueError("A bulk issue needs a sitting_id, an exam_code or a level_id")


def describe(params: dict) -> str:
    if params.get("sitting_id") is not None:
        return f"sitting {params['sitting_id']}"
    if params.get("exam_code"):
        return f"exam {params['exam_code']}"
    level = GradeLevel.objects.filter(pk=params.get("level_id")).select_related("scheme").first()
    return f"grade {level.scheme.name} {level.name}" if level else f"grade {params.get('level_id')}"


def queue_bulk_issue(params: dict, *, acting_user=None, description: str = "") -> CertificateBatch:
    """Create the batch and enqueue its task. The permission is checked here, where the user is known."""
    from .services.issuing import ISSUE_PERMISSION
    from .services.results import require_permission

    require_permission(acting_user, ISSUE_PERMISSION)
    subjects_for(params)  # fail early on bad parameters
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            description=description or describe(params),
            params=params,
            requested_by=acting_user if (acting_user is not None and acting_user.is_authenticated) else None,
        )
        audit.record(
            batch,
            "certification.batch.start",
            acting_user=acting_user,
            data=params,
        )
        bulk_issue_task.enqueue(batch.pk)
    return CertificateBatch.objects.get(pk=batch.pk)


@task()
def bulk_issue_task(batch_id: int) -> dict:
    batch = CertificateBatch.objects.get(pk=batch_id)
    if batch.status in (CertificateBatch.Status.FINISHED, CertificateBatch.Status.RUNNING):
        return {"batch": batch_id, "status": batch.status}  # a retried or duplicated delivery
    CertificateBatch.objects.filter(pk=batch_id).update(status=CertificateBatch.Status.RUNNING, started_at=timezone.now())

    def progress(processed, total, issued, skipped):
        CertificateBatch.objects.filter(pk=batch_id).update(
            processed=processed, total=total, issued=issued, skipped=skipped
        )

    try:
        outcome = bulk_issue(
            subjects_for(batch.params), acting_user=batch.requested_by, batch=batch, progress=progress, check_permission=False
        )
    except Exception as error:
        logger.exception("Bulk issue %s failed", batch_id)
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=CertificateBatch.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    errors = "\n".join(f"{key}: {message}" for key, message in outcome.failed)
    CertificateBatch.objects.filter(pk=batch_id).update(
        status=CertificateBatch.Status.FINISHED,
        issued=len(outcome.issued),
        skipped=outcome.skipped,
        failed=len(outcome.failed),
        error=errors[:5000],
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    if batch.processed < batch.total:
        CertificateBatch.objects.filter(pk=batch_id).update(processed=batch.total)
    audit.record(
        batch,
        "certification.batch.finish",
        acting_user=batch.requested_by,
        data={"issued": len(outcome.issued), "skipped": outcome.skipped, "failed": len(outcome.failed)},
    )
    return {"batch": batch_id, "issued": len(outcome.issued), "skipped": outcome.skipped, "failed": len(outcome.failed)}


@task()
def expiry_reminders_task() -> dict:
    outcome = send_expiry_reminders()
    return {"reminded": len(outcome.reminded), "hr_notified": outcome.hr_notified}
