"""manage.py search_portal and rebuild_search_index."""

import io
import json

import pytest
from django.core.management import call_command

from portal.search.models import SearchEntry

pytestmark = pytest.mark.indexing


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_search_portal_json_shape(corpus):
    out, _err = run("search_portal", "复核", "--json")
    data = json.loads(out)
    assert set(data) == {"total", "results"}
    assert isinstance(data["total"], int) and data["total"] == len(data["results"]) > 0
    for result in data["results"]:
        assert set(result) == {"title", "url", "type", "snippet"}
        assert all(isinstance(v, str) for v in result.values())
    assert any("<mark>复核</mark>" in r["snippet"] for r in data["results"])


def test_search_portal_language_and_type(corpus):
    data = json.loads(run("search_portal", "teller", "--lang", "en", "--json")[0])
    assert [r["title"] for r in data["results"]] == ["Teller"]
    data = json.loads(run("search_portal", "复核", "--type", "post", "--json")[0])
    assert {r["type"] for r in data["results"]} == {"post"}


def test_search_portal_hostile_query_still_prints_json(corpus):
    out, err = run("search_portal", "'; DROP TABLE x; --\x00" + "网" * 300, "--json")
    assert json.loads(out)["total"] >= 0
    assert err  # the shortened-query notice


def test_search_portal_text_output(corpus):
    out, _err = run("search_portal", "保密")
    assert "第六条" in out and "#article-6" in out


def test_rebuild_restores_a_lost_index(corpus):
    expected = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    assert json.loads(run("search_portal", "复核", "--json")[0])["total"] == 0
    out, err = run("rebuild_search_index")
    assert SearchEntry.objects.count() == expected
    assert "documents indexed" in out and "100.0%" in err
    assert json.loads(run("search_portal", "复核", "--json")[0])["total"] > 0
