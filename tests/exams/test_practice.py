"""Practice with immediate feedback, the wrong-answer notebook, and the demo exams."""

import json

import pytest
from django.urls import reverse

from quizzes.exams.models import ExamBlueprint, NotebookEntry, PracticeAnswer, PracticeBank, Sitting
from quizzes.exams.services import attempts
from quizzes.models import QuestionType
from tests.factories.exams import exam_with_all_types
from tests.factories.quizzes import QuestionBankFactory, make_question, sample_contents

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def practice_bank():
    bank = QuestionBankFactory()
    questions = [make_question(bank, content) for content in sample_contents()]
    PracticeBank.objects.create(bank=bank)
    return bank, questions


def test_practice_questions_come_without_keys(client, candidate_user, practice_bank):
    bank, _ = practice_bank
    client.force_login(candidate_user)
    data = client.get(reverse("exams:api_practice_questions", args=[bank.pk])).json()
    assert len(data["questions"]) == 6
    assert all(set(q) == {"version_id", "type", "stem", "options", "blank_count",
                                               "prompts", "unit", "max_length"} for q in data["questions"])


def test_a_closed_bank_cannot_be_practised(client, candidate_user, practice_bank):
    bank, questions = practice_bank
    PracticeBank.objects.update(is_open=False)
    client.force_login(candidate_user)
    assert client.get(reverse("exams:api_practice_questions", args=[bank.pk])).status_code == 404
    answer = post_json(client, reverse("exams:api_practice_answer"),
                       {"version_id": questions[0].current_version_id, "response": [1]})
    assert answer.status_code == 404


def test_a_wrong_practice_answer_gets_the_key_and_explanation_and_goes_into_the_notebook(
        client, candidate_user, candidate, practice_bank):
    _, questions = practice_bank
    client.force_login(candidate_user)
    version = questions[0].current_version
    feedback = post_json(client, reverse("exams:api_practice_answer"),
                         {"version_id": version.pk, "response": [0]}).json()
    assert feedback["correct"] is False
    assert feedback["key"]["correct"] == [1] and feedback["key"]["explanation"] == version.explanation
    entry = NotebookEntry.objects.get(employee=candidate)
    assert (entry.question_id, entry.wrong_count) == (questions[0].pk, 1)


def test_feedback_links_the_regulation_article_the_question_tests(client, candidate_user, practice_bank):
    from tests.factories import content as pages

    _, questions = practice_bank
    regulation = pages.simple_regulation(pages.regulation_index(), n_articles=4)
    article = regulation.articles.get(number=2)
    questions[0].regulation_articles.add(article)
    client.force_login(candidate_user)
    feedback = post_json(client, reverse("exams:api_practice_answer"),
                         {"version_id": questions[0].current_version_id, "response": [1]}).json()
    assert feedback["correct"] is True
    assert feedback["links"] == [{"label": str(article), "url": article.get_absolute_url()}]


def test_answering_a_notebook_question_right_clears_it(client, candidate_user, candidate, practice_bank):
    _, questions = practice_bank
    client.force_login(candidate_user)
    version_id = questions[2].current_version_id
    post_json(client, reverse("exams:api_practice_answer"), {"version_id": version_id, "response": [0]})
    drill = client.get(reverse("exams:api_notebook_questions")).json()["questions"]
    assert [q["version_id"] for q in drill] == [version_id]
    feedback = post_json(client, reverse("exams:api_practice_answer"), {"version_id": version_id, "response": [1]})
    assert feedback.json()["cleared"] is True
    assert client.get(reverse("exams:api_notebook_questions")).json()["questions"] == []
    assert PracticeAnswer.objects.filter(employee=candidate).count() == 2


def test_fill_in_practice_accepts_full_width_and_spaces(client, candidate_user, practice_bank):
    _, questions = practice_bank
    fill = next(q for q in questions if q.current_version.type == QuestionType.FILL_BLANK)
    client.force_login(candidate_user)
    feedback = post_json(client, reverse("exams:api_practice_answer"),
                         {"version_id": fill.current_version_id, "response": [" 网上 银行", "手机银行"]}).json()
    assert feedback["correct"] is True


def test_short_answer_practice_shows_the_model_answer_for_self_checking(client, candidate_user, practice_bank):
    _, questions = practice_bank
    short = next(q for q in questions if q.current_version.type == QuestionType.SHORT_ANSWER)
    client.force_login(candidate_user)
    feedback = post_json(client, reverse("exams:api_practice_answer"),
                         {"version_id": short.current_version_id, "response": "操作风险"}).json()
    assert feedback["self_check"] and feedback["correct"] is None
    assert feedback["key"]["model_answer"] == short.current_version.model_answer


def test_wrong_answers_of_an_exam_with_immediate_review_go_into_the_notebook(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate], review_policy="immediate")
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    noted = set(NotebookEntry.objects.filter(employee=candidate).values_list("question_id", flat=True))
    assert noted == {q.pk for t, q in questions.items() if t != QuestionType.SHORT_ANSWER}


def test_practice_pages_render(client, candidate_user, practice_bank):
    bank, _ = practice_bank
    client.force_login(candidate_user)
    for url in (reverse("exams:practice"), reverse("exams:practice_drill", args=[bank.pk]),
                reverse("exams:notebook"), reverse("exams:notebook_drill")):
        assert client.get(url).status_code == 200, url


def test_main_navigation_links_my_exams_and_practice_for_employees(client, candidate_user):
    client.force_login(candidate_user)
    html = client.get(reverse("search")).content.decode()
    assert reverse("exams:mine") in html and reverse("exams:practice") in html


# --- demo ---------------------------------------------------------------------------------------------


def test_demo_does_nothing_without_questions():
    from quizzes.exams.demo import load_exams

    load_exams(None, None)
    assert not ExamBlueprint.objects.exists() and not Sitting.objects.exists()


def test_demo_builds_a_feasible_open_sitting_once(org_tree):
    from quizzes.exams.demo import BLUEPRINT_CODE, PAST_QUIZZES, load_exams
    from quizzes.exams.services.papers import check_feasibility
    from tests.factories.quizzes import QuestionCategoryFactory

    category = QuestionCategoryFactory(name="电子银行")
    bank = QuestionBankFactory(category=category)
    for _ in range(3):
        for content in sample_contents():
            make_question(bank, content.__class__(**{**content.as_fields(), "stem": content.stem + str(_)}))
    load_exams(None, None)
    load_exams(None, None)
    blueprint = ExamBlueprint.objects.get(code=BLUEPRINT_CODE)
    assert check_feasibility(blueprint).ok
    assert Sitting.objects.filter(blueprint=blueprint).count() == 1 and PracticeBank.objects.count() == 1
    # the quarterly quizzes already sat are made once too, however often the demo is loaded
    assert Sitting.objects.exclude(blueprint=blueprint).count() == len(PAST_QUIZZES)
