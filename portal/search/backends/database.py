"""The database engines: SQLite FTS5 and PostgreSQL tsvector over pre-analysed tokens.

Both store :class:`~portal.search.models.SearchEntry` rows whose ``*_tokens`` columns hold the analyzer's
output, so the engines never tokenise Chinese themselves: a token is a run of letters or digits and
their plain tokenizers ('unicode61', 'simple') keep it as it is. A query is rendered from its tokens
only, each quoted, so nothing a user types reaches the engine's query syntax.

* SQLite: ``portal_search_fts MATCH '"柜员" AND ("网银" OR "网上 上银 银行")'``; ranking is FTS5's
  ``bm25`` with column weights title 10, headings 4, body 1.
* PostgreSQL: ``search_vector @@ to_tsquery('simple', '''柜员'' & (''网银'' | ''网上'' <-> ''上银'' <-> ''银行'')')``;
  ranking is ``ts_rank`` with weights A (title) 1.0, B (headings) 0.4, D (body) 0.1.

On both, the score is multiplied by 1 + 1 when the whole query occurs as a phrase + 1 when it matches
within the title.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from .. import facets
from ..analysis import index_text
from ..conf import search_setting
from ..documents import KIND_LABELS, SearchDocument
from ..models import SearchEntry
from ..query import Clause, ParsedQuery, Phrase
from . import (
    BOOST_PHRASE,
    BOOST_TITLE,
    WEIGHT_BODY,
    WEIGHT_HEADINGS,
    WEIGHT_TITLE,
    Progress,
    RawHit,
    RawResults,
    SearchBackend,
    SearchFilters,
)

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "portal_search_fts"
BATCH = 500
DELETE_CHUNK = 500  # ids per IN (...) list: well inside every engine's parameter limit
_HIT_COLUMNS = ("key", "kind", "language", "title", "url", "context", "headings", "body", "status", "page_id",
                "object_id")


def _delimited(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return "|" + "|".join(values) + "|" if values else ""


def entry_for(document: SearchDocument) -> SearchEntry:
    return SearchEntry(
        key=document.key,
        group=document.group,
        kind=document.kind,
        language=document.language,
        audience=document.audience,
        page_id=document.page_id,
        object_id=document.object_id,
        title=document.title[:500],
        context=(document.context or "")[:500],
        url=(document.url or "")[:1000],
        headings=document.headings or "",
        body=document.body or "",
        status=document.status or "",
        departments=_delimited(document.departments),
        posts=_delimited(document.posts),
        title_tokens=index_text(document.indexed_title),
        headings_tokens=index_text(document.headings),
        body_tokens=index_text(document.body),
        facet_tokens=facets.facet_tokens(
            kind=document.kind, language=document.language, audience=document.audience,
            status=document.status or "", departments=document.departments, posts=document.posts,
        ),
    )


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class DatabaseBackend(SearchBackend):
    """Writes (shared) and the filter SQL; subclasses render the full-text part."""

    name = "database"

    # --- writes ------------------------------------------------------------------------------

    def replace_groups(self, groups: dict[str, list[SearchDocument]]) -> None:
        entries = [entry_for(d) for documents in groups.values() for d in documents]
        names, keys = list(groups), [e.key for e in entries]
        with transaction.atomic():
            for start in range(0, len(names), DELETE_CHUNK):
                SearchEntry.objects.filter(group__in=names[start : start + DELETE_CHUNK]).delete()
            for start in range(0, len(keys), DELETE_CHUNK):
                SearchEntry.objects.filter(key__in=keys[start : start + DELETE_CHUNK]).delete()
            SearchEntry.objects.bulk_create(entries, batch_size=BATCH)

    def delete_groups(self, groups: Iterable[str]) -> None:
        SearchEntry.objects.filter(group__in=list(groups)).delete()

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        count = 0
        with transaction.atomic():  # readers keep the old rows until the new ones are committed
            SearchEntry.objects.all().delete()
            batch: list[SearchEntry] = []
            seen: set[str] = set()
            for document in documents:
                if document.key in seen:
                    continue
                seen.add(document.key)
                batch.append(entry_for(document))
                if len(batch) >= BATCH:
                    SearchEntry.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
                if progress:
                    progress(1)
            if batch:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
            self.optimize()
        return count

    def optimize(self) -> None:
        """Engine housekeeping after a rebuild."""

    # --- reads -------------------------------------------------------------------------------

    def filter_sql(self, filters: SearchFilters, *, with_kinds: bool = True) -> tuple[list[str], list]:
        where, params = [], []
        if filters.language:
            where.append("e.language = %s")
            params.append(filters.language)
        where.append(f"e.audience IN ({', '.join(['%s'] * len(filters.audiences))})")
        params.extend(filters.audiences)
        if with_kinds and filters.kinds:
            where.append(f"e.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
            params.extend(filters.kinds)
        if filters.statuses:
            where.append(f"e.status IN ({', '.join(['%s'] * len(filters.statuses))}) AND e.kind = 'regulation'")
            params.extend(filters.statuses)
        if filters.department:
            where.append("e.departments LIKE %s ESCAPE '\\'")
            params.append(f"%|{_like_escape(filters.department)}|%")
        if filters.post:
            where.append("e.posts LIKE %s ESCAPE '\\'")
            params.append(f"%|{_like_escape(filters.post)}|%")
        return where, params

    def match_sql(self, query: ParsedQuery) -> tuple[str, str, list]:
        """(FROM/JOIN clause, WHERE condition, params) selecting the entries that match."""
        raise NotImplementedError

    def score_sql(self, query: ParsedQuery) -> tuple[str, list, str]:
        """(score expression, params, ORDER BY direction)."""
        raise NotImplementedError

    def count(self, query: ParsedQuery, filters: SearchFilters) -> int:
        if not query:
            return 0
        source, match, match_params = self.match_sql(query)
        where, where_params = self.filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {source} WHERE {' AND '.join([match] + where)}", match_params + where_params
            )
            return cursor.fetchone()[0]


# ------------------------------------------------------------------------------------ SQLite


def fts_phrase(phrase: Phrase) -> str:
    """An FTS5 phrase: tokens in one double-quoted string ("" escapes a quote), * for a prefix."""
    body = " ".join(phrase.tokens).replace('"', '""')
    return f'"{body}"' + ("*" if phrase.prefix else "")


def fts_clause(clause: Clause) -> str:
    parts = [fts_phrase(p) for p in clause.alternatives]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def fts_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression of a parsed query (only quoted tokens and AND / OR / NOT)."""
    positive = " AND ".join(fts_clause(c) for c in query.positive)
    negative = [fts_clause(c) for c in query.negative]
    if negative:
        return f"({positive}) NOT ({' OR '.join(negative)})"
    return positive


