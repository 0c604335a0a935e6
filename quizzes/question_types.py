"""The question types, in one place for the models, the services and the pure parsers and exporters
(``quizzes.importers``): a ``TextChoices`` enumeration (plain strings, no database access) and the groups the
rules ask about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    ORDERING = "ordering", _("Ordering")
    FILL_BLANK = "fill_blank", _("Fill in the blank")
    SHORT_ANSWER = "short_answer", _("Short answer")
    MATCHING = "matching", _("Matching")
    NUMERICAL = "numerical", _("Numerical")


# types whose options are listed as A, B, C…
OPTION_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDERING)
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.ORDERING)
MACHINE_MARKED_TYPES = CHOICE_TYPES + (QuestionType.FILL_BLANK, QuestionType.MATCHING, QuestionType.NUMERICAL)
WEIGHTED_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.FILL_BLANK)
