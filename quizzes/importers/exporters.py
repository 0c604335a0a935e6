"""Write questions back out as the Excel template or as Moodle GIFT.

Both are the exact inverse of their parser: ``parse_questions(export_xlsx(qs), "xlsx")`` and
``parse_questions(export_gift(qs).encode(), "gift")`` give the same questions back (apart from the line
numbers, and for GIFT the fields GIFT has no place for). GIFT cannot express ordering questions,
fill-ins with more than one blank or an essay's model answer: ``export_gift`` refuses those with a
``ValueError`` naming them rather than silently dropping anything.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.core import spreadsheets
from quizzes.question_types import OPTION_TYPES, QuestionType

from . import notation
from .base import LETTERS, ParsedDescription, ParsedQuestion, Problem
from .gift import BLUEPRINT_MARKING, ESCAPABLE
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
        if q.type not in TYPE_NAMES:
            raise ValueError(_("Question on line %(line)s: the Excel template has no place for %(type)s.")
                             % {"line": q.line, "type": q.type})
        if len(q.options) > len(LETTERS) and q.type != "true_false":
            raise ValueError(_("Question on line %(line)s has %(count)s options; the template holds %(limit)s.")
                             % {"line": q.line, "count": len(q.options), "limit": len(LETTERS)})
        options = q.options if q.type in OPTION_TYPES else []
        values = [
            TYPE_NAMES[q.type], q.stem, *(options + [None] * (len(LETTERS) - len(options))),
            _xlsx_answer(q), q.explanation, q.difficulty, "，".join(q.knowledge_points) or None,
            "，".join(q.tags) or None,
            notation.format_pairs(q.prompts, q.options, q.correct) if q.type == "matching" else None,
            notation.format_numeric(q.numeric) if q.type == "numerical" else None,
            q.unit if q.type == "numerical" else None,
            notation.format_weights(q.weights, numbered=q.type == "fill_blank") or None,
            q.section, q.marking_guide, q.original_stem,
        ]
        sheet.append([spreadsheets.text_cell(WriteOnlyCell(sheet, value=value)) for value in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_answer(q: ParsedQuestion) -> str | None:
    if q.type in OPTION_TYPES:
        return "".join(LETTERS[i] for i in q.correct)
    if q.type == "true_false":
        return q.options[q.correct[0]]
    if q.type == "fill_blank":
        return "|".join("/".join(alternatives) for alternatives in q.blanks)
    if q.type in ("matching", "numerical"):
        return None  # in the 配对 / 数值答案 columns
    return q.model_answer


def gift_problem(q: ParsedQuestion) -> Problem | None:
    """Why GIFT cannot hold this question (translated, with its ``code``), or None when it can."""
    if q.type == "ordering":
        return Problem("export.gift_ordering", _("GIFT has no ordering questions"))
    if q.type == "fill_blank" and len(q.blanks) != 1:
        return Problem("export.gift_blanks", _("GIFT holds one blank per question"))
    if q.type == "short_answer" and q.model_answer:
        return Problem("export.gift_model_answer", _("GIFT has no place for an essay's model answer"))
    if q.type == "numerical" and any(n.get("relative") for n in q.numeric):
        return Problem("export.gift_relative_tolerance", _("GIFT has no relative tolerance"))
    return None


def export_gift(questions: list[ParsedQuestion], descriptions: list[ParsedDescription] = ()) -> str:
    """The questions as Moodle GIFT text (UTF-8 when encoded); see ``gift_problem`` for what it refuses.

    ``descriptions`` (GIFT description items) are written before the question they preceded when read.
    """
    refused = [_("line %(line)s: %(problem)s") % {"line": q.line, "problem": problem}
               for q in questions if (problem := gift_problem(q))]
    if refused:
        raise ValueError(_("Cannot export to GIFT: %(problems)s") % {"problems": _("; ").join(refused)})
    chunks: list[str] = []
    section = None

    def category(wanted):
        nonlocal section
        if wanted != section:  # "$course$/top" is the course's default category: no section
            chunks.append(f"$CATEGORY: {wanted}" if wanted else "$CATEGORY: $course$/top")
            section = wanted

    def describe(index):
        for d in descriptions:
            if d.before == index:
                category(d.section)
                name = f"::{_escape(d.name)}::" if d.name else ""
                text_format = f"[{d.text_format}]" if d.text_format else ""
                chunks.append(f"{name}{text_format}{_escape(d.text)}")

    for index, q in enumerate(questions):
        describe(index)
        category(q.section)
        lines = [f"// [tag:{tag}]" for tag in q.tags]
        if q.type == "numerical" and q.unit:
            lines.append(f"// [unit:{q.unit}]")
        if q.type == "multiple" and not q.weights:
            lines.append(f"// {BLUEPRINT_MARKING}")
        name = f"::{_escape(q.name)}::" if q.name else ""
        text_format = f"[{q.text_format}]" if q.text_format else ""
        lines.append(f"{name}{text_format}{_escape(q.stem)}{{{_gift_block(q)}}}")
        chunks.append("\n".join(lines))
    describe(len(questions))
    return "\n\n".join(chunks) + "\n"


def _feedback(q: ParsedQuestion, i: int) -> str:
    text = q.option_feedback[i] if i < len(q.option_feedback) else None
    return f"#{_escape(text)}" if text else ""


def _implied_explanation(q: ParsedQuestion) -> str | None:
    """The explanation the importer takes from an answer's feedback when there is no general feedback."""
    fb = list(q.option_feedback)
    if q.type == "true_false":
        return fb[-1] if fb else None
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and q.correct:
        return fb[q.correct[0]] if q.correct[0] < len(fb) else None
    if q.type == "fill_blank":
        full = [i for i in range(len(q.blanks[0])) if not q.weights or Decimal(q.weights[i]) == 1]
        return fb[full[0]] if full and full[0] < len(fb) else None
    if q.type == "numerical":
        full = [i for i, n in enumerate(q.numeric) if Decimal(str(n.get("fraction", "1"))) == 1]
        return fb[full[0]] if full and full[0] < len(fb) else None
    return None


