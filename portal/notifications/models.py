"""One notice to one user: what happened (``kind`` + ``params``, rendered in the reader's language when shown),
where to go (``link``: a URL name and its arguments, reversed under the reader's language), and whether it
has been read. ``key`` makes each event notify once: (user, key) is unique, so a job run twice, a task
delivered twice or a re-scoring adds no second notice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        GRADING_DONE = "grading_done", _("Result final")
        RULE_DUE = "rule_due", _("Rule due soon")
        RULE_OVERDUE = "rule_overdue", _("Rule overdue")
        EXAM_OPENED = "exam_opened", _("Exam open")
        CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("event"), max_length=200)
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.JSONField(_("link"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.key}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
