"""Importing an Excel of paper responses: preview, per-line errors, all or nothing, 双人复核 (issue 16)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.core.models import StagedUpload
from portal.people.roles import EMPLOYEE, EXAMINER
from quizzes.exams.models import Attempt, PaperEntry
from quizzes.exams.rules.paper_responses import read_responses
from quizzes.exams.services import attempts, paper_entry
from quizzes.exams.services.errors import ExamError
from tests.exams.test_archives_and_paper import _sheet
from tests.factories.exams import matching_numerical_exam
from tests.factories.people import user_with_role


@pytest.fixture(autouse=True)
def _english():
    """The service's messages are translated; these tests read the English ones whatever ran before."""
    with translation.override("en"):
        yield


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def long_file(sitting, *people, change=None):
    rows = [("工号", "题号", "答案", "备注")]
    for person in people:
        for position, text in _sheet(sitting, person).items():
            rows.append((person.employee_number, int(position), (change or {}).get(position, text), ""))
    return workbook(*rows)


def wide_file(sitting, *people):
    count = len(_sheet(sitting, people[0]))
    rows = [("工号", "姓名", *range(1, count + 1))]
    for person in people:
        sheet = _sheet(sitting, person)
        rows.append((person.employee_number, person.name, *[sheet[str(i)] for i in range(1, count + 1)]))
    return workbook(*rows)


# ------------------------------------------------------------------------------------ the rules (pure)


def test_the_long_layout_groups_the_rows_of_each_candidate():
    sheet = read_responses(workbook(("工号", "题号", "答案"), ("E1", 1, "AB"), ("E1", 2, "150"), ("E2", 1, "C")))
    assert sheet.errors == [] and sheet.layout == "long"
    assert [(c.employee_number, c.answers) for c in sheet.candidates] == [("E1", {"1": "AB", "2": "150"}),
                                                                           ("E2", {"1": "C"})]


def test_the_wide_layout_reads_a_column_per_question_number():
    sheet = read_responses(workbook(("考号", "姓名", "第1题", "2"), ("E1", "张三", "AB", 150)))
    assert sheet.errors == [] and sheet.layout == "wide"
    assert sheet.candidates[0].answers == {"1": "AB", "2": "150"}


@pytest.mark.parametrize(("rows", "expected"), [
    ([("工号", "题号", "答案"), ("E1", "一", "A")],
     (2, "responses.bad_position", "Row 2, column B (题号): The question number must be a whole number")),
    ([("工号", "题号", "答案"), ("E1", 1, "A"), ("E1", 1, "B")],
     (3, "responses.given_twice", "Row 3: Candidate E1 question 1 is given twice")),
    ([("工号", "题号", "答案"), (None, 1, "A")], (2, "responses.no_candidate_number", "Row 2, column A (工号): The candidate number is empty")),
    ([("姓名", "题号", "答案")], (1, "responses.no_candidate_column", "Row 1: No candidate column")),
    ([("工号", "备注")], (1, "responses.no_layout", "Row 1: Expected the columns 题号 and 答案")),
])
def test_a_bad_line_of_the_responses_sheet_is_reported_with_its_row(rows, expected):
    sheet = read_responses(workbook(*rows))
    assert [(e.line, e.code, str(e)[:len(expected[2])]) for e in sheet.errors] == [expected]


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_a_workbook_is_one_error_not_a_crash(data):
    sheet = read_responses(data)
    assert sheet.candidates == [] and len(sheet.errors) == 1 and sheet.errors[0].line == 1


# ---------------------------------------------------------------------------------- the service


@pytest.fixture
def setting(candidate, other_candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate, other_candidate])
    return sitting, candidate, other_candidate


def test_an_imported_file_counts_as_one_examiners_entry_and_scores_nothing(setting):
    sitting, one, two = setting
    first = user_with_role(EXAMINER, username="imp_a")
    result = paper_entry.apply_import(sitting, long_file(sitting, one, two), acting_user=first, file_name="r.xlsx")
    assert result.applied and [r.outcome.status for r in result.rows] == ["waiting", "waiting"]
    assert PaperEntry.objects.filter(examiner=first).exclude(imported_from="").count() == 2
    assert not Attempt.objects.exists()


def test_the_same_file_imported_by_a_second_examiner_scores_both_papers(setting):
    sitting, one, two = setting
    data = wide_file(sitting, one, two)
    paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_b"))
    result = paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_c"))
    assert [r.outcome.status for r in result.rows] == ["confirmed", "confirmed"]
    assert sorted(a.score for a in Attempt.objects.all()) == [Decimal("4.00"), Decimal("4.00")]


def test_a_second_import_that_differs_names_the_question_and_scores_nothing(setting):
    sitting, one, _two = setting
    paper_entry.apply_import(sitting, long_file(sitting, one), acting_user=user_with_role(EXAMINER, username="imp_d"))
    result = paper_entry.apply_import(sitting, long_file(sitting, one, change={"2": "15"}),
                                      acting_user=user_with_role(EXAMINER, username="imp_e"))
    assert (result.rows[0].outcome.status, result.rows[0].outcome.differences) == ("mismatch", [2])
    assert not Attempt.objects.exists()


