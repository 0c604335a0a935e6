"""Questions and their versions.

A Question is the stable identity of a question in a bank: its status (draft → active → retired),
tags, knowledge points and where it came from. What a candidate reads and how it is marked lives in
QuestionVersion rows. A version is *frozen* as soon as its question goes live; a frozen version never
changes again, so editing an active question writes a new version and moves ``current_version`` to
it. Attempts point at the QuestionVersion they showed (the exam engine's FK), so an attempt keeps
its exact text, options and key after any later edit. Retiring hides a question from new draws and
never deletes anything.

Text fields (stem, explanation …) are TextFields so that Chinese is stored and searched as text; the
JSON fields hold only lists (options, correct indices, blank answers) and are never searched with
``icontains`` (SQLite stores non-ASCII JSON as \\uXXXX escapes).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from portal.core.bilingual import is_english
from quizzes.keys import normalise_for_key  # noqa: F401  (re-exported)
from quizzes.question_types import (  # noqa: F401  (re-exported: the models' public names)
    CHOICE_TYPES,
    MACHINE_MARKED_TYPES,
    OPTION_TYPES,
    WEIGHTED_TYPES,
    QuestionType,
)

from .banks import QuestionBank, QuestionCategory

TRUE_FALSE_OPTIONS = ["对", "错"]
TRUE_FALSE_OPTIONS_EN = ["True", "False"]
LETTERS = "ABCDEFGH"  # option letters; at most eight options (the Excel template has 选项A…选项H)




class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("question status", "Active")
    RETIRED = "retired", _("Retired")


def stem_key_for(stem: str, options: list[str] | None = None) -> str:
    """The duplicate-detection key of a question: its normalised stem and (unordered) option texts.

    Options are part of the key because banks hold many questions with the same generic stem
    (下列说法正确的是（ ）) that differ only in their options.
    """
    parts = [normalise_for_key(stem)] + sorted(normalise_for_key(o) for o in (options or []))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_TYPE_VALUES = frozenset(QuestionType.values)  # (``QuestionType.values`` is rebuilt on every access)
_CHOICE_TYPES = frozenset((QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDERING))


def content_errors(fields: dict) -> list[tuple[str, str]]:
    """What is wrong with a version's content, as (field name, message) pairs; [] when it is sound.

    The rules every stored version obeys, whichever way it was written (admin form, import, API):
    the exam engine's scorer relies on them.
    """
    errors: list[tuple[str, str]] = []
    qtype = fields.get("type")
    stem = (fields.get("stem") or "").strip()
    options = list(fields.get("options") or [])
    correct = list(fields.get("correct") or [])
    blanks = list(fields.get("blanks") or [])
    if not isinstance(qtype, str) or qtype not in _TYPE_VALUES:
        return [("type", _("Unknown question type “%(type)s”.") % {"type": qtype})]
    if not stem:
        errors.append(("stem", _("The stem is empty.")))
    if qtype in _CHOICE_TYPES:
        if len(options) < 2:
            errors.append(("options", _("This question type needs at least two options.")))
        if len(options) > len(LETTERS):
            errors.append(("options", _("At most %(n)s options are allowed.") % {"n": len(LETTERS)}))
        if any(not str(o).strip() for o in options):
            errors.append(("options", _("An option is empty.")))
        if len({str(o).strip() for o in options}) != len(options):
            errors.append(("options", _("Two options have the same text.")))
        if not correct:
            errors.append(("correct", _("No correct answer is given.")))
        elif any(not isinstance(i, int) or not 0 <= i < len(options) for i in correct):
            errors.append(("correct", _("The correct answer names an option that does not exist.")))
        elif len(set(correct)) != len(correct):
            errors.append(("correct", _("The correct answer names the same option twice.")))
        elif qtype == QuestionType.SINGLE and len(correct) != 1:
            errors.append(("correct", _("A single-choice question has exactly one correct answer.")))
        elif qtype == QuestionType.ORDERING and sorted(correct) != list(range(len(options))):
            errors.append(("correct", _("An ordering answer lists every option exactly once.")))
    elif qtype == QuestionType.TRUE_FALSE:
        if options != TRUE_FALSE_OPTIONS:
            errors.append(("options", _("A true/false question has the options 对 and 错.")))
        if correct not in ([0], [1]):
            errors.append(("correct", _("A true/false question is either 对 or 错.")))
    elif qtype == QuestionType.FILL_BLANK:
        if not blanks:
            errors.append(("blanks", _("A fill-in question needs the accepted answers of at least one blank.")))
        elif any(not alts or any(not str(a).strip() for a in alts) for alts in blanks):
            errors.append(("blanks", _("Every blank needs at least one accepted answer.")))
    elif qtype == QuestionType.SHORT_ANSWER:
        if not (fields.get("model_answer") or "").strip():
            errors.append(("model_answer", _("A short-answer question needs a model answer.")))
    elif qtype == QuestionType.MATCHING:
        errors.extend(matching_errors(fields.get("prompts") or [], options, correct))
    elif qtype == QuestionType.NUMERICAL:
        errors.extend(numeric_errors(fields.get("numeric") or []))
    errors.extend(weight_errors(qtype, fields.get("weights") or [], options, blanks))
    options_en = list(fields.get("options_en") or [])
    if options_en and len(options_en) != len(options) and qtype != QuestionType.TRUE_FALSE:
        errors.append(("options_en", _("The English options must match the Chinese options one for one.")))
    difficulty = fields.get("difficulty")
    if difficulty is not None and not (isinstance(difficulty, int) and 1 <= difficulty <= 5):
        errors.append(("difficulty", _("Difficulty is 1 to 5.")))
    return errors


def matching_errors(prompts: list, options: list, correct: list) -> list[tuple[str, str]]:
    """A matching question: two or more left items, each matched to one of the (possibly more) right items."""
    errors = []
    if len(prompts) < 2:
        errors.append(("prompts", _("A matching question needs at least two items to match.")))
    if any(not str(p).strip() for p in prompts):
        errors.append(("prompts", _("An item to match is empty.")))
    if len(options) < len(prompts):
        errors.append(("options", _("A matching question needs at least as many answers as items.")))
    if any(not str(o).strip() for o in options) or len({str(o).strip() for o in options}) != len(options):
        errors.append(("options", _("The answers to match must be non-empty and different.")))
    if len(correct) != len(prompts) or any(
        not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(options) for i in correct
    ):
        errors.append(("correct", _("Every item needs the answer it matches.")))
    return errors


def numeric_errors(numeric: list) -> list[tuple[str, str]]:
    """A numerical question: one or more accepted values, each with a tolerance (or a range) and a credit."""
    errors = []
    if not numeric:
        return [("numeric", _("A numerical question needs at least one accepted value."))]
    full = False
    for answer in numeric:
        try:
            if not isinstance(answer, dict):
                raise TypeError
            if answer.get("low") is not None:
                low, high = Decimal(str(answer["low"])), Decimal(str(answer["high"]))
                if low > high:
                    raise ValueError
            else:
                Decimal(str(answer["value"]))
                if Decimal(str(answer.get("tolerance") or "0")) < 0:
                    raise ValueError
            fraction = Decimal(str(answer.get("fraction", "1")))
            if not Decimal("0") < fraction <= Decimal("1"):
                raise ValueError
            full = full or fraction == 1
        except (TypeError, KeyError, ValueError, InvalidOperation):
            errors.append(("numeric", _("An accepted value, tolerance, range or credit is not a valid number.")))
            return errors
    if not full:
        errors.append(("numeric", _("At least one accepted value must earn full credit.")))
    return errors


def weight_errors(qtype: str, weights: list, options: list, blanks: list) -> list[tuple[str, str]]:
    """Per-option credit (GIFT %n%): one fraction from -1 to 1 per option (per accepted form of a blank)."""
    if not weights:
        return []
    if qtype not in WEIGHTED_TYPES:
        return [("weights", _("Only single choice, multiple choice and fill-in questions take option weights."))]
    expected = len(blanks[0]) if qtype == QuestionType.FILL_BLANK and len(blanks) == 1 else len(options)
    if qtype == QuestionType.FILL_BLANK and len(blanks) != 1:
        return [("weights", _("Weights on a fill-in question need exactly one blank."))]
    if len(weights) != expected:
        return [("weights", _("Give one weight per option."))]
    try:
        values = [Decimal(str(w)) for w in weights]
    except InvalidOperation:
        return [("weights", _("A weight is not a number."))]
    if any(not Decimal("-1") <= v <= Decimal("1") for v in values):
        return [("weights", _("A weight lies between -100% and 100%."))]
    if not any(v > 0 for v in values):
        return [("weights", _("At least one option must earn credit."))]
    return []


class QuestionTag(TaggedItemBase):
    """Through model for question tags (a real FK, so blueprint tag filters are plain joins)."""

    content_object = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")


def question_label(pk: int | None, stem: str) -> str:
    """A question as ``str()`` names it (its log entries' label): "#12 <the stem's first 40 characters>"."""
    return f"#{pk} {stem[:40]}" if pk else stem[:40]


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=QuestionStatus.ACTIVE)

    def in_category(self, category: QuestionCategory):
        """Questions of every bank in ``category`` and its sub-categories."""
        return self.filter(bank__category__path__startswith=category.path)

    def of_type(self, *types: str):
        return self.filter(current_version__type__in=types)

    def with_difficulty(self, low: int = 1, high: int = 5):
        return self.filter(current_version__difficulty__gte=low, current_version__difficulty__lte=high)

    def tagged(self, *names: str):
        return self.filter(tags__name__in=names).distinct()


