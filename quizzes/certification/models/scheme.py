"""The teller grade scheme HR edits: skill test types, schemes, levels and their requirements.

* ``SkillTestType`` is reference data (点钞, 传票翻打, 数字键盘录入, 汉字录入 …): what is measured and in
  which unit. A plain model edited in the admin, because a requirement points at it by key.
* ``GradeScheme`` → ``GradeLevel`` (初级/中级/高级 or 一级 … 五级). A level is a ``ClusterableModel`` so that
  its requirements (``TheoryRequirement``, ``SkillRequirement``: orderable rows with a ``ParentalKey`` to the
  level — the level owns them) are edited on the level's own form with ``InlinePanel``s.
* ``PostCertificationRequirement``: "people in post X must hold grade Y (or higher in the same scheme) or a
  valid certificate for exam Z" — the source of HR's gap list. Posts are addressed by their post code
  (``content.PostPage.code``), the key HR uses everywhere, so this app does not depend on the page tree.

Editing any of these never changes an award or a certificate already made: awards keep the trace of what
was met, certificates keep frozen texts and their PDF.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.core.bilingual import in_language

_in_language = in_language


class SkillTestType(models.Model):
    """A practical skill test: what is counted, in which unit, in what fixed time."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("e.g. note-counting"))
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    unit = models.CharField(_("unit (Chinese)"), max_length=40, help_text=_("e.g. 张, 笔, 字/分钟"))
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True, help_text=_("e.g. notes"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("fixed time (minutes)"),
        null=True,
        blank=True,
        help_text=_("For counted tests (notes counted in N minutes). Leave empty for rates such as chars/min."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("unit_en"), FieldPanel("duration_minutes")]),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("skill test type")
        verbose_name_plural = _("skill test types")
        ordering = ["code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(self.name, self.name_en)

    @property
    def display_unit(self) -> str:
        return _in_language(self.unit, self.unit_en)


class GradeScheme(models.Model):
    """A set of ordered grades, e.g. the teller grade scheme (柜员等级)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    certificate_title = models.CharField(
        _("certificate title (Chinese)"), max_length=100, default="柜员等级证书"
    )
    certificate_title_en = models.CharField(
        _("certificate title (English)"), max_length=100, default="Teller Grade Certificate"
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("certificate_title"), FieldPanel("certificate_title_en")]),
        FieldPanel("description"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("grade scheme")
        verbose_name_plural = _("grade schemes")
        ordering = ["code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(self.name, self.name_en)


class GradeLevel(ClusterableModel):
    """One grade of a scheme with everything needed to earn it and how long it is valid."""

    scheme = models.ForeignKey(
        GradeScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="levels"
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("Unique within the scheme, e.g. T1."))
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 is the lowest grade."))
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), null=True, blank=True, help_text=_("Leave empty if the grade never expires.")
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("prerequisite grade"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prerequisite_months = models.PositiveSmallIntegerField(
        _("prerequisite held for (months)"), default=0
    )
    results_window_months = models.PositiveSmallIntegerField(
        _("results count for (months)"),
        null=True,
        blank=True,
        help_text=_("Only exam and skill results this recent count. Leave empty to count all results."),
    )

    panels = [
        FieldPanel("scheme"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("order")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        MultiFieldPanel(
            [
                FieldPanel("validity_months"),
                FieldRowPanel([FieldPanel("prerequisite"), FieldPanel("prerequisite_months")]),
                FieldPanel("results_window_months"),
            ],
            heading=_("Validity and prerequisite"),
        ),
        InlinePanel("theory_requirements", heading=_("Theory exams"), label=_("theory exam")),
        InlinePanel("skill_requirements", heading=_("Skill tests"), label=_("skill test")),
    ]

    class Meta:
        verbose_name = _("grade level")
        verbose_name_plural = _("grade levels")
        ordering = ["scheme__code", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="certification_level_unique_code"),
            models.UniqueConstraint(fields=["scheme", "order"], name="certification_level_unique_order"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(self.name, self.name_en)

    def clean(self):
        super().clean()
        prerequisite = self.prerequisite
        if prerequisite is None:
            return
        if self.pk and prerequisite.pk == self.pk:
            raise ValidationError({"prerequisite": _("A grade cannot be its own prerequisite.")})
        if self.scheme_id and prerequisite.scheme_id != self.scheme_id:
            raise ValidationError({"prerequisite": _("The prerequisite must belong to the same scheme.")})
        if self.order is not None and prerequisite.order >= self.order:
            raise ValidationError({"prerequisite": _("The prerequisite must be a lower grade.")})


class TheoryRequirement(Orderable):
    """A theory exam (by the exam engine's exam code) passed with at least ``min_score``."""

    level = ParentalKey(GradeLevel, on_delete=models.CASCADE, related_name="theory_requirements")
    exam_code = models.CharField(_("exam code"), max_length=50)
    exam_name = models.CharField(_("exam name"), max_length=200, blank=True)
    min_score = models.DecimalField(_("minimum score"), max_digits=6, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("exam_code"), FieldPanel("exam_name"), FieldPanel("min_score")])]

    class Meta(Orderable.Meta):
        verbose_name = _("theory exam requirement")
        verbose_name_plural = _("theory exam requirements")

    def __str__(self):
        return f"{self.exam_name or self.exam_code} ≥ {self.min_score}"


class SkillRequirement(Orderable):
    """A skill test reaching ``min_value`` (in the test's unit) with at most ``max_errors`` errors."""

    level = ParentalKey(GradeLevel, on_delete=models.CASCADE, related_name="skill_requirements")
    test_type = models.ForeignKey(
        SkillTestType, verbose_name=_("skill test"), on_delete=models.PROTECT, related_name="requirements"
    )
    min_value = models.DecimalField(_("at least"), max_digits=8, decimal_places=2)
    max_errors = models.PositiveSmallIntegerField(
        _("at most errors"), null=True, blank=True, help_text=_("Leave empty if errors are not limited.")
    )

    panels = [FieldRowPanel([FieldPanel("test_type"), FieldPanel("min_value"), FieldPanel("max_errors")])]

    class Meta(Orderable.Meta):
        verbose_name = _("skill test requirement")
        verbose_name_plural = _("skill test requirements")

    def __str__(self):
        return f"{self.test_type} ≥ {self.min_value}"


class PostCertificationRequirement(models.Model):
    """A post requires a grade (or a higher one of the same scheme) or a valid exam certificate."""

    post_code = models.CharField(_("post code"), max_length=50, db_index=True)
    level = models.ForeignKey(
        GradeLevel,
        verbose_name=_("grade"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="post_requirements",
    )
    exam_code = models.CharField(_("exam code"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("post_code"), FieldPanel("level"), FieldPanel("exam_code"), FieldPanel("note")]

    class Meta:
        verbose_name = _("post certification requirement")
        verbose_name_plural = _("post certification requirements")
        ordering = ["post_code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level__isnull=False) & Q(exam_code="")) | (Q(level__isnull=True) & ~Q(exam_code="")),
                name="certification_postreq_grade_xor_exam",
            )
        ]

    def __str__(self):
        return f"{self.post_code}: {self.level or self.exam_code}"

    def clean(self):
        super().clean()
        if bool(self.level_id) == bool(self.exam_code):
            raise ValidationError(_("Choose either a grade or an exam code, not both."))
