"""Following content beyond publish/unpublish: duty sets, copies, the AUTO_UPDATE switch."""

import pytest

from content.wagtail_hooks import _reindex_posts_of_duty_set
from portal.search.models import SearchEntry
from portal.search.service import run_search
from tests.factories import content as cf

pytestmark = pytest.mark.indexing


def titles(q, **kwargs):
    return [h.title for h in run_search(q, language="zh-hans", **kwargs).hits]


def test_duty_set_edit_reindexes_the_posts_using_it(corpus):
    duty_set = cf.duty_set(code="POS", name="POS收单业务职责", duties=["负责POS机具的布放与回收。"])
    cf.link_duty_set(corpus["teller"], duty_set)
    cf.publish(corpus["teller"])
    assert "综合柜员岗" in titles("机具")

    duty = duty_set.duties.first()
    duty.text = "负责特约商户的巡检。"
    duty.save()
    _reindex_posts_of_duty_set(None, duty_set)  # what the admin runs after editing the snippet
    assert "综合柜员岗" not in titles("机具")
    assert "综合柜员岗" in titles("巡检")


def test_copied_live_page_is_indexed(corpus):
    corpus["authoriser"].copy(update_attrs={"title": "授权复核岗", "slug": "auth-copy"}, keep_live=True)
    assert "授权复核岗" in titles("授权")


def test_auto_update_can_be_switched_off(corpus, settings):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "AUTO_UPDATE": False}
    before = SearchEntry.objects.count()
    cf.post(corpus["ops"], title="现金清分岗")
    assert SearchEntry.objects.count() == before
