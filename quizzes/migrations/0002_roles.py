from django.db import migrations


def extend_roles(apps, schema_editor):
    from portal.people.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """Give Examiners (and Administrators, who hold every permission) the question-bank rights."""

    dependencies = [
        ("quizzes", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(extend_roles, migrations.RunPython.noop)]
