"""Filters as index tokens (portal.search.facets) and the database engines' capped counts (SQLite and
PostgreSQL alike)."""

import pytest
from django.utils import translation

from portal.search import facets
from portal.search.documents import KIND_POST, KIND_REGULATION
from portal.search.service import run_search
from portal.search.views import count_label

pytestmark = pytest.mark.indexing


def test_facet_token_reduces_a_value_to_one_index_token():
    assert facets.facet(facets.LANGUAGE, "zh-hans") == "xlzhhans"
    assert facets.facet(facets.DEPARTMENT, "3F2A-77b0") == "xd3f2a77b0"
    assert facets.facet(facets.STATUS, "") == ""


def test_facet_tokens_list_every_filter_of_an_entry():
    tokens = facets.facet_tokens(
        kind="regulation", language="en", audience="all", status="in_force", departments=["a-1"], posts=["p-2"]
    ).split()
    assert tokens == ["xkregulation", "xlen", "xaall", "xsinforce", "xda1", "xpp2"]


def test_a_typed_facet_token_matches_no_entry(engine, corpus):
    assert run_search("xaall", language="zh-hans").total == 0
    assert run_search("xkregulation", language="zh-hans").total == 0


def test_type_filter_counts_and_pages_agree(engine, corpus):
    everything = run_search("业务", language="zh-hans")
    posts = run_search("业务", language="zh-hans", kinds=(KIND_POST,))
    assert posts.total == everything.kind_counts[KIND_POST]
    assert {h.kind for h in posts.hits} == {KIND_POST}


def test_counts_stop_at_the_count_limit_and_say_so(engine, corpus, settings):
    exact = run_search("业务", language="zh-hans")
    assert exact.capped is False
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "COUNT_LIMIT": 1}
    capped = run_search("业务", language="zh-hans")
    assert capped.capped is True
    assert all(n <= 1 for n in capped.kind_counts.values())
    assert set(capped.kind_counts) == set(exact.kind_counts)


def test_a_capped_search_still_ranks_its_first_page_from_every_match(engine, corpus, settings):
    exact = run_search("业务", language="zh-hans", kinds=(KIND_REGULATION,), page_size=1)
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "COUNT_LIMIT": 1}
    capped = run_search("业务", language="zh-hans", kinds=(KIND_REGULATION,), page_size=1)
    assert [h.key for h in capped.hits] == [h.key for h in exact.hits]


def test_search_page_says_more_than_when_counts_are_capped(engine, corpus, settings, client, django_user_model):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "COUNT_LIMIT": 1}
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    html = client.get("/en/search/", {"q": "业务", "lang": "all"}).content.decode()
    assert "More than" in html
    assert "(1+)" in html


def test_a_capped_count_reads_as_grouped_digits_and_a_plus_in_english():
    with translation.override("en"):
        assert count_label(1000, True) == "1,000+"
        assert count_label(1000, False) == "1,000"


def test_a_capped_count_follows_chinese_number_formatting():
    with translation.override("zh-hans"):
        assert count_label(1000, True).startswith("1000")


def test_a_capped_search_pages_like_an_exact_one_past_the_first_page(engine, corpus, settings):
    exact = run_search("业务", language="zh-hans", page_size=1, page=2)
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "COUNT_LIMIT": 2}
    capped = run_search("业务", language="zh-hans", page_size=1, page=2)
    assert [h.key for h in capped.hits] == [h.key for h in exact.hits]
