"""Marking a handed-in paper, making its result final, and passing the counted result to teller grading.

``mark_items`` applies ``rules.scoring`` to every item (short answers wait for an examiner);
``finalise`` totals the sections, decides pass/fail by the sitting's pass mark and records the
sitting's counted result with ``quizzes.certification.services.results.record_theory_result``.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import connection, transaction

from portal.core import audit

from ..models import Attempt, AttemptItem, AttemptStatus, EventKind, Sitting
from ..rules import counting
from ..rules.scoring import Key, Policies, is_unanswered, needs_examiner, score_answer
from . import papers

logger = logging.getLogger(__name__)


def policies_for(blueprint) -> Policies:
    return Policies(multiple=blueprint.multiple_choice_scoring, ordering=blueprint.ordering_scoring,
                    matching=blueprint.matching_scoring)


def mark_item(item: AttemptItem, policies: Policies) -> None:
    """Set the item's machine score; a short answer that was answered waits for grading instead."""
    key = Key.of(item.scoring_version)
    if needs_examiner(key):
        if is_unanswered(item.response):
            item.score, item.needs_grading = Decimal("0.00"), False
        elif item.graded_at is None:
            item.score, item.needs_grading = None, True
        return
    item.score = score_answer(key, item.response, item.points, policies)
    item.needs_grading = False


def _items_with_versions(attempt: Attempt) -> list[AttemptItem]:
    """The attempt's items with their versions and key versions (frozen ones from the copies kept: ``papers``)."""
    items = list(attempt.items.all())
    versions = papers.versions_by_id({item.version_id for item in items}
                                     | {item.key_version_id for item in items if item.key_version_id})
    for item in items:
        item.version = versions[item.version_id]
        if item.key_version_id:
            item.key_version = versions[item.key_version_id]
    return items


def _store_marks(items: list[AttemptItem]) -> None:
    """Every item's score and needs-grading flag in one UPDATE (on PostgreSQL from unnest: ``bulk_update`` builds
    a CASE of every row in Python)."""
    if connection.vendor != "postgresql" or not items:
        AttemptItem.objects.bulk_update(items, ["score", "needs_grading"])
        return
    table = AttemptItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET score = u.score, needs_grading = u.needs_grading"
            f" FROM unnest(CAST(%s AS bigint[]), CAST(%s AS numeric[]), CAST(%s AS boolean[]))"
            f" AS u(id, score, needs_grading) WHERE {table}.id = u.id",
            [[item.pk for item in items], [item.score for item in items], [item.needs_grading for item in items]],
        )


def mark_items(attempt: Attempt, items: list[AttemptItem] | None = None) -> list[AttemptItem]:
    items = items if items is not None else _items_with_versions(attempt)
    policies = policies_for(attempt.sitting.blueprint)
    for item in items:
        mark_item(item, policies)
    _store_marks(items)
    return items


def section_totals(items: list[AttemptItem]) -> list[dict]:
    sections: dict[int, dict] = {}
    for item in sorted(items, key=lambda i: i.position):
        entry = sections.setdefault(item.section_index, {
            "index": item.section_index, "title": item.section_title, "title_en": item.section_title_en,
            "score": Decimal("0"), "max": Decimal("0"), "pending": 0, "questions": 0,
        })
        entry["max"] += item.points
        entry["questions"] += 1
        if item.score is None:
            entry["pending"] += 1
        else:
            entry["score"] += item.score
    return [{**s, "score": str(s["score"]), "max": str(s["max"])} for s in sections.values()]


def totals(items: list[AttemptItem]) -> tuple[Decimal, Decimal, int]:
    """(score so far, maximum, items awaiting grading)."""
    score = sum((i.score for i in items if i.score is not None), Decimal("0"))
    maximum = sum((i.points for i in items), Decimal("0"))
    return score, maximum, sum(1 for i in items if i.score is None)


def finalise(attempt: Attempt, *, now, acting_user=None, items: list[AttemptItem] | None = None,
             also_save: tuple | list = (), evidence: tuple | list = ()) -> Attempt:
    """Total, pass/fail, status final, and the counted result recorded. Only when nothing awaits grading.

    ``also_save``: more of the attempt's fields to write in the same UPDATE (the hand-in's); ``evidence``: unsaved
    evidence rows written, before the "final" row, by the same INSERT."""
    items = items if items is not None else list(attempt.items.select_related("version", "key_version"))
    score, maximum, pending = totals(items)
    if pending:
        raise ValueError("attempt still has answers awaiting grading")
    sitting = attempt.sitting
    first_time = attempt.status != AttemptStatus.FINAL
    attempt.score = score
    attempt.max_score = maximum
    attempt.passed = score >= sitting.pass_mark
    attempt.section_scores = section_totals(items)
    attempt.status = AttemptStatus.FINAL
    if first_time:
        attempt.finalised_at = now
    attempt.save(update_fields=["score", "max_score", "passed", "section_scores", "status", "finalised_at",
                                *also_save])
    final = audit.record(attempt, EventKind.FINAL if first_time else EventKind.SCORED, at=now, acting_user=acting_user,
                         data={"score": str(score), "max": str(maximum), "passed": attempt.passed}, save=False)
    type(final).objects.bulk_create([*evidence, final])
    if first_time:
        from .practice import add_exam_mistakes

        add_exam_mistakes(attempt, items, now=now)
    sync_result(sitting, attempt.employee, attempt=attempt, now=now)
    return attempt


def sync_result(sitting: Sitting, employee, *, attempt: Attempt | None = None, now=None):
    """Record the sitting's counted result for teller grading (idempotent; never blocks a hand-in).

    A failure there (a grade rule that cannot be evaluated, say) is logged as evidence on the attempt
    and left for ``manage.py exams_sync_results``; the candidate's paper stays handed in and scored.
    """
    from quizzes.certification.services.results import record_theory_result

    finals = list(Attempt.objects.final().filter(sitting=sitting, employee=employee))
    counted = counting.counted(sitting.counting_policy, [
        counting.FinalAttempt(a.pk, a.number, a.score, a.submitted_at or a.finalised_at) for a in finals
    ])
    if counted is None:
        return None
    maximum = max((a.max_score for a in finals), default=None)
    try:
        with transaction.atomic():
            return record_theory_result(
                employee=employee,
                exam_code=sitting.blueprint.code,
                exam_title=sitting.blueprint.title,
                exam_title_en=sitting.blueprint.title_en,
                sitting_id=sitting.pk,
                sitting_title=sitting.title,
                score=counted.score,
                max_score=maximum,
                passed=counted.score >= sitting.pass_mark,
                taken_at=counted.taken_at,
                source_attempt_id=counted.attempt_id,
            )
    except Exception as error:  # the hand-in must stand; the failure is evidence
        logger.exception("recording the exam result of %s at sitting %s failed", employee, sitting.pk)
        if attempt is not None:
            audit.record(attempt, EventKind.RESULT_RECORD_FAILED, acting_user=None, at=now or attempt.finalised_at,
                        data={"error": f"{type(error).__name__}: {error}"[:500]})
        return None


def refresh(attempt: Attempt, *, now, acting_user=None) -> Attempt:
    """After a grade or a re-scoring: finalise when nothing awaits grading, else keep the totals current."""
    items = list(attempt.items.select_related("version", "key_version"))
    _score, _maximum, pending = totals(items)
    if not pending:
        return finalise(attempt, now=now, acting_user=acting_user, items=items)
    return attempt
