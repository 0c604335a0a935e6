"""The results grades are awarded on: theory exam results and practical skill results.

``TheoryResult`` is the seam with the exam engine (issue 6): the engine writes one row when an attempt's
result is final (``quizzes.certification.services.results.record_theory_result``), this app only reads it.
It is deliberately small and denormalised (exam code and title copied in) so the certification side never
joins into the engine's tables and keeps working if a question bank or paper is edited later.

``SkillResult`` is entered by one Examiner and counts only once a *different* Examiner has confirmed it
(双人复核). The rule is checked in the service (``rules.skill_confirmation``) and enforced again by a database
check constraint, so no code path can store a self-confirmed result.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.bilingual import in_language


class TheoryResult(models.Model):
    """A final theory exam result of one person (written by the exam engine)."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="theory_results"
    )
    exam_code = models.CharField(_("exam code"), max_length=50, db_index=True)
    exam_title = models.CharField(_("exam title (Chinese)"), max_length=200, blank=True)
    exam_title_en = models.CharField(_("exam title (English)"), max_length=200, blank=True)
    sitting_id = models.PositiveBigIntegerField(_("sitting"), null=True, blank=True, db_index=True)
    sitting_title = models.CharField(_("sitting title"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"))
    taken_at = models.DateTimeField(_("taken at"))
    source_attempt_id = models.PositiveBigIntegerField(_("exam attempt"), null=True, blank=True, unique=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("theory exam result")
        verbose_name_plural = _("theory exam results")
        ordering = ["-taken_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "sitting_id"],
                condition=Q(sitting_id__isnull=False),
                name="certification_theory_one_result_per_sitting",
            )
        ]

    def __str__(self):
        return f"{self.employee} · {self.display_title} · {self.score}"

    @property
    def display_title(self) -> str:
        return in_language(self.exam_title or self.exam_code, self.exam_title_en)


class SkillResult(models.Model):
    """A practical skill test result: entered by one Examiner, confirmed by another."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="skill_results"
    )
    test_type = models.ForeignKey(
        "certification.SkillTestType", verbose_name=_("skill test"), on_delete=models.PROTECT, related_name="results"
    )
    value = models.DecimalField(_("result"), max_digits=8, decimal_places=2)
    errors = models.PositiveSmallIntegerField(_("errors"), default=0)
    taken_on = models.DateField(_("taken on"))
    session_label = models.CharField(_("session"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("skill test result")
        verbose_name_plural = _("skill test results")
        ordering = ["-taken_on", "-pk"]
        permissions = [("confirm_skillresult", _("Can confirm skill results entered by another examiner"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="certification_skill_second_examiner",
            )
        ]

    def __str__(self):
        return f"{self.employee} · {self.test_type} · {self.value}"
