"""Requests that genuinely race: two hand-ins of one paper, two starts by one person, a save against a hand-in.

Each test runs its callers in two threads released together by a barrier; every thread has its own
database connection (Django's connections are per thread), so on PostgreSQL the row locks decide the
order. SQLite has no row locks: there the database serialises the two write transactions itself and the
services retry a write that found the database locked, so the same assertions hold on both.
"""

import threading

import pytest
from django.db import connection

from quizzes.certification.models import TheoryResult
from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind
from quizzes.exams.services import attempts
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls at the same moment in threads; return their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # returned to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_submits_hand_the_paper_in_once(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    results = race(
        lambda: attempts.submit_attempt(attempt.pk, candidate, now=now),
        lambda: attempts.submit_attempt(attempt.pk, candidate, now=now),
    )
    assert all(isinstance(r, Attempt) for r in results), results
    assert {r.status for r in results} == {AttemptStatus.FINAL}
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SUBMIT).count() == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SUBMIT_REPEAT).count() == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.FINAL).count() == 1
    assert TheoryResult.objects.count() == 1


def test_two_simultaneous_starts_create_one_attempt(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    results = race(
        lambda: attempts.start_attempt(sitting, candidate, now=now),
        lambda: attempts.start_attempt(sitting, candidate, now=now),
    )
    assert all(isinstance(r, Attempt) for r in results), results
    assert results[0].pk == results[1].pk
    assert Attempt.objects.count() == 1


def test_a_save_racing_a_submit_is_either_kept_or_refused_never_lost(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    results = race(
        lambda: attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=now),
        lambda: attempts.submit_attempt(attempt.pk, candidate, now=now),
    )
    saved, _submitted = results
    item = Attempt.objects.get(pk=attempt.pk).items.get(position=1)
    if isinstance(saved, Exception):
        assert item.response is None
        assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE_REFUSED).count() == 1
    else:
        assert item.response is not None and item.score is not None
