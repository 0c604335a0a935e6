from django.db import migrations


def sync_roles(apps, schema_editor):
    from portal.people.roles import sync_roles as sync

    sync(apps)


class Migration(migrations.Migration):
    """Give Examiners and HR their rights on the keyboard skill tests (portal.people.roles)."""

    dependencies = [("certification", "0003_keyboard_skill_tests")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
