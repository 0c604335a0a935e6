"""The certification audit trail joins Wagtail's ModelLogEntry (one log model for every non-page object).

Each CertificationLogEntry row is copied with its time, user, action, label, uuid and revision; the person
concerned goes to ``data["employee_id"]`` and the reason to ``data["reason"]`` (shown as the entry's comment).
Then the table is dropped. Going back copies the certification.* rows back the same way.
"""

from django.db import migrations

BATCH = 2000


def _fold(apps, schema_editor):
    Old = apps.get_model("certification", "CertificationLogEntry")
    New = apps.get_model("wagtailcore", "ModelLogEntry")
    rows = []
    for e in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        data = dict(e.data) if isinstance(e.data, dict) else {"value": e.data}
        if e.employee_id is not None:
            data.setdefault("employee_id", e.employee_id)
        if e.reason:
            data.setdefault("reason", e.reason)
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
    Old = apps.get_model("certification", "CertificationLogEntry")
    New = apps.get_model("wagtailcore", "ModelLogEntry")
    rows = []
    for e in New.objects.filter(action__startswith="certification.").order_by("pk").iterator(chunk_size=BATCH):
        data = dict(e.data) if isinstance(e.data, dict) else {}
        rows.append(Old(
            content_type_id=e.content_type_id, label=e.label, action=e.action, timestamp=e.timestamp,
            uuid=e.uuid, user_id=e.user_id, revision_id=e.revision_id, content_changed=e.content_changed,
            deleted=e.deleted, object_id=e.object_id, employee_id=data.pop("employee_id", None),
            reason=data.pop("reason", ""), data=data,
        ))
    Old.objects.bulk_create(rows, batch_size=BATCH)
    New.objects.filter(action__startswith="certification.").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0005_certificate_pdfs_private'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(_fold, _unfold),
        migrations.DeleteModel(
            name='CertificationLogEntry',
        ),
    ]
