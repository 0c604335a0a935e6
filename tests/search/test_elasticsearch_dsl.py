"""The Elasticsearch index and queries as elasticsearch.dsl builds them, checked as data (no server)."""

import pytest

from portal.search.backends import SearchFilters
from portal.search.backends.elasticsearch import build_search, index_definition, source_for
from portal.search.documents import SearchDocument
from portal.search.query import parse_query
from portal.search.synonyms import SynonymSet

pytestmark = pytest.mark.indexing


def test_index_declares_the_cjk_analyzer_and_mappings():
    body = index_definition("portal-search-zh-hans-1").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["portal_cjk"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "cjk_bigram", "porter_stem"],
    }
    properties = body["mappings"]["properties"]
    for name in ("title", "headings", "body"):
        assert properties[name] == {"type": "text", "analyzer": "portal_cjk"}
    for name in ("kind", "language", "audience", "status", "departments", "posts", "group", "key"):
        assert properties[name] == {"type": "keyword"}
    assert properties["display_body"] == {"type": "text", "index": False}
    assert body["settings"]["number_of_shards"] == 1


def test_documents_are_sent_normalised_with_the_original_for_display():
    doc = SearchDocument(
        key="article:1", group="page:1", kind="regulation", language="zh-hans", title="《辦法》第一條",
        title_terms="第一條", body="網銀ＡＴＭ", departments=["d"], posts=["p"],
    )
    source = source_for(doc)
    assert source["title"] == "第一条" and source["display_title"] == "《辦法》第一條"
    assert source["body"] == "网银atm" and source["display_body"] == "網銀ＡＴＭ"
    assert source["departments"] == ["d"]


def test_query_uses_phrase_queries_synonyms_as_should_and_filters():
    synonyms = SynonymSet([["网银", "网上银行"]])
    filters = SearchFilters(kinds=("post",), language="zh-hans", department="d1", statuses=("in_force", "amended"))
    body = build_search(parse_query("网银 复核 -柜面", synonyms), filters, offset=20, limit=10).to_dict()
    query = body["query"]["bool"]
    must = query["must"]
    assert must[0] == {
        "bool": {
            "should": [
                {"multi_match": {"query": "网银", "type": "phrase", "fields": ["title^10", "headings^4", "body^1"],
                                 "tie_breaker": 0.3}},
                {"multi_match": {"query": "网上银行", "type": "phrase", "fields": ["title^10", "headings^4", "body^1"],
                                 "tie_breaker": 0.3}},
            ],
            "minimum_should_match": 1,
        }
    }
    assert must[1]["multi_match"]["query"] == "复核"
    assert query["must_not"][0]["multi_match"]["query"] == "柜面"
    assert {"terms": {"audience": ["all"]}} in query["filter"]
    assert {"term": {"language": "zh-hans"}} in query["filter"]
    assert {"term": {"departments": "d1"}} in query["filter"]
    assert {"terms": {"status": ["in_force", "amended"]}} in query["filter"]
    # the whole query as a phrase (Chinese words joined), and a match inside the title, add to the score
    assert query["should"][1]["multi_match"] == {
        "query": "网银复核", "type": "phrase", "fields": ["title^10", "headings^4", "body^1"], "boost": 1.0,
    }
    assert query["should"][0]["bool"]["must"][1]["multi_match"]["fields"] == ["title"]
    # the type filter applies after the per-type counts
    assert body["post_filter"] == {"terms": {"kind": ["post"]}}
    assert body["aggs"]["kinds"] == {"terms": {"field": "kind", "size": 20}}
    assert body["from"] == 20 and body["size"] == 10


def test_single_character_is_a_phrase_prefix_and_hostile_text_stays_a_string():
    body = build_search(parse_query("岗"), SearchFilters()).to_dict()
    assert body["query"]["bool"]["must"][0]["multi_match"]["type"] == "phrase_prefix"
    body = build_search(parse_query('title:(网银 AND "x) OR *:*'), SearchFilters()).to_dict()
    texts = [m["multi_match"]["query"] for m in body["query"]["bool"]["must"]]
    assert texts == ["title", "网银", "x or"]  # the unclosed quote runs to the end; only words are kept
    assert "query_string" not in str(body) and "simple_query_string" not in str(body)


