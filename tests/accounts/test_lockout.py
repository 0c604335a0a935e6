"""django-axes lockout on the portal's and the admin's sign-in, the Administrator's list and unlock, the log."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.accounts import audit_actions as audit
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/zh-hans/accounts/login/"


def fail(client, username, times, url=LOGIN):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"})


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    UserFactory(username="teller")
    fail(client, "teller", 5)
    response = client.post(LOGIN, {"username": "teller", "password": "test-password"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client):
    UserFactory(username="teller")
    fail(client, "teller", 4)
    client.post(LOGIN, {"username": "teller", "password": "test-password"})
    assert "_auth_user_id" in client.session


def test_the_lock_is_per_address(client):
    UserFactory(username="teller")
    fail(client, "teller", 5)
    client.post(LOGIN, {"username": "teller", "password": "test-password"}, REMOTE_ADDR="127.0.0.9")
    assert "_auth_user_id" in client.session


def test_the_limit_is_a_setting(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="teller")
    fail(client, "teller", 2)
    assert client.post(LOGIN, {"username": "teller", "password": "test-password"}).status_code == 429


def test_admin_sign_in_failures_lock_too(client):
    UserFactory(username="teller")
    fail(client, "teller", 5, url="/admin/login/")
    assert client.post("/admin/login/", {"username": "teller", "password": "test-password"}).status_code == 429


def test_a_lock_is_logged_with_account_and_address(client):
    fail(client, "Nobody", 5)
    entry = ModelLogEntry.objects.get(action=audit.LOCK)
    assert (entry.data["username"], entry.data["ip_address"]) == ("nobody", "127.0.0.1")


def test_locked_page_says_when_to_try_again(client):
    fail(client, "teller", 5)
    response = client.post("/en/accounts/login/", {"username": "teller", "password": "x"})
    assert "Try again in 15 minutes" in response.content.decode()


def test_administrator_sees_the_lock_and_unlocks_it_and_the_unlock_is_logged(client, admin_user_role):
    UserFactory(username="teller")
    fail(client, "teller", 5)
    client.force_login(admin_user_role)
    assert "teller" in client.get(reverse("accounts_admin:locked")).content.decode()
    attempt = AccessAttempt.objects.get(username="teller")
    client.post(reverse("accounts_admin:unlock", args=[attempt.pk]))
    unlock = ModelLogEntry.objects.get(action=audit.UNLOCK)
    assert not AccessAttempt.objects.exists() and unlock.user == admin_user_role and unlock.data["username"] == "teller"


def test_an_unlocked_account_signs_in_again(client, admin_user_role):
    UserFactory(username="teller")
    fail(client, "teller", 5)
    client.force_login(admin_user_role)
    client.post(reverse("accounts_admin:unlock", args=[AccessAttempt.objects.get().pk]))
    client.logout()
    client.post(LOGIN, {"username": "teller", "password": "test-password"})
    assert "_auth_user_id" in client.session


def test_hr_may_neither_see_nor_unlock_locks(client, hr_user):
    fail(client, "teller", 5)
    client.force_login(hr_user)
    attempt = AccessAttempt.objects.get()
    assert client.get(reverse("accounts_admin:locked")).status_code in (302, 403)
    client.post(reverse("accounts_admin:unlock", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_unlock_by_get_or_of_an_unknown_lock_changes_nothing(client, admin_user_role):
    fail(client, "teller", 5)
    client.force_login(admin_user_role)
    attempt = AccessAttempt.objects.get()
    assert client.get(reverse("accounts_admin:unlock", args=[attempt.pk])).status_code == 405
    assert client.post(reverse("accounts_admin:unlock", args=[attempt.pk + 999])).status_code in (302, 404)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_tries_while_locked_do_not_log_new_locks(client):
    fail(client, "teller", 8)
    assert ModelLogEntry.objects.filter(action=audit.LOCK).count() == 1
