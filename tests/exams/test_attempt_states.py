"""The attempt's derived states are defined once, on its QuerySet (``Attempt.objects.running()`` …)."""

import pytest

from quizzes.exams.models import Attempt, AttemptItem
from quizzes.exams.services import attempts
from quizzes.models import QuestionType
from tests.exams.conftest import minutes
from tests.factories.exams import exam_with_all_types, machine_marked_exam

pytestmark = pytest.mark.django_db


def test_an_attempt_in_progress_is_running_before_its_deadline_and_overdue_from_it(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    assert list(Attempt.objects.running(now + minutes(29))) == [attempt]
    assert not Attempt.objects.overdue(now + minutes(29)).exists()
    assert list(Attempt.objects.overdue(now + minutes(30))) == [attempt]
    assert not Attempt.objects.running(now + minutes(30)).exists()


def test_a_handed_in_attempt_with_a_short_answer_awaits_marking_and_is_not_final(candidate, now):
    sitting, _ = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 6, "操作风险", now=now)  # position 6: the short answer
    attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(1))
    assert list(Attempt.objects.awaiting_marking()) == [attempt]
    assert list(Attempt.objects.handed_in()) == [attempt]
    assert not Attempt.objects.final().exists() and not Attempt.objects.in_progress().exists()


def test_only_the_short_answer_item_of_a_handed_in_attempt_awaits_marking(candidate, now):
    sitting, _ = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 6, "操作风险", now=now)
    assert not AttemptItem.objects.awaiting_marking().exists()  # in progress: nothing to mark yet
    attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(1))
    assert [i.version.type for i in AttemptItem.objects.awaiting_marking()] == [QuestionType.SHORT_ANSWER]


def test_state_counts_count_each_state_in_one_query(candidate, other_candidate, now, django_assert_num_queries):
    sitting, _ = machine_marked_exam(employees=[candidate, other_candidate])
    done = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(done.pk, candidate, now=now + minutes(1))
    attempts.start_attempt(sitting, other_candidate, now=now)
    with django_assert_num_queries(1):
        counts = sitting.attempts.state_counts()
    assert counts == {"total": 2, "people": 2, "in_progress": 1, "awaiting_marking": 0, "final": 1,
                      "passed": int(Attempt.objects.get(pk=done.pk).passed)}