def _gift_block(q: ParsedQuestion) -> str:
    implied = _implied_explanation(q)
    general = f"####{_escape(q.explanation)}" if q.explanation and q.explanation != implied else ""
    if q.type == "true_false":
        feedback = "".join(f"#{_escape(f or '')}" for f in q.option_feedback)
        return ("TRUE" if q.correct == [0] else "FALSE") + feedback + general
    if q.type == "short_answer":
        return general
    if q.type == "fill_blank":
        weights = q.weights or ["1"] * len(q.blanks[0])
        return " ".join(f"={_percent(w, full_is_plain=True)}{_escape(a)}{_feedback(q, i)}"
                        for i, (a, w) in enumerate(zip(q.blanks[0], weights, strict=True))) + general
    if q.type == "matching":
        pairs = [f"={_escape(p)} -> {_escape(q.options[c])}" for p, c in zip(q.prompts, q.correct, strict=True)]
        used = set(q.correct)
        pairs += [f"= -> {_escape(o)}" for i, o in enumerate(q.options) if i not in used]
        return "\n" + "\n".join(pairs) + "\n" + general
    if q.type == "numerical":
        answers = []
        for i, n in enumerate(q.numeric):
            spec = f"{n['low']}..{n['high']}" if n.get("low") is not None else f"{n['value']}:{n.get('tolerance') or 0}"
            answers.append(f"={_percent(n.get('fraction', '1'), full_is_plain=True)}{spec}{_feedback(q, i)}")
        if len(answers) == 1 and not q.option_feedback:
            return "#" + answers[0][1:] + general
        return "#\n" + "\n".join(answers) + "\n" + general
    if q.type == "single":
        lines = []
        for i, o in enumerate(q.options):
            mark = "=" if i in q.correct else "~"
            weight = _percent(q.weights[i]) if q.weights and i not in q.correct and Decimal(q.weights[i]) else ""
            lines.append(f"{mark}{weight}{_escape(o)}{_feedback(q, i)}")
        return "\n" + "\n".join(lines) + "\n" + general
    weights = q.weights or _plain_weights(len(q.options), q.correct)
    answers = [f"~{_percent(w) if Decimal(w) else ''}{_escape(o)}{_feedback(q, i)}"
               for i, (o, w) in enumerate(zip(q.options, weights, strict=True))]
    return "\n" + "\n".join(answers) + "\n" + general


def _plain_weights(count: int, correct: list[int]) -> list[str]:
    """Weights for a multiple choice marked by the blueprint's policy: equal shares, -100% for wrong options."""
    share = (Decimal(1) / len(correct)).quantize(Decimal("0.0000001"))
    return [str(share) if i in correct else ("-1" if len(correct) < count else "0") for i in range(count)]


def _percent(fraction, *, full_is_plain: bool = False) -> str:
    """A fraction as a GIFT weight: "0.5" → "%50%"; full credit needs none where ``full_is_plain``."""
    value = Decimal(str(fraction))
    if full_is_plain and value == 1:
        return ""
    return f"%{format((value * 100).normalize(), 'f')}%"


def _escape(text: str) -> str:
    for ch in ESCAPABLE:  # the backslash first, so the escapes added later are not doubled
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")
