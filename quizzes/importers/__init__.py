"""Question-file parsers: survey export (wjx), exam paper text (paper), Excel (xlsx), GIFT, Aiken.

``parse_questions(data, fmt)`` is the one entry point; it never raises on bad input, it returns a
:class:`ParseResult` whose ``errors`` name the line (Excel: the row) of every problem. A question with
a problem is reported, never also returned. No Django here: the import service stores the result.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from portal.core.imports import Issue

from .base import ParsedDescription, ParsedQuestion, ParseResult, decode_text, failure

FORMATS = ("wjx", "paper", "xlsx", "gift", "aiken")
MAX_ERRORS = 100  # a file in the wrong format would otherwise report an error on every line

__all__ = [
    "FORMATS",
    "ParseResult",
    "ParsedDescription",
    "ParsedQuestion",
    "build_xlsx_template",
    "export_gift",
    "export_xlsx",
    "parse_questions",
    "stream_questions",
]


def parse_questions(data: bytes, fmt: str) -> ParseResult:
    """Parse an uploaded question file; ``fmt`` is one of ``FORMATS``."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        return failure(1, _("Unknown question file format “%(format)s”; expected one of %(formats)s.")
                       % {"format": fmt, "formats": ", ".join(FORMATS)}, "import.unknown_format")
    if isinstance(data, str):
        data = data.encode("utf-8")
    result = _parse(data, fmt)
    _cap_errors(result)
    return result


def stream_questions(data: bytes, fmt: str) -> tuple[ParseResult, Iterator[ParsedQuestion]]:
    """:func:`parse_questions` read as the file streams: (result, questions). An Excel sheet's questions
    come as their rows are read (a 50,000-row workbook is never one list); the other formats are parsed
    whole first. ``result.errors`` is complete, as :func:`parse_questions` returns it, once the questions
    are exhausted; when ``result.refused`` the file was refused part-way and no question counts."""
    fmt = (fmt or "").strip().lower()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if fmt != "xlsx":
        result = parse_questions(data, fmt)
        questions, result.questions = result.questions, []
        return result, iter(questions)
    result = ParseResult([], [])
    return result, _streamed_xlsx(data, result)


def _streamed_xlsx(data: bytes, result: ParseResult) -> Iterator[ParsedQuestion]:
    from .xlsx import iter_xlsx

    try:
        yield from iter_xlsx(data, result)
    except Exception as exc:  # a parser bug must not turn into a server error on upload
        failed = failure(1, _("The file could not be read (%(error)s).") % {"error": f"{type(exc).__name__}: {exc}"},
                         "import.unreadable")
        result.errors[:], result.refused = failed.errors, True
    _cap_errors(result)


def _cap_errors(result: ParseResult) -> None:
    if len(result.errors) > MAX_ERRORS:
        more = len(result.errors) - MAX_ERRORS
        result.errors = result.errors[:MAX_ERRORS] + [
            Issue(result.errors[MAX_ERRORS].line,
                       _("… and %(count)s more errors (is this the right file format?)") % {"count": more},
                       "import.too_many_errors")
        ]


def _parse(data: bytes, fmt: str) -> ParseResult:
    try:
        if fmt == "xlsx":
            from .xlsx import parse_xlsx

            return parse_xlsx(data)
        text = decode_text(data)
        if isinstance(text, Issue):
            return ParseResult([], [text])
        if fmt == "wjx":
            from .wjx import parse_wjx as parse
        elif fmt == "paper":
            from .paper import parse_paper as parse
        elif fmt == "gift":
            from .gift import parse_gift as parse
        else:
            from .aiken import parse_aiken as parse
        return parse(text)
    except Exception as exc:  # a parser bug must not turn into a server error on upload
        return failure(1, _("The file could not be read (%(error)s).") % {"error": f"{type(exc).__name__}: {exc}"},
                       "import.unreadable")


def build_xlsx_template() -> bytes:
    from .xlsx import build_xlsx_template as build

    return build()


def export_xlsx(questions: list[ParsedQuestion]) -> bytes:
    from .exporters import export_xlsx as export

    return export(questions)


def export_gift(questions: list[ParsedQuestion], descriptions=()) -> str:
    from .exporters import export_gift as export

    return export(questions, descriptions)
