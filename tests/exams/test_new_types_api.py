"""Matching and numerical answers through the candidate API, practice's empty check, exam mode (issue 16)."""

import json
from decimal import Decimal

from django.urls import reverse

from quizzes.exams.models import AttemptItem, NotebookEntry, PracticeAnswer, PracticeBank
from tests.exams.test_candidate_api import start
from tests.factories.exams import (
    exam_with_all_types,
    matching_content,
    matching_numerical_exam,
    numerical_content,
)
from tests.factories.quizzes import QuestionBankFactory, make_question


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def save_url(attempt, position):
    return reverse("exams:api_save", args=[attempt.pk, position])


def test_the_paper_gives_matching_items_and_the_unit_but_no_key(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    data = client.get(reverse("exams:api_attempt", args=[attempt.pk])).json()
    matching, numerical = data["questions"]
    assert matching["prompts"] == ["个人开户", "对公结算", "外币兑换"] and len(matching["options"]) == 4
    assert numerical["unit"] == "元"
    flat = json.dumps(data, ensure_ascii=False)
    assert "correct" not in flat and "tolerance" not in flat and "150" not in flat.replace("10,000", "")


def test_a_matching_answer_naming_an_answer_that_does_not_exist_is_refused(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    for hostile in ([9, 0, 1], [0, 1, 2, 3], ["0", 1, 2], {"a": 1}, [True, 0, 1]):
        assert post_json(client, save_url(attempt, 1), {"response": hostile}).status_code == 400
    assert AttemptItem.objects.get(attempt=attempt, position=1).response is None


def test_a_numerical_answer_that_is_not_short_text_is_refused(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    for hostile in (["150"], {"v": 150}, "1" * 500):
        assert post_json(client, save_url(attempt, 2), {"response": hostile}).status_code == 400


def test_another_candidate_cannot_save_into_the_attempt(client, candidate_user, candidate, other_candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate, other_candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    client.force_login(other_candidate.user)
    assert post_json(client, save_url(attempt, 2), {"response": "150"}).status_code == 404


def test_handing_in_scores_matching_and_numerical_exactly(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, save_url(attempt, 1), {"response": [0, 1, 3]})
    post_json(client, save_url(attempt, 2), {"response": "１５０．００ 元"})
    client.post(reverse("exams:api_submit", args=[attempt.pk]), "{}", content_type="application/json")
    attempt.refresh_from_db()
    assert attempt.score == Decimal("3.33")


def test_the_attempt_page_is_in_exam_mode_with_a_warned_way_out(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    html = client.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    assert 'role="search"' not in html and 'class="main-nav"' not in html
    assert 'id="exam-exit"' in html and "data-confirm=" in html and "exam_exit.js" in html


def test_practice_check_without_an_answer_asks_for_one_and_counts_nothing(client, candidate_user, candidate):
    bank = QuestionBankFactory()
    question = make_question(bank, matching_content())
    make_question(bank, numerical_content())
    PracticeBank.objects.create(bank=bank)
    client.force_login(candidate_user)
    for empty in (None, [None, None, None], ""):
        response = post_json(client, reverse("exams:api_practice_answer"),
                             {"version_id": question.current_version_id, "response": empty})
        assert response.status_code == 400 and response.json()["error"] == "no_answer"
    assert not PracticeAnswer.objects.exists() and not NotebookEntry.objects.exists()


def test_the_result_shows_the_machine_marked_part_while_a_short_answer_awaits_marking(client, candidate_user,
                                                                                        candidate):
    sitting, _ = exam_with_all_types(employees=[candidate], shuffle=False, review_policy="score_only")
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, save_url(attempt, 1), {"response": [1]})
    post_json(client, save_url(attempt, 6), {"response": "三道防线"})
    client.post(reverse("exams:api_submit", args=[attempt.pk]), "{}", content_type="application/json")
    html = client.get(reverse("exams:result", args=[attempt.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "机器评分部分" in html and "待阅卷老师评分" in html