TEXT_COLUMNS = "{title_tokens headings_tokens body_tokens}"


def _facet_any(prefix: str, values) -> str:
    tokens = [f'"{facets.facet(prefix, v)}"' for v in values if facets.facet(prefix, v)]
    if not tokens:
        return '"' + prefix + '"'  # a facet no entry has: matches nothing, as an empty IN () would
    return "facet_tokens : " + (tokens[0] if len(tokens) == 1 else "(" + " OR ".join(tokens) + ")")


def fts_filters(filters: SearchFilters, *, with_kinds: bool = True) -> list[str]:
    """The filters as FTS5 conditions on the ``facet_tokens`` column (the same meaning as ``filter_sql``)."""
    parts = [_facet_any(facets.AUDIENCE, filters.audiences)]
    if filters.language:
        parts.append(_facet_any(facets.LANGUAGE, [filters.language]))
    if with_kinds and filters.kinds:
        parts.append(_facet_any(facets.KIND, filters.kinds))
    if filters.statuses:
        parts.append(_facet_any(facets.STATUS, filters.statuses))
        parts.append(_facet_any(facets.KIND, ["regulation"]))
    if filters.department:
        parts.append(_facet_any(facets.DEPARTMENT, [filters.department]))
    if filters.post:
        parts.append(_facet_any(facets.POST, [filters.post]))
    return parts


def fts_match(query: ParsedQuery, filters: SearchFilters, *, with_kinds: bool = True, extra: str = "") -> str:
    """The whole MATCH expression: the user's words in the text columns only, AND the facet filters."""
    parts = [f"{TEXT_COLUMNS} : ({fts_expression(query)})", *fts_filters(filters, with_kinds=with_kinds)]
    if extra:
        parts.append(extra)
    return " AND ".join(parts)


