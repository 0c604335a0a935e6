"""Running a search for a person: the one entry point for the search page, the header box and the
``search_portal`` command.

It parses the query (synonyms from the admin list), decides what the person may see (question-bank hits
only with the examiner permission), asks the engine, falls back to the database engine when
Elasticsearch is unreachable, builds highlighted snippets, and, when nothing matched, suggests what to
try instead. It never raises for anything a user typed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .backends import STATUS_GROUPS, RawHit, SearchFilters, database_backend, get_backend
from .conf import backend_name, search_setting
from .documents import AUDIENCE_ALL, AUDIENCE_EXAMINER, KIND_LABELS, KIND_QUESTION
from .highlight import highlight_text, make_snippet
from .models import load_synonyms
from .query import (
    MAX_QUERY_LENGTH,
    NOTICE_NOTHING_SEARCHABLE,
    NOTICE_ONLY_EXCLUSIONS,
    NOTICE_TOO_MANY_TERMS,
    NOTICE_TRUNCATED,
    ParsedQuery,
    parse_query,
)

logger = logging.getLogger(__name__)


@dataclass
class Hit:
    key: str
    kind: str
    kind_label: str
    title: str
    title_html: str
    url: str
    context: str
    snippet_html: str
    language: str
    status: str
    score: float

    @property
    def snippet_text(self) -> str:
        """The snippet without its <mark> tags (still HTML-escaped)."""
        return self.snippet_html.replace("<mark>", "").replace("</mark>", "")


@dataclass
class Suggestion:
    label: str
    params: dict  # query-string parameters of the suggested search
    count: int | None = None


@dataclass
class SearchOutcome:
    query: ParsedQuery
    filters: SearchFilters
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    messages: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    engine: str = ""
    capped: bool = False  # the engine stopped counting at its limit: total and type counts are "at least"

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    def as_json(self) -> dict:
        """The ``search_portal --json`` shape."""
        return {
            "total": self.total,
            "results": [
                {"title": h.title, "url": h.url, "type": h.kind, "snippet": h.snippet_html} for h in self.hits
            ],
        }


def can_search_questions(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(search_setting("QUESTION_PERMISSION")))


def audiences_for(user) -> tuple[str, ...]:
    return (AUDIENCE_ALL, AUDIENCE_EXAMINER) if can_search_questions(user) else (AUDIENCE_ALL,)


def make_filters(
    *, user=None, language: str | None = None, kinds=(), department: str = "", post: str = "", status: str = ""
) -> SearchFilters:
    audiences = audiences_for(user)
    kinds = tuple(k for k in kinds if k in KIND_LABELS and (k != KIND_QUESTION or AUDIENCE_EXAMINER in audiences))
    return SearchFilters(
        kinds=kinds,
        language=language or None,
        department=department or "",
        post=post or "",
        statuses=STATUS_GROUPS.get(status, ()),
        audiences=audiences,
    )


NOTICE_MESSAGES = {
    NOTICE_TRUNCATED: lambda: _("Your search was shortened to its first %(n)d characters.") % {"n": MAX_QUERY_LENGTH},
    NOTICE_TOO_MANY_TERMS: lambda: _("Only the first words of your search were used."),
    NOTICE_ONLY_EXCLUSIONS: lambda: _("Say what to look for, not only what to leave out (words after “-” are excluded)."),
    NOTICE_NOTHING_SEARCHABLE: lambda: _("Your search has no letters, digits or Chinese characters to look for."),
}


def _hit(raw: RawHit, query: ParsedQuery, snippet_chars: int, labels: dict[str, str]) -> Hit:
    terms = query.highlight_terms
    snippet = make_snippet(raw.body, terms, snippet_chars)
    if "<mark>" not in snippet and raw.headings:
        heading_snippet = make_snippet(raw.headings, terms, snippet_chars)
        if "<mark>" in heading_snippet:
            snippet = heading_snippet
    return Hit(
        key=raw.key,
        kind=raw.kind,
        kind_label=labels.get(raw.kind, raw.kind),
        title=raw.title,
        title_html=mark_safe(highlight_text(raw.title, terms)),  # escaped by highlight_text
        url=raw.url,
        context=raw.context,
        snippet_html=mark_safe(snippet),  # escaped by make_snippet
        language=raw.language,
        status=raw.status,
        score=raw.score,
    )


def _engine_search(query, filters, offset, limit, outcome: SearchOutcome):
    """Ask the configured engine; when Elasticsearch fails, the database engine answers."""
    engine = get_backend()
    try:
        outcome.engine = engine.name
        return engine.search(query, filters, offset, limit)
    except DatabaseError:
        logger.exception("search: database search failed for %r", query.text)
        outcome.messages.append(_("Search is temporarily unavailable. Please try again later."))
        return None
    except Exception:
        if backend_name() != "elasticsearch":
            raise
        logger.exception("search: Elasticsearch failed; answering from the database index")
        outcome.messages.append(_("The search engine is unavailable; results come from the built-in index."))
        fallback = database_backend()
        outcome.engine = fallback.name
        return fallback.search(query, filters, offset, limit)


def run_search(
    raw_query: str,
    *,
    user=None,
    language: str | None = None,
    kinds=(),
    department: str = "",
    post: str = "",
    status: str = "",
    page: int = 1,
    page_size: int | None = None,
    suggest: bool = True,
) -> SearchOutcome:
    page_size = page_size or int(search_setting("PAGE_SIZE"))
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    page = min(page, 10_000 // page_size)
    query = parse_query(raw_query or "", load_synonyms())
    filters = make_filters(
        user=user, language=language, kinds=kinds, department=department, post=post, status=status
    )
    outcome = SearchOutcome(query=query, filters=filters, page=page, page_size=page_size)
    outcome.messages.extend(NOTICE_MESSAGES[code]() for code in query.notices if code in NOTICE_MESSAGES)
    if not query:
        return outcome
    raw = _engine_search(query, filters, (page - 1) * page_size, page_size, outcome)
    if raw is None:
        return outcome
    outcome.total = raw.total
    outcome.capped = raw.capped
    outcome.kind_counts = {
        kind: n for kind, n in raw.kind_counts.items() if kind in KIND_LABELS
    }
    snippet_chars = int(search_setting("SNIPPET_CHARS"))
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}
    outcome.hits = [_hit(h, query, snippet_chars, labels) for h in raw.hits]
    if outcome.total == 0 and suggest:
        outcome.suggestions = suggestions_for(outcome, user=user)
    return outcome


def _count(query: ParsedQuery, filters: SearchFilters) -> int:
    try:
        return get_backend().count(query, filters)
    except Exception:
        logger.exception("search: counting for a suggestion failed")
        return 0


def suggestions_for(outcome: SearchOutcome, *, user=None) -> list[Suggestion]:
    """What to try when nothing matched: fewer filters, another language, one word at a time."""
    query, filters = outcome.query, outcome.filters
    suggestions: list[Suggestion] = []
    narrowed = filters.kinds or filters.department or filters.post or filters.statuses
    if narrowed:
        wide = SearchFilters(language=filters.language, audiences=filters.audiences)
        n = _count(query, wide)
        if n:
            suggestions.append(
                Suggestion(
                    ngettext("%(n)d result without the filters", "%(n)d results without the filters", n) % {"n": n},
                    {"q": query.text},
                    n,
                )
            )
    if filters.language:
        everywhere = SearchFilters(
            kinds=filters.kinds, department=filters.department, post=filters.post, statuses=filters.statuses,
            audiences=filters.audiences,
        )
        n = _count(query, everywhere)
        if n:
            suggestions.append(
                Suggestion(
                    ngettext("%(n)d result in all languages", "%(n)d results in all languages", n) % {"n": n},
                    {"q": query.text, "lang": "all"},
                    n,
                )
            )
    positive = query.positive
    if len(positive) > 1:
        for clause in positive[:6]:
            single = ParsedQuery(text=clause.alternatives[0].text, clauses=(clause,))
            n = _count(single, filters)
            if n:
                suggestions.append(
                    Suggestion(
                        ngettext("“%(word)s”: %(n)d result", "“%(word)s”: %(n)d results", n)
                        % {"word": clause.alternatives[0].text, "n": n},
                        {"q": clause.alternatives[0].text},
                        n,
                    )
                )
    return suggestions
