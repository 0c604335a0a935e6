from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.people.roles import sync_roles

    sync_roles(apps)  # creates the Branch manager group (issue 15) with exactly its permissions


class Migration(migrations.Migration):
    dependencies = [("people", "0003_remove_wagtail_default_groups")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
