from django.db import migrations


def sync_roles(apps, schema_editor):
    from portal.people.roles import sync_roles as sync

    sync(apps)


class Migration(migrations.Migration):
    """Grant the Examiner role the archive, paper printing and paper entry rights (portal.people.roles)."""

    dependencies = [
        ("exams", "0003_archives_and_paper_entries"),
        ("people", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
