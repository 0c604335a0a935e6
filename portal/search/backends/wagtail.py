"""Wagtail's own search (the admin's page search, choosers, snippet listings) with the portal analyzer.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backends.wagtail"}}``

Wagtail's stock database backend hands raw text to SQLite FTS5 / PostgreSQL, whose tokenizers keep an
unspaced Chinese run as one token, so the admin finds no two-character word inside a title. These
subclasses of the modelsearch database backends change exactly two things:

* **indexing**: every text value is replaced by the analyzer's space-separated tokens before it is
  stored (:class:`AnalysedIndexerMixin`), so Wagtail's own IndexEntry rows hold bigrams and stems;
* **querying**: the query text goes through the portal query parser (synonyms, Traditional → Simplified,
  bigram phrases) and is rendered as quoted FTS5 phrases / a raw 'simple' tsquery.

Everything else (tables, ranking, rebuilds with ``manage.py wagtail_update_index``) is modelsearch's.
The admin stays on the database even when the portal search uses Elasticsearch: the database is always
there, its index is small (titles and fields of admin-managed models), and Wagtail's Elasticsearch
backend would need its own Chinese mapping; the portal's search page is where Elasticsearch pays off.
After switching to this backend, run ``manage.py wagtail_update_index`` once to re-analyse existing rows.
"""

from __future__ import annotations

from functools import lru_cache, reduce

from django.db import connection
from modelsearch.query import Phrase as WagtailPhrase
from modelsearch.query import PlainText

from ..analysis import analyze, index_text
from ..models import load_synonyms
from ..query import ParsedQuery, Phrase, parse_query


class AnalysedIndexerMixin:
    """Store analysed tokens instead of raw text in Wagtail's index entries."""

    def prepare_value(self, value):
        return index_text(super().prepare_value(value))


def _parse(text: str, *, last_is_prefix: bool) -> ParsedQuery:
    parsed = parse_query(text, load_synonyms())
    if last_is_prefix and parsed.positive:
        # Autocomplete: the last word may be unfinished, so its last token is a prefix.
        *head, last = parsed.positive
        alternatives = tuple(Phrase(p.tokens, p.text, True) for p in last.alternatives)
        clauses = tuple(head) + (type(last)(alternatives),) + parsed.negative
        parsed = ParsedQuery(text=parsed.text, clauses=clauses, notices=parsed.notices)
    return parsed


def _is_empty(query) -> bool:
    return isinstance(query, (PlainText, WagtailPhrase)) and not parse_query(
        query.query_string, load_synonyms()
    )


# ------------------------------------------------------------------------------------ SQLite