class Question(models.Model):
    """The stable identity of a question in a bank (see the module docstring)."""

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="questions", verbose_name=_("question bank")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.DRAFT, db_index=True
    )
    current_version = models.ForeignKey(
        "quizzes.QuestionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    stem_key = models.CharField(
        _("duplicate key"), max_length=64, db_index=True, editable=False,
        help_text=_("Hash of the normalised stem and options of the current version."),
    )
    tags = TaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_section = models.CharField(_("source section"), max_length=120, blank=True)
    source_number = models.PositiveIntegerField(_("number in the source"), null=True, blank=True)
    knowledge_point_refs = models.TextField(
        _("knowledge point references"),
        blank=True,
        help_text=_("References as written in the source (one per line), e.g. 电子银行业务管理办法 第十条."),
    )
    # Knowledge points: what the question tests. Linked to the Chinese (source-locale) rows/pages.
    regulation_articles = models.ManyToManyField(
        "content.RegulationArticle", blank=True, related_name="questions", verbose_name=_("regulation articles")
    )
    procedures = models.ManyToManyField(
        "content.ProcedurePage", blank=True, related_name="questions", verbose_name=_("procedures")
    )
    posts = models.ManyToManyField("content.PostPage", blank=True, related_name="questions", verbose_name=_("posts"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "pk"]
        indexes = [models.Index(fields=["bank", "stem_key"], name="quizzes_q_bank_stem_key")]
        permissions = [
            ("view_answer_key", _("Can see answer keys and explanations")),
            ("import_questions", _("Can import question files")),
            ("export_questions", _("Can export question banks")),
        ]

    def __str__(self):
        version = self.current_version
        return question_label(self.pk, version.stem if version else "")

    @property
    def is_active(self) -> bool:
        return self.status == QuestionStatus.ACTIVE

    @property
    def knowledge_point_ref_list(self) -> list[str]:
        return [line.strip() for line in self.knowledge_point_refs.splitlines() if line.strip()]


class FrozenVersionError(ValidationError):
    """Raised when code tries to change or delete a question version that has gone live."""


class QuestionVersion(models.Model):
    """One immutable-once-live version of a question: what is shown, and how it is marked.

    ``options`` hold the option texts without letters; ``correct`` holds zero-based option indices
    (for ordering questions: the indices in the right order); a true/false question's options are
    always ["对", "错"]; ``blanks`` holds, per blank, the list of accepted answers.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions", verbose_name=_("question")
    )
    number = models.PositiveIntegerField(_("version"))
    type = models.CharField(_("question type"), max_length=20, choices=QuestionType.choices)
    stem = models.TextField(_("stem"))
    options = models.JSONField(_("options"), default=list, blank=True)
    correct = models.JSONField(_("correct answer"), default=list, blank=True)
    blanks = models.JSONField(_("accepted blank answers"), default=list, blank=True)
    model_answer = models.TextField(_("model answer"), blank=True)
    prompts = models.JSONField(
        _("items to match"), default=list, blank=True,
        help_text=_("Matching: the left-hand items; the options are the answers (there may be more of them)."),
    )
    prompts_en = models.JSONField(_("items to match (English)"), default=list, blank=True)
    weights = models.JSONField(
        _("option weights"), default=list, blank=True,
        help_text=_("Per option (GIFT %n%): the fraction of the points it earns, -1 to 1; empty for none."),
    )
    numeric = models.JSONField(
        _("accepted values"), default=list, blank=True,
        help_text=_("Numerical: [{value, tolerance, relative, fraction}] or [{low, high, fraction}]."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    option_feedback = models.JSONField(
        _("feedback per answer"), default=list, blank=True,
        help_text=_("GIFT #feedback: per option (per accepted form, per accepted value); empty for none."),
    )
    title = models.CharField(_("question name"), max_length=255, blank=True,
                             help_text=_("GIFT ::name::, kept so that an export gives it back."))
    text_format = models.CharField(_("text format"), max_length=10, blank=True,
                                   help_text=_("GIFT [html]/[markdown]/[moodle]/[plain], as the source wrote it."))
    marking_guide = models.TextField(_("marking guide"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    stem_en = models.TextField(_("stem (English)"), blank=True)
    options_en = models.JSONField(_("options (English)"), default=list, blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    english_outdated = models.BooleanField(
        _("English behind Chinese"),
        default=False,
        help_text=_("The Chinese text changed after the English version was written."),
    )
    original_text = models.TextField(
        _("original text"), blank=True, help_text=_("The stem as written in the source, when it was converted.")
    )
    change_note = models.CharField(_("change note"), max_length=255, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    # The fields that make up a version's content (what a new version copies and may change).
    CONTENT_FIELDS = (
        "type", "stem", "options", "correct", "blanks", "model_answer", "marking_guide", "explanation",
        "difficulty", "stem_en", "options_en", "explanation_en", "original_text",
        "prompts", "prompts_en", "weights", "numeric", "unit", "option_feedback", "title", "text_format",
    )

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="quizzes_version_unique_number"),
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=5), name="quizzes_version_difficulty_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.question_id} v{self.number}: {self.stem[:40]}"

    # ----------------------------------------------------------------------------- immutability

    def save(self, *args, **kwargs):
        if self.pk and QuestionVersion.objects.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise FrozenVersionError(
                _("Version %(number)s of this question is live and cannot be changed; edit the question "
                  "to create a new version.") % {"number": self.number}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and QuestionVersion.objects.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise FrozenVersionError(_("A live question version is evidence and is never deleted."))
        return super().delete(*args, **kwargs)

    # ------------------------------------------------------------------------------- reading

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def blank_count(self) -> int:
        return len(self.blanks) if self.type == QuestionType.FILL_BLANK else 0

    @property
    def correct_letters(self) -> str:
        """The key as option letters ("AC", "BCAD"); for fill-in/short answer, empty."""
        if self.type not in CHOICE_TYPES:
            return ""
        return "".join(LETTERS[i] if 0 <= i < len(LETTERS) else "?" for i in self.correct)

    def candidate_view(self, language: str | None = None) -> dict:
        """What a candidate may see before the review policy allows more: no key, no explanation.

        The exam engine shuffles ``options`` itself (by index) and never sends anything else.
        ``language`` "en" gives the English text where the examiner wrote one.
        """
        english = bool(language) and is_english(language)
        stem = self.stem_en if english and self.stem_en else self.stem
        options = list(self.options)
        if english:
            if self.type == QuestionType.TRUE_FALSE:
                options = list(TRUE_FALSE_OPTIONS_EN)
            elif self.options_en and len(self.options_en) == len(self.options):
                options = list(self.options_en)
        prompts = list(self.prompts) if self.type == QuestionType.MATCHING else []
        if english and prompts and self.prompts_en and len(self.prompts_en) == len(prompts):
            prompts = list(self.prompts_en)
        return {
            "version_id": self.pk,
            "question_id": self.question_id,
            "type": self.type,
            "stem": stem,
            "options": options,
            "blank_count": self.blank_count,
            "prompts": prompts,
            "unit": self.unit if self.type == QuestionType.NUMERICAL else "",
        }

    def clean(self):
        super().clean()
        problems: dict[str, list[str]] = {}
        for field, message in content_errors(self.content()):
            problems.setdefault(field, []).append(message)
        if problems:
            raise ValidationError(problems)

    def content(self) -> dict:
        """The version's content fields as a dict (what a new version starts from)."""
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}
