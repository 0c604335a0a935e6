"""The admin speaks the bank's language: Wagtail's own strings in zh_Hans, Chinese unless the user chose
English (whatever the browser says), and an Editor can translate a page with wagtail-localize."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override
from wagtail.models import Page
from wagtail.users.models import UserProfile

from portal.core.wagtail_catalog import untranslated_admin_messages
from portal.people.roles import EDITOR
from tests.factories import content as f
from tests.factories.people import user_with_role

SEEN_BY_STAFF = [
    "Search all pages…",
    "Go to the first error",
    "Compare",
    "New: %(model_name)s",
    "Privacy and access",
    "Page type",
    "Saved",
]


def test_every_wagtail_admin_string_has_a_zh_hans_translation():
    assert untranslated_admin_messages() == []


@pytest.mark.parametrize("msgid", SEEN_BY_STAFF)
def test_the_admin_strings_staff_reported_are_chinese(msgid):
    with override("zh-hans"):
        translated = gettext(msgid)
    assert translated != msgid and any("\u4e00" <= ch <= "\u9fff" for ch in translated)


def test_only_wagtail_localize_offers_translation():
    assert "wagtail.contrib.simple_translation" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_an_en_us_browser_gets_the_chinese_admin_by_default(client):
    client.force_login(user_with_role(EDITOR))
    html = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans"' in html


@pytest.mark.django_db
def test_a_user_who_chose_english_gets_the_english_admin(client):
    user = user_with_role(EDITOR)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en"' in html


@pytest.mark.django_db
def test_an_editor_can_translate_a_page_with_wagtail_localize(client):
    page = f.post(f.department(), title="综合柜员岗")
    client.force_login(user_with_role(EDITOR))
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [f.locale("en").pk]})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Page.objects.filter(translation_key=page.translation_key, locale__language_code="en").exists()


@pytest.mark.django_db
def test_an_employee_cannot_reach_the_translate_view(client):
    from portal.people.roles import EMPLOYEE

    page = f.post(f.department(), title="综合柜员岗")
    client.force_login(user_with_role(EMPLOYEE))
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": ["not-a-number"]}
    )
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(translation_key=page.translation_key, locale__language_code="en").exists()


@pytest.mark.django_db
def test_the_admin_shows_no_avatar_from_the_internet(client):
    client.force_login(user_with_role(EDITOR))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html


def test_the_admin_menus_pages_is_not_translated_as_pagination():
    # the portal's own "Pages" (the search results' pagination) has its own context, so Wagtail's menu
    # entry keeps 页面 instead of reading 分页
    with override("zh-hans"):
        assert gettext("Pages") == "页面"
