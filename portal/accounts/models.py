"""Sign-in records: break-glass local accounts, the link of a user to their directory entry, the audit trail.

``BreakGlassAccount`` is the flag an Administrator sets on the few local accounts that may still sign in with
a local password while the bank's directory is configured (the directory being down must not lock IT out).
``DirectoryAccount`` remembers which directory entry (DN) a user was linked to on first directory sign-in, so
a second entry claiming the same employee number is refused. The sign-in audit trail (locks, unlocks, links,
role changes, break-glass grants) is Wagtail's ``ModelLogEntry`` like every other non-page object, written only
through ``portal.core.audit.record`` (actions in ``audit_actions``): an event about a known user is logged on
the user, its directory link or break-glass flag; a lock or unlock on django-axes' ``AccessAttempt`` for that
(account name, address), which exists even when the name is nobody's. The account name and address are kept in
the entry's ``data``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
