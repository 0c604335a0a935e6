"""The Elasticsearch engine, built with ``elasticsearch.dsl`` (the DSL inside the elasticsearch 8 client).

* **An index per language** behind an alias: ``<prefix>-zh-hans``, ``<prefix>-en``. A rebuild creates new
  timestamped indices, bulk-loads them, then swaps every alias in one ``update_aliases`` call and drops
  the old indices, so searches never see a half-built index.
* **The analyzer is declared in code** (:data:`portal_cjk`): standard tokenizer → ``cjk_width`` →
  ``lowercase`` → ``cjk_bigram`` → ``porter_stem``. On the normalised text it yields the same tokens as
  :mod:`portal.search.analysis` (bigrams of Chinese runs, a lone character as a unigram, Porter stems).
  Traditional → Simplified is applied in Python before text is sent (index and query alike), because
  stock Elasticsearch has no such filter without the ICU plugin; the original text is stored unindexed
  for display.
* **Synonyms** are expanded by the shared query parser into ``should`` alternatives, so an edit in the
  admin applies at once, without re-indexing or reloading analyzers.
* **No user syntax reaches Elasticsearch**: queries are built from the parsed phrases as
  ``multi_match`` phrase / phrase_prefix queries (never ``query_string``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from elasticsearch.dsl import Document, Index, Integer, Keyword, Q, Search, Text, analyzer

from ..analysis import normalize
from ..conf import elasticsearch_url, search_setting
from ..documents import SearchDocument
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

logger = logging.getLogger(__name__)

portal_cjk = analyzer(
    "portal_cjk",
    tokenizer="standard",
    filter=["cjk_width", "lowercase", "cjk_bigram", "porter_stem"],
)

SEARCH_FIELDS = [f"title^{WEIGHT_TITLE:g}", f"headings^{WEIGHT_HEADINGS:g}", f"body^{WEIGHT_BODY:g}"]


class SearchEntryDocument(Document):
    """The mapping of every language's index (the same fields as the SearchEntry table)."""

    key = Keyword()
    group = Keyword()
    kind = Keyword()
    language = Keyword()
    audience = Keyword()
    status = Keyword()
    departments = Keyword()
    posts = Keyword()
    page_id = Integer()
    object_id = Integer()
    # Indexed: the normalised text (NFKC, Simplified, lower case), analysed by portal_cjk.
    title = Text(analyzer=portal_cjk)
    headings = Text(analyzer=portal_cjk)
    body = Text(analyzer=portal_cjk)
    # Shown: the original text, stored only.
    display_title = Keyword(index=False, doc_values=False)
    display_context = Keyword(index=False, doc_values=False)
    display_headings = Text(index=False)
    display_body = Text(index=False)
    url = Keyword(index=False, doc_values=False)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def alias_name(language: str) -> str:
    return f"{search_setting('ELASTICSEARCH_INDEX_PREFIX')}-{language}"


