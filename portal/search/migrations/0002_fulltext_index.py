"""The full-text index over SearchEntry's token columns, in the database's own form.

SQLite: an FTS5 table with external content (the SearchEntry rows) kept in step by triggers; its
``unicode61`` tokenizer splits only on the spaces between our pre-analysed tokens.
PostgreSQL: a generated tsvector column ('simple' configuration: no stemming, no stop words; the
analysis is done already) with weights A = title, B = headings, D = body, and a GIN index.
Other databases: nothing (the portal supports SQLite and PostgreSQL).
"""

from django.db import migrations

TABLE = "portal_search_searchentry"
FTS = "portal_search_fts"
COLUMNS = "title_tokens, headings_tokens, body_tokens"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{TABLE}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"""CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.title_tokens, new.headings_tokens, new.body_tokens);
    END""",
    f"""CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title_tokens, old.headings_tokens, old.body_tokens);
    END""",
    f"""CREATE TRIGGER {FTS}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title_tokens, old.headings_tokens, old.body_tokens);
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, new.title_tokens, new.headings_tokens, new.body_tokens);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(headings_tokens, '')), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'D')
    ) STORED""",
    f"CREATE INDEX portal_search_vector_gin ON {TABLE} USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS portal_search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
