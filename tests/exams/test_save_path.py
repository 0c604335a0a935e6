"""The answer save's short path (issue 19.1): one conditional UPDATE and the evidence row; every refusal still
answered with today's status and reason by the full path."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.people.models import Employee
from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind
from quizzes.exams.services import attempts
from tests.exams.conftest import minutes
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def started(client, candidate_user, candidate, **sitting_options):
    sitting, _ = machine_marked_exam(employees=[candidate], **sitting_options)
    client.force_login(candidate_user)
    client.post(reverse("exams:sitting", args=[sitting.pk]))
    return Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS)


def save(client, attempt, position, response, seq):
    return post_json(client, reverse("exams:api_save", args=[attempt.pk, position]), {"response": response, "seq": seq})


# session, user, and the write: on PostgreSQL the conditional UPDATE … RETURNING and the evidence INSERT in one
# statement (a data-modifying WITH), elsewhere the two in one transaction
SAVE_STATEMENTS = {"postgresql": 3}.get(connection.vendor, 4)


def test_a_save_through_the_api_runs_the_session_user_and_write_statements(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    assert save(client, attempt, 1, [0], 1).status_code == 200  # first use: employee and paper read once
    with CaptureQueriesContext(connection) as ctx:
        response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 200 and response.json()["saved"]
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"] and q["sql"] != "BEGIN"]
    assert len(statements) == SAVE_STATEMENTS, statements  # (the test's own transaction: savepoints)


def test_a_save_keeps_its_evidence_with_the_stored_sequence_number_when_none_was_sent(client, candidate_user,
                                                                                     candidate):
    attempt = started(client, candidate_user, candidate)
    post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [0]})
    body = post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [1]}).json()
    events = list(AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE).order_by("pk"))
    assert body["saved"] and body["seq"] == 2
    assert [event.data["seq"] for event in events] == [1, 2] and events[1].position == 1


def test_a_save_on_the_short_path_stores_the_answer_and_its_evidence(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [0], 1)
    body = save(client, attempt, 1, [1], 2).json()
    item = attempt.items.get(position=1)
    assert body["saved"] and body["seq"] == 2 and item.response_seq == 2
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE).count() == 2


def test_the_same_sequence_number_twice_stores_the_answer_once(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    first, second = save(client, attempt, 1, [0], 5), save(client, attempt, 1, [0], 5)
    assert first.json()["saved"] and not second.json()["saved"] and second.status_code == 200
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE).count() == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE_STALE).count() == 1


def test_an_older_sequence_number_never_overwrites_a_newer_answer(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [1], 3)
    save(client, attempt, 1, [0], 2)
    assert attempt.items.get(position=1).response_seq == 3


def test_a_save_after_the_deadline_is_refused_as_deadline(client, candidate_user, candidate, monkeypatch, now):
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now)
    attempt = started(client, candidate_user, candidate, time_limit_minutes=30)
    save(client, attempt, 1, [0], 1)  # the paper is cached
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now + minutes(30))
    response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 409 and response.json()["error"] == "deadline"
    assert attempt.items.get(position=2).response is None


def test_a_save_after_handing_in_is_refused_as_submitted(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [0], 1)
    attempts.submit_attempt(attempt.pk, candidate)
    response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 409 and response.json()["error"] == "submitted"
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE_REFUSED).count() == 1


def test_a_save_into_another_persons_attempt_is_refused_as_not_yours(client, candidate_user, candidate,
                                                                      other_candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [0], 1)
    client.force_login(other_candidate.user)
    response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 404 and response.json()["error"] == "not_yours"


def test_a_save_at_a_position_not_on_the_paper_is_refused_as_bad_question(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    response = save(client, attempt, 999, [0], 1)
    assert response.status_code == 400 and response.json()["error"] == "bad_question"


def test_an_answer_not_fitting_the_question_is_refused_as_bad_answer(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    response = save(client, attempt, 1, [99], 1)
    assert response.status_code == 400 and response.json()["error"] == "bad_answer"
    assert attempt.items.get(position=1).response is None


def test_a_deactivated_employee_is_refused_although_the_session_remembers_them(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [0], 1)
    Employee.objects.filter(pk=candidate.pk).update(is_active=False)
    response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 403 and response.json()["error"] == "no_employee"


def test_a_network_rule_added_during_the_attempt_refuses_the_next_save(client, candidate_user, candidate):
    attempt = started(client, candidate_user, candidate)
    save(client, attempt, 1, [0], 1)
    attempt.sitting.allowed_networks = "10.8.12.0/24"
    attempt.sitting.save()
    response = save(client, attempt, 2, [0], 1)
    assert response.status_code == 403 and response.json()["error"] == "network"