def test_an_import_and_a_typed_entry_that_agree_score_the_paper(setting):
    sitting, one, _two = setting
    paper_entry.apply_import(sitting, long_file(sitting, one), acting_user=user_with_role(EXAMINER, username="imp_f"))
    outcome = paper_entry.enter_answers(sitting, one, _sheet(sitting, one), acting_user=user_with_role(EXAMINER,
                                                                                               username="imp_g"))
    assert outcome.status == "confirmed" and Attempt.objects.get().score == Decimal("4.00")


def test_a_second_examiner_may_confirm_an_imported_entry(setting):
    sitting, one, _two = setting
    paper_entry.apply_import(sitting, long_file(sitting, one), acting_user=user_with_role(EXAMINER, username="imp_h"))
    outcome = paper_entry.confirm_imported(sitting, one, acting_user=user_with_role(EXAMINER, username="imp_i"))
    assert outcome.status == "confirmed"


def test_the_importing_examiner_cannot_confirm_their_own_import(setting):
    sitting, one, _two = setting
    first = user_with_role(EXAMINER, username="imp_j")
    paper_entry.apply_import(sitting, long_file(sitting, one), acting_user=first)
    with pytest.raises(ExamError):
        paper_entry.confirm_imported(sitting, one, acting_user=first)
    assert not Attempt.objects.exists()


def test_a_typed_entry_cannot_be_confirmed_without_typing_it_again(setting):
    sitting, one, _two = setting
    paper_entry.enter_answers(sitting, one, _sheet(sitting, one), acting_user=user_with_role(EXAMINER, username="imp_k"))
    with pytest.raises(ExamError):
        paper_entry.confirm_imported(sitting, one, acting_user=user_with_role(EXAMINER, username="imp_l"))


def test_one_bad_answer_imports_nothing_and_names_its_row(setting):
    sitting, one, two = setting
    result = paper_entry.apply_import(sitting, long_file(sitting, one, two, change={"1": "XYZ"}),
                                      acting_user=user_with_role(EXAMINER, username="imp_m"))
    assert not result.applied and not PaperEntry.objects.exists()
    assert [e.line for e in result.errors] == [2, 2 + len(_sheet(sitting, one))]
    assert result.errors[0].code == "responses.does_not_fit"
    assert "“XYZ” does not fit question 1" in result.errors[0].message


def test_a_stranger_in_the_file_imports_nothing(setting):
    sitting, one, _two = setting
    stranger = user_with_role(EMPLOYEE, username="imp_stranger", employee=True).employee
    rows = [("工号", "题号", "答案"), (one.employee_number, 2, "150"), (stranger.employee_number, 2, "150")]
    result = paper_entry.apply_import(sitting, workbook(*rows), acting_user=user_with_role(EXAMINER, username="imp_n"))
    assert not result.applied and not PaperEntry.objects.exists()
    assert [(e.line, e.code, e.message) for e in result.errors] == [
        (3, "responses.not_a_candidate", f"{stranger.employee_number} is not a candidate of this sitting.")]


def test_a_question_the_paper_does_not_have_imports_nothing(setting):
    sitting, one, _two = setting
    rows = [("工号", "题号", "答案"), (one.employee_number, 2, "150"), (one.employee_number, 99, "A")]
    result = paper_entry.apply_import(sitting, workbook(*rows), acting_user=user_with_role(EXAMINER, username="imp_o"))
    assert not result.applied and [e.line for e in result.errors] == [3]


def test_an_already_scored_paper_in_the_file_imports_nothing(setting):
    sitting, one, two = setting
    data = long_file(sitting, one)
    paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_p"))
    paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_q"))
    result = paper_entry.apply_import(sitting, long_file(sitting, two, one),
                                      acting_user=user_with_role(EXAMINER, username="imp_r"))
    assert not result.applied and result.errors[0].code == "responses.already_scored"
    assert not PaperEntry.objects.filter(employee=two).exists()


def test_an_employee_cannot_import_responses(setting):
    sitting, one, _two = setting
    with pytest.raises(ExamError):
        paper_entry.preview_import(sitting, long_file(sitting, one),
                                   acting_user=user_with_role(EMPLOYEE, username="imp_nosy", employee=True))


def test_a_sitting_held_on_paper_refuses_an_online_start(setting):
    sitting, one, _two = setting
    sitting.held_on_paper = True
    sitting.save()
    with pytest.raises(ExamError) as refused:
        attempts.start_attempt(sitting, one)
    assert refused.value.code == "on_paper"


# ---------------------------------------------------------------------------------- the admin pages


