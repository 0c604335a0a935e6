"""Importing an Excel of paper responses: preview, per-line errors, all or nothing, 双人复核 (issue 16)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from portal.people.roles import EMPLOYEE, EXAMINER
from quizzes.exams.models import Attempt, PaperEntry, PaperResponsesUpload
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
    ([("工号", "题号", "答案"), ("E1", "一", "A")], (2, "row 2, column B: the question number must be a whole number")),
    ([("工号", "题号", "答案"), ("E1", 1, "A"), ("E1", 1, "B")], (3, "row 3: candidate E1 question 1 is given twice")),
    ([("工号", "题号", "答案"), (None, 1, "A")], (2, "row 2: the candidate number is empty")),
    ([("姓名", "题号", "答案")], (1, "row 1: no candidate column")),
    ([("工号", "备注")], (1, "row 1: expected the columns 题号 and 答案")),
])
def test_a_bad_line_of_the_responses_sheet_is_reported_with_its_row(rows, expected):
    sheet = read_responses(workbook(*rows))
    assert [(e.line, e.message[:len(expected[1])]) for e in sheet.errors] == [expected]


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
    assert "“XYZ” does not fit question 1" in result.errors[0].message


def test_a_stranger_in_the_file_imports_nothing(setting):
    sitting, one, _two = setting
    stranger = user_with_role(EMPLOYEE, username="imp_stranger", employee=True).employee
    rows = [("工号", "题号", "答案"), (one.employee_number, 2, "150"), (stranger.employee_number, 2, "150")]
    result = paper_entry.apply_import(sitting, workbook(*rows), acting_user=user_with_role(EXAMINER, username="imp_n"))
    assert not result.applied and not PaperEntry.objects.exists()
    assert [(e.line, e.message) for e in result.errors] == [
        (3, f"row 3: {stranger.employee_number} is not a candidate of this sitting")]


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
    assert not result.applied and "already scored" in result.errors[0].message
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
    assert not PaperEntry.objects.exists() and PaperResponsesUpload.objects.get().applied_at is None


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
