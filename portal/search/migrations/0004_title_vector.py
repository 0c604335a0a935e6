"""PostgreSQL: the title's own tsvector, a small generated column, so that the title bonus of a ranked page
is matched without reading the whole ``search_vector`` of every match a second time. SQLite: nothing (its
FTS5 table matches the title column directly)."""

from django.db import migrations

TABLE = "portal_search_searchentry"

POSTGRES_FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, coalesce(title_tokens, ''))) STORED",
]
POSTGRES_BACKWARD = [f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_facet_tokens")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
