"""Handed-in papers are marked, graded, made final, recorded for teller grading, and re-scored."""

from decimal import Decimal

import pytest

from quizzes.certification.models import TheoryResult
from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind, RescoreChange
from quizzes.exams.rules.shuffle import to_display
from quizzes.exams.services import attempts, grading, rescoring
from quizzes.models import QuestionType
from quizzes.services.questions import QuestionContent, revise_question
from tests.exams.conftest import minutes
from tests.factories.exams import exam_with_all_types, machine_marked_exam

pytestmark = pytest.mark.django_db

RIGHT = {
    QuestionType.SINGLE: [0],
    QuestionType.MULTIPLE: [0, 1, 2],
    QuestionType.TRUE_FALSE: [1],
    QuestionType.ORDERING: [1, 0, 2, 3],
}


def answer(attempt, candidate, qtype, original, now):
    """Save an answer given in original option indices (translated to what the candidate saw)."""
    item = attempt.items.get(version__type=qtype)
    shown = original if qtype in (QuestionType.FILL_BLANK, QuestionType.SHORT_ANSWER) else to_display(
        qtype, original, item.option_order)
    attempts.save_answer(attempt.pk, candidate, item.position, shown, now=now)
    return item


def take_all_right(sitting, candidate, now, *, short="操作风险、信用风险"):
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    for qtype, original in RIGHT.items():
        answer(attempt, candidate, qtype, original, now)
    answer(attempt, candidate, QuestionType.FILL_BLANK, ["网银", "手机银行"], now)
    answer(attempt, candidate, QuestionType.SHORT_ANSWER, short, now)
    return attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(1))


def test_machine_marked_items_score_and_the_short_answer_waits_for_grading(candidate, now):
    sitting, _ = exam_with_all_types(employees=[candidate])
    attempt = take_all_right(sitting, candidate, now)
    assert attempt.status == AttemptStatus.SUBMITTED
    scores = {i.version.type: i.score for i in attempt.items.select_related("version")}
    assert scores[QuestionType.SHORT_ANSWER] is None
    assert all(scores[t] == Decimal("2.00") for t in RIGHT)
    assert scores[QuestionType.FILL_BLANK] == Decimal("2.00")
    assert not TheoryResult.objects.exists()


def test_unanswered_short_answer_scores_zero_without_grading(candidate, now):
    sitting, _ = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempt = attempts.submit_attempt(attempt.pk, candidate, now=now)
    assert attempt.status == AttemptStatus.FINAL and attempt.score == Decimal("0.00")


def test_grading_the_last_short_answer_makes_the_result_final_and_records_it(candidate, examiner, now):
    sitting, _ = exam_with_all_types(employees=[candidate], pass_mark=Decimal("10"))
    attempt = take_all_right(sitting, candidate, now)
    item = grading.queue().get()
    grading.grade_short_answer(item, score="1.5", note="答出两点", acting_user=examiner, now=now + minutes(30))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("11.50") and attempt.max_score == Decimal("12.00") and attempt.passed
    result = TheoryResult.objects.get()
    assert (result.exam_code, result.score, result.passed, result.source_attempt_id) == (
        sitting.blueprint.code, Decimal("11.50"), True, attempt.pk)


def test_section_scores_are_kept_on_the_final_attempt(candidate, examiner, now):
    sitting, _ = exam_with_all_types(employees=[candidate])
    take_all_right(sitting, candidate, now)
    grading.grade_short_answer(grading.queue().get(), score=0, acting_user=examiner, now=now)
    attempt = Attempt.objects.get()
    assert [(s["title"], s["score"], s["max"]) for s in attempt.section_scores] == [
        ("一、客观题", "10.00", "10.00"), ("二、简答题", "0.00", "2.00")]


def test_below_the_pass_mark_fails(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], count=5, pass_mark=Decimal("6"))
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempt = attempts.submit_attempt(attempt.pk, candidate, now=now)
    assert attempt.passed is False
    assert TheoryResult.objects.get().passed is False


def test_the_grading_queue_hides_who_wrote_the_answer(candidate, examiner, now, client):
    sitting, _ = exam_with_all_types(employees=[candidate])
    attempt = take_all_right(sitting, candidate, now, short="流动性风险与操作风险")
    client.force_login(examiner)
    from django.urls import reverse

    html = client.get(reverse("exams_grading:index")).content.decode()
    assert "流动性风险与操作风险" in html and attempt.candidate_code in html
    assert candidate.name not in html and candidate.employee_number not in html


def test_a_grade_above_the_questions_points_is_refused(candidate, examiner, now):
    from django.core.exceptions import ValidationError

    sitting, _ = exam_with_all_types(employees=[candidate])
    take_all_right(sitting, candidate, now)
    with pytest.raises(ValidationError):
        grading.grade_short_answer(grading.queue().get(), score="2.5", acting_user=examiner, now=now)


