"""The Examiner's grading queue for short answers, which hides who wrote them.

Graders see the question, the marking guide, the model answer and the answer, with the attempt's random
candidate code instead of a name. The attempt's result becomes final when its last answer is graded.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core import audit
from portal.notifications import services as notifications
from portal.notifications.models import Notification

from .. import clock
from ..models import Attempt, AttemptItem, AttemptStatus, EventKind
from ..rules import review
from . import scoring

GRADE_PERMISSION = "exams.grade_attempt"


def queue(*, sitting=None):
    """Answers awaiting grading, oldest hand-in first (no names: ``attempt.candidate_code`` only)."""
    items = (
        AttemptItem.objects.awaiting_marking()
        .select_related("version", "attempt__sitting")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )
    if sitting is not None:
        items = items.filter(attempt__sitting=sitting)
    return items


def grade_short_answer(item: AttemptItem, *, score, note: str = "", acting_user, now=None) -> AttemptItem:
    """Give a short answer its score (0 … its points). Finalises the attempt when nothing else waits."""
    if acting_user is None or not acting_user.has_perm(GRADE_PERMISSION):
        raise PermissionDenied(GRADE_PERMISSION)
    now = now or clock.now()
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."))
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update(of=("self",)).select_related("sitting__blueprint").get(
            pk=item.attempt_id
        )
        item = AttemptItem.objects.select_related("version").get(pk=item.pk)
        if attempt.status == AttemptStatus.IN_PROGRESS:
            raise ValidationError(_("This paper has not been handed in yet."))
        if value < 0 or value > item.points:
            raise ValidationError(_("The score must be between 0 and %(points)s.") % {"points": item.points})
        was_final = attempt.status == AttemptStatus.FINAL
        old = item.score
        item.score = value
        item.needs_grading = False
        item.graded_by = acting_user
        item.graded_at = now
        item.grader_note = (note or "").strip()
        item.save(update_fields=["score", "needs_grading", "graded_by", "graded_at", "grader_note"])
        audit.record(attempt, EventKind.GRADED, at=now, position=item.position, acting_user=acting_user,
                    data={"old": None if old is None else str(old), "new": str(value), "note": item.grader_note})
        audit.record(attempt, "exams.attempt.grade", acting_user=acting_user,
                  data={"position": item.position, "old": None if old is None else str(old), "new": str(value)})
        attempt = scoring.refresh(attempt, now=now, acting_user=acting_user)
        if not was_final and attempt.status == AttemptStatus.FINAL:
            notify_result_final(attempt)
    return item


def notify_result_final(attempt: Attempt) -> None:
    """Tell the candidate their result is final (once per attempt; mailed when mail is configured). The
    score is in the notice only when the sitting's review policy lets the candidate see it."""
    blueprint = attempt.sitting.blueprint
    seen = review.visibility(attempt.sitting.review_policy, attempt.status, clock.now(), attempt.sitting.closes_at)
    result = {"score": str(attempt.score), "max": str(attempt.max_score), "passed": bool(attempt.passed)}
    key = f"attempt:{attempt.pk}:final"
    params = {
        "exam": attempt.sitting.title or blueprint.title,
        "exam_en": blueprint.title_en if not attempt.sitting.title_en else attempt.sitting.title_en,
        **(result if seen.score else {}),
    }
    notifications.notify(
        attempt.employee.user, Notification.Kind.GRADING_DONE, key=key, params=params,
        link={"name": "exams:result", "args": [attempt.pk]},
    )


def identities_hidden(user, attempt) -> bool:
    """Graders see no candidate identity for an attempt with answers awaiting grading until its sitting's
    identities are released (HR, who does not grade, sees names as before)."""
    if not user.has_perm(GRADE_PERMISSION):
        return False
    if attempt.sitting.identities_released_at is not None:
        return False
    return attempt.items.filter(score__isnull=True).exists()


def release_identities(sitting, *, acting_user, now=None):
    """The audited action that reveals candidate identities of a sitting to its graders."""
    from django.utils import timezone


    if sitting.identities_released_at is None:
        sitting.identities_released_at = now or timezone.now()
        sitting.save(update_fields=["identities_released_at"])
        audit.record(sitting, "exams.sitting.release_identities", acting_user=acting_user,
            data={"released_at": sitting.identities_released_at.isoformat()})
    return sitting
