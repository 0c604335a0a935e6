"""The three imports through their admin views: hostile files refused with a clear message and nothing
staged; previews and confirms read the stored plan, never the parser; a staged upload is its uploader's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.models import RegulationPage
from portal.core.models import StagedUpload
from portal.people.models import Employee
from portal.people.roles import EXAMINER
from quizzes.models import Question, QuestionImport
from tests.content.import_regulation_texts import DOCUMENT_NUMBER, REGULATION
from tests.factories import content as content_factories
from tests.factories.people import employee_workbook, user_with_role
from tests.portal.uploads_fixtures import PDF_BYTES, small_xlsx, xlsx_bomb

pytestmark = pytest.mark.django_db

AIKEN = "手机银行转账需要什么？\nA. 密码\nB. 动态口令\nANSWER: B\n\n柜员交接需要双人复核吗？\nA. 需要\nB. 不需要\nANSWER: A\n"


def _files_on_disk() -> set[str]:
    """Every file under the media roots (an upload must not leave one behind when it is refused)."""
    roots = [Path(r) for r in (settings.MEDIA_ROOT, getattr(settings, "PRIVATE_MEDIA_ROOT", "")) if r]
    return {str(p) for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def examiner_client(client, examiner_user):
    client.force_login(examiner_user)
    return client


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def _question_upload(client, name, data, fmt):
    return client.post(reverse("question_imports:upload"), {
        "file": SimpleUploadedFile(name, data), "file_format": fmt, "new_bank_path": "培训/测验",
        "on_duplicate": "skip", "activate": "on",
    })


def _nothing_staged():
    assert not StagedUpload.objects.exists()
    assert not QuestionImport.objects.exists()


# ------------------------------------------------------------------------------ hostile files


def test_a_zip_bomb_question_file_is_refused_naming_the_ratio_and_nothing_is_staged(examiner_client):
    before = _files_on_disk()
    response = _question_upload(examiner_client, "题库.xlsx", xlsx_bomb(64), "xlsx")
    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert "100" in message and "zip" in message.lower() or "压缩炸弹" in message
    _nothing_staged()
    assert _files_on_disk() == before


def test_a_pdf_named_xlsx_is_refused_as_a_question_file_and_nothing_is_staged(examiner_client):
    response = _question_upload(examiner_client, "题库.xlsx", PDF_BYTES, "xlsx")
    assert "PDF" in response.context["form"].errors["file"][0]
    _nothing_staged()


def test_a_workbook_offered_as_an_aiken_text_file_is_refused(examiner_client):
    response = _question_upload(examiner_client, "questions.txt", small_xlsx(), "aiken")
    assert response.context["form"].errors["file"]
    _nothing_staged()


def test_an_oversize_question_file_is_refused_naming_the_limit(examiner_client):
    response = _question_upload(examiner_client, "big.txt", b"A" * (20 * 1024 * 1024 + 10), "aiken")
    (message,) = response.context["form"].errors["file"]
    assert "20 MB" in message
    _nothing_staged()


def test_a_zip_bomb_employee_workbook_is_refused_and_nothing_is_staged(hr_client, org_tree):
    response = hr_client.post(reverse("people_employees:import"), {"file": SimpleUploadedFile("staff.xlsx", xlsx_bomb(64))})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    _nothing_staged()
    assert not Employee.objects.exists()


def test_an_oversize_employee_workbook_is_refused_naming_the_limit(hr_client, org_tree):
    response = hr_client.post(
        reverse("people_employees:import"), {"file": SimpleUploadedFile("staff.xlsx", b"PK\x03\x04" + b"0" * (3 << 20))}
    )
    (message,) = response.context["form"].errors["file"]
    assert "2 MB" in message
    _nothing_staged()


def test_a_workbook_named_txt_is_refused_as_regulation_text_and_nothing_is_staged(editor_client):
    index = content_factories.regulation_index()
    response = editor_client.post(reverse("regulation_import:import"), {
        "parent": index.pk, "text": "", "file": SimpleUploadedFile("规定.txt", small_xlsx()),
    })
    assert response.status_code == 200 and response.context["form"].errors["file"]
    _nothing_staged()


def test_a_path_in_the_uploaded_name_never_reaches_the_staging_table(editor_client):
    index = content_factories.regulation_index()
    upload = SimpleUploadedFile("../../../etc/cron.d/规定.txt", REGULATION.encode())
    editor_client.post(reverse("regulation_import:import"), {"parent": index.pk, "text": "", "file": upload})
    assert StagedUpload.objects.get().file_name == "规定.txt"


# ------------------------------------------------------------------------------ parsed once


def test_question_preview_and_confirm_use_the_stored_plan_not_the_parser(examiner_client, monkeypatch):
    response = _question_upload(examiner_client, "quiz.txt", AIKEN.encode(), "aiken")
    staged = StagedUpload.objects.get()
    assert response.url == reverse("question_imports:preview", args=[staged.pk])

    def no_parsing(*args, **kwargs):
        raise AssertionError("the parser was called after the upload")

    monkeypatch.setattr("quizzes.services.imports.parse_questions", no_parsing)
    assert "手机银行转账需要什么" in examiner_client.get(response.url).content.decode()
    examiner_client.post(response.url)
    assert Question.objects.count() == 2
    staged.refresh_from_db()
    assert staged.status == StagedUpload.Status.APPLIED and staged.summary["create"] == 2


def test_employee_confirm_uses_the_stored_plan_not_the_parser(hr_client, org_tree, monkeypatch):
    data = employee_workbook([["10001", "张三", "HO-EB", "是", "2020-07-01", "zs@bank.example"]])
    response = hr_client.post(reverse("people_employees:import"), {"file": SimpleUploadedFile("staff.xlsx", data)})

    def no_parsing(*args, **kwargs):
        raise AssertionError("the workbook was parsed again")

    monkeypatch.setattr("portal.people.services.parse_employee_workbook", no_parsing)
    assert hr_client.get(response.url).status_code == 200
    hr_client.post(response.url)
    employee = Employee.objects.get(employee_number="10001")
    assert (employee.org_unit.code, str(employee.hire_date)) == ("HO-EB", "2020-07-01")


def test_regulation_confirm_creates_the_page_from_the_stored_plan(editor_client, monkeypatch):
    index = content_factories.regulation_index()
    response = editor_client.post(reverse("regulation_import:import"), {"parent": index.pk, "text": REGULATION})
    monkeypatch.setattr("content.services.regulation_import.read_source", lambda *a, **k: 1 / 0)
    editor_client.post(response.url)
    assert RegulationPage.objects.filter(document_number=DOCUMENT_NUMBER).exists()


# ------------------------------------------------------------------------------ whose upload


def test_another_examiner_cannot_preview_or_confirm_a_staged_question_file(examiner_client, client):
    response = _question_upload(examiner_client, "quiz.txt", AIKEN.encode(), "aiken")
    other = client.__class__()
    other.force_login(user_with_role(EXAMINER, username="examiner_two"))
    seen = other.get(response.url, follow=True)  # (a new client is first sent to its language's prefix)
    assert seen.status_code == 404
    assert other.post(seen.redirect_chain[-1][0] if seen.redirect_chain else response.url).status_code == 404
    assert not Question.objects.exists()


def test_a_staged_question_file_is_imported_only_once(examiner_client):
    response = _question_upload(examiner_client, "quiz.txt", AIKEN.encode(), "aiken")
    examiner_client.post(response.url)
    examiner_client.post(response.url)
    assert Question.objects.count() == 2
