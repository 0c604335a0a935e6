"""Write questions back out as the Excel template or as Moodle GIFT.

Both are the exact inverse of their parser: ``parse_questions(export_xlsx(qs), "xlsx")`` and
``parse_questions(export_gift(qs).encode(), "gift")`` give the same questions back (apart from the line
numbers, and for GIFT the fields GIFT has no place for). GIFT cannot express ordering questions,
fill-ins with more than one blank or an essay's model answer: ``export_gift`` refuses those with a
``ValueError`` naming them rather than silently dropping anything.
"""

from __future__ import annotations

import io

from portal.core import spreadsheets

from .base import LETTERS, ParsedQuestion
from .gift import ESCAPABLE
from .xlsx import EXTRA_HEADERS, SHEET_TITLE, TEMPLATE_HEADERS, TYPE_NAMES


def export_xlsx(questions: list[ParsedQuestion]) -> bytes:
    """The questions as an .xlsx in the import template's layout (plus 分组, 评分要点, 原文题干)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    header = []
    for title in TEMPLATE_HEADERS + EXTRA_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for q in questions:
        if len(q.options) > len(LETTERS) and q.type != "true_false":
            raise ValueError(f"question on line {q.line} has {len(q.options)} options; the template holds 8")
        options = q.options if q.type in ("single", "multiple", "ordering") else []
        values = [
            TYPE_NAMES[q.type], q.stem, *(options + [None] * (len(LETTERS) - len(options))),
            _xlsx_answer(q), q.explanation, q.difficulty, "，".join(q.knowledge_points) or None,
            "，".join(q.tags) or None, q.section, q.marking_guide, q.original_stem,
        ]
        sheet.append([spreadsheets.text_cell(WriteOnlyCell(sheet, value=value)) for value in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_answer(q: ParsedQuestion) -> str | None:
    if q.type in ("single", "multiple", "ordering"):
        return "".join(LETTERS[i] for i in q.correct)
    if q.type == "true_false":
        return q.options[q.correct[0]]
    if q.type == "fill_blank":
        return "|".join("/".join(alternatives) for alternatives in q.blanks)
    return q.model_answer


def gift_problem(q: ParsedQuestion) -> str | None:
    """Why GIFT cannot hold this question, or None when it can."""
    if q.type == "ordering":
        return "GIFT has no ordering questions"
    if q.type == "fill_blank" and len(q.blanks) != 1:
        return "GIFT holds one blank per question"
    if q.type == "short_answer" and q.model_answer:
        return "GIFT has no place for an essay's model answer"
    return None


def export_gift(questions: list[ParsedQuestion]) -> str:
    """The questions as Moodle GIFT text (UTF-8 when encoded); see ``gift_problem`` for what it refuses."""
    refused = [f"line {q.line}: {problem}" for q in questions if (problem := gift_problem(q))]
    if refused:
        raise ValueError("cannot export to GIFT: " + "; ".join(refused))
    chunks: list[str] = []
    section = None
    for q in questions:
        if q.section != section:  # "$course$/top" is the course's default category: no section
            chunks.append(f"$CATEGORY: {q.section}" if q.section else "$CATEGORY: $course$/top")
            section = q.section
        lines = [f"// [tag:{tag}]" for tag in q.tags]
        lines.append(f"{_escape(q.stem)}{{{_gift_block(q)}}}")
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"


def _gift_block(q: ParsedQuestion) -> str:
    general = f"####{_escape(q.explanation)}" if q.explanation else ""
    if q.type == "true_false":
        return ("T" if q.correct == [0] else "F") + general
    if q.type == "short_answer":
        return general
    if q.type == "fill_blank":
        return " ".join(f"={_escape(a)}" for a in q.blanks[0]) + general
    if q.type == "single":
        marks = ["=" if i in q.correct else "~" for i in range(len(q.options))]
        return "\n" + "\n".join(f"{m}{_escape(o)}" for m, o in zip(marks, q.options, strict=True)) + "\n" + general
    right = f"%{_weight(100 / len(q.correct))}%"
    wrong = "%-100%" if len(q.correct) < len(q.options) else ""
    answers = [f"~{right if i in q.correct else wrong}{_escape(o)}" for i, o in enumerate(q.options)]
    return "\n" + "\n".join(answers) + "\n" + general


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _escape(text: str) -> str:
    for ch in ESCAPABLE:  # the backslash first, so the escapes added later are not doubled
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")
