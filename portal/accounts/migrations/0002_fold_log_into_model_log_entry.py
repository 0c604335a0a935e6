"""The sign-in audit trail joins Wagtail's ModelLogEntry (one log model for every non-page object).

Each AccountLogEntry row is copied with its time, user, action, label, uuid, object and revision; its account
name and address columns go to ``data["username"]`` and ``data["ip_address"]`` (the locked sign-ins page reads
them there). Then the table is dropped. Going back copies the accounts.* rows back the same way.
"""

from django.db import migrations

BATCH = 2000


def _fold(apps, schema_editor):
    Old = apps.get_model("accounts", "AccountLogEntry")
    New = apps.get_model("wagtailcore", "ModelLogEntry")
    rows = []
    for e in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        data = dict(e.data) if isinstance(e.data, dict) else {"value": e.data}
        data.setdefault("username", e.username or "")
        data.setdefault("ip_address", e.ip_address or None)
        rows.append(New(
            content_type_id=e.content_type_id, label=e.label, action=e.action, data=data, timestamp=e.timestamp,
            uuid=e.uuid, user_id=e.user_id, revision_id=e.revision_id, content_changed=e.content_changed,
            deleted=e.deleted, object_id=e.object_id,
        ))
        if len(rows) >= BATCH:
            New.objects.bulk_create(rows)
            rows = []
    New.objects.bulk_create(rows)


def _unfold(apps, schema_editor):
    Old = apps.get_model("accounts", "AccountLogEntry")
    New = apps.get_model("wagtailcore", "ModelLogEntry")
    rows = []
    for e in New.objects.filter(action__startswith="accounts.").order_by("pk").iterator(chunk_size=BATCH):
        data = dict(e.data) if isinstance(e.data, dict) else {}
        rows.append(Old(
            content_type_id=e.content_type_id, label=e.label, action=e.action, timestamp=e.timestamp,
            uuid=e.uuid, user_id=e.user_id, revision_id=e.revision_id, content_changed=e.content_changed,
            deleted=e.deleted, object_id=e.object_id, username=data.pop("username", "") or "",
            ip_address=data.pop("ip_address", None), data=data,
        ))
    Old.objects.bulk_create(rows, batch_size=BATCH)
    New.objects.filter(action__startswith="accounts.").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_sign_in_records'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(_fold, _unfold),
        migrations.DeleteModel(
            name='AccountLogEntry',
        ),
    ]
