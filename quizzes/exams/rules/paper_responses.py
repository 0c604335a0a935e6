"""Reading an Excel of paper-sitting responses (what examiners or a mark reader copied from the answer sheets).

Pure rules, no ORM or HTTP: the service checks every answer against the candidate's own printed paper.
Two layouts, told apart by the header row:

* one row per candidate × question: 工号 (or 考号 / 准考证号 / employee number) | 题号 | 答案
* one row per candidate: 工号 | 1 | 2 | 3 … (a column per question number; "第1题" and "Q1" work too)

Other columns (姓名, remarks …) are ignored. Answers are written as on the entry page (option letters,
对/错, one letter per matching item, blanks separated by "|", numbers as written). An empty cell is an
unanswered question. Every problem is an :class:`portal.core.imports.Issue` with its row, the column
where one cell is at fault, a stable code (``responses.*``, or the upload guard's code) and a translated
message; the sheet is read in read-only mode, row by row, so a large file costs little memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.core import uploads
from portal.core.imports import Issue

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_ANSWER = 5000

_CANDIDATE = {"工号", "员工号", "员工编号", "考号", "准考证号", "考生号", "考生编号", "employeenumber", "employee",
              "candidate", "candidatenumber"}
_POSITION = {"题号", "题目序号", "序号", "question", "questionnumber", "position"}
_ANSWER = {"答案", "作答", "考生答案", "answer", "response"}
_QUESTION_COLUMN = re.compile(r"^(?:第)?(\d{1,3})(?:题)?$|^q(\d{1,3})$")


#: every code an issue of this module (and of the service's check against the papers) may carry, besides the
#: upload guard's (portal.core.uploads.REFUSAL_CODES)
ISSUE_CODES = frozenset({
    "responses.empty", "responses.too_large", "responses.unreadable", "responses.too_many_rows",
    "responses.no_candidate_number", "responses.bad_position", "responses.answer_too_long",
    "responses.given_twice", "responses.no_header", "responses.no_answers", "responses.header_twice",
    "responses.question_twice", "responses.no_candidate_column", "responses.no_layout",
    # quizzes.exams.services.paper_entry, against each candidate's printed paper
    "responses.not_a_candidate", "responses.already_scored", "responses.no_such_question",
    "responses.does_not_fit",
})


@dataclass
class CandidateAnswers:
    employee_number: str
    line: int  # the first row of this candidate
    answers: dict[str, str] = field(default_factory=dict)  # position → text as written
    lines: dict[str, int] = field(default_factory=dict)  # position → the row it came from


@dataclass
class ResponsesSheet:
    layout: str  # "long" or "wide"
    candidates: list[CandidateAnswers]
    errors: list[Issue]


def _key(value) -> str:
    return re.sub(r"[\s_\-:：*]+", "", unicodedata.normalize("NFKC", str(value)).strip().lower())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _column(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _issue(line: int, code: str, message: str, column: int | None = None, header: str = "") -> Issue:
    if column is None:
        return Issue(line, message, code)
    return Issue(line, message, code, column=header or _column(column), column_letter=_column(column))


def read_responses(data: bytes) -> ResponsesSheet:
    """The candidates' answers as written, or the issues that stop the import (never raises on bad input)."""
    def fail(code, message):
        return ResponsesSheet("", [], [_issue(1, code, message)])

    if not data:
        return fail("responses.empty", _("The file is empty."))
    if len(data) > MAX_BYTES:
        return fail("responses.too_large", _("The file is too large (the limit is %(limit)s MB).")
                    % {"limit": MAX_BYTES // (1024 * 1024)})
    try:  # the one upload guard: the real type, then the zip bomb checks before anything is inflated
        uploads.check_kind(data, (uploads.XLSX,))
    except uploads.UploadRefused as refused:
        return fail(refused.code, refused.message)
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # damaged zip or XML: report, never raise
        refused = uploads.unreadable_xlsx()
        return fail("responses.unreadable", refused.message)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        return _read(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _read(rows) -> ResponsesSheet:
    errors: list[Issue] = []
    header = None
    layout = ""
    titles: list[str] = []
    by_number: dict[str, CandidateAnswers] = {}
    for line, row in enumerate(rows, 1):
        if line > MAX_ROWS:
            errors.append(_issue(line, "responses.too_many_rows",
                                 _("The sheet has more than %(limit)s rows; split the file.") % {"limit": MAX_ROWS}))
            break
        values = [_text(v) for v in row]
        if not any(values):
            continue
        if header is None:
            header, layout, problem = _header(values)
            if problem:
                return ResponsesSheet("", [], [_issue(line, *problem)])
            titles = values
            continue
        number = values[header["candidate"]] if header["candidate"] < len(values) else ""
        if not number:
            errors.append(_issue(line, "responses.no_candidate_number", _("The candidate number is empty."),
                                 header["candidate"], titles[header["candidate"]]))
            continue
        candidate = by_number.setdefault(number, CandidateAnswers(number, line))
        cells = ([(header["position"], header["answer"])] if layout == "long"
                 else [(None, index) for index in header["questions"]])
        for position_index, answer_index in cells:
            if position_index is not None:
                position = values[position_index] if position_index < len(values) else ""
                if not position.isdigit() or int(position) < 1:
                    errors.append(_issue(line, "responses.bad_position",
                                         _("The question number must be a whole number, not “%(value)s”.")
                                         % {"value": position[:40]}, position_index, titles[position_index]))
                    continue
                position = str(int(position))
            else:
                position = header["questions"][answer_index]
            answer = values[answer_index] if answer_index < len(values) else ""
            if len(answer) > MAX_ANSWER:
                errors.append(_issue(line, "responses.answer_too_long",
                                     _("The answer is longer than %(limit)s characters.") % {"limit": MAX_ANSWER},
                                     answer_index, titles[answer_index]))
                continue
            if position in candidate.answers:
                errors.append(_issue(line, "responses.given_twice",
                                     _("Candidate %(number)s question %(position)s is given twice (rows %(first)s "
                                       "and %(second)s).") % {"number": number, "position": position,
                                                              "first": candidate.lines[position], "second": line}))
                continue
            candidate.answers[position] = answer
            candidate.lines[position] = line
    if header is None:
        errors.append(_issue(1, "responses.no_header",
                             _("The sheet is empty: expected a header row 工号 | 题号 | 答案 or 工号 | 1 | 2 | 3 …")))
    elif not by_number and not errors:
        errors.append(_issue(1, "responses.no_answers", _("The sheet has no answers under its header row.")))
    return ResponsesSheet(layout, list(by_number.values()), sorted(errors, key=lambda e: e.line or 0))


def _header(values: list[str]):
    """({candidate, position, answer} or {candidate, questions: {index: position}}, layout, problem), the
    problem as (code, message, column index, column text)."""
    keys = [_key(v) for v in values]
    found: dict[str, int] = {}
    questions: dict[int, str] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        for name, words in (("candidate", _CANDIDATE), ("position", _POSITION), ("answer", _ANSWER)):
            if key in words:
                if name in found:
                    return None, "", ("responses.header_twice", _("The column “%(column)s” appears twice.")
                                      % {"column": values[index]}, index, values[index])
                found[name] = index
        match = _QUESTION_COLUMN.match(key)
        if match:
            position = str(int(match.group(1) or match.group(2)))
            if position in questions.values():
                return None, "", ("responses.question_twice", _("Question %(position)s has two columns.")
                                  % {"position": position}, index, values[index])
            questions[index] = position
    if "candidate" not in found:
        return None, "", ("responses.no_candidate_column",
                          _("No candidate column (工号, 考号 or 准考证号) in the header row."))
    if "position" in found and "answer" in found:
        return found, "long", None
    if questions:
        return {"candidate": found["candidate"], "questions": questions}, "wide", None
    return None, "", ("responses.no_layout",
                      _("Expected the columns 题号 and 答案 (one row per candidate and question) or a column per "
                        "question numbered 1, 2, 3 … (one row per candidate)."))


def build_template(positions: list[int], candidates: list[tuple[str, str]] = ()) -> bytes:
    """A one-row-per-candidate sheet for a sitting: 工号 | 姓名 | 1 | 2 | … (姓名 is for the examiner only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "作答"
    sheet.append(["工号", "姓名", *positions])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    for number, name in candidates:
        sheet.append([number, name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
