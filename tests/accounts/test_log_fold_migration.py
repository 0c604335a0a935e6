"""accounts 0002 copies every AccountLogEntry row into Wagtail's ModelLogEntry, account name and address in data."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0001_sign_in_records")]
AFTER = [("accounts", "0002_fold_log_into_model_log_entry")]


@pytest.mark.django_db(transaction=True)
def test_the_fold_keeps_each_sign_in_entry_with_its_account_name_and_address():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Old = old_apps.get_model("accounts", "AccountLogEntry")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    attempt_type, _ = ContentType.objects.get_or_create(app_label="axes", model="accessattempt")
    Old.objects.create(content_type_id=attempt_type.pk, object_id="7", label="teller", action="accounts.lockout.lock",
                       data={"failures": 5}, timestamp=timezone.now(), username="teller", ip_address="10.1.2.3")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    New = executor.loader.project_state(AFTER).apps.get_model("wagtailcore", "ModelLogEntry")
    entry = New.objects.get(action="accounts.lockout.lock")
    assert (entry.object_id, entry.content_type_id, entry.data) == (
        "7", attempt_type.pk, {"failures": 5, "username": "teller", "ip_address": "10.1.2.3"}
    )