def test_examiners_preview_then_confirm_an_import_through_the_admin(client, setting):
    sitting, one, two = setting
    client.force_login(user_with_role(EXAMINER, username="imp_s"))
    upload_url = reverse("exams_paper_import", args=[sitting.pk])
    assert client.get(upload_url).status_code == 200
    template = client.get(reverse("exams_paper_import_template", args=[sitting.pk]))
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert header[:3] == ["工号", "姓名", 1]
    response = client.post(upload_url, {"file": SimpleUploadedFile("r.xlsx", wide_file(sitting, one, two))})
    preview = response.headers["Location"]
    page = client.get(preview)
    assert page.status_code == 200 and one.employee_number in page.content.decode()
    assert not PaperEntry.objects.exists()  # a preview writes nothing
    assert client.post(preview).status_code == 302
    assert PaperEntry.objects.count() == 2
    client.post(preview)  # a second confirmation is refused
    assert PaperEntry.objects.count() == 2


def test_another_examiner_cannot_confirm_someone_elses_upload(client, setting):
    sitting, one, _two = setting
    upload = paper_entry.stage_import(sitting, long_file(sitting, one), acting_user=user_with_role(EXAMINER,
                                                                                           username="imp_t"))
    client.force_login(user_with_role(EXAMINER, username="imp_u"))
    url = reverse("exams_paper_import_preview", args=[sitting.pk, upload.pk])
    assert client.post(url, follow=True).status_code == 404  # (a 404 in the admin is redirected once first)
    assert not PaperEntry.objects.exists() and StagedUpload.objects.get().status == StagedUpload.Status.STAGED


def test_an_employee_cannot_reach_the_import_pages(client, setting):
    sitting, one, _two = setting
    client.force_login(user_with_role(EMPLOYEE, username="imp_nosy2", employee=True))
    for name in ("exams_paper_import", "exams_paper_import_template"):
        assert client.get(reverse(name, args=[sitting.pk])).status_code in (302, 403)


def test_the_entry_page_shows_imported_answers_for_the_second_examiner_to_confirm(client, setting):
    sitting, one, _two = setting
    paper_entry.apply_import(sitting, long_file(sitting, one), acting_user=user_with_role(EXAMINER, username="imp_v"),
                             file_name="scan.xlsx")
    client.force_login(user_with_role(EXAMINER, username="imp_w"))
    url = reverse("exams_paper_enter", args=[sitting.pk, one.pk])
    assert "scan.xlsx" in client.get(url).content.decode()
    assert client.post(url, {"action": "confirm_imported"}).status_code == 302
    assert Attempt.objects.get().score == Decimal("4.00")


def test_the_staged_upload_keeps_the_plan_so_confirming_does_not_read_the_file_again(setting, monkeypatch):
    sitting, one, _two = setting
    examiner = user_with_role(EXAMINER, username="imp_x")
    staged = paper_entry.stage_import(sitting, long_file(sitting, one), acting_user=examiner, file_name="r.xlsx")
    assert staged.kind == paper_entry.STAGED_KIND and staged.options == {"sitting": sitting.pk}

    def no_second_read(data):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(paper_entry.responses, "read_responses", no_second_read)
    result = paper_entry.confirm_staged(staged, acting_user=examiner)
    assert result.applied and PaperEntry.objects.filter(employee=one, examiner=examiner).exists()


def test_a_paper_scored_between_preview_and_confirm_rejects_the_whole_staged_file(client, setting):
    sitting, one, two = setting
    examiner = user_with_role(EXAMINER, username="imp_y")
    staged = paper_entry.stage_import(sitting, long_file(sitting, one, two), acting_user=examiner)
    data = long_file(sitting, two)  # meanwhile two other examiners score the second paper
    paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_y2"))
    paper_entry.apply_import(sitting, data, acting_user=user_with_role(EXAMINER, username="imp_y3"))
    client.force_login(examiner)
    page = client.post(reverse("exams_paper_import_preview", args=[sitting.pk, staged.pk]))
    assert page.status_code == 200 and 'data-code="responses.already_scored"' in page.content.decode()
    assert not PaperEntry.objects.filter(examiner=examiner).exists()
    staged.refresh_from_db()
    assert staged.status == StagedUpload.Status.REJECTED


def test_a_file_that_is_not_a_workbook_is_refused_on_the_upload_form(client, setting):
    sitting, _one, _two = setting
    client.force_login(user_with_role(EXAMINER, username="imp_z"))
    page = client.post(reverse("exams_paper_import", args=[sitting.pk]),
                       {"file": SimpleUploadedFile("r.xlsx", b"%PDF-1.7 not a workbook")})
    assert page.status_code == 200 and 'class="error-message" role="alert"' in page.content.decode()
    assert page.context["form"].errors.as_data()["file"][0].code == "lying_extension"
    assert not StagedUpload.objects.exists()


def test_a_staged_file_of_another_sitting_is_not_found_under_this_one(client, setting, other_candidate):
    sitting, one, _two = setting
    examiner = user_with_role(EXAMINER, username="imp_w2")
    staged = paper_entry.stage_import(sitting, long_file(sitting, one), acting_user=examiner)
    other, _ = matching_numerical_exam(employees=[other_candidate])
    client.force_login(examiner)
    assert client.get(reverse("exams_paper_import_preview", args=[other.pk, staged.pk])).status_code in (302, 404)
