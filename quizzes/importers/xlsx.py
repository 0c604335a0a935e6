"""The Excel question template: one question per row under a header row.

    题型 | 题干 | 选项A … 选项H | 答案 | 解析 | 难度 | 知识点 | 标签 | 配对 | 数值答案 | 单位 | 权重
    (+ optional 分组, 评分要点, 原文题干)

题型: 单选 / 多选 / 判断 / 排序 / 填空 / 简答 / 配对 / 计算 (or single, multiple, true_false, ordering,
fill_blank, short_answer, matching, numerical). 答案: option letters ("AC", "A,C"; for 排序 in the right
order), 对 / 错 for 判断, for 填空 the blanks separated by "|" and the accepted alternatives of a blank by
"/", for 简答 the model answer. 配对 (matching), 数值答案 and 单位 (numerical) and 权重 (per-option credit of
a choice or fill-in question) use the one-cell notations of :mod:`.notation`; a matching or numerical
question may write its pairs or numbers in 答案 instead. Files without the four new columns read as before.

The sheet is read with openpyxl in read-only mode (values only), so 10,000 rows cost little more than
openpyxl's own reading; merged cells are found in the sheet XML, which read-only mode does not expose.
Errors name the row, and the column when one cell is at fault.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from portal.core import uploads
from portal.core.imports import Issue
from quizzes.question_types import OPTION_TYPES

from . import notation
from .base import (
    LETTERS,
    TRUE_FALSE_OPTIONS,
    TYPE_LABELS,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    clean,
    convert,
    count_blanks,
    issue,
    letters_to_indices,
    scrub,
    simplify,
    split_alternatives,
    tidy_lines,
    true_false_index,
)

SHEET_TITLE = "题目"
TEMPLATE_HEADERS = ["题型", "题干", *[f"选项{c}" for c in LETTERS], "答案", "解析", "难度", "知识点", "标签",
                    "配对", "数值答案", "单位", "权重"]
EXTRA_HEADERS = ["分组", "评分要点", "原文题干"]
REQUIRED = ("type", "stem", "answer")
FIELD_NAMES = {"type": "题型", "stem": "题干", "answer": "答案"}
TYPE_NAMES = {"single": "单选", "multiple": "多选", "true_false": "判断", "ordering": "排序",
              "fill_blank": "填空", "short_answer": "简答", "matching": "配对", "numerical": "计算"}

_HEADER_ALIASES = {
    "type": ("题型", "类型", "题目类型", "type", "questiontype"),
    "stem": ("题干", "题目", "试题", "stem", "question"),
    "answer": ("答案", "正确答案", "参考答案", "answer", "answers"),
    "explanation": ("解析", "答案解析", "explanation"),
    "difficulty": ("难度", "difficulty"),
    "knowledge_points": ("知识点", "knowledgepoints", "knowledgepoint"),
    "tags": ("标签", "tags", "tag"),
    "section": ("分组", "章节", "section"),
    "marking_guide": ("评分要点", "评分标准", "markingguide"),
    "original_stem": ("原文题干", "原文", "originalstem"),
    "pairs": ("配对", "配对答案", "连线", "pairs", "matching"),
    "numeric": ("数值答案", "数值", "计算答案", "numeric", "numbers"),
    "unit": ("单位", "unit"),
    "weights": ("权重", "选项权重", "得分比例", "weights", "weight"),
}
_HEADERS = {alias: name for name, aliases in _HEADER_ALIASES.items() for alias in aliases}
_OPTION_HEADER = re.compile(r"^(?:选项|option)?([a-h])$")
_TYPE_WORDS = {
    "single": ("单选", "单选题", "单项选择", "单项选择题", "single", "singlechoice"),
    "multiple": ("多选", "多选题", "多项选择", "多项选择题", "不定项选择题", "multiple", "multiplechoice"),
    "true_false": ("判断", "判断题", "是非题", "truefalse", "tf", "judge", "boolean"),
    "ordering": ("排序", "排序题", "ordering", "order", "sequence"),
    "fill_blank": ("填空", "填空题", "fillblank", "fillin", "fill", "blank"),
    "short_answer": ("简答", "简答题", "问答", "问答题", "论述题", "shortanswer", "essay"),
    "matching": ("配对", "配对题", "连线", "连线题", "匹配", "匹配题", "matching", "match"),
    "numerical": ("计算", "计算题", "数值", "数值题", "numerical", "numeric", "calculation"),
}
_TYPES = {word: name for name, words in _TYPE_WORDS.items() for word in words}
_DIFFICULTY_WORDS = {"易": 1, "容易": 1, "较易": 2, "中": 3, "中等": 3, "适中": 3, "较难": 4, "难": 5, "困难": 5}
_LIST_SPLIT = re.compile(r"[,，;；|\n]+")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _key(value) -> str:
    text = unicodedata.normalize("NFKC", simplify(str(value))).strip().strip("*").lower()
    return re.sub(r"[\s_\-:：]+", "", text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse the question sheet; the upload guard's limits (zip bomb, rows, columns, cell length) apply
    before and while it is read, and a refusal is an issue on the row where it happened."""
    result = ParseResult([], [])
    questions = list(iter_xlsx(data, result))
    if not result.refused:
        result.questions = questions
    return result