def index_definition(name: str) -> Index:
    """The index (settings, analysis, mappings) as elasticsearch.dsl declares it."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10_000)
    index.analyzer(portal_cjk)
    index.document(SearchEntryDocument)
    return index


def source_for(document: SearchDocument) -> dict:
    return {
        "key": document.key,
        "group": document.group,
        "kind": document.kind,
        "language": document.language,
        "audience": document.audience,
        "status": document.status,
        "departments": list(document.departments),
        "posts": list(document.posts),
        "page_id": document.page_id,
        "object_id": document.object_id,
        "title": normalize(document.indexed_title),
        "headings": normalize(document.headings),
        "body": normalize(document.body),
        "display_title": document.title,
        "display_context": document.context,
        "display_headings": document.headings,
        "display_body": document.body,
        "url": document.url,
    }


# ------------------------------------------------------------------------------------ queries


def phrase_query(phrase: Phrase, fields: list[str]) -> Q:
    return Q(
        "multi_match",
        query=phrase.text,
        type="phrase_prefix" if phrase.prefix else "phrase",
        fields=fields,
        tie_breaker=0.3,
        **({"max_expansions": 200} if phrase.prefix else {}),
    )


def clause_query(clause: Clause, fields: list[str]) -> Q:
    alternatives = [phrase_query(p, fields) for p in clause.alternatives]
    if len(alternatives) == 1:
        return alternatives[0]
    return Q("bool", should=alternatives, minimum_should_match=1)


def filter_queries(filters: SearchFilters) -> list[Q]:
    queries = [Q("terms", audience=list(filters.audiences))]
    if filters.language:
        queries.append(Q("term", language=filters.language))
    if filters.statuses:
        queries.append(Q("terms", status=list(filters.statuses)))
        queries.append(Q("term", kind="regulation"))
    if filters.department:
        queries.append(Q("term", departments=filters.department))
    if filters.post:
        queries.append(Q("term", posts=filters.post))
    return queries


def build_search(query: ParsedQuery, filters: SearchFilters, offset: int = 0, limit: int = 20) -> Search:
    """The whole request as an elasticsearch.dsl Search (``.to_dict()`` is what is sent)."""
    indices = [alias_name(filters.language)] if filters.language else [alias_name(lang) for lang in languages()]
    should = [Q("bool", must=[clause_query(c, ["title"]) for c in query.positive], boost=BOOST_TITLE)]
    if query.boost_phrase is not None:
        should.append(
            Q("multi_match", query=query.boost_phrase.text, type="phrase", fields=SEARCH_FIELDS, boost=BOOST_PHRASE)
        )
    main = Q(
        "bool",
        must=[clause_query(c, SEARCH_FIELDS) for c in query.positive],
        must_not=[clause_query(c, SEARCH_FIELDS) for c in query.negative],
        should=should,
        filter=filter_queries(filters),
    )
    search = Search(index=",".join(indices)).query(main).extra(from_=offset, size=limit, track_total_hits=True)
    search = search.params(ignore_unavailable=True, allow_no_indices=True)
    search.aggs.bucket("kinds", "terms", field="kind", size=20)
    if filters.kinds:
        search = search.post_filter(Q("terms", kind=list(filters.kinds)))
    return search.source(excludes=["title", "headings", "body"]).sort("_score", {"key": "asc"})


# ------------------------------------------------------------------------------------ client


_ENSURED: set[tuple[str, str]] = set()  # (url, alias) known to exist in this process


@lru_cache(maxsize=4)
def _client(url: str, timeout: int):
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=True, max_retries=2)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str | None = None):
        self.url = url or elasticsearch_url()
        if not self.url:
            raise RuntimeError("ELASTICSEARCH_URL is not set")
        self.client = _client(self.url, int(search_setting("ELASTICSEARCH_TIMEOUT")))

    # --- index management --------------------------------------------------------------------

    def create_index(self, language: str) -> str:
        name = f"{alias_name(language)}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        index_definition(name).create(using=self.client)
        return name

    def ensure_indices(self) -> None:
        """Create any missing language index (with its alias): the first write needs somewhere to go."""
        for language in languages():
            alias = alias_name(language)
            if (self.url, alias) in _ENSURED:
                continue
            if not self.client.indices.exists_alias(name=alias):
                name = self.create_index(language)
                self.client.indices.put_alias(index=name, name=alias)
            _ENSURED.add((self.url, alias))

    def drop_all(self) -> None:
        """Delete every index behind the aliases (tests and a clean rebuild)."""
        for language in languages():
            alias = alias_name(language)
            _ENSURED.discard((self.url, alias))
            if self.client.indices.exists_alias(name=alias):
                for name in self.client.indices.get_alias(name=alias):
                    self.client.indices.delete(index=name, ignore_unavailable=True)

    # --- writes ------------------------------------------------------------------------------

    def replace_groups(self, groups: dict[str, list[SearchDocument]]) -> None:
        from elasticsearch.helpers import bulk

        if not groups:
            return
        self.ensure_indices()
        aliases = ",".join(alias_name(lang) for lang in languages())
        self.client.delete_by_query(
            index=aliases, query={"terms": {"group": list(groups)}}, refresh=True, conflicts="proceed"
        )
        actions = [
            {"_op_type": "index", "_index": alias_name(d.language), "_id": d.key, "_source": source_for(d)}
            for documents in groups.values()
            for d in documents
            if d.language in languages()
        ]
        if actions:
            bulk(self.client, actions, refresh="wait_for")

    def delete_groups(self, groups: Iterable[str]) -> None:
        groups = list(groups)
        if not groups:
            return
        self.ensure_indices()
        aliases = ",".join(alias_name(lang) for lang in languages())
        self.client.delete_by_query(
            index=aliases, query={"terms": {"group": groups}}, refresh=True, conflicts="proceed"
        )

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        from elasticsearch.helpers import streaming_bulk

        new = {language: self.create_index(language) for language in languages()}

        def actions():
            for document in documents:
                if progress:
                    progress(1)
                if document.language in new:
                    yield {"_index": new[document.language], "_id": document.key, "_source": source_for(document)}

        count = 0
        try:
            for ok, item in streaming_bulk(self.client, actions(), chunk_size=500, raise_on_error=False):
                if ok:
                    count += 1
                else:
                    logger.error("search: Elasticsearch refused a document: %s", item)
            for name in new.values():
                self.client.indices.refresh(index=name)
        except Exception:
            for name in new.values():
                self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        swap, old = [], []
        for language, name in new.items():
            alias = alias_name(language)
            if self.client.indices.exists_alias(name=alias):
                for previous in self.client.indices.get_alias(name=alias):
                    swap.append({"remove": {"index": previous, "alias": alias}})
                    old.append(previous)
            swap.append({"add": {"index": name, "alias": alias}})
        self.client.indices.update_aliases(actions=swap)  # atomic: readers switch in one step
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        return count

    # --- reads -------------------------------------------------------------------------------

    def search(self, query: ParsedQuery, filters: SearchFilters, offset: int = 0, limit: int = 20) -> RawResults:
        if not query:
            return RawResults(total=0)
        request = build_search(query, filters, offset, limit).using(self.client)
        response = request.execute()
        hits = []
        for hit in response.hits:
            source = hit.to_dict()
            hits.append(
                RawHit(
                    key=source.get("key", hit.meta.id),
                    kind=source.get("kind", ""),
                    language=source.get("language", ""),
                    title=source.get("display_title", ""),
                    url=source.get("url", ""),
                    context=source.get("display_context", ""),
                    headings=source.get("display_headings", ""),
                    body=source.get("display_body", ""),
                    status=source.get("status", ""),
                    page_id=source.get("page_id"),
                    object_id=source.get("object_id"),
                    score=float(hit.meta.score or 0.0),
                )
            )
        counts = {b.key: b.doc_count for b in response.aggregations.kinds.buckets}
        return RawResults(total=response.hits.total.value, hits=hits, kind_counts=counts)
