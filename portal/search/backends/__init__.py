"""Search backends: one contract, three engines.

* :class:`~portal.search.backends.database.SQLiteBackend` — the embedded default (FTS5 over analysed tokens);
* :class:`~portal.search.backends.database.PostgresBackend` — a tsvector ('simple') over the same tokens;
* :class:`~portal.search.backends.elasticsearch.ElasticsearchBackend` — an index per language whose
  analyzer (standard tokenizer + cjk_bigram + porter_stem) produces the same tokens.

Every backend takes a :class:`~portal.search.query.ParsedQuery` (never user syntax) and
:class:`SearchFilters`, and returns :class:`RawResults`; snippets and highlighting are done once, in
:mod:`portal.search.service`, for all of them. The database tables (SearchEntry) are written whatever
the engine: they are the embedded index and Elasticsearch's fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..documents import AUDIENCE_ALL, SearchDocument
from ..query import ParsedQuery

# Regulation status filter values → the RegulationPage.status values they cover.
STATUS_GROUPS = {
    "in_force": ("in_force", "amended"),
    "superseded": ("superseded", "repealed"),
}

# Ranking weights, shared by all engines: title > headings (duties, chapter titles) > body.
WEIGHT_TITLE = 10.0
WEIGHT_HEADINGS = 4.0
WEIGHT_BODY = 1.0
BOOST_PHRASE = 1.0  # added to the multiplier when the whole query occurs as a phrase
BOOST_TITLE = 1.0  # added when the whole query matches inside the title


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ()
    language: str | None = None  # None: every language
    department: str = ""  # a DepartmentPage translation key
    post: str = ""  # a PostPage translation key
    statuses: tuple[str, ...] = ()  # RegulationPage.status values
    audiences: tuple[str, ...] = (AUDIENCE_ALL,)


@dataclass
class RawHit:
    key: str
    kind: str
    language: str
    title: str
    url: str
    context: str = ""
    headings: str = ""
    body: str = ""
    status: str = ""
    page_id: int | None = None
    object_id: int | None = None
    score: float = 0.0


@dataclass
class RawResults:
    total: int
    hits: list[RawHit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    capped: bool = False  # a count stopped at the engine's count limit: the figures are lower bounds


Progress = Callable[[int], None]


class SearchBackend:
    """The contract every engine implements."""

    name = "base"

    def search(self, query: ParsedQuery, filters: SearchFilters, offset: int = 0, limit: int = 20) -> RawResults:
        raise NotImplementedError

    def count(self, query: ParsedQuery, filters: SearchFilters) -> int:
        return self.search(query, filters, 0, 0).total

    def replace_group(self, group: str, documents: list[SearchDocument]) -> None:
        """Make the group's entries exactly ``documents`` (an empty list removes the group)."""
        self.replace_groups({group: documents})

    def replace_groups(self, groups: dict[str, list[SearchDocument]]) -> None:
        """``replace_group`` for many groups at once, in as few writes as the engine allows."""
        raise NotImplementedError

    def delete_groups(self, groups: Iterable[str]) -> None:
        raise NotImplementedError

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        """Replace everything with ``documents``; readers see the old index until the new one is complete."""
        raise NotImplementedError


def database_backend() -> SearchBackend:
    from django.db import connection

    from .database import PostgresBackend, SQLiteBackend

    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for the {connection.vendor} database")


def get_backend(name: str | None = None) -> SearchBackend:
    """The engine that answers searches ('database' or 'elasticsearch'; default from the settings)."""
    from ..conf import backend_name

    name = name or backend_name()
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    return database_backend()


def write_backends() -> list[SearchBackend]:
    """Every engine that must follow content changes: always the database, plus Elasticsearch if used."""
    backends = [database_backend()]
    from ..conf import backend_name

    if backend_name() == "elasticsearch":
        backends.append(get_backend("elasticsearch"))
    return backends
