"""Sittings (考试场次) and per-person overrides.

A Sitting schedules a blueprint: the window it is open, the time limit, who may sit it (by post, by
organisation unit with its sub-units, or by name), how many attempts with what cool-down, the pass mark,
which attempt counts, what the candidate may see afterwards, the language of the paper, and optional
access rules for a proctored room (network ranges, a password given out in the room).

A SittingOverride is what HR arranges for one person (extra time, another window, one more attempt),
always with a reason. Overrides are never edited or deleted: a mistaken one is revoked (with a reason),
and both acts are in the audit log. An override also makes its person eligible for the sitting.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.bilingual import in_language

from ..rules.access import parse_networks


class CountingPolicy(models.TextChoices):
    HIGHEST = "highest", _("Highest score")
    LATEST = "latest", _("Latest attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of all attempts")


class ReviewPolicy(models.TextChoices):
    NONE = "none", _("Nothing (the candidate only sees that the paper was handed in)")
    SCORE_ONLY = "score_only", _("Score and pass/fail only")
    AFTER_CLOSE = "after_close", _("Score now; answers and explanations after the sitting closes")
    IMMEDIATE = "immediate", _("Score, answers and explanations as soon as the paper is handed in")


class Sitting(models.Model):
    """One scheduled exam: a blueprint, a window, the people who may sit it and the rules of the day."""

    blueprint = models.ForeignKey(
        "exams.ExamBlueprint", on_delete=models.PROTECT, related_name="sittings", verbose_name=_("blueprint")
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("cool-down between attempts (minutes)"), default=0,
        help_text=_("How long after handing in a paper the candidate must wait before the next attempt."),
    )
    pass_mark = models.DecimalField(
        _("pass mark (points)"), max_digits=7, decimal_places=2, default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    counting_policy = models.CharField(
        _("attempt that counts"), max_length=10, choices=CountingPolicy.choices, default=CountingPolicy.HIGHEST
    )
    review_policy = models.CharField(
        _("what candidates see afterwards"), max_length=12, choices=ReviewPolicy.choices,
        default=ReviewPolicy.SCORE_ONLY,
    )
    language = models.CharField(
        _("language of the paper"), max_length=10, choices=settings.LANGUAGES, default="zh-hans",
        help_text=_("English shows the English text where the examiner wrote one, Chinese otherwise."),
    )
    eligible_posts = models.ManyToManyField(
        "content.PostPage", blank=True, related_name="+", verbose_name=_("eligible posts"),
        help_text=_("Everyone holding one of these posts may sit the exam."),
    )
    eligible_units = models.ManyToManyField(
        "people.OrgUnit", blank=True, related_name="+", verbose_name=_("eligible organisation units"),
        help_text=_("Everyone in these units or their sub-units may sit the exam."),
    )
    eligible_employees = models.ManyToManyField(
        "people.Employee", blank=True, related_name="+", verbose_name=_("eligible people"),
        help_text=_("These people may sit the exam whatever their post or unit."),
    )
    allowed_networks = models.TextField(
        _("allowed network ranges"), blank=True,
        help_text=_("For a proctored room: one address or range per line (e.g. 10.8.12.0/24). Empty: anywhere."),
    )
    access_password = models.CharField(
        _("sitting password"), max_length=64, blank=True,
        help_text=_("Given out in the room; candidates type it to start or resume. Empty: none."),
    )
    held_on_paper = models.BooleanField(
        _("held on paper"), default=False,
        help_text=_("Candidates sit a printed paper in the room and cannot start an online attempt; examiners "
                    "enter or import their answers (双人复核) and the usual scoring follows."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    identities_released_at = models.DateTimeField(
        _("candidate identities released at"), null=True, blank=True, editable=False,
        help_text=_("Until then graders see candidate codes, not names, for answers awaiting grading."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"), editable=False,
    )

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="exams_sitting_window"),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def exam_code(self) -> str:
        return self.blueprint.code

    @property
    def has_access_rules(self) -> bool:
        return bool(self.allowed_networks.strip() or self.access_password)

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The sitting must close after it opens.")
        try:
            parse_networks(self.allowed_networks)
        except ValueError as error:
            errors["allowed_networks"] = _("“%(value)s” is not an address or a network range.") % {
                "value": str(error)
            }
        if errors:
            raise ValidationError(errors)


class SittingOverrideQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(revoked_at__isnull=True)


class SittingOverride(models.Model):
    """An accommodation or re-sit for one person in one sitting, with the reason HR gave."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="overrides", verbose_name=_("sitting"))
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="exam_overrides", verbose_name=_("employee")
    )
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra time (minutes)"), default=0, validators=[MaxValueValidator(24 * 60)]
    )
    opens_at = models.DateTimeField(_("own window opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("own window closes"), null=True, blank=True)
    extra_attempts = models.PositiveSmallIntegerField(
        _("extra attempts"), default=0, validators=[MaxValueValidator(10)]
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("granted by"), editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("revoked by"), editable=False,
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True, editable=False)

    objects = SittingOverrideQuerySet.as_manager()

    class Meta:
        verbose_name = _("sitting override")
        verbose_name_plural = _("sitting overrides")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True, closes_at__isnull=True)
                | Q(opens_at__isnull=False, closes_at__isnull=False, closes_at__gt=models.F("opens_at")),
                name="exams_override_window",
            ),
        ]

    def __str__(self):
        return f"{self.employee} · {self.sitting}"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None

    @property
    def summary(self) -> str:
        parts = []
        if self.extra_minutes:
            parts.append(str(_("%(n)s extra minutes") % {"n": self.extra_minutes}))
        if self.opens_at and self.closes_at:
            from django.utils import timezone

            parts.append(str(_("own window %(start)s – %(end)s") % {
                "start": timezone.localtime(self.opens_at).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(self.closes_at).strftime("%Y-%m-%d %H:%M"),
            }))
        if self.extra_attempts:
            parts.append(str(_("%(n)s extra attempts") % {"n": self.extra_attempts}))
        return "；".join(parts)

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.opens_at) != bool(self.closes_at):
            errors["closes_at"] = _("Give both ends of the window, or neither.")
        elif self.opens_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The window must close after it opens.")
        if not (self.extra_minutes or self.extra_attempts or self.opens_at):
            errors["extra_minutes"] = _("An override must give extra time, another window or extra attempts.")
        if not (self.reason or "").strip():
            errors["reason"] = _("Give a reason.")
        if errors:
            raise ValidationError(errors)
