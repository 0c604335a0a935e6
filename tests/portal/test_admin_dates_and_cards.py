"""Wagtail's admin shows dates the portal's one way (absolute, Asia/Shanghai, the user's language: never
"刚刚" or "3 days ago") in page history and the aging-pages report; and its listing tables carry the script
and style that turn them into cards on phones."""

import datetime
import json

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from portal.core.dates import format_datetime
from tests.factories import content as f

pytestmark = pytest.mark.django_db


def _human_readable(value, lang):
    with translation.override(lang):
        return Template("{% load wagtailadmin_tags %}{% human_readable_date value %}").render(Context({"value": value}))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_wagtails_human_readable_date_is_absolute_and_local_for_past_and_future(lang):
    past = timezone.now() - datetime.timedelta(minutes=1)
    future = datetime.datetime(2029, 12, 1, 0, 30, tzinfo=datetime.UTC)
    for value in (past, future):
        html = _human_readable(value, lang)
        assert format_datetime(value, lang) in html
    html = _human_readable(future, lang)
    assert ("2029年12月1日 08:30" if lang == "zh-hans" else "1 Dec 2029, 08:30") in html
    assert "刚刚" not in _human_readable(past, lang) and "ago" not in _human_readable(past, lang)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_page_history_shows_absolute_local_times(admin_client, lang):
    page = f.simple_regulation(f.regulation_index(f.home()))
    page.save_revision(log_action=True)
    admin_client.cookies["django_language"] = lang
    entry = page.get_latest_revision()
    with translation.override(lang):
        response = admin_client.get(reverse("wagtailadmin_pages:history", args=[page.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    html = response.content.decode()
    assert response.status_code == 200
    assert format_datetime(entry.created_at, response.wsgi_request.LANGUAGE_CODE) in html
    assert "刚刚" not in html and "just now" not in html.lower()


def test_the_aging_pages_report_shows_absolute_local_times(admin_client):
    page = f.simple_regulation(f.regulation_index(f.home()))
    response = admin_client.get(reverse("wagtailadmin_reports:aging_pages"))
    html = response.content.decode()
    assert response.status_code == 200
    assert page.title in html
    page.refresh_from_db()
    assert format_datetime(page.last_published_at, "zh-hans") in html  # not "刚刚" (just now)
    assert "刚刚" not in html


def test_admin_pages_load_the_listing_cards_style_and_script(admin_client):
    html = admin_client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert 'href="/static/core/admin_listing_cards.css"' in html
    assert 'src="/static/core/admin_listing_cards.js"' in html


def test_an_editor_sees_one_translate_entry_and_the_translations_report_named_as_such(client):
    from portal.people.roles import EDITOR
    from tests.factories.people import user_with_role

    page = f.simple_regulation(f.regulation_index(f.home()))
    client.force_login(user_with_role(EDITOR, username="editor_translate"))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert html.count(f.ui("Translate this page")) == 1

    def in_sidebar(label):  # the sidebar is JSON with \\u escapes
        return f'"label": {json.dumps(label)}' in html

    assert not in_sidebar(f.ui("Translations")) and in_sidebar(f.ui("Translation records"))


def test_a_branch_manager_has_no_translation_records_in_the_menu(client):
    from portal.people.roles import BRANCH_MANAGER
    from tests.factories.people import user_with_role

    client.force_login(user_with_role(BRANCH_MANAGER, username="branch_menu"))
    html = client.get("/admin/").content.decode()
    assert json.dumps(f.ui("Translation records")) not in html and json.dumps(f.ui("Translations")) not in html


def test_every_admin_menu_entry_of_a_listing_opens_the_listing_not_a_form(db):
    from django.urls import NoReverseMatch, reverse
    from wagtail.admin.viewsets import viewsets

    wrong = {}
    for viewset in viewsets.viewsets:
        try:
            index = reverse(viewset.get_url_name("index"))
        except NoReverseMatch:
            continue  # choosers and viewsets without a listing
        if viewset.menu_url != index:
            wrong[viewset.name] = viewset.menu_url
    assert wrong == {}


def test_an_examiner_opens_overrides_from_the_menu_without_being_refused(client):
    from portal.people.roles import EXAMINER
    from tests.factories.people import user_with_role

    client.force_login(user_with_role(EXAMINER, username="examiner_menu"))
    sidebar = client.get("/admin/").content.decode()
    assert '"url": "/admin/exams/overrides/"' in sidebar and "/admin/exams/overrides/grant/" not in sidebar
    assert client.get("/admin/exams/overrides/").status_code == 200



def test_every_admin_listing_column_heading_starts_with_a_capital_in_english(db):
    from django.urls import reverse
    from django.utils import translation
    from wagtail.admin.ui.tables import Column
    from wagtail.admin.viewsets import viewsets

    reverse("wagtailadmin_home")  # the admin's URLs load, registering every viewset
    lower, columns = {}, 0
    with translation.override("en"):
        for viewset in viewsets.viewsets:
            shown = getattr(viewset, "list_display", None)
            for column in shown if isinstance(shown, (list, tuple)) else []:
                if isinstance(column, Column):
                    columns += 1
                    label = str(column.label or "")
                    if label and label[0].islower():
                        lower[f"{viewset.name}.{column.name}"] = label
    assert columns > 50 and lower == {}