def iter_xlsx(data: bytes, result: ParseResult) -> Iterator[ParsedQuestion]:
    """:func:`parse_xlsx`, streamed: each question as its row is read. ``result.errors`` is complete once
    the iterator is exhausted; when the file is refused part-way ``result.refused`` is set, its errors are
    the refusal alone and the questions already yielded do not count (as :func:`parse_xlsx` returns none)."""

    def refuse(issue_: Issue) -> None:
        result.errors[:] = [issue_]
        result.refused = True

    kind = uploads.sniff(data)
    if kind == uploads.EMPTY:
        return refuse(Issue(1, _("The file is empty."), "empty"))
    if uploads.is_damaged_zip(data):
        refused = uploads.unreadable_xlsx()
        return refuse(Issue(1, refused.message, refused.code))
    if kind != uploads.XLSX:
        hint = (_("save it as an Excel workbook (.xlsx)") if kind == uploads.XLS
                else _("for a text file choose the matching text format"))
        return refuse(Issue(
            1, _("The file is %(kind)s, not an Excel workbook (.xlsx); %(hint)s.")
            % {"kind": uploads.kind_label(kind), "hint": hint}, "wrong_type"))
    try:
        uploads.check_zip(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            path = _sheet_path(archive)
            merges = _merges(archive, path) if path else []
        yield from _iter_rows(uploads.xlsx_rows(data, sheet_title=SHEET_TITLE), merges, result)
    except uploads.UploadRefused as refused:
        refuse(Issue(refused.line or 1, refused.message, refused.code))
    except Exception as exc:  # zip/XML damage: report, never raise
        refuse(Issue(
            1, _("The file is not a readable Excel workbook (.xlsx) (%(error)s).") % {"error": type(exc).__name__},
            "unreadable"))


def _merges(archive: zipfile.ZipFile, path: str) -> list[re.Match]:
    """The sheet's merged ranges, scanned from its XML in chunks (never the whole part in memory)."""
    found: list[re.Match] = []
    tail = b""
    with archive.open(path) as part:
        while chunk := part.read(1 << 20):
            buffer = tail + chunk
            last_end = 0
            for match in _MERGE.finditer(buffer):
                found.append(match)
                last_end = match.end()
            tail = buffer[max(last_end, len(buffer) - 512):]
    return found


def _sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The XML part of the sheet we read (the one titled 题目, else the first)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = book.findall("m:sheets/m:sheet", ns)
    if not sheets:
        return None
    chosen = next((s for s in sheets if s.get("name") == SHEET_TITLE), sheets[0])
    rel_id = chosen.get(f"{{{ns['r']}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _iter_rows(rows, merges, result: ParseResult) -> Iterator[ParsedQuestion]:
    """The questions of the sheet's rows, in order; the rows' errors go to ``result.errors`` (sorted by
    row once the rows are read)."""
    errors = result.errors
    merged_rows: set[int] = set()
    for m in merges:
        first_col, first_row = m.group(1).decode(), int(m.group(2))
        last_col, last_row = (m.group(3) or m.group(1)).decode(), int(m.group(4) or m.group(2))
        span = f"{first_col}{first_row}:{last_col}{last_row}"
        errors.append(Issue(first_row, _("Row %(row)s: merged cells %(cells)s; unmerge them so that every "
                                              "question has its own cells") % {"row": first_row, "cells": span},
                                 "xlsx.merged_cells"))
        merged_rows.update(range(first_row, last_row + 1))

    columns: dict[str, int] | None = None
    names: dict[int, str] = {}
    options: list[int] = []
    count = 0
    for row_number, row in rows:
        if not any(v is not None and _text(v) for v in row):
            continue
        if columns is None:
            columns, names, options, header_errors = _read_header(row, row_number)
            errors.extend(header_errors)
            if header_errors:
                errors.sort(key=lambda e: e.line)
                return
            continue
        if row_number in merged_rows:
            continue
        question, problems = _read_row(row, row_number, columns, names, options)
        errors.extend(problems)
        if question is not None:
            count += 1
            yield question
    if columns is None:
        errors.append(Issue(1, _("The sheet is empty: expected a header row 题型, 题干, 选项A…, 答案 …"),
                                 "xlsx.empty_sheet"))
    elif not count and not errors:
        errors.append(Issue(1, _("The sheet has no questions under its header row."), "xlsx.no_questions"))
    errors.sort(key=lambda e: e.line)


def _read_header(row, row_number):
    columns: dict[str, int] = {}
    names: dict[int, str] = {}
    options: dict[int, int] = {}
    errors = []
    for index, value in enumerate(row):
        if value is None or not _text(value):
            continue
        key = _key(value)
        option = _OPTION_HEADER.match(key)
        field = f"option{option.group(1).upper()}" if option else _HEADERS.get(key)
        if field is None:
            continue  # a column of the examiner's own (remarks …): not ours to read
        if field in columns:
            errors.append(Issue(row_number, _("Row %(row)s: column “%(column)s” appears twice (%(first)s and "
                                                   "%(second)s)") % {"row": row_number, "column": _text(value),
                                                                     "first": _column_letter(columns[field]),
                                                                     "second": _column_letter(index)},
                                     "xlsx.duplicate_column", column=_text(value), column_letter=_column_letter(index)))
        columns[field] = index
        names[index] = _text(value)
        if option:
            options[ord(option.group(1).upper()) - 65] = index
    missing = [FIELD_NAMES[f] for f in REQUIRED if f not in columns]
    if missing:
        errors.append(Issue(row_number, _("Row %(row)s: missing column(s) %(missing)s; the header row must have "
                                               "%(headers)s") % {"row": row_number, "missing": ", ".join(missing),
                                                                 "headers": ", ".join(TEMPLATE_HEADERS)},
                                 "xlsx.missing_columns"))
    gaps = [LETTERS[i] for i in range(max(options, default=-1)) if i not in options]
    if gaps:
        errors.append(Issue(row_number, _("Row %(row)s: missing column(s) %(missing)s")
                                 % {"row": row_number, "missing": ", ".join("选项" + g for g in gaps)},
                                 "xlsx.missing_option_columns"))
    ordered = [options[i] for i in sorted(options)]
    return columns, names, ordered, errors


def _read_row(row, row_number, columns, names, option_columns):
    def cell(field):
        index = columns.get(field)
        return _text(row[index]) if index is not None and index < len(row) else ""

    problems: list[Issue] = []

    def problem(field, message: Problem, index=None):
        """``message`` on this row, in the column of ``field`` (or the column ``index``; else the whole row)."""
        index = columns[field] if field else index
        if index is None:
            problems.append(issue(row_number, message, _("Row %(row)s") % {"row": row_number}))
            return
        where = _("Row %(row)s, column %(column)s (%(letter)s)") % {
            "row": row_number, "column": names[index], "letter": _column_letter(index)}
        problems.append(issue(row_number, message, where, column=names[index], column_letter=_column_letter(index)))

    type_text = cell("type")
    qtype = _TYPES.get(_key(type_text)) if type_text else None
    if qtype is None:
        problem("type", Problem("xlsx.unknown_type", _("unknown question type “%(type)s” (use 单选, 多选, 判断, 排序, "
                                                        "填空, 简答, 配对 or 计算)") % {"type": type_text})
                if type_text else Problem("xlsx.empty_type", _("the question type is empty")))
        return None, problems
    stem_original = tidy_lines(scrub(cell("stem")))
    stem, original = convert(stem_original)
    if columns.get("original_stem") is not None and cell("original_stem"):
        original = tidy_lines(scrub(cell("original_stem")))
    q = ParsedQuestion(line=row_number, type=qtype, stem=stem, options=[], correct=[], blanks=[],
                       model_answer=None, explanation=clean(cell("explanation")) or None, original_stem=original,
                       section=clean(cell("section")) or None, marking_guide=clean(cell("marking_guide")) or None,
                       knowledge_points=_split_list(cell("knowledge_points")), tags=_split_list(cell("tags")))
    if not stem:
        problem("stem", Problem("question.empty_stem", _("the question text is empty")))
    difficulty = cell("difficulty")
    if difficulty:
        value = _DIFFICULTY_WORDS.get(difficulty) or (int(difficulty) if difficulty.isdigit() else None)
        if value is None or not 1 <= value <= 5:
            problem("difficulty", Problem("xlsx.difficulty", _("difficulty must be 1–5 (or 易/较易/中/较难/难), got "
                                                               "“%(value)s”") % {"value": difficulty}))
        q.difficulty = value if value and 1 <= value <= 5 else None
    answer = cell("answer")
    if qtype in OPTION_TYPES:
        _choice(q, row, option_columns, names, answer, problem)
    elif qtype == "true_false":
        q.options = list(TRUE_FALSE_OPTIONS)
        value = true_false_index(answer)
        if value is None:
            problem("answer", Problem("xlsx.true_false_answer", _("a true/false answer must be 对 or 错, got "
                                                                  "“%(answer)s”") % {"answer": answer})
                    if answer else _no_answer())
        else:
            q.correct = [value]
    elif qtype == "fill_blank":
        _fill_in(q, answer, problem)
    elif qtype == "matching":
        _matching(q, cell("pairs") or answer, "pairs" if cell("pairs") else "answer", problem)
    elif qtype == "numerical":
        _numerical(q, cell("numeric") or answer, "numeric" if cell("numeric") else "answer", problem)
        q.unit = clean(cell("unit")) or None
    else:
        q.model_answer = simplify(tidy_lines(scrub(answer))) or None
    for field in ("pairs", "numeric", "unit"):
        wanted = {"pairs": "matching", "numeric": "numerical", "unit": "numerical"}[field]
        if cell(field) and qtype != wanted:
            problem(field, Problem("xlsx.column_not_for_type", _("only a %(type)s question fills this column")
                                   % {"type": TYPE_LABELS[wanted]}))
    if cell("weights") and not problems:
        _weights(q, cell("weights"), problem)
    if not problems:
        for message in check_question(q):
            problem(None, message)
    return (None if problems else q), problems


def _choice(q, row, option_columns, names, answer, problem):
    texts = [clean(_text(row[i]) if i < len(row) else "") for i in option_columns]
    while texts and not texts[-1]:
        texts.pop()
    for position, text in enumerate(texts):
        if not text:
            index = option_columns[position]
            problem(None, Problem("xlsx.option_gap", _("option %(letter)s is empty but a later option is filled")
                                  % {"letter": LETTERS[position]}), index=index)
    q.options = texts
    if not answer:
        problem("answer", _no_answer())
        return
    indices = letters_to_indices(answer)
    if indices is None:
        problem("answer", Problem("xlsx.answer_not_letters", _("the answer must be option letters like “A” or “AC”, "
                                                               "got “%(answer)s”") % {"answer": answer}))
        return
    missing = sorted({LETTERS[i] if i < len(LETTERS) else chr(65 + i) for i in indices if i >= len(texts)})
    if missing:
        filled = (_("only options A–%(last)s are filled") % {"last": LETTERS[len(texts) - 1]} if texts
                  else _("no option is filled"))
        problem("answer", Problem("xlsx.answer_not_an_option", _("the answer names option %(letters)s, which does not "
                                                                 "exist (%(filled)s)")
                                  % {"letters": ", ".join(missing), "filled": filled}))
        return
    q.correct = sorted(indices) if q.type == "multiple" else indices


def _fill_in(q, answer, problem):
    if not answer:
        problem("answer", Problem("xlsx.no_blank_answer", _("no answer is given for the blank(s)")))
        return
    q.blanks = [split_alternatives(simplify(part)) for part in answer.split("|")]
    markers = count_blanks(q.stem)
    if markers and markers != len(q.blanks):
        problem("answer", Problem("xlsx.blanks_mismatch", _("the question text has %(count)s blanks but the answer "
                                                            "gives %(given)s (separate blanks with “|”)")
                                  % {"count": markers, "given": len(q.blanks)}))


def _matching(q, text, field, problem):
    if not text:
        problem(field, Problem("xlsx.no_pairs", _("a matching question needs its pairs, one “item -> answer” per "
                                                  "line")))
        return
    try:
        prompts, options, correct = notation.parse_pairs(text)
    except notation.NotationError as error:
        problem(field, Problem(error.code, str(error)))
        return
    q.prompts, q.options, q.correct = [clean(p) for p in prompts], [clean(o) for o in options], correct


def _numerical(q, text, field, problem):
    if not text:
        problem(field, Problem("xlsx.no_numbers", _("a numerical question needs its accepted value(s), e.g. 150 or "
                                                    "150±0.01")))
        return
    try:
        q.numeric = notation.parse_numeric(text)
    except notation.NotationError as error:
        problem(field, Problem(error.code, str(error)))


def _weights(q, text, problem):
    if q.type not in ("single", "multiple", "fill_blank"):
        problem("weights", Problem("xlsx.weights_not_for_type", _("only single choice, multiple choice and fill-in "
                                                                  "questions take weights")))
        return
    if q.type == "fill_blank" and len(q.blanks) != 1:
        problem("weights", Problem("xlsx.weights_several_blanks", _("weights on a fill-in question need exactly one "
                                                                    "blank")))
        return
    count = len(q.blanks[0]) if q.type == "fill_blank" else len(q.options)
    try:
        q.weights = notation.parse_weights(text, count)
    except notation.NotationError as error:
        problem("weights", Problem(error.code, str(error)))
        return
    if q.type == "multiple":
        positive = [i for i, w in enumerate(q.weights) if Decimal(w) > 0]
        if positive != q.correct:
            problem("weights", Problem("xlsx.weights_answer_mismatch",
                                       _("the options with a positive weight must be the options named in 答案 "
                                         "(%(weighted)s ≠ %(answer)s)")
                                       % {"weighted": "".join(LETTERS[i] for i in positive) or _("none"),
                                          "answer": "".join(LETTERS[i] for i in q.correct)}))
    elif q.type == "single" and q.correct and Decimal(q.weights[q.correct[0]]) != 1:
        problem("weights", Problem("xlsx.weights_single", _("the right answer of a single-choice question earns "
                                                            "%(full)s") % {"full": "100%"}))
    elif q.type == "fill_blank" and not any(Decimal(w) == 1 for w in q.weights):
        problem("weights", Problem("xlsx.weights_no_full_credit", _("no accepted answer earns %(full)s")
                                   % {"full": "100%"}))


def _no_answer() -> Problem:
    return Problem("question.no_answer", _("no correct answer is given"))


def _split_list(text: str) -> list[str]:
    return [part for part in (clean(p) for p in _LIST_SPLIT.split(text)) if part] if text else []


def build_xlsx_template() -> bytes:
    """An empty question sheet (header row, type drop-down) and a sheet of instructions and examples."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = {"A": 8, "B": 50, "K": 12, "L": 40, "M": 6, "N": 16, "O": 16, "P": 30, "Q": 20, "R": 8, "S": 24}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    choices = DataValidation(type="list", formula1='"单选,多选,判断,排序,填空,简答,配对,计算"', allow_blank=True)
    sheet.add_data_validation(choices)
    choices.add("A2:A10000")

    guide = book.create_sheet("填写说明")
    guide.append(["列", "填写方法"])
    for row in [
        ("题型", "单选 / 多选 / 判断 / 排序 / 填空 / 简答 / 配对（连线题） / 计算（数值题）"),
        ("题干", "题目文字；填空题用 ( ) 或 ____ 标出空位"),
        ("选项A…选项H", "选择题与排序题的选项，不带字母，从选项A起连续填写"),
        ("答案", "选择题填字母，如 A 或 AC（也可写 A,C）；排序题按正确顺序写字母，如 BCAD；判断题填 对 或 错；"
                 "填空题各空用 | 分隔，同一空的多个可接受答案用 / 分隔；简答题填参考答案；"
                 "配对题、计算题可把配对或数值写在本列，也可写在“配对”“数值答案”列"),
        ("解析", "答案解析（可空）"),
        ("难度", "1–5 或 易/较易/中/较难/难（可空）"),
        ("知识点 / 标签", "多个用逗号分隔（可空）"),
        ("配对", "仅配对题：每行（或用 | 分隔）一对“左项 -> 右项”，如 个人开户 -> 对私柜台；"
                 "只写“-> 右项”表示一个不与任何左项配对的干扰项（右项可多于左项）"),
        ("数值答案", "仅计算题：每行（或用 | 分隔）一个可接受的值：150 精确值；150±0.01 绝对误差；200±5% 相对误差；"
                     "3.141..3.142 区间；末尾加 @50% 表示该值只得一半分，如 1822±2@50%。"
                     "考生作答可用全角数字和千分位逗号"),
        ("单位", "仅计算题：答案的单位，如 元（可空）"),
        ("权重", "仅单选、多选、填空题（可空）：各选项得分比例，如 A:50%, B:50%, C:-100%；未写的选项为 0；"
                 "多选题中权重为正的选项须与“答案”一致，总分不低于 0；单选题的正确项为 100%；"
                 "填空题按可接受答案的次序写 1:100%, 2:50%。留空时多选题按试卷蓝图的少选得分规则评分"),
        ("注意", "不要合并单元格；一行一题；第一行是表头，不要改动"),
    ]:
        guide.append(list(row))
    guide.append([])
    guide.append(["示例（复制到“题目”表时去掉本行）"])
    guide.append(TEMPLATE_HEADERS)
    for example in _TEMPLATE_EXAMPLES:
        guide.append(example)
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_TEMPLATE_EXAMPLES = [
    ["单选", "手机银行的登录地址为()", "wap.boc.cn", "mbs.boc.cn", *[None] * 6, "B", "", 2, "手机银行", ""],
    ["多选", "我行企业网银安全认证工具包括()", "动态口令", "CA证书", "软证书", "手机短信", *[None] * 4, "ABCD", "", 3,
     "", ""],
    ["判断", "电子银行中心不属于省联社前台部门。", *[None] * 8, "错", "电子银行中心属于省联社前台部门。", 1, "", ""],
    ["排序", "E-TOKEN到期更换的操作步骤为()", "申请新的E-TOKEN", "将原来的E-TOKEN解除绑定", "注销原来的E-TOKEN",
     "重新进行绑定", *[None] * 4, "BCAD", "", 3, "", ""],
    ["填空", "订单有效期为( )天。", *[None] * 8, "15", "", 2, "", ""],
    ["简答", "我行企业网银安全控制的三道防线是什么?", *[None] * 8, "用户名和静态密码；动态密码；转账时再次输入动态口令",
     "", 4, "", ""],
    ["配对", "将业务与办理柜台配对。", *[None] * 8, "", "", 3, "", "", "个人开户 -> 对私柜台\n对公结算 -> 对公柜台\n"
     "-> 外汇柜台"],
    ["计算", "一笔 1,000 元定期存款年利率 1.5%，一年利息为多少元？", *[None] * 8, "", "", 2, "", "", None,
     "15±0.01\n15.1±0.1@50%", "元"],
    ["多选", "下列属于个人网银一级菜单的是()", "账户管理", "转账汇款", "柜台签约", "投资理财", *[None] * 4, "ABD", "少选得部分分，错选不得分",
     3, "", "", None, None, None, "A:33.3333%, B:33.3333%, C:-100%, D:33.3334%"],
]
