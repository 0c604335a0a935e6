"""Awarding grades from real results: 双人复核 for skills, theory results from the exam engine, by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from quizzes.certification.models import GradeAward, SkillResult, SkillTestType
from quizzes.certification.services.grading import award_by_rules, award_grade_manually, withdraw_grade
from quizzes.certification.services.results import (
    confirm_skill_result,
    enter_skill_result,
    record_theory_result,
    reject_skill_result,
)

pytestmark = pytest.mark.django_db

T1_SKILLS = {"note-counting": 850, "voucher-keying": 120, "numeric-keypad": 180, "chinese-entry": 35}


def _enter(teller, code, value, examiner, errors=0):
    return enter_skill_result(employee=teller, test_type=SkillTestType.objects.get(code=code), value=value,
                              errors=errors, taken_on=timezone.localdate() - datetime.timedelta(days=1),
                              acting_user=examiner)


TAKEN_AT = timezone.now() - datetime.timedelta(days=2)


def _pass_theory(teller, score=82, attempt=501):
    return record_theory_result(employee=teller, exam_code="TELLER-T1", score=score, passed=True,
                                taken_at=TAKEN_AT, source_attempt_id=attempt,
                                exam_title="初级柜员理论考试", sitting_id=31)


def test_same_examiner_confirming_own_entry_is_refused(scheme, teller, examiner_a):
    result = _enter(teller, "note-counting", 900, examiner_a)
    with pytest.raises(ValidationError) as refused:
        confirm_skill_result(result, acting_user=examiner_a)
    assert refused.value.code == "same_examiner"
    result.refresh_from_db()
    assert result.status == SkillResult.Status.PENDING


def test_the_database_refuses_a_self_confirmed_result(scheme, teller, examiner_a):
    result = _enter(teller, "note-counting", 900, examiner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillResult.objects.filter(pk=result.pk).update(confirmed_by=examiner_a, status="confirmed")


def test_a_second_examiner_confirms_and_the_grade_is_awarded_when_all_is_met(scheme, levels, teller, examiner_a,
                                                                           examiner_b):
    _pass_theory(teller)
    results = [_enter(teller, code, value, examiner_a) for code, value in T1_SKILLS.items()]
    for result in results[:-1]:
        confirm_skill_result(result, acting_user=examiner_b)
    assert not GradeAward.objects.exists()  # one skill still unconfirmed
    confirm_skill_result(results[-1], acting_user=examiner_b)
    award = GradeAward.objects.get()
    assert award.level == levels["T1"] and award.method == GradeAward.Method.RULES
    cited = {entry["result"] for entry in award.trace}
    assert {f"skill_result:{r.pk}" for r in results} <= cited
    assert any(ref.startswith("theory_result:") for ref in cited)
    assert award.expires_on == datetime.date(award.awarded_on.year + 3, award.awarded_on.month,
                                             award.awarded_on.day) - datetime.timedelta(days=1)


def test_a_rejected_result_never_counts(scheme, teller, examiner_a, examiner_b):
    result = _enter(teller, "note-counting", 900, examiner_a)
    reject_skill_result(result, acting_user=examiner_b, reason="Wrong candidate")
    result.refresh_from_db()
    assert result.status == SkillResult.Status.REJECTED
    with pytest.raises(ValidationError):
        confirm_skill_result(result, acting_user=examiner_b)


def test_an_employee_cannot_enter_skill_results(scheme, teller, employee_user):
    with pytest.raises(PermissionDenied):
        _enter(teller, "note-counting", 900, employee_user)


def test_exam_engine_result_is_recorded_once_and_rescoring_is_audited(scheme, teller):
    first = _pass_theory(teller, score=82)
    again = _pass_theory(teller, score=82)
    assert first.pk == again.pk
    rescored = _pass_theory(teller, score=78)
    assert rescored.pk == first.pk and rescored.score == 78
    entry = ModelLogEntry.objects.get(action="certification.theory_result.update")
    assert entry.data["score"] == {"old": "82.00", "new": "78"}


def test_grade_is_not_awarded_while_the_prerequisite_is_too_recent(scheme, levels, teller, hr):
    award_grade_manually(teller, levels["T1"], acting_user=hr, reason="Earlier grade",
                         awarded_on=timezone.localdate() - datetime.timedelta(days=90))
    record_theory_result(employee=teller, exam_code="TELLER-T2", score=90, passed=True, taken_at=timezone.now())
    made = award_by_rules(teller, levels=[levels["T2"]])
    assert made == []


def test_manual_award_needs_a_reason_and_the_right(scheme, levels, teller, hr, examiner_a):
    with pytest.raises(ValidationError):
        award_grade_manually(teller, levels["T2"], acting_user=hr, reason="")
    with pytest.raises(PermissionDenied):
        award_grade_manually(teller, levels["T2"], acting_user=examiner_a, reason="Because")
    award = award_grade_manually(teller, levels["T2"], acting_user=hr, reason="Transferred from another bank")
    entry = ModelLogEntry.objects.get(action="certification.grade.award_manual")
    assert (entry.user, entry.data["reason"]) == (hr, "Transferred from another bank")
    assert award.level_snapshot["missing_at_award"]  # what the rules said is kept


def test_a_withdrawn_grade_stays_on_record_with_its_reason(award, hr):
    withdraw_grade(award, acting_user=hr, reason="Left the teller post")
    award.refresh_from_db()
    assert award.status == GradeAward.Status.WITHDRAWN and award.withdrawal_reason == "Left the teller post"
