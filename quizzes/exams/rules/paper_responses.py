"""Reading an Excel of paper-sitting responses (what examiners or a mark reader copied from the answer sheets).

Pure rules, no ORM or HTTP: the service checks every answer against the candidate's own printed paper.
Two layouts, told apart by the header row:

* one row per candidate × question: 工号 (or 考号 / 准考证号 / employee number) | 题号 | 答案
* one row per candidate: 工号 | 1 | 2 | 3 … (a column per question number; "第1题" and "Q1" work too)

Other columns (姓名, remarks …) are ignored. Answers are written as on the entry page (option letters,
对/错, one letter per matching item, blanks separated by "|", numbers as written). An empty cell is an
unanswered question. Every problem names its row (and column); the sheet is read in read-only mode,
row by row, so a large file costs little memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from portal.core import uploads

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_ANSWER = 5000

_CANDIDATE = {"工号", "员工号", "员工编号", "考号", "准考证号", "考生号", "考生编号", "employeenumber", "employee",
              "candidate", "candidatenumber"}
_POSITION = {"题号", "题目序号", "序号", "question", "questionnumber", "position"}
_ANSWER = {"答案", "作答", "考生答案", "answer", "response"}
_QUESTION_COLUMN = re.compile(r"^(?:第)?(\d{1,3})(?:题)?$|^q(\d{1,3})$")


@dataclass
class SheetIssue:
    line: int
    message: str


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
    errors: list[SheetIssue]


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


def read_responses(data: bytes) -> ResponsesSheet:
    """The candidates' answers as written, or the errors that stop the import (never raises on bad input)."""
    def fail(message):
        return ResponsesSheet("", [], [SheetIssue(1, message)])

    if not data:
        return fail("the file is empty")
    if len(data) > MAX_BYTES:
        return fail(f"the file is too large (the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    try:  # the one upload guard: the real type, then the zip bomb checks before anything is inflated
        uploads.check_kind(data, (uploads.XLSX,))
    except uploads.UploadRefused as refused:
        return fail(refused.message)
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # damaged zip or XML: report, never raise
        return fail(f"the file is not a readable Excel .xlsx workbook ({type(exc).__name__})")
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        return _read(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _read(rows) -> ResponsesSheet:
    errors: list[SheetIssue] = []
    header = None
    layout = ""
    by_number: dict[str, CandidateAnswers] = {}
    for line, row in enumerate(rows, 1):
        if line > MAX_ROWS:
            errors.append(SheetIssue(line, f"the sheet has more than {MAX_ROWS} rows; split the file"))
            break
        values = [_text(v) for v in row]
        if not any(values):
            continue
        if header is None:
            header, layout, problem = _header(values)
            if problem:
                return ResponsesSheet("", [], [SheetIssue(line, problem)])
            continue
        number = values[header["candidate"]] if header["candidate"] < len(values) else ""
        if not number:
            errors.append(SheetIssue(line, f"row {line}: the candidate number is empty"))
            continue
        candidate = by_number.setdefault(number, CandidateAnswers(number, line))
        cells = ([(header["position"], header["answer"])] if layout == "long"
                 else [(None, index) for index in header["questions"]])
        for position_index, answer_index in cells:
            if position_index is not None:
                position = values[position_index] if position_index < len(values) else ""
                if not position.isdigit() or int(position) < 1:
                    errors.append(SheetIssue(line, f"row {line}, column {_column(position_index)}: the question "
                                                   f"number must be a whole number, got “{position}”"))
                    continue
                position = str(int(position))
            else:
                position = header["questions"][answer_index]
            answer = values[answer_index] if answer_index < len(values) else ""
            if len(answer) > MAX_ANSWER:
                errors.append(SheetIssue(line, f"row {line}, column {_column(answer_index)}: the answer is longer "
                                               f"than {MAX_ANSWER} characters"))
                continue
            if position in candidate.answers:
                errors.append(SheetIssue(line, f"row {line}: candidate {number} question {position} is given twice "
                                               f"(rows {candidate.lines[position]} and {line})"))
                continue
            candidate.answers[position] = answer
            candidate.lines[position] = line
    if header is None:
        errors.append(SheetIssue(1, "the sheet is empty: expected a header row 工号 | 题号 | 答案 "
                                    "or 工号 | 1 | 2 | 3 …"))
    elif not by_number and not errors:
        errors.append(SheetIssue(1, "the sheet has no answers under its header row"))
    return ResponsesSheet(layout, list(by_number.values()), sorted(errors, key=lambda e: e.line))


def _header(values: list[str]):
    """({candidate, position, answer} or {candidate, questions: {index: position}}, layout, problem)."""
    keys = [_key(v) for v in values]
    found: dict[str, int] = {}
    questions: dict[int, str] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        for name, words in (("candidate", _CANDIDATE), ("position", _POSITION), ("answer", _ANSWER)):
            if key in words:
                if name in found:
                    return None, "", f"row 1: column “{values[index]}” appears twice"
                found[name] = index
        match = _QUESTION_COLUMN.match(key)
        if match:
            position = str(int(match.group(1) or match.group(2)))
            if position in questions.values():
                return None, "", f"row 1: question {position} has two columns"
            questions[index] = position
    if "candidate" not in found:
        return None, "", "row 1: no candidate column (工号, 考号 or 准考证号)"
    if "position" in found and "answer" in found:
        return found, "long", None
    if questions:
        return {"candidate": found["candidate"], "questions": questions}, "wide", None
    return None, "", ("row 1: expected the columns 题号 and 答案 (one row per candidate and question) or a column "
                      "per question numbered 1, 2, 3 … (one row per candidate)")


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
