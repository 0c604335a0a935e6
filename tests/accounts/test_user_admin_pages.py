"""The admin's own user pages still work with the sign-in log registered for users."""

import pytest

from portal.accounts.models import AccountLogEntry
from portal.people.roles import ADMINISTRATOR
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db


def test_an_administrator_opens_a_users_edit_page_with_its_sign_in_history(client):
    admin = user_with_role(ADMINISTRATOR, username="it_admin")
    someone = user_with_role(ADMINISTRATOR, username="someone")
    AccountLogEntry.objects.log_action(someone, "wagtail.edit", user=admin)
    client.force_login(admin)
    response = client.get(f"/admin/users/edit/{someone.pk}/")
    assert response.status_code == 200


def test_sign_in_log_entries_are_found_for_their_user_only():
    admin = user_with_role(ADMINISTRATOR, username="it_admin2")
    other = user_with_role(ADMINISTRATOR, username="other2")
    AccountLogEntry.objects.log_action(admin, "wagtail.edit", user=admin)
    assert AccountLogEntry.objects.for_instance(admin).count() == 1
    assert AccountLogEntry.objects.for_instance(other).count() == 0
