"""The candidate's pages and JSON API: resume anywhere, save, hand in, refusals, CSRF, and no key leaks."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind
from quizzes.models import QuestionType
from tests.exams.conftest import minutes
from tests.factories.exams import all_type_contents, exam_with_all_types, machine_marked_exam

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def start(client, sitting, **form):
    response = client.post(reverse("exams:sitting", args=[sitting.pk]), form)
    assert response.status_code == 302, response.content.decode()[:500]
    return Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS)


def state_url(attempt):
    return reverse("exams:api_attempt", args=[attempt.pk])


def test_my_exams_lists_the_open_sitting(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    html = client.get(reverse("exams:mine")).content.decode()
    assert sitting.title in html and reverse("exams:sitting", args=[sitting.pk]) in html


def test_my_exams_leaves_out_sittings_for_other_people(client, candidate_user, other_candidate):
    sitting, _ = machine_marked_exam(employees=[other_candidate])
    client.force_login(candidate_user)
    assert sitting.title not in client.get(reverse("exams:mine")).content.decode()


def test_a_candidate_not_eligible_is_refused_the_sitting_page(client, candidate_user, other_candidate):
    sitting, _ = machine_marked_exam(employees=[other_candidate])
    client.force_login(candidate_user)
    assert client.get(reverse("exams:sitting", args=[sitting.pk])).status_code == 403
    assert client.post(reverse("exams:sitting", args=[sitting.pk])).status_code == 403
    assert not Attempt.objects.exists()


def test_start_inside_the_cool_down_shows_when_the_next_attempt_may_start(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], attempts_allowed=2, cooldown_minutes=60)
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    response = client.post(reverse("exams:sitting", args=[sitting.pk]))
    assert response.status_code == 409
    assert Attempt.objects.count() == 1


def test_state_gives_the_paper_without_keys_in_display_order(client, candidate_user, candidate):
    sitting, _ = exam_with_all_types(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    data = client.get(state_url(attempt)).json()
    assert [q["position"] for q in data["questions"]] == [1, 2, 3, 4, 5, 6]
    item = attempt.items.get(version__type=QuestionType.MULTIPLE)
    shown = data["questions"][item.position - 1]["options"]
    assert shown == [item.version.options[i] for i in item.option_order]
    assert data["attempt"]["deadline"] and data["attempt"]["server_now"]


def test_resuming_from_a_second_session_shows_every_saved_answer(client, candidate_user, candidate):
    sitting, _ = exam_with_all_types(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    answers = {1: [2], 2: [0, 3], 3: [1], 4: [3, 2, 1, 0], 5: ["网银", ""], 6: "操作风险"}
    positions = {q["type"]: q["position"] for q in client.get(state_url(attempt)).json()["questions"]}
    typed = dict(zip([QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.ORDERING,
                      QuestionType.FILL_BLANK, QuestionType.SHORT_ANSWER], answers.values(), strict=True))
    for seq, (qtype, response) in enumerate(typed.items(), start=1):
        saved = post_json(client, reverse("exams:api_save", args=[attempt.pk, positions[qtype]]),
                          {"response": response, "seq": seq})
        assert saved.status_code == 200 and saved.json()["saved"]
    second = Client()  # another browser or device: a new session
    second.force_login(candidate_user)
    again = second.post(reverse("exams:sitting", args=[sitting.pk]))
    assert again["Location"] == reverse("exams:attempt", args=[attempt.pk])
    data = second.get(state_url(attempt)).json()
    assert {q["type"]: q["response"] for q in data["questions"]} == typed
    assert Attempt.objects.count() == 1


def test_a_save_after_the_deadline_is_refused_with_a_clear_message(client, candidate_user, candidate, monkeypatch,
                                                                    now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    client.force_login(candidate_user)
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now)
    attempt = start(client, sitting)
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now + minutes(30))
    response = post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [0], "seq": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "deadline" and body["message"] and body["result_url"]
    assert Attempt.objects.get().status == AttemptStatus.FINAL


def test_submitting_twice_through_the_api_is_harmless(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    first = post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    second = post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    assert first.status_code == second.status_code == 200
    assert first.json()["submitted_at"] == second.json()["submitted_at"]


def test_api_posts_need_the_csrf_token(candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client = Client(enforce_csrf_checks=True)
    client.force_login(candidate_user)
    attempt_page = client.get(reverse("exams:sitting", args=[sitting.pk]))
    token = attempt_page.cookies["csrftoken"].value
    client.post(reverse("exams:sitting", args=[sitting.pk]), {"csrfmiddlewaretoken": token})
    attempt = Attempt.objects.get()
    url = reverse("exams:api_save", args=[attempt.pk, 1])
    refused = client.post(url, json.dumps({"response": [0], "seq": 1}), content_type="application/json")
    assert refused.status_code == 403
    accepted = client.post(url, json.dumps({"response": [0], "seq": 1}), content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_another_candidate_cannot_read_or_write_an_attempt(client, candidate_user, candidate, other_candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    intruder = Client()
    intruder.force_login(other_candidate.user)
    assert intruder.get(state_url(attempt)).status_code == 404
    assert post_json(intruder, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [0]}).status_code == 404
    assert post_json(intruder, reverse("exams:api_submit", args=[attempt.pk]), {}).status_code == 404
    assert intruder.get(reverse("exams:result", args=[attempt.pk])).status_code == 404


def test_the_api_refuses_anonymous_callers(client, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    assert client.get(reverse("exams:api_attempt", args=[1])).status_code == 401


def test_page_hidden_and_visible_are_logged(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    for kind in ("hidden", "visible"):
        assert post_json(client, reverse("exams:api_event", args=[attempt.pk]), {"kind": kind}).json()["recorded"]
    assert list(AttemptEvent.objects.filter(attempt=attempt, kind__in=["hidden", "visible"])
                .values_list("kind", flat=True)) == [EventKind.HIDDEN, EventKind.VISIBLE]


def test_the_page_cannot_write_server_events(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    response = post_json(client, reverse("exams:api_event", args=[attempt.pk]), {"kind": "submit"})
    assert response.status_code == 400


def test_a_password_sitting_needs_the_password_again_on_a_new_device(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], access_password="8264")
    client.force_login(candidate_user)
    attempt = start(client, sitting, password="8264")
    assert client.get(state_url(attempt)).status_code == 200
    second = Client()
    second.force_login(candidate_user)
    assert second.get(state_url(attempt)).status_code == 403
    assert second.post(reverse("exams:attempt", args=[attempt.pk]), {"password": "8264"}).status_code == 302
    assert second.get(state_url(attempt)).status_code == 200


def test_a_sitting_restricted_to_a_network_refuses_calls_from_elsewhere(client, candidate_user, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate], allowed_networks="127.0.0.0/8")
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    outside = post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [0]})
    assert outside.status_code == 200  # the test client is 127.0.0.1
    sitting.allowed_networks = "10.8.12.0/24"
    sitting.save()
    assert post_json(client, reverse("exams:api_save", args=[attempt.pk, 1]), {"response": [1]}).status_code == 403


# --- answer keys never reach the browser before the review policy allows -------------------------------


def secrets_of_the_paper():
    """Texts only a key or an explanation contains (explanations, model answer, marking guide, blanks)."""
    texts, visible = [], []
    for content in all_type_contents().values():
        texts += [content.explanation, content.model_answer, content.marking_guide]
        texts += [answer for blank in content.blanks for answer in blank]
        visible += [content.stem, *content.options]
    # An accepted blank that also occurs in a stem (网银 in 网银盾…) proves nothing either way.
    return [t for t in texts if t and not any(t in v for v in visible)]


def assert_no_key(response):
    body = response.content.decode()
    for secret in secrets_of_the_paper():
        assert secret not in body, (response.request["PATH_INFO"], secret)
    if response.get("Content-Type", "").startswith("application/json"):
        def walk(value):
            if isinstance(value, dict):
                assert not {"correct", "explanation", "blanks", "model_answer", "marking_guide", "key"} & set(value)
                for child in value.values():
                    walk(child)
            elif isinstance(value, list):
                for child in value:
                    walk(child)
        walk(response.json())


@pytest.mark.parametrize("policy", ["none", "score_only", "after_close"])
def test_no_response_of_an_attempt_carries_a_key_before_the_policy_allows(client, candidate_user, candidate, policy):
    sitting, _ = exam_with_all_types(employees=[candidate], review_policy=policy)
    client.force_login(candidate_user)
    responses = [client.get(reverse("exams:mine")), client.get(reverse("exams:sitting", args=[sitting.pk]))]
    responses.append(client.post(reverse("exams:sitting", args=[sitting.pk])))
    attempt = Attempt.objects.get()
    responses.append(client.get(reverse("exams:attempt", args=[attempt.pk])))
    state = client.get(state_url(attempt))
    responses.append(state)
    for q in state.json()["questions"]:
        answer = {"single": [0], "true_false": [0], "multiple": [0], "ordering": [0, 1, 2, 3],
                  "fill_blank": ["电话银行", "柜面"], "short_answer": "风险"}[q["type"]]
        responses.append(post_json(client, reverse("exams:api_save", args=[attempt.pk, q["position"]]),
                                   {"response": answer, "seq": q["position"]}))
        responses.append(post_json(client, reverse("exams:api_flag", args=[attempt.pk, q["position"]]),
                                   {"flagged": True}))
    responses.append(post_json(client, reverse("exams:api_event", args=[attempt.pk]), {"kind": "hidden"}))
    responses.append(client.get(state_url(attempt)))
    responses.append(post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {}))
    responses.append(post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {}))
    responses.append(client.get(state_url(attempt)))
    responses.append(client.get(reverse("exams:attempt", args=[attempt.pk]), follow=True))
    responses.append(client.get(reverse("exams:result", args=[attempt.pk])))
    responses.append(client.get(reverse("exams:mine")))
    for response in responses:
        assert response.status_code in (200, 302), response.request["PATH_INFO"]
        assert_no_key(response)


def test_immediate_review_shows_keys_and_explanations_after_handing_in(client, candidate_user, candidate):
    sitting, _ = exam_with_all_types(employees=[candidate], review_policy="immediate")
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    html = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "解析：先挂失，依据第十条。" in html and "手机银行" in html


def test_after_close_review_opens_once_the_sitting_has_closed(client, candidate_user, candidate, monkeypatch, now):
    sitting, _ = machine_marked_exam(employees=[candidate], review_policy="after_close", closes_at=now + minutes(90))
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, reverse("exams:api_submit", args=[attempt.pk]), {})
    explanation = attempt.items.first().version.explanation
    assert explanation not in client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now + minutes(91))
    assert explanation in client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
