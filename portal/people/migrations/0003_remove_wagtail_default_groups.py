"""Remove Wagtail's own "Editors" and "Moderators" groups: the portal's roles replace them.

Wagtail's migrations create the two groups; left in place they sit next to the portal's six
roles (one of them confusingly named "Editor") in the group admin. They are removed only while no
user belongs to them, so an existing site that uses them keeps them.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_roles"),
        ("wagtailcore", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtail_localize", "__latest__"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
