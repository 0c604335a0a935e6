"""Sign-in records: break-glass local accounts, the link of a user to their directory entry, the audit trail.

``BreakGlassAccount`` is the flag an Administrator sets on the few local accounts that may still sign in with
a local password while the bank's directory is configured (the directory being down must not lock IT out).
``DirectoryAccount`` remembers which directory entry (DN) a user was linked to on first directory sign-in, so
a second entry claiming the same employee number is refused. ``AccountLogEntry`` is the audit trail (Wagtail's
log-entry shape, so entries also appear in "Site history"): locks, unlocks, links, role changes, break-glass
grants; written only through ``portal.core.audit.record`` (actions in ``audit_actions``).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager


class BreakGlassAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_glass", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("break-glass account")
        verbose_name_plural = _("break-glass accounts")
        ordering = ["user__username"]
        permissions = [
            ("manage_break_glass", _("Can mark local accounts as break-glass")),
            ("unlock_sign_in", _("Can see locked sign-ins and unlock them")),
        ]

    def __str__(self):
        return self.user.get_username()


class DirectoryAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_account",
        verbose_name=_("user"),
    )
    dn = models.CharField(_("directory entry (DN)"), max_length=500, unique=True)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_sign_in = models.DateTimeField(_("last directory sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("directory account")
        verbose_name_plural = _("directory accounts")

    def __str__(self):
        return self.dn


class AccountLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        """The entries about ``instance`` (Wagtail's history and "last updated" panels ask for them)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class AccountLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    username = models.CharField(_("account name"), max_length=255, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccountLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        verbose_name = _("sign-in log entry")
        verbose_name_plural = _("sign-in log entries")
        ordering = ["-timestamp", "-id"]

    def __str__(self):
        return f"{self.action} · {self.username or self.label}"
