"""Wagtail's own search (admin page search, choosers) finds Chinese words with the portal backend.

The stock database backend is checked too, to show what the portal backend fixes.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import content as cf

pytestmark = pytest.mark.indexing

PORTAL_BACKEND = {"default": {"BACKEND": "portal.search.backends.wagtail"}}


@pytest.fixture
def admin_backend(settings, db):
    settings.WAGTAILSEARCH_BACKENDS = PORTAL_BACKEND
    settings.PORTAL_SEARCH = {"BACKEND": "database"}


@pytest.fixture
def pages(admin_backend):
    dept = cf.department(title="电子银行部")
    return {
        "teller": cf.post(dept, title="综合柜员岗", summary="负责临柜业务的复核与授权。"),
        "reviewer": cf.post(dept, title="網銀業務複核崗"),
        "english": cf.post(dept, title="Teller reviews"),
    }


def titles(queryset):
    return {p.title for p in queryset}


def test_autocomplete_finds_two_character_words_inside_titles(pages):
    assert titles(Page.objects.autocomplete("柜员")) == {"综合柜员岗"}
    assert titles(Page.objects.autocomplete("复核")) == {"網銀業務複核崗"}  # Traditional title, Simplified query
    assert titles(Page.objects.autocomplete("综合柜")) == {"综合柜员岗"}  # an unfinished word


def test_search_covers_body_fields_and_english_stems(pages):
    assert "综合柜员岗" in titles(Page.objects.search("授权"))
    assert titles(Page.objects.search("reviewing")) == {"Teller reviews"}


def test_synonyms_apply_in_the_admin(pages):
    from portal.search.models import Synonym

    Synonym.objects.create(terms="网银, 网上银行")
    assert titles(Page.objects.autocomplete("网上银行")) == {"網銀業務複核崗"}


def test_nothing_searchable_is_no_results_not_an_error(pages):
    assert list(Page.objects.autocomplete("（）")) == []
    assert list(Page.objects.search("\x00'\"")) == []


def test_admin_page_search_view(pages, client):
    from tests.factories.people import UserFactory

    admin = UserFactory(username="wagtail_admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "柜员"})
    assert response.status_code == 200
    assert "综合柜员岗" in response.content.decode()
    assert "Teller reviews" not in response.content.decode()


def test_stock_backend_misses_words_inside_chinese_titles(settings, db):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    dept = cf.department(title="电子银行部")
    cf.post(dept, title="综合柜员岗")
    assert titles(Page.objects.autocomplete("柜员")) == set()


def test_the_portal_settings_put_the_admin_search_through_the_chinese_analysis(db, client):
    """No override: the settings every shape of the portal runs with."""
    from tests.factories.people import UserFactory

    dept = cf.department(title="营业部")
    cf.post(dept, title="综合柜员岗")
    cf.regulation(cf.regulation_index(), title="电子银行业务管理办法")
    cf.regulation(cf.regulation_index(), title="反洗钱工作规定")
    client.force_login(UserFactory(username="wagtail_admin2", is_superuser=True, is_staff=True))
    found = {
        q: client.get(reverse("wagtailadmin_pages:search"), {"q": q}).content.decode() for q in ("柜员", "管理办法")
    }
    assert "综合柜员岗" in found["柜员"]
    assert "电子银行业务管理办法" in found["管理办法"] and "反洗钱工作规定" not in found["管理办法"]
