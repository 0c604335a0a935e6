"""Directory sign-in against a real slapd (tests/directory/slapd.py), through the portal's sign-in page."""

import subprocess

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.accounts import audit_actions as audit
from portal.accounts.models import DirectoryAccount
from portal.accounts.services import set_break_glass
from portal.people.roles import EMPLOYEE, EXAMINER, HR
from tests.directory.slapd import SUFFIX, free_port
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


@pytest.fixture
def yang(db):
    """HR's record of 杨帆, imported from Excel: login user E9001 with no password, Employee role."""
    employee = EmployeeFactory(employee_number="E9001", name="杨帆", user__password=None)
    employee.user.set_unusable_password()
    employee.user.save()
    employee.user.groups.add(Group.objects.get(name=EMPLOYEE))
    return employee


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in_user(client):
    return client.get(reverse("session_status")).json()["authenticated"]


def test_signs_in_with_the_domain_account_name(client, use_directory, yang):
    response = sign_in(client, "yangfan", "Domain-pass-1")
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == yang.user.pk


def test_signs_in_with_the_employee_number(client, use_directory, yang):
    sign_in(client, "E9001", "Domain-pass-1")
    assert int(client.session["_auth_user_id"]) == yang.user.pk


def test_first_directory_sign_in_links_the_employee_and_logs_it(client, use_directory, yang):
    sign_in(client, "yangfan", "Domain-pass-1")
    link = DirectoryAccount.objects.get(user=yang.user)
    assert link.dn == f"uid=yangfan,ou=people,{SUFFIX}"
    assert ModelLogEntry.objects.filter(action=audit.LINK, object_id=str(link.pk)).count() == 1


def test_wrong_password_is_refused_with_the_generic_message(client, use_directory, yang):
    response = sign_in(client, "yangfan", "not-the-password")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "correct username and password" in response.content.decode()


def test_entry_without_a_registered_employee_is_told_to_ask_hr(client, use_directory, yang):
    response = sign_in(client, "stranger", "Domain-pass-3")
    assert "_auth_user_id" not in client.session
    assert "not linked to an employee in HR" in response.content.decode() and "X0001" in response.content.decode()


def test_inactive_employee_is_refused_and_told_to_ask_hr(client, use_directory):
    EmployeeFactory(employee_number="E9003", is_active=False)
    response = sign_in(client, "leaver", "Domain-pass-4")
    assert "_auth_user_id" not in client.session and "no longer active" in response.content.decode()


def test_locked_directory_entry_is_refused_and_told_to_call_it(client, use_directory):
    EmployeeFactory(employee_number="E9004")
    response = sign_in(client, "locked", "Domain-pass-5")
    assert "_auth_user_id" not in client.session and "disabled or locked" in response.content.decode()


def test_group_membership_grants_the_role_and_logs_before_and_after(client, use_directory, yang):
    sign_in(client, "yangfan", "Domain-pass-1")
    assert set(yang.user.groups.values_list("name", flat=True)) == {EMPLOYEE, EXAMINER}
    entry = ModelLogEntry.objects.get(action=audit.ROLES, object_id=str(yang.user.pk))
    assert entry.data == {"before": [EMPLOYEE], "after": [EMPLOYEE, EXAMINER],
                          "username": yang.user.get_username(), "ip_address": "127.0.0.1"}


def _ldapmodify(slapd, ldif: str):
    subprocess.run(
        ["ldapmodify", "-x", "-H", slapd.uri, "-D", f"cn=admin,{SUFFIX}", "-w", "admin-secret"],
        input=ldif.encode(), check=True, capture_output=True,
    )


def test_role_is_removed_at_the_next_sign_in_after_leaving_the_group(client, use_directory, yang, slapd):
    yang.user.groups.add(Group.objects.get(name=HR))  # granted earlier, no longer in portal-hr
    sign_in(client, "yangfan", "Domain-pass-1")
    client.logout()
    member = f"uid=yangfan,ou=people,{SUFFIX}"
    _ldapmodify(slapd, f"dn: cn=portal-examiners,ou=groups,{SUFFIX}\nchangetype: modify\ndelete: member\nmember: {member}\n")
    try:
        sign_in(client, "yangfan", "Domain-pass-1")
    finally:
        _ldapmodify(slapd, f"dn: cn=portal-examiners,ou=groups,{SUFFIX}\nchangetype: modify\nadd: member\nmember: {member}\n")
    assert set(yang.user.groups.values_list("name", flat=True)) == {EMPLOYEE}
    last = ModelLogEntry.objects.filter(action=audit.ROLES, object_id=str(yang.user.pk)).order_by("-id").first()
    assert last.data == {"before": [EMPLOYEE, EXAMINER], "after": [EMPLOYEE],
                         "username": yang.user.get_username(), "ip_address": "127.0.0.1"}


def test_start_tls_verified_with_the_test_ca_signs_in(client, use_directory, yang, slapd):
    use_directory(LDAP_START_TLS="1", LDAP_CA_CERT_FILE=slapd.ca_file)
    sign_in(client, "yangfan", "Domain-pass-1")
    assert int(client.session["_auth_user_id"]) == yang.user.pk


def test_start_tls_with_an_untrusted_certificate_is_refused_as_unreachable(client, use_directory, yang, tmp_path):
    other_ca = tmp_path / "other.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Other",
                    "-keyout", str(tmp_path / "k"), "-out", str(other_ca)], check=True, capture_output=True)
    use_directory(LDAP_START_TLS="1", LDAP_CA_CERT_FILE=str(other_ca))
    response = sign_in(client, "yangfan", "Domain-pass-1")
    assert "_auth_user_id" not in client.session and "cannot be reached" in response.content.decode()


def test_directory_down_says_so(client, use_directory, yang):
    use_directory(LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}")
    response = sign_in(client, "yangfan", "Domain-pass-1")
    assert "_auth_user_id" not in client.session and "cannot be reached" in response.content.decode()


def test_directory_down_leaves_break_glass_sign_in_working(client, use_directory, admin_user_role):
    use_directory(LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}")
    set_break_glass(admin_user_role, reason="directory outage", acting_user=None)
    sign_in(client, admin_user_role.username, "test-password")
    assert int(client.session["_auth_user_id"]) == admin_user_role.pk


def test_local_password_of_an_ordinary_account_is_refused_while_the_directory_is_configured(client, use_directory):
    user = UserFactory(username="localonly")
    response = sign_in(client, "localonly", "test-password")
    assert "_auth_user_id" not in client.session and user.pk
    assert "Local passwords work only for break-glass accounts" in response.content.decode()
