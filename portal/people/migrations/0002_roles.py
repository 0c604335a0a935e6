from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.people.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("wagtailcore", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtailadmin", "__latest__"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
