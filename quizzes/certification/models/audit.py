"""The certification audit trail: one row per mutation, kept in Wagtail's log-entry shape.

``CertificationLogEntry`` subclasses Wagtail's ``BaseLogEntry`` and is registered (``wagtail_hooks``) as the
log model of certificates, awards, results and bulk issues, so every entry also appears in Wagtail's
"Site history" report. Beyond Wagtail's fields it names the person concerned (``employee``) and carries the
human reason HR or an Examiner gave; ``data`` holds the before/after values. Written only through
``services.audit.record``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager


class CertificationLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class CertificationLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    employee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = CertificationLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        verbose_name = _("certification log entry")
        verbose_name_plural = _("certification log entries")
        ordering = ["-timestamp", "-id"]

    def __str__(self):
        return f"{self.action} · {self.label}"
