"""The search filters as tokens of the SQLite full-text index (portal.search.facets).

SearchEntry gains ``facet_tokens``, filled for the rows already indexed; on SQLite the FTS5 table is made
again with a fourth column, ``facet_tokens``, and re-read from its content table. PostgreSQL filters on the
entry's own columns in the same table as its tsvector, so its index is unchanged.
"""

from django.db import migrations, models

from portal.search.facets import delimited_values, facet_tokens

TABLE = "portal_search_searchentry"
FTS = "portal_search_fts"
OLD_COLUMNS = "title_tokens, headings_tokens, body_tokens"
NEW_COLUMNS = "title_tokens, headings_tokens, body_tokens, facet_tokens"
NEW_VALUES = "{0}.title_tokens, {0}.headings_tokens, {0}.body_tokens, {0}.facet_tokens"


def _triggers(columns: str, values: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS}(rowid, {columns}) VALUES (new.id, {values.format("new")});
        END""",
        f"""CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ('delete', old.id, {values.format("old")});
        END""",
        f"""CREATE TRIGGER {FTS}_au AFTER UPDATE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ('delete', old.id, {values.format("old")});
            INSERT INTO {FTS}(rowid, {columns}) VALUES (new.id, {values.format("new")});
        END""",
    ]


DROP = [f"DROP TRIGGER IF EXISTS {FTS}_au", f"DROP TRIGGER IF EXISTS {FTS}_ad", f"DROP TRIGGER IF EXISTS {FTS}_ai",
        f"DROP TABLE IF EXISTS {FTS}"]


def _create(columns: str, values: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({columns}, content='{TABLE}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')",
        *_triggers(columns, values),
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


def forward(apps, schema_editor):
    SearchEntry = apps.get_model("portal_search", "SearchEntry")
    sqlite = schema_editor.connection.vendor == "sqlite"
    if sqlite:
        for statement in DROP:
            schema_editor.execute(statement)
    batch = []
    rows = SearchEntry.objects.only("id", "kind", "language", "audience", "status", "departments", "posts")
    for entry in rows.iterator(chunk_size=2000):
        entry.facet_tokens = facet_tokens(
            kind=entry.kind, language=entry.language, audience=entry.audience, status=entry.status,
            departments=delimited_values(entry.departments), posts=delimited_values(entry.posts),
        )
        batch.append(entry)
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_update(batch, ["facet_tokens"])
            batch = []
    if batch:
        SearchEntry.objects.bulk_update(batch, ["facet_tokens"])
    if sqlite:
        for statement in _create(NEW_COLUMNS, NEW_VALUES):
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP + _create(OLD_COLUMNS, "{0}.title_tokens, {0}.headings_tokens, {0}.body_tokens"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_fulltext_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="facet_tokens",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forward, backward),
    ]
