"""Local accounts without a directory (the embedded default), break-glass administration, password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.accounts import audit_actions as audit
from portal.accounts.models import BreakGlassAccount
from portal.settings.directory import directory_settings
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/zh-hans/accounts/login/"


def test_employee_number_signs_in_a_local_account(client):
    employee = EmployeeFactory(employee_number="E0029", user=UserFactory(username="employee"))
    client.post(LOGIN, {"username": "E0029", "password": "test-password"})
    assert int(client.session["_auth_user_id"]) == employee.user.pk


def test_employee_number_is_matched_without_case(client):
    EmployeeFactory(employee_number="E0029", user=UserFactory(username="employee"))
    client.post(LOGIN, {"username": "e0029", "password": "test-password"})
    assert "_auth_user_id" in client.session


def test_account_name_signs_in_without_a_directory(client):
    UserFactory(username="teller")
    client.post(LOGIN, {"username": "teller", "password": "test-password"})
    assert "_auth_user_id" in client.session


def test_administrator_marks_a_break_glass_account_and_it_is_logged(client, admin_user_role):
    UserFactory(username="it-emergency")
    client.force_login(admin_user_role)
    client.post(reverse("accounts_admin:break_glass"), {"username": "it-emergency", "reason": "directory outage"})
    account = BreakGlassAccount.objects.get(user__username="it-emergency")
    assert ModelLogEntry.objects.get(action=audit.BREAK_GLASS_SET, object_id=str(account.pk)).user == admin_user_role


def test_administrator_removes_a_break_glass_flag_and_it_is_logged(client, admin_user_role):
    UserFactory(username="it-emergency")
    client.force_login(admin_user_role)
    client.post(reverse("accounts_admin:break_glass"), {"username": "it-emergency", "reason": "outage"})
    client.post(reverse("accounts_admin:break_glass_clear", args=[BreakGlassAccount.objects.get().pk]))
    assert not BreakGlassAccount.objects.exists() and ModelLogEntry.objects.filter(action=audit.BREAK_GLASS_CLEAR).exists()


def test_break_glass_refuses_an_unknown_or_passwordless_account(client, admin_user_role):
    user = UserFactory(username="sso-only")
    user.set_unusable_password()
    user.save()
    client.force_login(admin_user_role)
    for name in ("sso-only", "nobody", "<script>x</script>"):
        response = client.post(reverse("accounts_admin:break_glass"), {"username": name, "reason": "r"})
        assert response.status_code == 200
    assert not BreakGlassAccount.objects.exists()


def test_hr_cannot_mark_break_glass_accounts(client, hr_user):
    UserFactory(username="it-emergency")
    client.force_login(hr_user)
    response = client.post(reverse("accounts_admin:break_glass"), {"username": "it-emergency", "reason": "r"})
    assert response.status_code in (302, 403) and not BreakGlassAccount.objects.exists()


def test_local_passwords_need_twelve_characters_of_three_kinds():
    for weak in ("demo-2026", "alllowercaseletters", "Short1!"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Bank-branch-2026")


def test_directory_uri_must_be_ldap_or_ldaps():
    with pytest.raises(ImproperlyConfigured):
        directory_settings({"LDAP_SERVER_URI": "http://dc01"})


def test_role_groups_must_be_a_json_object():
    with pytest.raises(ImproperlyConfigured):
        directory_settings({"LDAP_SERVER_URI": "ldap://dc01", "LDAP_ROLE_GROUPS": "[1, 2"})


def test_without_ldap_server_uri_the_directory_is_off():
    assert directory_settings({})["AUTH_LDAP_SERVER_URI"] == ""
