from django.db import migrations


def sync_roles(apps, schema_editor):
    from portal.people.roles import sync_roles as sync

    sync(apps)


class Migration(migrations.Migration):
    """Grant the HR and Examiner roles their certification rights (portal.people.roles)."""

    dependencies = [
        ("certification", "0001_initial"),
        ("people", "0002_roles"),
        # Listed so the planner applies all of wagtailcore before people.0002_roles: that migration's
        # ("wagtailcore", "__latest__") resolves to the squashed 0001 node (a Django quirk with squashed
        # migrations), and reaching it first from here would run it against an old GroupPagePermission.
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
