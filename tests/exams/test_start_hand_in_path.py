"""Start and hand-in with a fixed number of statements (issue 19.1): the paper written in one INSERT per table,
marked in one bulk UPDATE, made final by one UPDATE with its evidence in one INSERT — whatever its length."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.people.models import Employee
from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind, NotebookEntry, ReviewPolicy
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db

START_STATEMENTS = 23  # session, user, employee, sitting, overdue check; lock, terms, attempts, eligibility (4),
#                        seen questions, sections (2), the pool, the questions; 3 INSERTs; the session's UPDATE
HAND_IN_STATEMENTS = 17  # session, user; the attempt locked, its items, marks, final, evidence; the counted
#                          result (certification's record and grade evaluation)


def statements(ctx) -> list[str]:
    """What the request ran, without the transaction control (the test's own transaction makes it savepoints)."""
    return [q["sql"] for q in ctx.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))]


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def start(client, user, sitting):
    client.force_login(user)
    client.get(reverse("exams:sitting", args=[sitting.pk]))  # the session exists before the measured request
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("exams:sitting", args=[sitting.pk]))
    assert response.status_code == 302, response.content
    return Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS), statements(ctx)


def hand_in(client, attempt):
    with CaptureQueriesContext(connection) as ctx:
        response = post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    assert response.status_code == 200, response.content
    return response, statements(ctx)


def start_statements(user, candidate, client, count):
    sitting, _ = machine_marked_exam(employees=[candidate], count=count)
    return start(client, user, sitting)[1]


def test_starting_a_ten_question_paper_runs_the_stated_statements(client, candidate_user, candidate):
    run = start_statements(candidate_user, candidate, client, 10)
    assert len(run) <= START_STATEMENTS, run


def test_starting_a_fifty_question_paper_runs_as_many_statements_as_a_ten_question_one(client, candidate_user,
                                                                                      candidate):
    ten = start_statements(candidate_user, candidate, client, 10)
    Attempt.objects.update(status=AttemptStatus.FINAL)  # the first paper is done: the second sitting may start
    fifty = start_statements(candidate_user, candidate, client, 50)
    assert len(fifty) == len(ten), fifty


def test_the_first_save_after_the_start_reads_neither_the_paper_nor_the_employee(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], count=10)
    attempt, _ = start(client, candidate_user, sitting)
    with CaptureQueriesContext(connection) as ctx:
        response = post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [0], "seq": 1})
    assert response.status_code == 200 and response.json()["saved"]
    # session, user, the UPDATE … RETURNING and the evidence (one statement on PostgreSQL)
    assert len(statements(ctx)) == {"postgresql": 3}.get(connection.vendor, 4), statements(ctx)


def handed_in(client, candidate_user, candidate, count, **sitting_options):
    sitting, _ = machine_marked_exam(employees=[candidate], count=count, **sitting_options)
    attempt, _ = start(client, candidate_user, sitting)
    for position in range(1, count + 1):  # every answer given (and, with option order shuffled, some wrong)
        post_json(client, reverse("exams:api_save", args=[attempt.pk, position]), {"response": [0], "seq": 1})
    return attempt, hand_in(client, attempt)[1]


def test_handing_in_a_ten_question_paper_runs_the_stated_statements(client, candidate_user, candidate):
    _attempt, run = handed_in(client, candidate_user, candidate, 10)
    assert len(run) <= HAND_IN_STATEMENTS, run


def test_handing_in_a_fifty_question_paper_runs_as_many_statements_as_a_ten_question_one(client, candidate_user,
                                                                                        candidate):
    _attempt, ten = handed_in(client, candidate_user, candidate, 10)
    _attempt, fifty = handed_in(client, candidate_user, candidate, 50)
    assert len(fifty) <= len(ten), fifty


def test_wrong_answers_go_to_the_notebook_in_as_many_statements_for_fifty_questions_as_for_ten(
        client, candidate_user, candidate):
    _attempt, ten = handed_in(client, candidate_user, candidate, 10, review_policy=ReviewPolicy.IMMEDIATE)
    _attempt, fifty = handed_in(client, candidate_user, candidate, 50, review_policy=ReviewPolicy.IMMEDIATE)
    assert NotebookEntry.objects.filter(employee=candidate).exists()
    assert len(fifty) <= len(ten), fifty


def test_a_hand_in_made_final_keeps_its_submit_and_final_evidence_in_that_order(client, candidate_user, candidate):
    attempt, _run = handed_in(client, candidate_user, candidate, 10)
    kinds = list(AttemptEvent.objects.filter(attempt=attempt, kind__in=[EventKind.SUBMIT, EventKind.FINAL])
                 .order_by("pk").values_list("kind", flat=True))
    attempt.refresh_from_db()
    assert kinds == [EventKind.SUBMIT, EventKind.FINAL]
    assert attempt.status == AttemptStatus.FINAL and attempt.submit_reason == "candidate" and attempt.submitted_at


def test_a_hand_in_by_a_deactivated_employee_is_refused_although_the_session_remembers_them(
        client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], count=5)
    attempt, _ = start(client, candidate_user, sitting)
    Employee.objects.filter(pk=candidate.pk).update(is_active=False)
    response = post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    assert response.status_code == 403 and response.json()["error"] == "no_employee"
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_handing_in_another_persons_attempt_is_refused_as_not_yours(client, candidate_user, candidate,
                                                                    other_candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], count=5)
    attempt, _ = start(client, candidate_user, sitting)
    client.force_login(other_candidate.user)
    response = post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    assert response.status_code == 404 and response.json()["error"] == "not_yours"
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS
