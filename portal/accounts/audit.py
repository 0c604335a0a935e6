"""The sign-in audit trail: one function writes every entry (namespaced ``accounts.*`` actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

LOCK = "accounts.lockout.lock"
UNLOCK = "accounts.lockout.unlock"
LINK = "accounts.directory.link"
ROLES = "accounts.directory.roles"
REFUSE = "accounts.directory.refuse"
BREAK_GLASS_SET = "accounts.break_glass.set"
BREAK_GLASS_CLEAR = "accounts.break_glass.clear"

# action → (label, message); registered with Wagtail's log registry in wagtail_hooks.
ACTIONS = {
    LOCK: (_("Lock sign-in"), _("Sign-in locked after too many failures")),
    UNLOCK: (_("Unlock sign-in"), _("Sign-in unlocked by an Administrator")),
    LINK: (_("Link directory account"), _("Directory account linked to the employee")),
    ROLES: (_("Roles from directory groups"), _("Roles changed to follow directory groups")),
    REFUSE: (_("Refuse directory sign-in"), _("Directory sign-in refused")),
    BREAK_GLASS_SET: (_("Mark break-glass account"), _("Marked as a break-glass local account")),
    BREAK_GLASS_CLEAR: (_("Unmark break-glass account"), _("No longer a break-glass local account")),
}


def record(instance, action: str, *, user=None, data: dict | None = None, username: str = "", ip=None):
    """Log ``action`` on ``instance`` by ``user`` (None: the system), naming the account and address."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown accounts action {action!r}")
    user = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    return log(
        instance=instance, action=action, user=user, data=data or {},
        username=(username or "")[:255], ip_address=ip or None,
    )