def test_only_examiners_may_grade(candidate, hr, now):
    from django.core.exceptions import PermissionDenied

    sitting, _ = exam_with_all_types(employees=[candidate])
    take_all_right(sitting, candidate, now)
    with pytest.raises(PermissionDenied):
        grading.grade_short_answer(grading.queue().get(), score=1, acting_user=hr, now=now)


def test_highest_attempt_counts_for_teller_grading(candidate, now):
    sitting, questions = machine_marked_exam(employees=[candidate], count=2, attempts_allowed=2,
                                             counting_policy="highest")
    first = attempts.start_attempt(sitting, candidate, now=now)
    for item in first.items.all():
        attempts.save_answer(first.pk, candidate, item.position, to_display("single", [1], item.option_order), now=now)
    attempts.submit_attempt(first.pk, candidate, now=now)
    second = attempts.start_attempt(sitting, candidate, now=now + minutes(5))
    attempts.submit_attempt(second.pk, candidate, now=now + minutes(6))
    result = TheoryResult.objects.get()
    assert (result.score, result.source_attempt_id) == (Decimal("4.00"), first.pk)


def test_latest_attempt_counts_when_the_sitting_says_so(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], count=2, attempts_allowed=2, counting_policy="latest")
    first = attempts.start_attempt(sitting, candidate, now=now)
    for item in first.items.all():
        attempts.save_answer(first.pk, candidate, item.position, to_display("single", [1], item.option_order), now=now)
    attempts.submit_attempt(first.pk, candidate, now=now)
    second = attempts.start_attempt(sitting, candidate, now=now + minutes(5))
    attempts.submit_attempt(second.pk, candidate, now=now + minutes(6))
    assert TheoryResult.objects.get().source_attempt_id == second.pk


def test_partial_credit_blueprint_scores_a_partly_right_multiple_choice(candidate, now):
    sitting, _ = exam_with_all_types(employees=[candidate], points="3")
    sitting.blueprint.multiple_choice_scoring = "partial"
    sitting.blueprint.save()
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    item = answer(attempt, candidate, QuestionType.MULTIPLE, [0, 1, 3], now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    item.refresh_from_db()
    assert item.score == Decimal("1.00")


def test_editing_a_question_after_an_attempt_changes_neither_its_questions_nor_its_score(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    answer(attempt, candidate, QuestionType.SINGLE, [0], now)
    attempt = attempts.submit_attempt(attempt.pk, candidate, now=now)
    before = {(i.position, i.version_id, i.version.stem, tuple(i.version.correct), i.score)
              for i in attempt.items.select_related("version")}
    single = questions[QuestionType.SINGLE]
    content = QuestionContent.from_version(single.current_version)
    content.stem, content.correct = "网银盾遗失后客户应首先（ ）【已修订】", [3]
    revise_question(single, content)
    attempt.refresh_from_db()
    after = {(i.position, i.version_id, i.version.stem, tuple(i.version.correct), i.score)
             for i in attempt.items.select_related("version")}
    assert after == before
    assert attempt.score == Decimal("2.00")


def test_rescoring_after_a_key_correction_shows_before_and_after_and_is_audited(candidate, examiner, now):
    sitting, questions = machine_marked_exam(employees=[candidate], count=1, pass_mark=Decimal("2"))
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    item = attempt.items.get()
    attempts.save_answer(attempt.pk, candidate, 1, to_display("single", [2], item.option_order), now=now)
    attempt = attempts.submit_attempt(attempt.pk, candidate, now=now)
    assert attempt.score == Decimal("0.00")
    question = questions[0]
    content = QuestionContent.from_version(question.current_version)
    content.correct = [2]
    corrected = revise_question(question, content, change_note="答案更正")
    preview = rescoring.preview(sitting, corrected)
    assert [(c.old_score, c.new_score, c.old_passed, c.new_passed) for c in preview] == [
        (Decimal("0.00"), Decimal("2.00"), False, True)]
    run = rescoring.apply(sitting, corrected, reason="答案更正为C", acting_user=examiner, now=now + minutes(60))
    attempt.refresh_from_db()
    assert attempt.score == Decimal("2.00") and attempt.passed
    change = RescoreChange.objects.get(run=run)
    assert (change.old_score, change.new_score) == (Decimal("0.00"), Decimal("2.00"))
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.RESCORED).exists()
    assert TheoryResult.objects.get().score == Decimal("2.00")
    item.refresh_from_db()
    assert item.version_id == question.versions.get(number=1).pk and item.key_version_id == corrected.pk


def test_rescoring_needs_the_rescore_permission(candidate, hr, now):
    from django.core.exceptions import PermissionDenied

    sitting, questions = machine_marked_exam(employees=[candidate], count=1)
    with pytest.raises(PermissionDenied):
        rescoring.apply(sitting, questions[0].current_version, reason="x", acting_user=hr)