class SQLiteBackend(DatabaseBackend):
    """Everything happens inside the FTS5 index: the words and the filters (facet tokens) are one MATCH,
    ranked by bm25 without joining a single entry row; only the page's rows are read from the entries.
    Counts per type are capped at ``COUNT_LIMIT`` (a count of every match of a broad query costs as much
    as the ranking itself): a capped type shows as "1000+" and the total as "more than"."""

    name = "sqlite"

    def score_sql(self, query):
        positive = " AND ".join(fts_clause(c) for c in query.positive)
        bonuses = [
            f"(CASE WHEN {FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            f"THEN {BOOST_TITLE} ELSE 0 END)"
        ]
        params = ["{title_tokens} : (" + positive + ")"]
        if query.boost_phrase is not None:
            bonuses.append(
                f"(CASE WHEN {FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
                f"THEN {BOOST_PHRASE} ELSE 0 END)"
            )
            params.append(f"{TEXT_COLUMNS} : {fts_phrase(query.boost_phrase)}")
        # bm25() is negative (more negative is better), so ascending order puts the best first. The facets
        # column weighs nothing.
        score = (
            f"bm25({FTS_TABLE}, {WEIGHT_TITLE}, {WEIGHT_HEADINGS}, {WEIGHT_BODY}, 0.0) * (1.0 + {' + '.join(bonuses)})"
        )
        return score, params, "ASC"

    def count(self, query: ParsedQuery, filters: SearchFilters) -> int:
        if not query:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_match(query, filters)])
            return cursor.fetchone()[0]

    def kind_counts(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> dict[str, int]:
        """Matches per type, each counted up to ``limit + 1`` (more than ``limit`` means "limit+"), in one
        statement."""
        kinds = list(KIND_LABELS)
        selects, params = [], []
        for kind in kinds:
            selects.append(
                f"SELECT %s, (SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                "LIMIT %s))"
            )
            params += [kind, fts_match(query, filters, with_kinds=False, extra=_facet_any(facets.KIND, [kind])),
                       limit + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            return {kind: int(n) for kind, n in cursor.fetchall() if n}

    def search(self, query: ParsedQuery, filters: SearchFilters, offset: int = 0, limit: int = 20) -> RawResults:
        if not query:
            return RawResults(total=0)
        cap = int(search_setting("COUNT_LIMIT"))
        counts = self.kind_counts(query, filters, cap)
        capped = any(n > cap for n in counts.values())
        counts = {kind: min(n, cap) for kind, n in counts.items()}
        total = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
        hits: list[RawHit] = []
        if limit and total > offset:
            score, score_params, direction = self.score_sql(query)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid, {score} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"ORDER BY score {direction}, rowid LIMIT %s OFFSET %s",
                    score_params + [fts_match(query, filters), limit, offset],
                )
                page = cursor.fetchall()
                hits = _page_hits(cursor, page)
        return RawResults(total=total, hits=hits, kind_counts=counts, capped=capped)

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def _page_hits(cursor, page: list[tuple[int, float]]) -> list[RawHit]:
    """The entries of a ranked page of (id, score), read by primary key, in the page's order."""
    if not page:
        return []
    columns = ", ".join(_HIT_COLUMNS)
    cursor.execute(
        f"SELECT id, {columns} FROM {TABLE} WHERE id IN ({', '.join(['%s'] * len(page))})",
        [entry_id for entry_id, _score in page],
    )
    found = {row[0]: row[1:] for row in cursor.fetchall()}
    return [
        RawHit(**dict(zip(_HIT_COLUMNS, found[entry_id], strict=True)), score=abs(float(entry_score or 0.0)))
        for entry_id, entry_score in page
        if entry_id in found
    ]


# ------------------------------------------------------------------------------------ PostgreSQL


def _ts_lexeme(token: str, *, prefix: bool = False, weight: str = "") -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    suffix = (":*" if prefix else "") + weight
    if suffix:
        quoted += suffix if suffix.startswith(":") else ":" + suffix
    return quoted


