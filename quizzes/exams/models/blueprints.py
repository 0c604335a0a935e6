"""Blueprints (组卷规则): how an exam paper is assembled for each candidate.

An ExamBlueprint is a ClusterableModel edited with its sections in one form (InlinePanel): the blueprint
owns its BlueprintSection rows through a ParentalKey, so sections are saved with the blueprint. A section
either *draws* ``count`` questions from a category (with its sub-categories) or a bank, filtered by type,
difficulty and tags, or lists *fixed* questions; each question in the section is worth ``points``.

The blueprint is a recipe, not a paper: each attempt draws its own questions (``services.papers``) and
freezes the exact QuestionVersion rows, so editing a blueprint or a question later changes no attempt.
Its ``code`` is the exam code results are recorded under for teller grading (``TheoryResult.exam_code``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.core.bilingual import in_language
from quizzes.models import QuestionType


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit (right choices minus wrong ones, never below zero)")
    MISSING_PARTIAL = "missing_partial", _("Fewer right choices earn their share; any wrong choice earns 0")


class OrderingScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Only the exact order scores")
    PER_POSITION = "per_position", _("Each item in its right place earns its share")


class MatchingScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Only every pair right scores")
    PER_PAIR = "per_pair", _("Each right pair earns its share")


def split_tags(text: str) -> list[str]:
    """Tag names from the comma- (or 、/，-) separated field, blanks dropped."""
    for separator in ("，", "、", ";", "；"):
        text = (text or "").replace(separator, ",")
    return [t.strip() for t in text.split(",") if t.strip()]


class ExamBlueprint(ClusterableModel):
    """How to assemble a paper: sections, scoring options, and the exam code results count under."""

    code = models.SlugField(
        _("exam code"),
        max_length=50,
        unique=True,
        allow_unicode=True,
        help_text=_("The code results are recorded under; grade requirements name it, e.g. TELLER-T1."),
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    instructions = models.TextField(_("instructions (Chinese)"), blank=True)
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    multiple_choice_scoring = models.CharField(
        _("multiple choice scoring"),
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
    )
    ordering_scoring = models.CharField(
        _("ordering scoring"), max_length=20, choices=OrderingScoring.choices, default=OrderingScoring.ALL_OR_NOTHING
    )
    matching_scoring = models.CharField(
        _("matching scoring"), max_length=20, choices=MatchingScoring.choices, default=MatchingScoring.PER_PAIR
    )
    shuffle_questions = models.BooleanField(
        _("shuffle questions"), default=True, help_text=_("Each candidate sees each section's questions in their own order.")
    )
    shuffle_options = models.BooleanField(
        _("shuffle options"), default=True, help_text=_("Each candidate sees the options of choice questions in their own order.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"), editable=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("title"), FieldPanel("title_en")]),
        MultiFieldPanel(
            [FieldPanel("instructions"), FieldPanel("instructions_en")], heading=_("Instructions to candidates")
        ),
        FieldRowPanel([FieldPanel("multiple_choice_scoring"), FieldPanel("ordering_scoring"),
                       FieldPanel("matching_scoring")]),
        FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
        InlinePanel("sections", heading=_("Paper sections"), label=_("paper section"), min_num=1),
    ]

    class Meta:
        verbose_name = _("exam blueprint")
        verbose_name_plural = _("exam blueprints")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} · {self.display_title}"

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def question_count(self) -> int:
        return sum(section.question_count for section in self.sections.all())

    @property
    def max_score(self) -> Decimal:
        return sum((section.max_score for section in self.sections.all()), Decimal("0"))


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    """Active questions labelled with their number, bank, type and stem (loaded in one query)."""

    def label_from_instance(self, obj):
        version = obj.current_version
        stem = version.stem if version else ""
        kind = version.get_type_display() if version else ""
        return f"#{obj.pk} · {obj.bank.name} · {kind} · {stem[:50]}"


class FixedQuestionsField(ParentalManyToManyField):
    """The fixed questions of a section, chosen among the active questions."""

    def formfield(self, **kwargs):
        from quizzes.models import Question

        kwargs["form_class"] = QuestionChoiceField
        kwargs["queryset"] = Question.objects.active().select_related("bank", "current_version").order_by(
            "bank__name", "pk"
        )
        return super().formfield(**kwargs)


class SectionSource(models.TextChoices):
    DRAW = "draw", _("Draw at random")
    FIXED = "fixed", _("Fixed questions")


class BlueprintSection(ClusterableModel, Orderable):
    """One section of a blueprint (e.g. 一、单项选择题): a random draw or a list of fixed questions."""

    blueprint = ParentalKey(ExamBlueprint, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    source = models.CharField(_("source of questions"), max_length=10, choices=SectionSource.choices, default=SectionSource.DRAW)
    category = models.ForeignKey(
        "quizzes.QuestionCategory", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("category (with its sub-categories)"),
    )
    bank = models.ForeignKey(
        "quizzes.QuestionBank", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("bank"), help_text=_("Draw from this bank only (instead of, or inside, the category)."),
    )
    question_type = models.CharField(
        _("question type"), max_length=20, choices=QuestionType.choices, blank=True,
        help_text=_("Leave empty for any type."),
    )
    difficulty_min = models.PositiveSmallIntegerField(
        _("lowest difficulty"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    difficulty_max = models.PositiveSmallIntegerField(
        _("highest difficulty"), default=5, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    tags = models.CharField(
        _("tags"), max_length=255, blank=True,
        help_text=_("Comma-separated; a question with any of these tags qualifies. Leave empty for all."),
    )
    count = models.PositiveSmallIntegerField(_("questions to draw"), default=10, validators=[MinValueValidator(1)])
    points = models.DecimalField(
        _("points per question"), max_digits=6, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    fixed_questions = FixedQuestionsField(
        "quizzes.Question", blank=True, related_name="+", verbose_name=_("fixed questions"),
        help_text=_("For a section of fixed questions: every candidate gets exactly these."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("points")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("bank")]),
        FieldRowPanel([FieldPanel("question_type"), FieldPanel("difficulty_min"), FieldPanel("difficulty_max")]),
        FieldRowPanel([FieldPanel("tags"), FieldPanel("count")]),
        FieldPanel("fixed_questions"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("blueprint section")
        verbose_name_plural = _("blueprint sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty_min__lte=models.F("difficulty_max")),
                name="exams_section_difficulty_range",
            )
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def is_fixed(self) -> bool:
        return self.source == SectionSource.FIXED

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)

    @property
    def question_count(self) -> int:
        if self.is_fixed:
            return len(self.fixed_questions.all()) if self.pk or self.blueprint_id else 0
        return self.count

    @property
    def max_score(self) -> Decimal:
        return self.points * self.question_count

    def clean(self):
        super().clean()
        errors = {}
        if self.difficulty_min and self.difficulty_max and self.difficulty_min > self.difficulty_max:
            errors["difficulty_max"] = _("The highest difficulty is below the lowest.")
        if self.source == SectionSource.DRAW and not (self.category_id or self.bank_id):
            errors["category"] = _("Choose the category or the bank to draw from.")
        if errors:
            raise ValidationError(errors)
