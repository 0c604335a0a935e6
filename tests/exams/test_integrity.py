"""Exams that cannot be gamed: practice is closed during an attempt, no candidate-reachable URL carries a
key, and hostile payloads are refused with a 400 and an error code, never a 500 or a silent cut."""

import json

import pytest
from django.urls import reverse

from quizzes.exams.models import Attempt, AttemptEvent, AttemptItem, AttemptStatus, EventKind, PracticeBank
from quizzes.exams.rules.scoring import MAX_BLANK, MAX_SHORT_ANSWER
from quizzes.models import QuestionType
from tests.exams.test_candidate_api import assert_no_key, post_json, start, state_url
from tests.factories.exams import exam_with_all_types

pytestmark = pytest.mark.django_db


def exam_in_progress(client, candidate_user, candidate):
    """An attempt in progress at an all-types exam whose bank is also open for practice."""
    sitting, questions = exam_with_all_types(employees=[candidate], review_policy="immediate")
    bank = questions[QuestionType.SINGLE].bank
    PracticeBank.objects.create(bank=bank, is_open=True)
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    return attempt, bank, questions


def position_of(attempt, qtype):
    return AttemptItem.objects.get(attempt=attempt, version__type=qtype).position


# --- practice is closed while an exam is in progress -----------------------------------------------


def test_practice_api_refuses_during_an_attempt_and_the_try_is_evidence(client, candidate_user, candidate):
    attempt, bank, _ = exam_in_progress(client, candidate_user, candidate)
    response = client.get(reverse("exams:api_practice_questions", args=[bank.pk]))
    assert response.status_code == 403
    assert response.json()["error"] == "practice_closed"
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.PRACTICE_REFUSED).count() == 1


def test_practice_check_refuses_during_an_attempt(client, candidate_user, candidate):
    attempt, _, questions = exam_in_progress(client, candidate_user, candidate)
    version = questions[QuestionType.SINGLE].current_version
    response = post_json(client, reverse("exams:api_practice_answer"), {"version_id": version.pk, "response": [0]})
    assert response.status_code == 403
    assert "correct" not in response.json()


@pytest.mark.parametrize("name", ["exams:practice", "exams:notebook", "exams:notebook_drill"])
def test_practice_pages_refuse_during_an_attempt(client, candidate_user, candidate, name):
    exam_in_progress(client, candidate_user, candidate)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "Practice is closed" in response.content.decode() or "练习" in response.content.decode()


def test_practice_reopens_once_the_paper_is_handed_in(client, candidate_user, candidate):
    attempt, bank, _ = exam_in_progress(client, candidate_user, candidate)
    post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    assert client.get(reverse("exams:api_practice_questions", args=[bank.pk])).status_code == 200


def test_no_candidate_reachable_url_carries_a_key_during_an_attempt(client, candidate_user, candidate):
    attempt, bank, questions = exam_in_progress(client, candidate_user, candidate)
    version_ids = [q.current_version.pk for q in questions.values()]
    gets = [
        reverse("exams:mine"), reverse("exams:sitting", args=[attempt.sitting_id]),
        reverse("exams:attempt", args=[attempt.pk]), state_url(attempt),
        reverse("exams:result", args=[attempt.pk]),
        reverse("exams:practice"), reverse("exams:practice_drill", args=[bank.pk]),
        reverse("exams:api_practice_questions", args=[bank.pk]), reverse("exams:notebook"),
        reverse("exams:notebook_drill"), reverse("exams:api_notebook_questions"),
        reverse("search") + "?q=" + questions[QuestionType.SINGLE].current_version.stem[:4],
        reverse("content:my_posts"), reverse("acknowledgements:my_tasks"), "/zh-hans/", "/en/",
    ]
    responses = [client.get(url, follow=True) for url in gets]
    responses += [post_json(client, reverse("exams:api_practice_answer"), {"version_id": pk, "response": [0]})
                  for pk in version_ids]
    for response in responses:
        assert response.status_code in (200, 403, 404), response.request["PATH_INFO"]
        assert_no_key(response)


# --- hostile payloads get a 400 with a code ---------------------------------------------------------


def save_url(attempt, position):
    return reverse("exams:api_save", args=[attempt.pk, position])


@pytest.mark.parametrize(
    "raw",
    [
        '{"response": [0], "seq": 9223372036854775808}',  # 2**63
        '{"response": [0], "seq": 1e999}',
        '{"response": [0], "seq": NaN}',
        '{"response": [0], "seq": -1}',
        '{"response": [0], "seq": 1.5}',
        '{"response": [0], "seq": true}',
        '{"response": [0], "seq": [1]}',
        "[" * 100_000 + "]" * 100_000,
        '{"response": ' + "[" * 50 + "0" + "]" * 50 + "}",
        '["not", "an", "object"]',
        "not json",
        '{"response": "\\ud800"}',
    ],
    ids=["2**63", "1e999", "NaN", "negative", "fraction", "boolean", "list", "deep-list", "deep-answer",
         "not-object", "not-json", "lone-surrogate"],
)
def test_a_hostile_save_payload_is_a_400_with_an_error_code(client, candidate_user, candidate, raw):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    position = position_of(attempt, QuestionType.SINGLE)
    response = client.post(save_url(attempt, position), raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] in ("bad_payload", "bad_answer", "too_large")
    assert AttemptItem.objects.get(attempt=attempt, position=position).response is None


def test_an_oversize_body_is_refused_before_it_is_read(client, candidate_user, candidate):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    position = position_of(attempt, QuestionType.SHORT_ANSWER)
    body = json.dumps({"response": "风" * 200_000})
    response = client.post(save_url(attempt, position), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "too_large"


def test_a_short_answer_over_the_limit_is_refused_not_cut(client, candidate_user, candidate):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    position = position_of(attempt, QuestionType.SHORT_ANSWER)
    response = post_json(client, save_url(attempt, position), {"response": "风" * (MAX_SHORT_ANSWER + 1)})
    assert response.status_code == 400
    assert response.json()["error"] == "too_long"
    assert str(MAX_SHORT_ANSWER) in response.json()["message"]
    assert AttemptItem.objects.get(attempt=attempt, position=position).response is None


def test_a_short_answer_at_the_limit_is_saved_whole(client, candidate_user, candidate):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    position = position_of(attempt, QuestionType.SHORT_ANSWER)
    answer = "风" * MAX_SHORT_ANSWER
    assert post_json(client, save_url(attempt, position), {"response": answer}).json()["saved"] is True
    assert AttemptItem.objects.get(attempt=attempt, position=position).response == answer


def test_a_blank_over_the_limit_is_refused(client, candidate_user, candidate):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    position = position_of(attempt, QuestionType.FILL_BLANK)
    response = post_json(client, save_url(attempt, position), {"response": ["x" * (MAX_BLANK + 1), ""]})
    assert response.status_code == 400
    assert response.json()["error"] == "too_long"


def test_a_refused_late_save_keeps_only_a_marked_excerpt_as_evidence(client, candidate_user, candidate):
    attempt, _, _ = exam_in_progress(client, candidate_user, candidate)
    post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    position = position_of(attempt, QuestionType.SHORT_ANSWER)
    response = post_json(client, save_url(attempt, position), {"response": "风" * 9_000})
    assert response.status_code == 409
    event = AttemptEvent.objects.get(attempt=attempt, kind=EventKind.SAVE_REFUSED)
    assert event.data["cut"] is True
    assert len(json.dumps(event.data, ensure_ascii=False)) < 1_000
    assert Attempt.objects.get(pk=attempt.pk).status != AttemptStatus.IN_PROGRESS
