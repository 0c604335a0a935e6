"""Question banks: categories, banks, questions with immutable versions, and import records.

One module per concern; everything is re-exported here so code imports ``from quizzes.models import …``.
"""

from .banks import PATH_SEPARATOR, QuestionBank, QuestionCategory
from .imports import QuestionImport
from .questions import (
    CHOICE_TYPES,
    MACHINE_MARKED_TYPES,
    TRUE_FALSE_OPTIONS,
    FrozenVersionError,
    Question,
    QuestionStatus,
    QuestionTag,
    QuestionType,
    QuestionVersion,
    content_errors,
    normalise_for_key,
    question_label,
    stem_key_for,
)
from .questions import (
    LETTERS as OPTION_LETTERS,
)

__all__ = [
    "CHOICE_TYPES",
    "MACHINE_MARKED_TYPES",
    "OPTION_LETTERS",
    "PATH_SEPARATOR",
    "TRUE_FALSE_OPTIONS",
    "FrozenVersionError",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "QuestionImport",
    "QuestionStatus",
    "QuestionTag",
    "QuestionType",
    "QuestionVersion",
    "question_label",
    "content_errors",
    "normalise_for_key",
    "stem_key_for",
]
