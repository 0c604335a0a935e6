"""A grade held by a person (GradeAward).

An award records *why* it was made: ``trace`` lists which result met which requirement at the time (the
rules' evaluation, frozen as JSON), or — for an award made by hand — HR's reason. Withdrawal is a status
with a reason; nothing is deleted. "Expired" is derived from ``expires_on``, never stored.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GradeAwardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=GradeAward.Status.ACTIVE)

    def current(self, on: datetime.date | None = None):
        """Active and not expired on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.active().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))

    # The one definition of an award's effective status ("expired": active with an expiry date in the past).

    def expired(self, on: datetime.date | None = None):
        return self.active().filter(expires_on__lt=on or timezone.localdate())

    def expiring(self, days: int, on: datetime.date | None = None):
        """Current on ``on`` and expiring within the next ``days`` days."""
        on = on or timezone.localdate()
        return self.active().filter(expires_on__gte=on, expires_on__lte=on + datetime.timedelta(days=days))

    def with_effective_status(self, status: str, on: datetime.date | None = None):
        if status == GradeAward.Status.ACTIVE:
            return self.current(on)
        if status == GradeAward.EXPIRED:
            return self.expired(on)
        return self.filter(status=status)

    def with_status(self, on: datetime.date | None = None):
        """Annotate ``current_status``: the effective status on ``on``, computed by the database."""
        on = on or timezone.localdate()
        return self.annotate(
            current_status=Case(
                When(status=GradeAward.Status.ACTIVE, expires_on__lt=on, then=Value(GradeAward.EXPIRED)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class GradeAward(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RENEWED = "renewed", _("Renewed")

    EXPIRED = "expired"  # derived: status ACTIVE and expires_on in the past

    class Method(models.TextChoices):
        RULES = "rules", _("All requirements met")
        MANUAL = "manual", _("Awarded by hand")

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="grade_awards"
    )
    level = models.ForeignKey(
        "certification.GradeLevel", verbose_name=_("grade"), on_delete=models.PROTECT, related_name="awards"
    )
    awarded_on = models.DateField(_("awarded on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    reason = models.TextField(_("reason"), blank=True)
    trace = models.JSONField(_("requirements met"), default=list, blank=True)
    level_snapshot = models.JSONField(_("grade at the time"), default=dict, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = GradeAwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("grade award")
        verbose_name_plural = _("grade awards")
        ordering = ["-awarded_on", "-pk"]
        permissions = [("award_grade_manually", _("Can award or withdraw a grade by hand"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "level"],
                condition=Q(status="active"),
                name="certification_award_one_active_per_level",
            )
        ]

    def __str__(self):
        return f"{self.employee} · {self.level}"

    def is_expired(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.expires_on is not None and self.expires_on < on

    def effective_status(self, on: datetime.date | None = None) -> str:
        """The status on ``on``; the value ``with_status()`` annotated when the row came from it (today)."""
        if on is None and getattr(self, "current_status", None):
            return self.current_status
        if self.status == self.Status.ACTIVE and self.is_expired(on):
            return self.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        status = self.effective_status()
        if status == self.EXPIRED:
            return str(_("Expired"))
        return str(self.Status(status).label)
