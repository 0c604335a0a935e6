"""Skill test attempts through the services and the candidate's API: start, batches, finish, the result
becoming a skill result under 双人复核, refusals for the wrong person and hostile payloads."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.people.roles import EMPLOYEE, EXAMINER
from quizzes.certification.models import SkillAttempt, SkillAttemptEvent, SkillResult
from quizzes.certification.services import skill_attempts
from quizzes.certification.services.results import confirm_skill_result
from quizzes.certification.services.skill_evidence import SkillTestError
from quizzes.certification.services.skill_review import confirm_as_invigilator
from tests.factories.people import user_with_role

from .skill_fixtures import definitions, sitting


@pytest.fixture
def candidate(db):
    return user_with_role(EMPLOYEE, username="skill_cand", employee=True)


@pytest.fixture
def tests_(db):
    return definitions(**{"voucher-100": {"item_count": 5, "time_limit_seconds": 120}})


def _batch(attempt, seq, items, t0=0):
    events = [[t0 + 200 * i, "key", 0] for i in range(len("".join(items)))]
    events += [[t0 + 200 * i, "input", 1] for i in range(len("".join(items)))]
    return skill_attempts.save_batch(attempt.pk, attempt.employee, seq=seq, events=events, state={"items": items})


def test_a_voucher_attempt_is_scored_on_the_server_from_the_committed_amounts(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    items = attempt.material["items"]
    _batch(attempt, 1, [items[0].replace(",", ""), items[1], "1.00"])
    attempt = skill_attempts.finish(attempt.pk, candidate.employee)
    assert (attempt.value, attempt.errors) == (2, 1)


def test_a_repeated_batch_number_changes_nothing(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    _batch(attempt, 1, ["1"])
    repeat = _batch(attempt, 1, ["999"])
    attempt.refresh_from_db()
    assert (repeat.saved, attempt.answer) == (False, {"items": ["1"]})


def test_finishing_twice_returns_the_same_score(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    first = skill_attempts.finish(attempt.pk, candidate.employee)
    second = skill_attempts.finish(attempt.pk, candidate.employee)
    assert (first.finished_at, SkillAttemptEvent.objects.filter(attempt=attempt, kind="finish").count()) == (
        second.finished_at, 1)


def test_a_batch_after_the_deadline_is_refused_and_the_attempt_finished(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    late = attempt.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(SkillTestError) as refused:
        skill_attempts.save_batch(attempt.pk, candidate.employee, seq=1, events=[], state={"items": ["1"]}, now=late)
    attempt.refresh_from_db()
    assert (refused.value.code, attempt.status, attempt.finish_reason) == ("deadline", "finished", "deadline")


def test_starting_again_resumes_the_running_attempt(candidate, tests_):
    first = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    assert skill_attempts.start_practice(candidate.employee, tests_["voucher-100"]).pk == first.pk


def test_blocked_paste_in_a_batch_is_written_to_the_evidence_log(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    skill_attempts.save_batch(attempt.pk, candidate.employee, seq=1, events=[[10, "paste", 0]], state={"items": []})
    assert SkillAttemptEvent.objects.filter(attempt=attempt, kind="paste_blocked").count() == 1


def test_an_invigilated_result_needs_the_invigilator_then_a_second_examiner(candidate, tests_):
    invigilator, second = user_with_role(EXAMINER, username="inv"), user_with_role(EXAMINER, username="second")
    room = sitting(tests_["voucher-100"], [candidate.employee])
    attempt = skill_attempts.start_sitting(candidate.employee, room)
    skill_attempts.finish(attempt.pk, candidate.employee)
    result = confirm_as_invigilator(attempt.pk, acting_user=invigilator)
    with pytest.raises(ValidationError):
        confirm_skill_result(result, acting_user=invigilator)  # 双人复核: not the same person
    confirm_skill_result(result, acting_user=second, evaluate=False)
    assert SkillResult.objects.get(pk=result.pk).status == "confirmed"


def test_a_sitting_without_invigilator_enters_the_result_in_the_responsible_examiners_name(candidate, tests_):
    examiner = user_with_role(EXAMINER, username="resp")
    room = sitting(tests_["voucher-100"], [candidate.employee], examiner=examiner, invigilated=False)
    attempt = skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    assert (attempt.skill_result.entered_by, attempt.skill_result.status) == (examiner, "pending")


def test_a_person_not_among_the_candidates_cannot_start_the_sitting(candidate, tests_):
    other = user_with_role(EMPLOYEE, username="other_cand", employee=True)
    room = sitting(tests_["voucher-100"], [candidate.employee])
    with pytest.raises(SkillTestError) as refused:
        skill_attempts.start_sitting(other.employee, room)
    assert refused.value.code == "not_candidate"


def test_an_employee_cannot_confirm_as_invigilator(candidate, tests_):
    room = sitting(tests_["voucher-100"], [candidate.employee])
    attempt = skill_attempts.start_sitting(candidate.employee, room)
    skill_attempts.finish(attempt.pk, candidate.employee)
    with pytest.raises(PermissionDenied):
        confirm_as_invigilator(attempt.pk, acting_user=candidate)


# --------------------------------------------------------------------------- the API


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, name, attempt, body, raw=None):
    return client.post(reverse(f"certification:{name}", args=[attempt.pk]),
                       data=raw if raw is not None else json.dumps(body), content_type="application/json")


def test_the_api_refuses_someone_elses_attempt_with_404(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    other = user_with_role(EMPLOYEE, username="nosy", employee=True)
    response = _post(_client(other), "skill_api_batch", attempt, {"seq": 1, "events": [], "state": {"items": []}})
    assert (response.status_code, response.json()["error"]) == (404, "not_yours")


def test_the_api_refuses_anonymous_callers(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    assert Client().get(reverse("certification:skill_api_state", args=[attempt.pk])).status_code == 401


@pytest.mark.parametrize("raw", [
    "not json", "[1, 2]", json.dumps({"seq": "1", "events": [], "state": {"items": []}}),
    json.dumps({"seq": 1, "events": [[1, "teleport", 0]], "state": {"items": []}}),
    json.dumps({"seq": 1, "events": [], "state": {"items": ["x" * 500]}}),
    json.dumps({"seq": 1, "events": [], "state": {"items": ["1"] * 999}}),
    json.dumps({"seq": 1, "events": [[1, "key", -5]], "state": {"items": []}}),
    json.dumps({"seq": 1, "events": "a", "state": None}),
])
def test_a_hostile_batch_is_a_400_with_an_error_code(candidate, tests_, raw):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    response = _post(_client(candidate), "skill_api_batch", attempt, None, raw=raw)
    assert (response.status_code, response.json()["error"]) == (400, "bad_payload")


def test_an_oversized_body_is_a_400_too_large(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    raw = json.dumps({"seq": 1, "events": [[1, "key", 0]] * 40000, "state": {"items": []}})
    response = _post(_client(candidate), "skill_api_batch", attempt, None, raw=raw)
    assert (response.status_code, response.json()["error"]) == (400, "too_large")


def test_the_state_never_holds_a_score(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    data = _client(candidate).get(reverse("certification:skill_api_state", args=[attempt.pk])).json()
    assert set(data) == {"status", "material", "answer", "last_seq", "server_now", "deadline", "remaining_seconds",
                         "limit", "result_url"}


def test_a_candidate_cannot_see_another_persons_result_page(candidate, tests_):
    attempt = skill_attempts.finish(skill_attempts.start_practice(candidate.employee, tests_["voucher-100"]).pk,
                                    candidate.employee)
    other = user_with_role(EMPLOYEE, username="nosy2", employee=True)
    assert _client(other).get(reverse("certification:skill_result", args=[attempt.pk])).status_code == 404


def test_an_employee_cannot_open_the_sitting_results_in_the_admin(candidate, tests_):
    room = sitting(tests_["voucher-100"], [candidate.employee])
    response = _client(candidate).get(reverse("certification_skill_sittings:results", args=[room.pk]))
    assert response.status_code in (302, 403)


def test_an_employee_cannot_post_an_invigilator_confirmation(candidate, tests_):
    room = sitting(tests_["voucher-100"], [candidate.employee])
    attempt = skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    _client(candidate).post(reverse("certification_skill_sittings:confirm", args=[attempt.pk]))
    assert SkillAttempt.objects.get(pk=attempt.pk).invigilator_id is None


def test_the_examiner_downloads_a_sittings_results_as_excel(candidate, tests_):
    examiner = user_with_role(EXAMINER, username="exporter")
    room = sitting(tests_["voucher-100"], [candidate.employee])
    skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    response = _client(examiner).get(reverse("certification_skill_sittings:export", args=[room.pk]) + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_examiner_sees_a_sittings_statistics(candidate, tests_):
    examiner = user_with_role(EXAMINER, username="stats")
    room = sitting(tests_["voucher-100"], [candidate.employee])
    skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    response = _client(examiner).get(reverse("certification_skill_sittings:results", args=[room.pk]))
    assert response.status_code == 200 and response.context["summary"].finished == 1


def test_the_overdue_command_finishes_an_attempt_whose_page_was_closed(candidate, tests_):
    attempt = skill_attempts.start_practice(candidate.employee, tests_["voucher-100"])
    SkillAttempt.objects.filter(pk=attempt.pk).update(deadline=attempt.started_at)
    call_command("skill_tests_close_overdue", stdout=io.StringIO())
    assert SkillAttempt.objects.get(pk=attempt.pk).finish_reason == "deadline"


def test_a_fixed_time_test_finished_early_is_scored_over_its_whole_time(candidate, tests_):
    definition = tests_["numeric-groups"]  # fixed time, net digits per minute
    attempt = skill_attempts.start_practice(candidate.employee, definition)
    group = attempt.material["items"][0]
    skill_attempts.save_batch(attempt.pk, candidate.employee, seq=1, events=[[i * 200, "input", 1] for i in range(10)],
                              state={"items": [group]})
    attempt = skill_attempts.finish(attempt.pk, candidate.employee)
    minutes = definition.time_limit_seconds / 60
    assert float(attempt.value) == pytest.approx(len(group) / minutes, abs=0.01)
