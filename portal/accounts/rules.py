"""Pure sign-in rules: reading a directory entry and deciding roles from group membership (no ORM, no LDAP)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

AD_ACCOUNTDISABLE = 0x0002  # userAccountControl bit: the account is disabled


def first_value(attrs: Mapping[str, list], name: str) -> str:
    """The first value of attribute ``name`` (case-insensitive), decoded and stripped; "" when absent."""
    for key, values in (attrs or {}).items():
        if key.lower() == name.lower() and values:
            value = values[0]
            return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)).strip()
    return ""


def entry_disabled(attrs: Mapping[str, list]) -> bool:
    """True when the entry is switched off: AD's ACCOUNTDISABLE bit, or OpenLDAP ppolicy's account lock."""
    control = first_value(attrs, "userAccountControl")
    if control:
        try:
            if int(control) & AD_ACCOUNTDISABLE:
                return True
        except ValueError:
            pass
    return bool(first_value(attrs, "pwdAccountLockedTime"))


def normalise_dn(dn: str) -> str:
    return ",".join(part.strip() for part in (dn or "").split(",")).lower()


def roles_after(current: Iterable[str], member_of: Iterable[str], role_groups: Mapping[str, str]) -> set[str]:
    """The role names a user holds after sign-in: every mapped role follows membership of its group
    (granted when a member, removed when not); roles that no group maps are left as they are."""
    groups = {normalise_dn(dn) for dn in member_of}
    roles = set(current)
    for role, group_dn in role_groups.items():
        if normalise_dn(group_dn) in groups:
            roles.add(role)
        else:
            roles.discard(role)
    return roles
