"""Exporting a bank as the Excel template or as Moodle GIFT (the inverse of the importers).

Each question's *current* version is written in the import formats' own shape
(``quizzes.importers.ParsedQuestion``), so importing an export into an empty bank gives back the same
questions. Retired questions are left out unless asked for. GIFT cannot hold ordering questions,
fill-ins with several blanks or short answers with a model answer: such a bank is refused (naming
the questions) unless ``skip_unsupported`` is set, never silently cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from quizzes.importers import ParsedQuestion, export_gift, export_xlsx
from quizzes.models import Question, QuestionBank, QuestionStatus
from quizzes.services import knowledge

EXPORT_FORMATS = ("xlsx", "gift")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gift": "text/plain; charset=utf-8",
}
EXTENSIONS = {"xlsx": "xlsx", "gift": "gift.txt"}


class ExportRefused(Exception):
    """The bank holds questions the format cannot express; ``problems`` names them."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Export:
    data: bytes
    fmt: str
    count: int
    skipped: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]


def to_parsed(question: Question, line: int = 0) -> ParsedQuestion:
    """A question's current version in the importers' shape."""
    v = question.current_version
    return ParsedQuestion(
        line=line,
        type=v.type,
        stem=v.stem,
        options=list(v.options),
        correct=list(v.correct),
        blanks=[list(b) for b in v.blanks],
        model_answer=v.model_answer or None,
        explanation=v.explanation or None,
        original_stem=v.original_text or None,
        section=question.source_section or None,
        number=question.source_number,
        difficulty=v.difficulty,
        knowledge_points=knowledge.reference_labels(question),
        tags=sorted(question.tags.names()),
        marking_guide=v.marking_guide or None,
        prompts=list(v.prompts),
        weights=[str(w) for w in v.weights],
        numeric=[dict(n) for n in v.numeric],
        unit=v.unit or None,
        option_feedback=list(v.option_feedback),
        name=v.title or None,
        text_format=v.text_format or None,
    )


def bank_questions(bank: QuestionBank, *, include_retired: bool = False):
    questions = bank.questions.select_related("current_version").prefetch_related("tags").order_by("pk")
    questions = questions.filter(current_version__isnull=False)
    if not include_retired:
        questions = questions.exclude(status=QuestionStatus.RETIRED)
    return questions


def export_bank(
    bank: QuestionBank, fmt: str, *, include_retired: bool = False, skip_unsupported: bool = False
) -> Export:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {EXPORT_FORMATS}")
    parsed = [to_parsed(q, line=i) for i, q in enumerate(bank_questions(bank, include_retired=include_retired), 1)]
    if fmt == "xlsx":
        return Export(export_xlsx(parsed), fmt, len(parsed))
    from quizzes.importers.exporters import gift_problem

    problems, kept = [], []
    for q in parsed:
        problem = gift_problem(q)
        if problem:
            problems.append(_("question %(n)s (%(stem)s…): %(problem)s") % {
                "n": q.line, "stem": q.stem[:20], "problem": problem})
        else:
            kept.append(q)
    if problems and not skip_unsupported:
        raise ExportRefused(problems)
    return Export(export_gift(kept).encode("utf-8"), fmt, len(kept), skipped=problems)


def export_filename(bank: QuestionBank, fmt: str) -> str:
    return f"{bank.full_path.replace('/', '-')}.{EXTENSIONS[fmt]}"