@lru_cache(maxsize=1)
def _sqlite_classes():
    from modelsearch.backends.database.sqlite import sqlite as base
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.utils import get_content_type_pk

    class Indexer(AnalysedIndexerMixin, base.ObjectIndexer):
        pass

    class Index(base.SQLiteIndex):
        def add_items(self, model, objs):
            # modelsearch's SQLiteIndex.add_items, with the analysed indexer.
            if not model.get_search_fields():
                return
            indexers = [Indexer(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
            entries = self.entries.filter(content_type_id=content_type_pk)
            existing = set(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
            for object_id in existing:
                title, autocomplete, body = data[object_id]
                entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
            self.entries.bulk_create(
                [
                    base.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                    for object_id, (title, autocomplete, body) in data.items()
                    if object_id not in existing
                ]
            )
            self._refresh_title_norms()

    def lexemes(parsed: ParsedQuery):
        def clause(c):
            return reduce(lambda a, b: a | b, [Lexeme(" ".join(p.tokens), prefix=p.prefix) for p in c.alternatives])

        return reduce(lambda a, b: a & b, [clause(c) for c in parsed.positive])

    class QueryCompilerMixin:
        def build_search_query_content(self, query, config=None):
            if isinstance(query, WagtailPhrase):
                return SearchQueryExpression(Lexeme(" ".join(analyze(query.query_string))), config=config)
            if isinstance(query, PlainText):
                parsed = _parse(query.query_string, last_is_prefix=self.LAST_TERM_IS_PREFIX)
                return SearchQueryExpression(lexemes(parsed), config=config)
            return super().build_search_query_content(query, config=config)

        def search(self, config, start, stop, score_field=None):
            if _is_empty(self.query):
                return self.queryset.none()
            return super().search(config, start, stop, score_field=score_field)

    class QueryCompiler(QueryCompilerMixin, base.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(QueryCompilerMixin, base.SQLiteAutocompleteQueryCompiler):
        pass

    class Backend(base.SQLiteSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        index_class = Index

    return Backend


# ------------------------------------------------------------------------------------ PostgreSQL


@lru_cache(maxsize=1)
def _postgres_classes():
    from django.contrib.postgres.search import SearchQuery
    from django.db.models.sql.subqueries import InsertQuery
    from modelsearch.backends.database.postgres import postgres as base
    from modelsearch.utils import get_content_type_pk

    from .database import ts_clause, ts_phrase

    class Indexer(AnalysedIndexerMixin, base.ObjectIndexer):
        pass

    class Index(base.PostgresIndex):
        def add_items(self, model, objs):
            # modelsearch's PostgresIndex.add_items, with the analysed indexer.
            if not model.get_search_fields():
                return
            indexers = [Indexer(obj, self.backend) for obj in objs]
            if not indexers:
                return
            IndexEntry = base.IndexEntry
            content_type_pk = get_content_type_pk(model)
            compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
            rows, params = [], []
            for indexer in indexers:
                params.extend((content_type_pk, indexer.id))
                values = []
                for name in ("title", "autocomplete", "body"):
                    value = compiler.prepare_value(IndexEntry._meta.get_field(name), getattr(indexer, name))
                    sql, value_params = value.as_sql(compiler, self.write_connection)
                    values.append(sql)
                    params.extend(value_params)
                params.extend((indexer.title_text, indexer.body_text))
                rows.append(f"(%s, %s, {values[0]}, {values[1]}, {values[2]}, 1.0, %s, %s)")
            with self.write_connection.cursor() as cursor:
                cursor.execute(
                    f"""INSERT INTO {IndexEntry._meta.db_table}
                        (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                        (VALUES {", ".join(rows)})
                        ON CONFLICT (content_type_id, object_id)
                        DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                                      body = EXCLUDED.body, title_text = EXCLUDED.title_text,
                                      body_text = EXCLUDED.body_text""",
                    params,
                )
            self._refresh_title_norms()

    class QueryCompilerMixin:
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, (PlainText, WagtailPhrase)):
                if isinstance(query, WagtailPhrase):
                    tokens = tuple(analyze(query.query_string))
                    expression = ts_phrase(Phrase(tokens, "")) if tokens else "''"
                else:
                    parsed = _parse(query.query_string, last_is_prefix=self.LAST_TERM_IS_PREFIX)
                    expression = " & ".join(ts_clause(c) for c in parsed.positive)
                if invert:
                    expression = f"!({expression})"
                return SearchQuery(expression, search_type="raw", config="simple")
            return super().build_tsquery_content(query, config=config, invert=invert)

        def search(self, config, start, stop, score_field=None, backend=None):
            if _is_empty(self.query):
                return self.queryset.none()
            return super().search(config, start, stop, score_field=score_field, backend=backend)

    class QueryCompiler(QueryCompilerMixin, base.PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(QueryCompilerMixin, base.PostgresAutocompleteQueryCompiler):
        pass

    class Backend(base.PostgresSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        index_class = Index

        def __init__(self, params):
            super().__init__(params)
            self.config = "simple"  # the tokens are analysed already: no stemming, no stop words
            self.autocomplete_config = "simple"

    return Backend


def SearchBackend(params):  # noqa: N802 — modelsearch looks up this name in the backend module
    """The portal's analysed backend for the current database (modelsearch's fallback elsewhere)."""
    if connection.vendor == "sqlite":
        return _sqlite_classes()(params)
    if connection.vendor == "postgresql":
        return _postgres_classes()(params)
    from modelsearch.backends.database import SearchBackend as default

    return default(params)
