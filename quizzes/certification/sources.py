"""Where the grade rules get their inputs: database rows turned into the pure facts of ``rules.grades``.

The seam with the exam engine (issue 6)
---------------------------------------
Theory results are read from ``TheoryResult`` only. The exam engine, when an attempt's result becomes final
(submitted and, if it has short answers, fully graded — and again after a re-score), calls::

    from quizzes.certification.services.results import record_theory_result
    record_theory_result(
        employee=attempt.candidate, exam_code=paper.code, score=attempt.score, passed=attempt.passed,
        taken_at=attempt.submitted_at, source_attempt_id=attempt.pk,
        exam_title=paper.title, exam_title_en=paper.title_en,
        sitting_id=sitting.pk, sitting_title=sitting.title, max_score=paper.max_score,
    )

One row per (employee, sitting) — the attempt that counts under the sitting's policy; calling again updates
it (idempotent, audited). Certification never reads the engine's tables, so either side can change its
internals. ``collect_results`` below is the single provider of a person's results to the rules.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import GradeAward, GradeLevel, SkillResult, TheoryResult
from .rules import grades as rules


def theory_key(requirement) -> str:
    return f"theory:{requirement.pk}"


def skill_key(requirement) -> str:
    return f"skill:{requirement.pk}"


def prerequisite_key(level) -> str:
    return f"prerequisite:{level.pk}"


def level_requirements(level: GradeLevel) -> rules.LevelRequirements:
    """The level's requirements as plain rule data (requirements are read fresh from the database)."""
    prerequisite = None
    if level.prerequisite_id:
        prerequisite = rules.PrerequisiteRequirement(
            key=prerequisite_key(level),
            level_code=_level_ref(level.prerequisite),
            months_held=level.prerequisite_months or 0,
        )
    return rules.LevelRequirements(
        level_code=_level_ref(level),
        theory=tuple(
            rules.TheoryRequirement(key=theory_key(r), exam_code=r.exam_code, min_score=r.min_score)
            for r in level.theory_requirements.all()
        ),
        skills=tuple(
            rules.SkillRequirement(
                key=skill_key(r), test_code=r.test_type.code, min_value=r.min_value, max_errors=r.max_errors
            )
            for r in level.skill_requirements.select_related("test_type")
        ),
        prerequisite=prerequisite,
        results_window_months=level.results_window_months,
    )


def _level_ref(level: GradeLevel) -> str:
    return f"level:{level.pk}"


def collect_results(employee, on: datetime.date | None = None) -> rules.PersonResults:
    """Everything the rules may cite for ``employee``: theory results, skill results, grades held."""
    on = on or timezone.localdate()
    theory = tuple(
        rules.TheoryFact(
            ref=f"theory_result:{r.pk}",
            exam_code=r.exam_code,
            score=r.score,
            taken_on=timezone.localdate(r.taken_at),
        )
        for r in TheoryResult.objects.filter(employee=employee)
    )
    skills = tuple(
        rules.SkillFact(
            ref=f"skill_result:{r.pk}",
            test_code=r.test_type.code,
            value=r.value,
            errors=r.errors,
            taken_on=r.taken_on,
            confirmed=r.status == SkillResult.Status.CONFIRMED,
        )
        for r in SkillResult.objects.filter(employee=employee)
        .exclude(status=SkillResult.Status.REJECTED)
        .select_related("test_type")
    )
    return rules.PersonResults(theory=theory, skills=skills, grades=_grades_held(employee))


def _grades_held(employee) -> tuple[rules.GradeFact, ...]:
    """Active awards; a renewal chain (each award starting before the previous one ran out) counts from
    its first award, so renewing a grade does not reset "held for N months"."""
    awards = list(
        GradeAward.objects.filter(employee=employee)
        .exclude(status=GradeAward.Status.WITHDRAWN)
        .order_by("level_id", "awarded_on", "pk")
    )
    facts = []
    chain_start: dict[int, datetime.date] = {}
    chain_end: dict[int, datetime.date | None] = {}
    for award in awards:
        previous_end = chain_end.get(award.level_id, "none")
        continuous = previous_end != "none" and (
            previous_end is None or award.awarded_on <= previous_end + datetime.timedelta(days=1)
        )
        if not continuous:
            chain_start[award.level_id] = award.awarded_on
        chain_end[award.level_id] = award.expires_on
        if award.status == GradeAward.Status.ACTIVE:
            facts.append(
                rules.GradeFact(
                    ref=f"award:{award.pk}",
                    level_code=f"level:{award.level_id}",
                    held_since=chain_start[award.level_id],
                    expires_on=award.expires_on,
                    active=True,
                )
            )
    return tuple(facts)


def evaluate_level(employee, level: GradeLevel, on: datetime.date | None = None) -> rules.Evaluation:
    on = on or timezone.localdate()
    return rules.evaluate(level_requirements(level), collect_results(employee, on), on)

