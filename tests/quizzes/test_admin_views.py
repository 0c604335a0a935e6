"""The question-bank admin as an Examiner uses it: browse, edit (versions), import with preview, export."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.core.models import StagedUpload
from quizzes.models import Question, QuestionBank, QuestionCategory, QuestionStatus
from tests.factories.quizzes import (
    AIKEN_ONE_BAD,
    AIKEN_TWO_QUESTIONS,
    QuestionBankFactory,
    QuestionCategoryFactory,
    make_question,
    sample_contents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def examiner_client(client, examiner_user):
    client.force_login(examiner_user)
    return client


def _question_form(bank, **overrides):
    data = {
        "bank": bank.pk,
        "status": "active",
        "type": "single",
        "stem": "网银盾遗失后应当（ ）",
        "options": "立即挂失\n继续使用\n借给他人",
        "correct": "A",
        "blanks": "",
        "model_answer": "",
        "marking_guide": "",
        "explanation": "依据第十条。",
        "difficulty": "2",
        "stem_en": "",
        "options_en": "",
        "explanation_en": "",
        "tags": "网银, 安全",
        "knowledge_point_refs": "",
        "source_file": "",
        "source_section": "",
        "source_number": "",
        "original_text": "",
        "change_note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["questions:index", "question_banks:index", "question_categories:index",
                                  "questions:add", "question_banks:add", "question_categories:add",
                                  "question_imports:upload"])
def test_examiner_opens_the_question_bank_pages(examiner_client, name):
    make_question()
    assert examiner_client.get(reverse(name)).status_code == 200


def test_examiner_sees_the_answer_key_and_every_version_on_the_inspect_page(examiner_client):
    question = make_question()
    response = examiner_client.get(reverse("questions:inspect", args=[question.pk]))
    assert response.status_code == 200
    assert question.current_version.explanation in response.content.decode()


def test_examiner_creates_an_active_question_in_the_admin(examiner_client):
    bank = QuestionBankFactory()
    response = examiner_client.post(reverse("questions:add"), _question_form(bank))
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get()
    assert question.status == QuestionStatus.ACTIVE
    assert question.current_version.options == ["立即挂失", "继续使用", "借给他人"]
    assert question.current_version.correct == [0]
    assert question.current_version.is_frozen
    assert sorted(question.tags.names()) == ["安全", "网银"]


def test_the_admin_form_refuses_a_key_naming_a_missing_option(examiner_client):
    bank = QuestionBankFactory()
    response = examiner_client.post(reverse("questions:add"), _question_form(bank, correct="D"))
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_editing_a_live_question_in_the_admin_writes_a_new_version(examiner_client):
    bank = QuestionBankFactory()
    examiner_client.post(reverse("questions:add"), _question_form(bank))
    question = Question.objects.get()
    first = question.current_version
    response = examiner_client.post(
        reverse("questions:edit", args=[question.pk]), _question_form(bank, correct="B", change_note="更正答案")
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2 and question.current_version.correct == [1]
    first.refresh_from_db()
    assert first.correct == [0]


def test_retiring_in_the_admin_keeps_the_question(examiner_client):
    question = make_question()
    data = _question_form(question.bank, status="retired", stem=question.current_version.stem,
                          options="\n".join(question.current_version.options), correct="B",
                          explanation=question.current_version.explanation)
    response = examiner_client.post(reverse("questions:edit", args=[question.pk]), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.RETIRED and question.versions.count() == 1


def test_examiner_creates_a_sub_category(examiner_client):
    parent = QuestionCategoryFactory(name="柜员等级")
    response = examiner_client.post(reverse("question_categories:add"),
                                    {"name": "电子银行", "name_en": "E-banking", "parent": parent.pk})
    assert response.status_code == 302
    child = QuestionCategory.objects.get(name="电子银行")
    assert child.get_parent() == parent and child.full_path == "柜员等级/电子银行"


def test_a_category_holding_banks_cannot_be_deleted(client, admin_user_role):
    client.force_login(admin_user_role)
    bank = QuestionBankFactory()
    client.post(reverse("question_categories:delete", args=[bank.category.pk]))
    assert QuestionCategory.objects.filter(pk=bank.category.pk).exists()


def _upload(client, text, fmt="aiken", **extra):
    data = {"file": SimpleUploadedFile("quiz.txt", text.encode("utf-8")), "file_format": fmt,
            "new_bank_path": "培训/测验", "on_duplicate": "skip", "activate": "on", **extra}
    return client.post(reverse("question_imports:upload"), data)


def test_uploading_shows_a_preview_and_writes_nothing_until_confirmed(examiner_client):
    response = _upload(examiner_client, AIKEN_TWO_QUESTIONS)
    record = StagedUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("question_imports:preview", args=[record.pk])
    preview = examiner_client.get(response.url)
    assert "手机银行转账需要什么" in preview.content.decode()
    assert not Question.objects.exists() and not QuestionBank.objects.exists()
    confirmed = examiner_client.post(response.url)
    assert confirmed.status_code == 302
    assert Question.objects.count() == 2
    record.refresh_from_db()
    assert record.status == StagedUpload.Status.APPLIED


def test_a_preview_with_errors_names_the_line_and_cannot_be_confirmed(examiner_client):
    response = _upload(examiner_client, AIKEN_ONE_BAD)
    preview = examiner_client.get(response.url)
    html = preview.content.decode()
    assert re.search(r"(Line|第)\s*11", html) and "ANSWER" in html
    assert "Import these questions" not in html and "导入这些题目" not in html
    examiner_client.post(response.url)
    assert not Question.objects.exists() and not QuestionBank.objects.exists()


def test_examiner_downloads_a_bank_as_excel(examiner_client):
    bank = QuestionBankFactory()
    for content in sample_contents():
        make_question(bank, content)
    response = examiner_client.get(reverse("question_banks:export", args=[bank.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7


def test_examiner_downloads_a_bank_as_gift(examiner_client):
    bank = QuestionBankFactory()
    make_question(bank, sample_contents()[0])
    response = examiner_client.get(reverse("question_banks:export", args=[bank.pk, "gift"]))
    assert response.status_code == 200
    assert "网银盾遗失后客户应首先" in response.content.decode()


def test_examiner_downloads_the_excel_template(examiner_client):
    response = examiner_client.get(reverse("question_imports:template"))
    assert response.status_code == 200
    headers = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))]
    assert headers[:2] == ["题型", "题干"]


def test_the_inspect_page_links_the_knowledge_points(examiner_client):
    from tests.factories import content as pages

    regulation = pages.simple_regulation(pages.regulation_index(), n_articles=10, title="电子银行业务管理办法")
    question = make_question(knowledge_point_refs=["《电子银行业务管理办法》第十条"])
    question.regulation_articles.add(regulation.articles.get(number=10))
    html = examiner_client.get(reverse("questions:inspect", args=[question.pk])).content.decode()
    assert "#article-10" in html
