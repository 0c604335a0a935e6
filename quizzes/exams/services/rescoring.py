"""Re-scoring after a key correction: preview the before and after, then apply it (audited).

The examiner first corrects the question (a new version with the right key: frozen versions never
change). ``preview`` lists, for every handed-in attempt of the sitting that showed the question, the
question's score and the attempt's total and pass/fail before and after marking with the corrected key;
``apply`` does it, keeping each item's shown version and recording ``key_version`` on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core import audit
from quizzes.models import QuestionType

from .. import clock
from ..models import Attempt, AttemptItem, AttemptStatus, EventKind, RescoreChange, RescoreRun
from ..rules.scoring import Key, score_answer
from . import scoring

RESCORE_PERMISSION = "exams.rescore_attempt"


@dataclass
class Change:
    attempt: Attempt
    item: AttemptItem
    old_item_score: Decimal | None
    new_item_score: Decimal | None
    old_score: Decimal | None
    new_score: Decimal | None
    old_passed: bool | None
    new_passed: bool | None

    @property
    def changed(self) -> bool:
        return self.old_item_score != self.new_item_score


def compatible(shown, key_version) -> bool:
    """A key can replace another only for the same kind of question with the same options or blanks."""
    if shown.type != key_version.type or shown.question_id != key_version.question_id:
        return False
    if shown.type == QuestionType.FILL_BLANK:
        return len(shown.blanks) == len(key_version.blanks)
    return len(shown.options) == len(key_version.options)


def preview(sitting, key_version) -> list[Change]:
    if key_version.type == QuestionType.SHORT_ANSWER:
        raise ValidationError(_("Short answers are graded by examiners, not re-scored by key."))
    items = (
        AttemptItem.objects.handed_in().filter(
            attempt__sitting=sitting, version__question_id=key_version.question_id,
        )
        .select_related("attempt__sitting__blueprint", "attempt__employee", "version", "key_version")
        .order_by("attempt__employee__employee_number", "attempt__number")
    )
    changes = []
    for item in items:
        if not compatible(item.version, key_version):
            continue
        attempt = item.attempt
        policies = scoring.policies_for(sitting.blueprint)
        new_item = score_answer(Key.of(key_version), item.response, item.points, policies)
        old_total = attempt.score
        new_total = None if old_total is None else old_total - (item.score or 0) + (new_item or 0)
        changes.append(Change(
            attempt, item, item.score, new_item, old_total, new_total, attempt.passed,
            None if new_total is None else new_total >= sitting.pass_mark,
        ))
    return changes


def apply(sitting, key_version, *, reason: str, acting_user, now=None) -> RescoreRun:
    if acting_user is None or not acting_user.has_perm(RESCORE_PERMISSION):
        raise PermissionDenied(RESCORE_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason."))
    now = now or clock.now()
    with transaction.atomic():
        changes = preview(sitting, key_version)
        run = RescoreRun.objects.create(
            sitting=sitting, question_id=key_version.question_id, key_version=key_version, reason=reason.strip(),
            created_by=acting_user, items_checked=len(changes),
        )
        changed = 0
        for change in changes:
            attempt = Attempt.objects.select_for_update(of=("self",)).select_related("sitting__blueprint").get(
                pk=change.attempt.pk
            )
            item = change.item
            old_item, old_score, old_passed = item.score, attempt.score, attempt.passed
            item.key_version = key_version
            scoring.mark_item(item, scoring.policies_for(sitting.blueprint))
            item.save(update_fields=["key_version", "score", "needs_grading"])
            if attempt.status == AttemptStatus.FINAL:
                scoring.finalise(attempt, now=now, acting_user=acting_user)
            attempt.refresh_from_db()
            if old_item != item.score or old_score != attempt.score:
                changed += 1
            RescoreChange.objects.create(
                run=run, attempt=attempt, old_item_score=old_item, new_item_score=item.score,
                old_score=old_score, new_score=attempt.score, old_passed=old_passed, new_passed=attempt.passed,
            )
            audit.record(attempt, EventKind.RESCORED, at=now, position=item.position, acting_user=acting_user, data={
                "run": run.pk, "key_version": key_version.number, "old_item": _s(old_item), "new_item": _s(item.score),
                "old_total": _s(old_score), "new_total": _s(attempt.score), "reason": run.reason,
            })
        run.attempts_changed = changed
        run.save(update_fields=["attempts_changed"])
        audit.record(sitting, "exams.sitting.rescore", acting_user=acting_user, data={
            "run": run.pk, "question": key_version.question_id, "key_version": key_version.number,
            "attempts_checked": len(changes), "attempts_changed": changed, "reason": run.reason,
        })
    return run


def _s(value):
    return None if value is None else str(value)
