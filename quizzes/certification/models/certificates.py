"""Certificates: immutable once issued, verifiable by an unguessable token, never deleted.

* ``Certificate`` keeps what it certified *as it was at issue* (``frozen``: holder name, unit, titles and
  texts in both languages) and its PDF (``pdf`` file + ``content_hash``). After creation only its status
  fields may change (revocation, being superseded, reminder bookkeeping): ``save()`` refuses anything else
  and ``delete()`` is refused outright. "Expired" is derived from ``expires_on``.
* ``subject_key`` names what the certificate is for ("award:12", "exam:34"); a partial unique constraint
  allows one *valid* certificate per subject, which makes issuing idempotent even under concurrency.
* ``SerialCounter`` hands out the readable serial's sequence per (year, branch) — see ``serials.py``.
* ``CertificateBatch`` is one bulk issue run; the admin's progress bar reads it.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.private_files import private_storage


class CertificateImmutable(Exception):
    """Raised on an attempt to change an issued certificate's data or to delete it."""


def certificate_upload_to(instance, filename):
    """``certificates/<year>/<serial>-<random>.pdf`` in the private storage: the serial stays readable for
    people, the random part makes the name impossible to guess."""
    return f"certificates/{instance.issued_on:%Y}/{instance.serial}-{secrets.token_urlsafe(18)}.pdf"


class SerialCounter(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    branch_code = models.CharField(_("branch code"), max_length=16)
    last_value = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")
        constraints = [
            models.UniqueConstraint(fields=["year", "branch_code"], name="certification_serial_counter_unique")
        ]

    def __str__(self):
        return f"{self.year}-{self.branch_code}: {self.last_value}"


class CertificateBatch(models.Model):
    """A bulk issue run with its progress (read by the admin's progress bar)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    description = models.CharField(_("description"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("to process"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    skipped = models.PositiveIntegerField(_("already issued"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.description

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.FINISHED else 0
        return min(100, round(100 * self.processed / self.total))


class CertificateQuerySet(models.QuerySet):
    def delete(self):
        raise CertificateImmutable("Certificates are never deleted; revoke them instead.")

    # The one definition of a certificate's *effective* status ("expired" is status VALID with an expiry
    # date in the past; it is derived, never stored). The model's ``effective_status`` and the register's
    # filters, exports and dashboards all use these.

    def valid(self, on: datetime.date | None = None):
        """Valid and not expired on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(status=Certificate.Status.VALID).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )

    def expired(self, on: datetime.date | None = None):
        """Not revoked or superseded, but past its expiry date on ``on``."""
        return self.filter(status=Certificate.Status.VALID, expires_on__lt=on or timezone.localdate())

    def expiring(self, days: int, on: datetime.date | None = None):
        """Valid on ``on`` and expiring within the next ``days`` days (``on`` itself included)."""
        on = on or timezone.localdate()
        return self.filter(
            status=Certificate.Status.VALID, expires_on__gte=on, expires_on__lte=on + datetime.timedelta(days=days)
        )

    def with_effective_status(self, status: str, on: datetime.date | None = None):
        """Rows whose effective status on ``on`` is ``status`` (one of ``Status`` or ``Certificate.EXPIRED``)."""
        if status == Certificate.Status.VALID:
            return self.valid(on)
        if status == Certificate.EXPIRED:
            return self.expired(on)
        return self.filter(status=status)

    def with_status(self, on: datetime.date | None = None):
        """Annotate ``current_status``: the effective status on ``on``, computed by the database."""
        on = on or timezone.localdate()
        return self.annotate(
            current_status=Case(
                When(status=Certificate.Status.VALID, expires_on__lt=on, then=Value(Certificate.EXPIRED)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Certificate(models.Model):
    class Kind(models.TextChoices):
        GRADE = "grade", _("Grade")
        EXAM = "exam", _("Passed exam")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    EXPIRED = "expired"  # derived: status VALID and expires_on in the past

    # Fields that may change after issue; everything else is fixed at issue.
    MUTABLE_FIELDS = frozenset(
        {"status", "revoked_at", "revoked_by", "revocation_reason", "reminders_sent"}
    )

    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    token = models.CharField(_("verification token"), max_length=80, unique=True, editable=False)
    holder = models.ForeignKey(
        "people.Employee", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("certifies"), max_length=20, choices=Kind.choices)
    subject_key = models.CharField(_("subject"), max_length=64, db_index=True, editable=False)
    grade_award = models.ForeignKey(
        "certification.GradeAward",
        verbose_name=_("grade award"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    theory_result = models.ForeignKey(
        "certification.TheoryResult",
        verbose_name=_("exam result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VALID)
    frozen = models.JSONField(_("data at issue"), default=dict, editable=False)
    data_hash = models.CharField(_("data fingerprint (SHA-256)"), max_length=64, editable=False)
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_to, storage=private_storage, max_length=200, editable=False
    )
    content_hash = models.CharField(_("PDF fingerprint (SHA-256)"), max_length=64, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    batch = models.ForeignKey(
        CertificateBatch,
        verbose_name=_("bulk issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    reminders_sent = models.JSONField(_("expiry reminders sent"), default=list, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("issue_certificate", _("Can issue and re-issue certificates")),
            ("revoke_certificate", _("Can revoke certificates")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key"],
                condition=Q(status="valid"),
                name="certification_one_valid_certificate_per_subject",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="certification_cert_expiry")]

    def __str__(self):
        return f"{self.serial} · {self.frozen.get('holder_name', '')}"

    # ------------------------------------------------------------------ immutability

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise CertificateImmutable(
                    "An issued certificate is immutable; only its status fields may be updated "
                    "(pass update_fields)."
                )
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CertificateImmutable("Certificates are never deleted; revoke them instead.")

    # ------------------------------------------------------------------ derived status

    def is_expired(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.expires_on is not None and self.expires_on < on

    def effective_status(self, on: datetime.date | None = None) -> str:
        """The status on ``on``; the value ``with_status()`` annotated when the row came from it (today)."""
        if on is None and getattr(self, "current_status", None):
            return self.current_status
        if self.status == self.Status.VALID and self.is_expired(on):
            return self.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        status = self.effective_status()
        if status == self.EXPIRED:
            return str(_("Expired"))
        return str(self.Status(status).label)

    @property
    def holder_name(self) -> str:
        return self.frozen.get("holder_name", "")
