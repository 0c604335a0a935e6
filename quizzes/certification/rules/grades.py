"""Grade rules: given a level's requirements and a person's results, awarded — or what is still missing.

Everything here is plain data in, plain data out. ``sources.py`` turns database rows into these facts;
the services store ``Evaluation.trace()`` on the award so it is always visible which result met which
requirement.

A level is met when

* every **theory** requirement has a result for its exam code with ``score >= min_score``;
* every **skill** requirement has a *confirmed* result for its test with ``value >= min_value`` and, if the
  requirement limits errors, ``errors <= max_errors``;
* the **prerequisite** grade (if any) is held — active, not expired — and has been held for at least
  ``months_held`` calendar months;
* results older than the level's ``results_window_months`` (if set) do not count.

Among several qualifying results the best is cited (highest score / value, then fewest errors, then the
most recent). When nothing qualifies, the nearest miss is reported with a reason code; presentation turns
codes into words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .dates import add_months

# Reason codes for a requirement that is not met.
NO_RESULT = "no_result"  # no result at all for this exam / test
SCORE_TOO_LOW = "score_too_low"  # best theory score below the minimum
BELOW_THRESHOLD = "below_threshold"  # best skill value below the minimum
TOO_MANY_ERRORS = "too_many_errors"  # value reached, but with too many errors
AWAITING_CONFIRMATION = "awaiting_confirmation"  # only unconfirmed skill results (双人复核 pending)
RESULTS_TOO_OLD = "results_too_old"  # qualifying results exist but fall outside the results window
PREREQUISITE_NOT_HELD = "prerequisite_not_held"
PREREQUISITE_TOO_RECENT = "prerequisite_too_recent"


# --------------------------------------------------------------------------- requirements


@dataclass(frozen=True)
class TheoryRequirement:
    key: str  # stable id, e.g. "theory:7"
    exam_code: str
    min_score: Decimal
    label: str = ""


@dataclass(frozen=True)
class SkillRequirement:
    key: str  # e.g. "skill:3"
    test_code: str
    min_value: Decimal
    max_errors: int | None = None
    label: str = ""


@dataclass(frozen=True)
class PrerequisiteRequirement:
    key: str  # e.g. "prerequisite:2"
    level_code: str
    months_held: int = 0
    label: str = ""


@dataclass(frozen=True)
class LevelRequirements:
    level_code: str
    theory: tuple[TheoryRequirement, ...] = ()
    skills: tuple[SkillRequirement, ...] = ()
    prerequisite: PrerequisiteRequirement | None = None
    results_window_months: int | None = None


# --------------------------------------------------------------------------- a person's results


@dataclass(frozen=True)
class TheoryFact:
    ref: str  # e.g. "theory_result:12"
    exam_code: str
    score: Decimal
    taken_on: datetime.date


@dataclass(frozen=True)
class SkillFact:
    ref: str  # e.g. "skill_result:5"
    test_code: str
    value: Decimal
    errors: int
    taken_on: datetime.date
    confirmed: bool


@dataclass(frozen=True)
class GradeFact:
    ref: str  # e.g. "award:9"
    level_code: str
    held_since: datetime.date
    expires_on: datetime.date | None = None
    active: bool = True


@dataclass(frozen=True)
class PersonResults:
    theory: tuple[TheoryFact, ...] = ()
    skills: tuple[SkillFact, ...] = ()
    grades: tuple[GradeFact, ...] = ()


# --------------------------------------------------------------------------- the outcome


@dataclass(frozen=True)
class Met:
    requirement: str  # requirement key
    result: str  # result ref that met it
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    requirement: str
    reason: str
    best_result: str | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    level_code: str
    on: datetime.date
    met: tuple[Met, ...]
    missing: tuple[Missing, ...]

    @property
    def awarded(self) -> bool:
        return not self.missing

    def trace(self) -> list[dict]:
        """JSON-ready list: which result met which requirement (stored on the award)."""
        return [{"requirement": m.requirement, "result": m.result, **_jsonable(m.detail)} for m in self.met]

    def missing_list(self) -> list[dict]:
        return [
            {"requirement": m.requirement, "reason": m.reason, "best_result": m.best_result, **_jsonable(m.detail)}
            for m in self.missing
        ]


def _jsonable(detail: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal | datetime.date) else v) for k, v in detail.items()}


# --------------------------------------------------------------------------- evaluation


def evaluate(level: LevelRequirements, results: PersonResults, on: datetime.date) -> Evaluation:
    """Check every requirement of ``level`` against ``results`` as of the day ``on``."""
    window_start = None
    if level.results_window_months:
        window_start = add_months(on, -level.results_window_months)

    met: list[Met] = []
    missing: list[Missing] = []
    for requirement in level.theory:
        _collect(_theory(requirement, results.theory, on, window_start), met, missing)
    for requirement in level.skills:
        _collect(_skill(requirement, results.skills, on, window_start), met, missing)
    if level.prerequisite is not None:
        _collect(_prerequisite(level.prerequisite, results.grades, on), met, missing)
    return Evaluation(level_code=level.level_code, on=on, met=tuple(met), missing=tuple(missing))


def _collect(outcome: Met | Missing, met: list, missing: list) -> None:
    (met if isinstance(outcome, Met) else missing).append(outcome)


def _in_window(taken_on: datetime.date, on: datetime.date, window_start: datetime.date | None) -> bool:
    if taken_on > on:
        return False
    return window_start is None or taken_on >= window_start


def _theory(req: TheoryRequirement, facts, on, window_start) -> Met | Missing:
    candidates = [f for f in facts if f.exam_code == req.exam_code and f.taken_on <= on]
    if not candidates:
        return Missing(req.key, NO_RESULT)
    passing = [f for f in candidates if f.score >= req.min_score]
    recent_passing = [f for f in passing if _in_window(f.taken_on, on, window_start)]
    if recent_passing:
        best = max(recent_passing, key=lambda f: (f.score, f.taken_on))
        return Met(req.key, best.ref, {"score": best.score, "min_score": req.min_score, "taken_on": best.taken_on})
    if passing:
        old = max(passing, key=lambda f: f.taken_on)
        return Missing(req.key, RESULTS_TOO_OLD, old.ref, {"taken_on": old.taken_on})
    best = max(candidates, key=lambda f: (f.score, f.taken_on))
    return Missing(req.key, SCORE_TOO_LOW, best.ref, {"score": best.score, "min_score": req.min_score})


def _skill_ok(req: SkillRequirement, fact: SkillFact) -> bool:
    return fact.value >= req.min_value and (req.max_errors is None or fact.errors <= req.max_errors)


def _skill(req: SkillRequirement, facts, on, window_start) -> Met | Missing:
    all_for_test = [f for f in facts if f.test_code == req.test_code and f.taken_on <= on]
    confirmed = [f for f in all_for_test if f.confirmed]
    if not confirmed:
        if all_for_test:
            latest = max(all_for_test, key=lambda f: f.taken_on)
            return Missing(req.key, AWAITING_CONFIRMATION, latest.ref)
        return Missing(req.key, NO_RESULT)
    passing = [f for f in confirmed if _skill_ok(req, f)]
    recent_passing = [f for f in passing if _in_window(f.taken_on, on, window_start)]
    if recent_passing:
        best = max(recent_passing, key=lambda f: (f.value, -f.errors, f.taken_on))
        detail = {"value": best.value, "errors": best.errors, "min_value": req.min_value, "taken_on": best.taken_on}
        if req.max_errors is not None:
            detail["max_errors"] = req.max_errors
        return Met(req.key, best.ref, detail)
    if passing:
        old = max(passing, key=lambda f: f.taken_on)
        return Missing(req.key, RESULTS_TOO_OLD, old.ref, {"taken_on": old.taken_on})
    fast_enough = [f for f in confirmed if f.value >= req.min_value]
    if fast_enough:  # the speed was reached, but with too many errors
        best = min(fast_enough, key=lambda f: (f.errors, -f.value))
        return Missing(req.key, TOO_MANY_ERRORS, best.ref, {"errors": best.errors, "max_errors": req.max_errors})
    best = max(confirmed, key=lambda f: (f.value, -f.errors))
    return Missing(req.key, BELOW_THRESHOLD, best.ref, {"value": best.value, "min_value": req.min_value})


def _prerequisite(req: PrerequisiteRequirement, grades, on) -> Met | Missing:
    held = [
        g
        for g in grades
        if g.level_code == req.level_code
        and g.active
        and g.held_since <= on
        and (g.expires_on is None or g.expires_on >= on)
    ]
    if not held:
        return Missing(req.key, PREREQUISITE_NOT_HELD)
    earliest = min(held, key=lambda g: g.held_since)
    eligible_on = add_months(earliest.held_since, req.months_held)
    if eligible_on > on:
        return Missing(
            req.key,
            PREREQUISITE_TOO_RECENT,
            earliest.ref,
            {"held_since": earliest.held_since, "months_held": req.months_held, "eligible_on": eligible_on},
        )
    return Met(req.key, earliest.ref, {"held_since": earliest.held_since, "months_held": req.months_held})
