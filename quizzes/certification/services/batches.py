"""The bulk-issue lifecycle: a batch is created and its task enqueued in one transaction (so a worker never sees
a task without its batch), then run once (a retried or duplicated delivery changes nothing), writing its
progress to the batch row after every chunk (the admin page polls it for the progress bar) and its audit rows
at start and finish. ``tasks.bulk_issue_task`` only calls ``run_batch``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from portal.core import audit

from ..models import CertificateBatch, GradeLevel
from .issuing import ISSUE_PERMISSION, bulk_issue, subjects_for_exam, subjects_for_level, subjects_for_sitting
from .results import require_permission

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


def start_batch(params: dict, *, enqueue: Callable[[int], object], acting_user=None,
                description: str = "") -> CertificateBatch:
    """Create the batch and ``enqueue(batch.pk)`` its run. The permission is checked here, where the user is known."""
    require_permission(acting_user, ISSUE_PERMISSION)
    subjects_for(params)  # fail early on bad parameters
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            description=description or describe(params),
            params=params,
            requested_by=acting_user if (acting_user is not None and acting_user.is_authenticated) else None,
        )
        audit.record(batch, "certification.batch.start", acting_user=acting_user, data=params)
        enqueue(batch.pk)
    return CertificateBatch.objects.get(pk=batch.pk)


def run_batch(batch_id: int) -> dict:
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
