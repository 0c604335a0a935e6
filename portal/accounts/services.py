"""Sign-in mutations, each writing its audit row: directory links, roles from groups, break-glass, unlock."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from portal.core.audit import record
from portal.people.roles import ALL_ROLES

from . import rules
from .audit_actions import BREAK_GLASS_CLEAR, BREAK_GLASS_SET, LINK, LOCK, ROLES, UNLOCK
from .models import BreakGlassAccount, DirectoryAccount


def sign_in_data(username, ip_address=None) -> dict:
    """The account name and address a sign-in entry keeps in its ``data`` (an unknown address is None)."""
    return {"username": (username or "")[:255], "ip_address": ip_address or None}


class DirectoryLinkConflict(Exception):
    """The employee's user is already linked to another directory entry."""


def link_directory_account(user, dn: str, *, now=None) -> DirectoryAccount:
    """Link ``user`` to directory entry ``dn`` on first sign-in (logged); later sign-ins update the time.

    Raises DirectoryLinkConflict when the user is linked to a different entry, or the entry to another user.
    """
    now = now or timezone.now()
    with transaction.atomic():
        link = DirectoryAccount.objects.select_for_update().filter(user=user).first()
        if link is not None:
            if rules.normalise_dn(link.dn) != rules.normalise_dn(dn):
                raise DirectoryLinkConflict(link.dn)
            link.last_sign_in = now
            link.save(update_fields=["last_sign_in"])
            return link
        if DirectoryAccount.objects.filter(dn__iexact=dn).exclude(user=user).exists():
            raise DirectoryLinkConflict(dn)
        link = DirectoryAccount.objects.create(user=user, dn=dn, last_sign_in=now)
        record(link, LINK, acting_user=None,
               data={"dn": dn, "user": user.get_username(), **sign_in_data(user.get_username())})
        return link


def sync_roles_from_groups(user, member_of, role_groups: dict[str, str], *, ip=None) -> tuple[list, list]:
    """Make the user's mapped roles follow their directory groups; log before and after when they change."""
    groups = {g.name: g for g in Group.objects.filter(name__in=ALL_ROLES)}
    before = sorted(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    after = sorted(rules.roles_after(before, member_of, {r: dn for r, dn in role_groups.items() if r in groups}))
    if after != before:
        with transaction.atomic():
            user.groups.remove(*[groups[r] for r in before if r not in after])
            user.groups.add(*[groups[r] for r in after if r not in before])
            record(
                user, ROLES, acting_user=None,
                data={"before": before, "after": after, **sign_in_data(user.get_username(), ip)},
            )
    return before, after


def set_break_glass(user, *, reason: str, acting_user) -> BreakGlassAccount:
    with transaction.atomic():
        account, created = BreakGlassAccount.objects.get_or_create(
            user=user, defaults={"reason": reason, "granted_by": acting_user}
        )
        if not created:
            account.reason = reason
            account.granted_by = acting_user
            account.save(update_fields=["reason", "granted_by"])
        record(account, BREAK_GLASS_SET, acting_user=acting_user, reason=reason,
               data=sign_in_data(user.get_username()))
    return account


def clear_break_glass(account: BreakGlassAccount, *, acting_user) -> None:
    with transaction.atomic():
        record(account, BREAK_GLASS_CLEAR, acting_user=acting_user, reason=account.reason,
               data=sign_in_data(account.user.get_username()))
        account.delete()


def is_break_glass(user) -> bool:
    return BreakGlassAccount.objects.filter(user=user).exists()


def record_lockout(username: str, ip_address: str | None) -> None:
    """Log that (account, address) was just locked out (called from django-axes' signal)."""
    attempt = AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-id").first()
    # django-axes signals again at every refused try while locked: log the moment of locking only.
    if attempt is not None and attempt.failures_since_start == settings.AXES_FAILURE_LIMIT:
        record(attempt, LOCK, acting_user=None,
               data={"failures": attempt.failures_since_start, **sign_in_data(username, ip_address)})


def unlock(attempt: AccessAttempt, *, acting_user) -> None:
    """Lift the lock of one (account, address): the failures are forgotten and the unlock logged."""
    with transaction.atomic():
        record(attempt, UNLOCK, acting_user=acting_user,
               data={"failures": attempt.failures_since_start,
                     **sign_in_data(attempt.username, attempt.ip_address)})
        attempt.delete()
