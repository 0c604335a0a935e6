"""The sign-in audit actions (``accounts.*``), written through ``portal.core.audit.record`` to Wagtail's
``ModelLogEntry`` (on the user, its directory link or break-glass flag, or django-axes' ``AccessAttempt``);
the account name and address are in ``data``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

LOCK = "accounts.lockout.lock"
UNLOCK = "accounts.lockout.unlock"
LINK = "accounts.directory.link"
ROLES = "accounts.directory.roles"
BREAK_GLASS_SET = "accounts.break_glass.set"
BREAK_GLASS_CLEAR = "accounts.break_glass.clear"

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
    LOCK: (_("Lock sign-in"), _("Sign-in locked after too many failures")),
    UNLOCK: (_("Unlock sign-in"), _("Sign-in unlocked by an Administrator")),
    LINK: (_("Link directory account"), _("Directory account linked to the employee")),
    ROLES: (_("Roles from directory groups"), _("Roles changed to follow directory groups")),
    BREAK_GLASS_SET: (_("Mark break-glass account"), _("Marked as a break-glass local account")),
    BREAK_GLASS_CLEAR: (_("Unmark break-glass account"), _("No longer a break-glass local account")),
})
