"""Both catalogs are complete and compiled; URLs carry the language; the switcher stays on the page."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import override_settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGS = ["zh_Hans", "en"]
# The project catalog plus every app's own catalog (apps such as search and certification keep theirs).
LOCALE_DIRS = [LOCALE_DIR] + sorted(
    p for p in Path(settings.BASE_DIR).glob("*/**/locale") if ".venv" not in p.parts and p.is_dir()
)
PO_FILES = [d / lang / "LC_MESSAGES" / "django.po" for d in LOCALE_DIRS for lang in CATALOGS]


def _id(path):
    return str(path.relative_to(settings.BASE_DIR))


def test_every_app_catalog_exists_in_both_languages():
    missing = [_id(p) for p in PO_FILES if not p.exists()]
    assert missing == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_catalog_has_no_untranslated_or_fuzzy_message(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert len(po.translated_entries()) > 20
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_zh_hans_catalog_entries_are_chinese(po_path):
    """A zh_Hans msgstr copied from the English msgid is not a translation (names and codes excepted)."""
    if "zh_Hans" not in po_path.parts:
        pytest.skip("English catalog")
    po = polib.pofile(str(po_path))
    copied = [e.msgid for e in po.translated_entries()
              if e.msgstr == e.msgid and " " in e.msgid and re.search("[A-Za-z]{3}", e.msgid)]
    assert copied == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=_id)
def test_catalog_is_compiled_from_the_current_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists()
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if not e.msgid_plural}
    expected = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(po_path)).translated_entries()
        if not e.msgid_plural
    }
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