def test_all_languages_search_every_alias():
    search = build_search(parse_query("网银"), SearchFilters(language=None))
    assert search._index == ["portal-search-zh-hans,portal-search-en"]


# --- index lifecycle against a recording stand-in for the client --------------------------------


class FakeIndices:
    def __init__(self, log):
        self.log = log
        self.aliases = {}  # alias -> set of index names
        self.created = []

    def exists_alias(self, name):
        return bool(self.aliases.get(name))

    def get_alias(self, name):
        return {index: {} for index in self.aliases.get(name, ())}

    def create(self, index, body):
        self.created.append((index, body))
        self.log.append(("create", index))

    def put_alias(self, index, name):
        self.aliases.setdefault(name, set()).add(index)
        self.log.append(("put_alias", index, name))

    def update_aliases(self, actions):
        self.log.append(("update_aliases", actions))
        for action in actions:
            (kind, spec), = action.items()
            target = self.aliases.setdefault(spec["alias"], set())
            (target.add if kind == "add" else target.discard)(spec["index"])

    def delete(self, index, ignore_unavailable=False):
        self.log.append(("delete", index))

    def refresh(self, index):
        self.log.append(("refresh", index))


class FakeClient:
    def __init__(self):
        self.log = []
        self.indices = FakeIndices(self.log)

    def options(self, **kwargs):
        return self

    def delete_by_query(self, **kwargs):
        self.log.append(("delete_by_query", kwargs["index"], kwargs["query"]))


def fake_backend(monkeypatch, settings):
    from portal.search.backends import elasticsearch as es

    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    settings.PORTAL_SEARCH = {"BACKEND": "elasticsearch", "ELASTICSEARCH_INDEX_PREFIX": "t"}
    client = FakeClient()
    monkeypatch.setattr(es, "_client", lambda url, timeout: client)
    es._ENSURED.clear()
    return es.ElasticsearchBackend(), client


def docs():
    return [
        SearchDocument(key="page:1", group="page:1", kind="post", language="zh-hans", title="柜员"),
        SearchDocument(key="page:2", group="page:2", kind="post", language="en", title="Teller"),
    ]


def test_rebuild_loads_new_indices_then_swaps_every_alias_at_once(monkeypatch, settings):
    import elasticsearch.helpers

    backend, client = fake_backend(monkeypatch, settings)
    client.indices.aliases = {"t-zh-hans": {"t-zh-hans-old"}, "t-en": {"t-en-old"}}
    sent = []

    def streaming_bulk(_client, actions, **kwargs):
        for action in actions:
            sent.append(action)
            yield True, {}

    monkeypatch.setattr(elasticsearch.helpers, "streaming_bulk", streaming_bulk)
    assert backend.rebuild(docs()) == 2
    new_zh, new_en = (name for name, _body in client.indices.created)
    assert [a["_index"] for a in sent] == [new_zh, new_en]
    swaps = [entry for entry in client.log if entry[0] == "update_aliases"]
    assert len(swaps) == 1  # one atomic call for every language
    assert {"remove": {"index": "t-zh-hans-old", "alias": "t-zh-hans"}} in swaps[0][1]
    assert {"add": {"index": new_en, "alias": "t-en"}} in swaps[0][1]
    # the old indices go only after the swap
    order = [entry[0] for entry in client.log]
    assert order.index("update_aliases") < order.index("delete")
    assert client.indices.aliases == {"t-zh-hans": {new_zh}, "t-en": {new_en}}


def test_replace_group_deletes_then_indexes_into_the_language_alias(monkeypatch, settings):
    import elasticsearch.helpers

    backend, client = fake_backend(monkeypatch, settings)
    bulked = []
    monkeypatch.setattr(elasticsearch.helpers, "bulk", lambda _c, actions, **kw: bulked.extend(actions))
    backend.replace_group("page:1", docs()[:1])
    assert ("delete_by_query", "t-zh-hans,t-en", {"terms": {"group": ["page:1"]}}) in client.log
    assert [(a["_index"], a["_id"]) for a in bulked] == [("t-zh-hans", "page:1")]
    # the missing indices were created with their aliases first
    assert client.indices.aliases["t-zh-hans"] and client.indices.aliases["t-en"]
