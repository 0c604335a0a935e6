"""The pure grade rules: awarded with a trace, or exactly what is missing and why."""

import datetime
from decimal import Decimal

import pytest

from quizzes.certification.rules import grades as rules
from quizzes.certification.rules import skill_confirmation
from quizzes.certification.rules.dates import add_months, expiry_date

TODAY = datetime.date(2026, 6, 15)

LEVEL_T2 = rules.LevelRequirements(
    level_code="T2",
    theory=(rules.TheoryRequirement("theory:1", "TELLER-T2", Decimal("70")),),
    skills=(
        rules.SkillRequirement("skill:1", "note-counting", Decimal("1000"), max_errors=0),
        rules.SkillRequirement("skill:2", "chinese-entry", Decimal("40"), max_errors=2),
    ),
    prerequisite=rules.PrerequisiteRequirement("prerequisite:2", "T1", months_held=12),
)


def theory(ref, score, days_ago=10, code="TELLER-T2"):
    return rules.TheoryFact(ref, code, Decimal(score), TODAY - datetime.timedelta(days=days_ago))


def skill(ref, code, value, errors=0, days_ago=5, confirmed=True):
    return rules.SkillFact(ref, code, Decimal(value), errors, TODAY - datetime.timedelta(days=days_ago), confirmed)


def grade(ref="award:1", level="T1", since=datetime.date(2025, 1, 10), expires=None, active=True):
    return rules.GradeFact(ref, level, since, expires, active)


def everything_met(**overrides):
    facts = {
        "theory": (theory("theory_result:1", "82"),),
        "skills": (skill("skill_result:1", "note-counting", "1050"), skill("skill_result:2", "chinese-entry", "45", 1)),
        "grades": (grade(),),
    }
    facts.update(overrides)
    return rules.PersonResults(**facts)


def test_every_requirement_met_awards_the_grade_with_a_trace_of_which_result_met_which_requirement():
    evaluation = rules.evaluate(LEVEL_T2, everything_met(), TODAY)
    assert evaluation.awarded
    assert [(m["requirement"], m["result"]) for m in evaluation.trace()] == [
        ("theory:1", "theory_result:1"),
        ("skill:1", "skill_result:1"),
        ("skill:2", "skill_result:2"),
        ("prerequisite:2", "award:1"),
    ]
    assert evaluation.trace()[0]["score"] == "82"


def test_one_skill_missing_is_not_awarded_and_names_the_missing_requirement():
    results = everything_met(skills=(skill("skill_result:1", "note-counting", "1050"),))
    evaluation = rules.evaluate(LEVEL_T2, results, TODAY)
    assert not evaluation.awarded
    assert [(m.requirement, m.reason) for m in evaluation.missing] == [("skill:2", rules.NO_RESULT)]


def test_theory_score_below_minimum_reports_the_best_score():
    evaluation = rules.evaluate(LEVEL_T2, everything_met(theory=(theory("t:1", "65"), theory("t:2", "68"))), TODAY)
    (missing,) = evaluation.missing
    assert (missing.requirement, missing.reason, missing.best_result) == ("theory:1", rules.SCORE_TOO_LOW, "t:2")


def test_prerequisite_held_too_recently_is_missing_with_the_date_it_becomes_eligible():
    results = everything_met(grades=(grade(since=datetime.date(2026, 1, 20)),))
    evaluation = rules.evaluate(LEVEL_T2, results, TODAY)
    (missing,) = evaluation.missing
    assert missing.reason == rules.PREREQUISITE_TOO_RECENT
    assert missing.detail["eligible_on"] == datetime.date(2027, 1, 20)


def test_prerequisite_not_held_when_it_has_expired():
    results = everything_met(grades=(grade(expires=datetime.date(2026, 5, 31)),))
    (missing,) = rules.evaluate(LEVEL_T2, results, TODAY).missing
    assert missing.reason == rules.PREREQUISITE_NOT_HELD


def test_skill_fast_enough_but_with_too_many_errors_says_so():
    results = everything_met(skills=(skill("s:1", "note-counting", "1100", errors=2),
                                     skill("s:2", "chinese-entry", "45", 1)))
    (missing,) = rules.evaluate(LEVEL_T2, results, TODAY).missing
    assert (missing.requirement, missing.reason, missing.detail["errors"]) == ("skill:1", rules.TOO_MANY_ERRORS, 2)


def test_unconfirmed_skill_result_does_not_count_and_awaits_confirmation():
    results = everything_met(skills=(skill("s:1", "note-counting", "1100", confirmed=False),
                                     skill("s:2", "chinese-entry", "45", 1)))
    (missing,) = rules.evaluate(LEVEL_T2, results, TODAY).missing
    assert missing.reason == rules.AWAITING_CONFIRMATION


def test_results_older_than_the_window_do_not_count():
    level = rules.LevelRequirements("T1", theory=LEVEL_T2.theory, results_window_months=12)
    (missing,) = rules.evaluate(level, everything_met(theory=(theory("t:1", "90", days_ago=400),)), TODAY).missing
    assert missing.reason == rules.RESULTS_TOO_OLD


def test_the_best_qualifying_result_is_cited():
    results = everything_met(theory=(theory("t:low", "75"), theory("t:high", "95"), theory("t:fail", "50")))
    trace = rules.evaluate(LEVEL_T2, results, TODAY).trace()
    assert trace[0]["result"] == "t:high"


def test_result_dated_after_the_evaluation_day_does_not_count():
    (missing,) = rules.evaluate(LEVEL_T2, everything_met(theory=(theory("t:1", "90", days_ago=-1),)), TODAY).missing
    assert missing.reason == rules.NO_RESULT


def test_same_examiner_confirming_own_entry_is_refused():
    with pytest.raises(skill_confirmation.MakerCheckerRefusal) as refused:
        skill_confirmation.check_confirmation(entered_by_id=7, confirming_id=7, status="pending")
    assert refused.value.code == skill_confirmation.SAME_EXAMINER


def test_second_examiner_may_confirm_a_pending_entry():
    skill_confirmation.check_confirmation(entered_by_id=7, confirming_id=8, status="pending")


def test_an_already_confirmed_entry_cannot_be_confirmed_again():
    with pytest.raises(skill_confirmation.MakerCheckerRefusal) as refused:
        skill_confirmation.check_confirmation(entered_by_id=7, confirming_id=8, status="confirmed")
    assert refused.value.code == skill_confirmation.NOT_PENDING


def test_months_are_added_by_calendar_and_clamped_to_the_month_end():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
    assert expiry_date(datetime.date(2026, 3, 1), 36) == datetime.date(2029, 2, 28)
    assert expiry_date(datetime.date(2026, 3, 1), None) is None
