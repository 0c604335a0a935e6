"""Both catalogs are complete and compiled; URLs carry the language; the switcher stays on the page."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGS = ["zh_Hans", "en"]


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_has_no_untranslated_or_fuzzy_message(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert len(po.translated_entries()) > 50
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_is_compiled_from_the_current_po(language):
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists()
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if not e.msgid_plural}
    expected = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)).translated_entries() if not e.msgid_plural}
    assert compiled == expected


def test_zh_hans_catalog_translates_into_chinese():
    po = polib.pofile(str(LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    entry = po.find("Search")
    assert entry is not None and entry.msgstr == "搜索"


@pytest.mark.django_db
def test_root_redirects_to_the_chinese_prefix(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,marker", [("/zh-hans/", 'lang="zh-hans"'), ("/en/", 'lang="en"')])
def test_home_page_serves_in_each_language(client, prefix, marker):
    response = client.get(prefix)
    assert response.status_code == 200
    assert marker in response.content.decode()


@pytest.mark.django_db
def test_chinese_home_page_is_in_chinese(client):
    html = client.get("/zh-hans/").content.decode()
    assert "搜索" in html
    assert "跳到主要内容" in html


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_pages_translation(client):
    html = client.get("/zh-hans/").content.decode()
    assert 'href="/en/" lang="en" hreflang="en"' in html
    html_en = client.get("/en/").content.decode()
    assert 'href="/zh-hans/" lang="zh-hans" hreflang="zh-hans"' in html_en


@pytest.mark.django_db
def test_language_switcher_on_a_non_page_view_keeps_the_path(client):
    html = client.get("/zh-hans/search/?q=abc").content.decode()
    assert 'href="/en/search/?q=abc"' in html


@pytest.mark.django_db
def test_english_prefix_selects_english_interface(client):
    html = client.get("/en/search/").content.decode()
    assert "Skip to main content" in html


@override_settings(LANGUAGE_CODE="zh-hans")
def test_default_language_is_simplified_chinese():
    assert settings.LANGUAGES[0][0] == "zh-hans"
    assert settings.WAGTAIL_I18N_ENABLED is True
    assert "wagtail_localize" in settings.INSTALLED_APPS
