"""The admin's own user pages work with a user's sign-in history in Wagtail's ModelLogEntry."""

import pytest
from wagtail.models import ModelLogEntry

from portal.core.audit import record
from portal.people.roles import ADMINISTRATOR
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db


def test_an_administrator_opens_a_users_edit_page_with_its_sign_in_history(client):
    admin = user_with_role(ADMINISTRATOR, username="it_admin")
    someone = user_with_role(ADMINISTRATOR, username="someone")
    record(someone, "accounts.directory.roles", acting_user=None, data={"before": [], "after": [ADMINISTRATOR]})
    client.force_login(admin)
    response = client.get(f"/admin/users/edit/{someone.pk}/")
    assert response.status_code == 200


def test_a_sign_in_event_about_a_user_is_a_model_log_entry_of_that_user_only():
    admin = user_with_role(ADMINISTRATOR, username="it_admin2")
    other = user_with_role(ADMINISTRATOR, username="other2")
    entry = record(admin, "accounts.directory.roles", acting_user=None, data={"before": [], "after": []})
    assert isinstance(entry, ModelLogEntry)
    assert ModelLogEntry.objects.for_instance(admin).count() == 1
    assert ModelLogEntry.objects.for_instance(other).count() == 0
