"""The bank's directory (LDAP / Active Directory), read from the environment; off unless LDAP_SERVER_URI is set.

``directory_settings(environ)`` turns the variables into django-auth-ldap's AUTH_LDAP_* settings (and the
portal's own PORTAL_LDAP_*); base.py applies it to os.environ so every settings module honours them, and the
directory tests apply it to the throwaway slapd's variables.

  LDAP_SERVER_URI            ldap://host:389 or ldaps://host:636 (unset: no directory, local accounts only)
  LDAP_START_TLS             1 to StartTLS on an ldap:// connection (default 0)
  LDAP_CA_CERT_FILE          PEM file of the CA that signed the directory's certificate (verified when set)
  LDAP_BIND_DN / LDAP_BIND_PASSWORD   the service account that searches the directory
  LDAP_USER_SEARCH_BASE      where people are searched (subtree)
  LDAP_USER_FILTER           default (|(uid=%(user)s)(sAMAccountName=%(user)s)(employeeNumber=%(user)s))
  LDAP_EMPLOYEE_NUMBER_ATTR  the attribute holding HR's employee number (default employeeNumber)
  LDAP_GROUP_SEARCH_BASE     where groups are searched (subtree); needed for LDAP_ROLE_GROUPS
  LDAP_ROLE_GROUPS           JSON object: portal role name → group DN, e.g. {"Examiner": "CN=Portal Examiners,…"}
  LDAP_TIMEOUT_SECONDS       connect / operation time-out (default 5)
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import ldap
from django.core.exceptions import ImproperlyConfigured
from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

DEFAULT_USER_FILTER = "(|(uid=%(user)s)(sAMAccountName=%(user)s)(employeeNumber=%(user)s))"
GROUP_FILTER = "(|(objectClass=groupOfNames)(objectClass=group))"


def directory_settings(env: Mapping[str, str]) -> dict:
    uri = (env.get("LDAP_SERVER_URI") or "").strip()
    values: dict = {"AUTH_LDAP_SERVER_URI": uri, "AUTH_LDAP_GROUP_SEARCH": None, "PORTAL_LDAP_ROLE_GROUPS": {},
                    "PORTAL_LDAP_EMPLOYEE_NUMBER_ATTR": env.get("LDAP_EMPLOYEE_NUMBER_ATTR") or "employeeNumber"}
    if not uri:
        return values
    if not uri.lower().startswith(("ldap://", "ldaps://")):
        raise ImproperlyConfigured("LDAP_SERVER_URI must start with ldap:// or ldaps://")
    timeout = float(env.get("LDAP_TIMEOUT_SECONDS") or 5)
    options = {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: timeout, ldap.OPT_TIMEOUT: timeout}
    ca_file = (env.get("LDAP_CA_CERT_FILE") or "").strip()
    if ca_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above
    number_attr = values["PORTAL_LDAP_EMPLOYEE_NUMBER_ATTR"]
    try:
        role_groups = json.loads(env.get("LDAP_ROLE_GROUPS") or "{}")
    except json.JSONDecodeError as e:
        raise ImproperlyConfigured(f"LDAP_ROLE_GROUPS is not valid JSON: {e}")
    if not isinstance(role_groups, dict) or not all(isinstance(v, str) for v in role_groups.values()):
        raise ImproperlyConfigured("LDAP_ROLE_GROUPS must be a JSON object of role name → group DN")
    group_base = (env.get("LDAP_GROUP_SEARCH_BASE") or "").strip()
    values.update(
        AUTH_LDAP_START_TLS=env.get("LDAP_START_TLS", "0") == "1",
        AUTH_LDAP_CONNECTION_OPTIONS=options,
        AUTH_LDAP_BIND_DN=env.get("LDAP_BIND_DN", ""),
        AUTH_LDAP_BIND_PASSWORD=env.get("LDAP_BIND_PASSWORD", ""),
        AUTH_LDAP_USER_SEARCH=LDAPSearch(
            env.get("LDAP_USER_SEARCH_BASE", ""), ldap.SCOPE_SUBTREE,
            env.get("LDAP_USER_FILTER") or DEFAULT_USER_FILTER,
            # Operational lock attribute (OpenLDAP ppolicy) and AD's account control, beside the entry.
            attrlist=["*", "pwdAccountLockedTime", "userAccountControl", number_attr],
        ),
        AUTH_LDAP_USER_ATTR_MAP={"email": "mail"},
        AUTH_LDAP_ALWAYS_UPDATE_USER=True,
        AUTH_LDAP_GROUP_SEARCH=(
            LDAPSearch(group_base, ldap.SCOPE_SUBTREE, GROUP_FILTER) if group_base else None
        ),
        AUTH_LDAP_GROUP_TYPE=GroupOfNamesType(),
        PORTAL_LDAP_ROLE_GROUPS=role_groups,
    )
    return values
