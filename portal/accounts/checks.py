"""System checks: the directory's role map names the portal's roles."""

from django.conf import settings
from django.core import checks

from portal.people.roles import ALL_ROLES


@checks.register(checks.Tags.security)
def check_role_groups(app_configs, **kwargs):
    errors = []
    for role in getattr(settings, "PORTAL_LDAP_ROLE_GROUPS", {}) or {}:
        if role not in ALL_ROLES:
            errors.append(checks.Error(
                f"LDAP_ROLE_GROUPS names an unknown role {role!r}",
                hint=f"Use one of: {', '.join(ALL_ROLES)}", id="accounts.E001",
            ))
    return errors