def ts_phrase(phrase: Phrase, weight: str = "") -> str:
    last = len(phrase.tokens) - 1
    parts = [_ts_lexeme(t, prefix=phrase.prefix and i == last, weight=weight) for i, t in enumerate(phrase.tokens)]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def ts_clause(clause: Clause, weight: str = "") -> str:
    parts = [ts_phrase(p, weight) for p in clause.alternatives]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def ts_expression(query: ParsedQuery, weight: str = "", *, negatives: bool = True) -> str:
    """A to_tsquery() string: quoted lexemes with &, |, !, <-> only."""
    expression = " & ".join(ts_clause(c, weight) for c in query.positive)
    if negatives and query.negative:
        expression = f"({expression}) & !({' | '.join(ts_clause(c) for c in query.negative)})"
    return expression


class PostgresBackend(DatabaseBackend):
    name = "postgresql"
    # ts_rank weights, in the order {D, C, B, A}: body, (unused), headings, title.
    WEIGHTS = f"{{{WEIGHT_BODY / WEIGHT_TITLE}, 0.2, {WEIGHT_HEADINGS / WEIGHT_TITLE}, 1.0}}"

    def optimize(self) -> None:
        # Fresh statistics after a bulk load, so the planner uses the GIN index rather than a scan.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    def match_sql(self, query):
        source = f"{TABLE} e"
        return source, "e.search_vector @@ to_tsquery('simple', %s)", [ts_expression(query)]

    def kind_counts(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> dict[str, int]:
        """Matches per type, each counted up to ``limit + 1`` (more than ``limit`` means "limit+"), in one
        statement: each type's count stops at its cap, so a broad query costs no more than a narrow one."""
        where, where_params = self.filter_sql(filters, with_kinds=False)
        condition = " AND ".join(["e.kind = %s", "e.search_vector @@ to_tsquery('simple', %s)"] + where)
        selects, params = [], []
        for kind in KIND_LABELS:
            selects.append(f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} e WHERE {condition} LIMIT %s) s)")
            params += [kind, kind, ts_expression(query), *where_params, limit + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            return {kind: int(n) for kind, n in cursor.fetchall() if n}

    def search(self, query: ParsedQuery, filters: SearchFilters, offset: int = 0, limit: int = 20) -> RawResults:
        """Capped counts per type, then one ranked pass for the page, as on SQLite.

        The page ranks every match once with its bonuses (``ts_rank`` times one plus the title bonus, matched
        on the small ``title_vector`` column, and the phrase bonus) and keeps the top ``offset + limit``: the
        engine's own top-N sort, which PostgreSQL may run in parallel workers. The tsqueries are constants
        (folded when the statement is planned), so the planner estimates the match and uses the GIN index for
        a narrow one. Counts are capped at ``COUNT_LIMIT`` per type, so both engines show "1,000+" alike."""
        if not query:
            return RawResults(total=0)
        cap = int(search_setting("COUNT_LIMIT"))
        counts = self.kind_counts(query, filters, cap)
        capped = any(n > cap for n in counts.values())
        counts = {kind: min(n, cap) for kind, n in counts.items()}
        total = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
        hits: list[RawHit] = []
        if limit and total > offset:
            where, where_params = self.filter_sql(filters)
            bonus = f"(CASE WHEN e.title_vector @@ to_tsquery('simple', %s) THEN {BOOST_TITLE} ELSE 0 END)"
            bonus_params = [ts_expression(query, negatives=False)]
            if query.boost_phrase is not None:
                bonus += (f" + (CASE WHEN e.search_vector @@ to_tsquery('simple', %s) THEN {BOOST_PHRASE} "
                          "ELSE 0 END)")
                bonus_params.append(ts_phrase(query.boost_phrase))
            match = "e.search_vector @@ to_tsquery('simple', %s)"
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT e.id, CAST(ts_rank(%s::float4[], e.search_vector, to_tsquery('simple', %s), 1) "
                    f"AS DOUBLE PRECISION) * (1.0 + {bonus}) AS score FROM {TABLE} e "
                    f"WHERE {' AND '.join([match] + where)} ORDER BY score DESC, e.id LIMIT %s OFFSET %s",
                    [self.WEIGHTS, ts_expression(query, negatives=False), *bonus_params, ts_expression(query),
                     *where_params, limit, offset],
                )
                hits = _page_hits(cursor, cursor.fetchall())
        return RawResults(total=total, hits=hits, kind_counts=counts, capped=capped)
