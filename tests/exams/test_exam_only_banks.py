"""Exam-only banks: an examiner marks a bank "exam only" and its questions never come out of any practice
or notebook URL (lists, pages, API), even when a practice bank row was opened for it before."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quizzes.exams.models import NotebookEntry, PracticeBank
from quizzes.exams.services import attempts, practice
from quizzes.models import QuestionBank, QuestionType
from tests.factories.exams import exam_with_all_types
from tests.factories.quizzes import QuestionBankFactory, make_question, sample_contents, single_choice

pytestmark = pytest.mark.django_db

SECRET_STEM = "考试专用题干·甲乙丙丁"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def banks(candidate):
    """An open practice bank, and an exam-only bank that also has an (old) open practice row and a notebook
    entry of the candidate's: the worst case, where only the exam-only flag stands between it and practice."""
    open_bank = QuestionBankFactory(name="练习题库")
    open_questions = [make_question(open_bank, content) for content in sample_contents()]
    PracticeBank.objects.create(bank=open_bank, is_open=True)
    exam_bank = QuestionBankFactory(name="考试题库", exam_only=True)
    exam_questions = [make_question(exam_bank, single_choice(f"{SECRET_STEM}{n}", explanation=f"考试解析{n}"))
                      for n in range(3)]
    PracticeBank.objects.bulk_create([PracticeBank(bank=exam_bank, is_open=True)])  # bypasses clean()
    version = exam_questions[0].current_version
    NotebookEntry.objects.create(employee=candidate, question=exam_questions[0], version=version,
                                 last_wrong_at=timezone.now(), last_response=[0])
    return open_bank, open_questions, exam_bank, exam_questions


def practice_urls(open_bank, exam_bank):
    return [
        reverse("exams:practice"),
        reverse("exams:practice_drill", args=[open_bank.pk]),
        reverse("exams:practice_drill", args=[exam_bank.pk]),
        reverse("exams:notebook"),
        reverse("exams:notebook_drill"),
        reverse("exams:api_practice_questions", args=[open_bank.pk]) + "?count=50",
        reverse("exams:api_practice_questions", args=[exam_bank.pk]) + "?count=50",
        reverse("exams:api_notebook_questions"),
        reverse("exams:mine"),
    ]


def test_no_practice_url_ever_returns_an_exam_only_question(client, candidate_user, banks):
    open_bank, _, exam_bank, exam_questions = banks
    client.force_login(candidate_user)
    secrets = {SECRET_STEM} | {q.current_version.explanation for q in exam_questions}
    version_ids = {q.current_version_id for q in exam_questions}
    for url in practice_urls(open_bank, exam_bank):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = response.content.decode()
        assert not any(secret in body for secret in secrets), url
        if response.get("Content-Type", "").startswith("application/json") and response.status_code == 200:
            assert not {q["version_id"] for q in response.json()["questions"]} & version_ids, url
    for version_id in version_ids:
        response = post_json(client, reverse("exams:api_practice_answer"), {"version_id": version_id, "response": [1]})
        assert response.status_code == 404
        assert SECRET_STEM not in response.content.decode() and "考试解析" not in response.content.decode()


def test_the_practice_list_leaves_out_an_exam_only_bank(client, candidate_user, banks):
    open_bank, _, exam_bank, _ = banks
    client.force_login(candidate_user)
    html = client.get(reverse("exams:practice")).content.decode()
    assert reverse("exams:practice_drill", args=[open_bank.pk]) in html
    assert reverse("exams:practice_drill", args=[exam_bank.pk]) not in html
    assert list(practice.open_banks().values_list("bank_id", flat=True)) == [open_bank.pk]


def test_the_practice_api_refuses_an_exam_only_bank_with_an_error_code(client, candidate_user, banks):
    _, _, exam_bank, _ = banks
    client.force_login(candidate_user)
    response = client.get(reverse("exams:api_practice_questions", args=[exam_bank.pk]))
    assert response.status_code == 404
    assert response.json()["error"] == "bad_bank"


def test_the_drill_page_of_an_exam_only_bank_is_refused(client, candidate_user, banks):
    _, _, exam_bank, _ = banks
    client.force_login(candidate_user)
    response = client.get(reverse("exams:practice_drill", args=[exam_bank.pk]))
    assert response.status_code == 404
    assert reverse("exams:api_practice_questions", args=[exam_bank.pk]) not in response.content.decode()


def test_the_notebook_leaves_out_entries_of_an_exam_only_bank(candidate, banks):
    assert list(practice.notebook_entries(candidate)) == []
    assert practice.notebook_batch(candidate) == []


def test_the_open_bank_still_works_for_honest_trainees(client, candidate_user, banks):
    open_bank, open_questions, _, _ = banks
    client.force_login(candidate_user)
    data = client.get(reverse("exams:api_practice_questions", args=[open_bank.pk]) + "?count=50").json()
    assert {q["version_id"] for q in data["questions"]} == {q.current_version_id for q in open_questions}


def test_wrong_exam_answers_from_an_exam_only_bank_stay_out_of_the_notebook(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate], review_policy="immediate")
    QuestionBank.objects.filter(pk=questions[QuestionType.SINGLE].bank_id).update(exam_only=True)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    assert not NotebookEntry.objects.filter(employee=candidate).exists()


def test_an_exam_only_bank_cannot_be_opened_for_practice():
    bank = QuestionBankFactory(exam_only=True)
    with pytest.raises(ValidationError) as error:
        PracticeBank(bank=bank).full_clean()
    assert "bank" in error.value.message_dict


def test_the_admin_refuses_to_open_an_exam_only_bank_for_practice(client, examiner):
    bank = QuestionBankFactory(exam_only=True)
    client.force_login(examiner)
    response = client.post(reverse("exams_practice_banks:add"), {"bank": bank.pk, "is_open": "on", "note": ""})
    assert response.status_code == 200
    assert not PracticeBank.objects.filter(bank=bank).exists()


def test_an_examiner_marks_a_bank_exam_only_in_the_admin(client, examiner):
    bank = QuestionBankFactory()
    client.force_login(examiner)
    response = client.post(reverse("question_banks:edit", args=[bank.pk]), {
        "category": bank.category_id, "name": bank.name, "name_en": bank.name_en, "description": "",
        "exam_only": "on"})
    assert response.status_code == 302, response.content.decode()[:400]
    bank.refresh_from_db()
    assert bank.exam_only is True
