"""A real OpenLDAP slapd for the directory tests: one per pytest(-xdist) worker, started on first use.

Outside CI a machine without slapd skips these tests with that reason; under CI=true a missing slapd fails
(``make test`` installs it).
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from portal.settings.directory import directory_settings
from tests.directory.slapd import SERVICE_DN, SERVICE_PASSWORD, SLAPD, SUFFIX, Slapd

ROLE_GROUPS = {
    "Examiner": f"cn=portal-examiners,ou=groups,{SUFFIX}",
    "HR": f"cn=portal-hr,ou=groups,{SUFFIX}",
}


@pytest.fixture(scope="session")
def slapd():
    if not Path(SLAPD).exists() or shutil.which("openssl") is None:
        reason = f"{SLAPD} or openssl is missing (apt-get install slapd ldap-utils openssl)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    server = Slapd().start()
    yield server
    server.stop()


def directory_env(server, **overrides) -> dict:
    env = {
        "LDAP_SERVER_URI": server.uri,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "LDAP_USER_SEARCH_BASE": f"ou=people,{SUFFIX}",
        "LDAP_GROUP_SEARCH_BASE": f"ou=groups,{SUFFIX}",
        "LDAP_ROLE_GROUPS": json.dumps(ROLE_GROUPS),
        "LDAP_TIMEOUT_SECONDS": "3",
    }
    env.update(overrides)
    return env


@pytest.fixture
def use_directory(settings, slapd):
    """Point the portal at the throwaway slapd (exactly as the environment variables would); returns a
    function to re-point it with other variables."""

    def apply(**overrides):
        for name, value in directory_settings(directory_env(slapd, **overrides)).items():
            setattr(settings, name, value)

    apply()
    return apply
