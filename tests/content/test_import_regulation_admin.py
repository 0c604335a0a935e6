"""The admin's regulation import: paste or upload → preview (header, tree, errors with lines) → create."""

import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page

from content.models import RegulationPage
from content.services.regulation_import import plan_regulation_import
from portal.core.models import StagedUpload
from tests.content.import_regulation_texts import (
    BAD_INPUTS,
    DOCUMENT_NUMBER,
    GAP,
    GAP_LINE,
    REGULATION,
    REVISED,
    TITLE,
)
from tests.factories import content as f
from tests.factories.content import ui

pytestmark = pytest.mark.django_db

URL = "regulation_import:import"


@pytest.fixture
def index():
    return f.regulation_index()


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def preview(client, index, text=None, upload=None, **extra):
    data = {"parent": index.pk, "text": text or "", **extra}
    if upload is not None:
        data["file"] = upload
    return client.post(reverse(URL), data, follow=True)


def confirm_url(response) -> str:
    """The preview's confirm form (posting to the staged upload's own URL)."""
    match = re.search(r'<form action="([^"]+)" method="POST" data-import-confirm>', response.content.decode())
    assert match, "the preview offers no confirm form"
    return match.group(1)


def test_editor_sees_the_form_with_the_indexes_they_may_add_under(editor_client, index):
    response = editor_client.get(reverse(URL), {"parent": index.pk})
    assert response.status_code == 200
    assert f'<option value="{index.pk}" selected>' in response.content.decode()
    assert 'name="publish"' not in response.content.decode()  # editors save drafts; reviewers publish


def test_administrator_may_choose_to_publish(client, admin_user_role, index):
    client.force_login(admin_user_role)
    assert 'name="publish"' in client.get(reverse(URL)).content.decode()


@pytest.mark.parametrize("role_user", ["examiner_user", "hr_user", "reviewer_user"])
def test_users_who_may_not_add_pages_get_403(client, request, index, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"parent": index.pk, "text": REGULATION}).status_code == 403
    assert not RegulationPage.objects.exists()


def test_employees_without_admin_access_are_sent_to_the_login_page(client, employee_user):
    client.force_login(employee_user)
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_index_the_user_may_not_add_under_gives_403(editor_client, index):
    from wagtail.models import GroupPagePermission

    from portal.people.roles import EDITOR

    restricted = f.regulation_index(title="受限目录")
    # editors hold "add" on the root page: narrow it to ``index`` alone
    GroupPagePermission.objects.filter(group__name=EDITOR, permission__codename="add_page").update(page=index)
    assert editor_client.get(reverse(URL), {"parent": restricted.pk}).status_code == 403
    assert preview(editor_client, restricted, REGULATION).status_code == 403
    assert editor_client.get(reverse(URL), {"parent": index.pk}).status_code == 200


def test_menu_item_and_index_header_button_link_to_the_import(editor_client, index):
    admin_home = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(URL) in admin_home
    explorer = editor_client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert f"{reverse(URL)}?parent={index.pk}" in explorer


def test_preview_shows_header_tree_and_writes_nothing(editor_client, index):
    pages = Page.objects.count()
    response = preview(editor_client, index, REGULATION)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (TITLE, DOCUMENT_NUMBER, "2024-03-01", "业务办理", "开户", "变更", "依照本规程第三条规定的资料不全的"):
        assert text in html
    assert html.count('id="article-') == 6
    assert confirm_url(response)
    assert Page.objects.count() == pages


def test_preview_lists_every_error_with_its_line_and_offers_no_confirm(editor_client, index):
    response = preview(editor_client, index, GAP)
    html = response.content.decode()
    assert ui("Line %(line)s", line=GAP_LINE) in html
    assert "第二条之后出现第四条" in html
    assert 'data-import-confirm' not in html


def test_confirm_creates_a_draft_and_redirects_to_the_page_editor(editor_client, index, editor_user):
    url = confirm_url(preview(editor_client, index, REGULATION))
    response = editor_client.post(url)
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().pk == index.pk and not page.live and page.owner == editor_user
    assert [a.number for a in page.articles.all()] == [1, 2, 3, 4, 5, 6]


def test_administrator_can_create_and_publish(client, admin_user_role, index):
    client.force_login(admin_user_role)
    url = confirm_url(preview(client, index, REGULATION, publish="on"))
    client.post(url)
    assert RegulationPage.objects.get(document_number=DOCUMENT_NUMBER).live


def test_file_upload_is_previewed_like_pasted_text(editor_client, index):
    upload = SimpleUploadedFile("rules.txt", REGULATION.encode("utf-8"), content_type="text/plain")
    response = preview(editor_client, index, upload=upload)
    assert TITLE in response.content.decode() and confirm_url(response)


def test_a_gb18030_upload_is_previewed_with_a_warning(editor_client, index):
    upload = SimpleUploadedFile("rules.txt", REGULATION.encode("gb18030"), content_type="text/plain")
    response = preview(editor_client, index, upload=upload)
    html = response.content.decode()
    assert "GB18030" in html and TITLE in html
    editor_client.post(confirm_url(response))
    assert RegulationPage.objects.get(document_number=DOCUMENT_NUMBER).draft_title == TITLE


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_upload_shows_the_error_line_and_creates_nothing(editor_client, index, name):
    data, line = BAD_INPUTS[name]
    pages = Page.objects.count()
    upload = SimpleUploadedFile("rules.txt", data, content_type="text/plain")
    response = preview(editor_client, index, upload=upload)
    assert response.status_code == 200
    plan = plan_regulation_import(data, parent=index)
    html = response.content.decode()
    assert plan.errors[0].line == line
    form = response.context.get("form")
    if form is not None and form.errors.get("file"):  # refused by the upload guard: nothing was staged
        assert not StagedUpload.objects.exists()
    else:
        assert plan.errors[0].message in html
    assert "data-import-confirm" not in html
    assert Page.objects.count() == pages


def test_neither_text_nor_file_is_a_form_error(editor_client, index):
    response = preview(editor_client, index, "")
    assert response.status_code == 200
    assert ui("Paste the text of the regulation or upload a text file.") in response.content.decode()


def test_confirming_an_unknown_staged_upload_creates_nothing(editor_client, index):
    url = confirm_url(preview(editor_client, index, REGULATION))
    pages = Page.objects.count()
    response = editor_client.post(url.replace(url.rstrip("/").rsplit("/", 1)[-1], "999999"), follow=True)
    assert response.status_code == 404  # (after the locale middleware's hop to the language prefix)
    assert Page.objects.count() == pages


def test_another_users_staged_upload_cannot_be_confirmed(client, editor_client, index, admin_user_role):
    url = confirm_url(preview(editor_client, index, REGULATION))
    client.force_login(admin_user_role)
    pages = Page.objects.count()
    client.post(url)
    assert Page.objects.count() == pages


def test_confirm_replans_and_refuses_when_the_target_changed_meanwhile(editor_client, index, editor_user):
    url = confirm_url(preview(editor_client, index, REGULATION))
    other = f.regulation_index(title="国家法规")
    f.regulation(other, title="同号规程", document_number=DOCUMENT_NUMBER, articles=[(1, None, None, "甲")])
    pages = Page.objects.count()
    response = editor_client.post(url)
    assert response.status_code == 200 and DOCUMENT_NUMBER in response.content.decode()
    assert Page.objects.count() == pages


def test_the_staged_plan_keeps_the_decoded_text_and_the_parsed_articles(editor_client, index, editor_user):
    upload = SimpleUploadedFile("rules.txt", REGULATION.encode("gb18030"), content_type="text/plain")
    preview(editor_client, index, upload=upload)
    staged = StagedUpload.objects.get(kind="content.regulation")
    assert staged.plan["text"] == REGULATION and staged.plan["parent"] == index.pk
    assert staged.uploaded_by == editor_user and staged.plan["parsed"]["articles"]


def test_confirm_applies_the_stored_plan_without_parsing_again(editor_client, index, monkeypatch):
    url = confirm_url(preview(editor_client, index, REGULATION))

    def no_parsing(*args, **kwargs):
        raise AssertionError("the confirm step parsed the text again")

    monkeypatch.setattr("content.services.regulation_import.read_source", no_parsing)
    monkeypatch.setattr("content.regulations.parser.parse_regulation", no_parsing)
    editor_client.post(url)
    assert RegulationPage.objects.get(document_number=DOCUMENT_NUMBER).draft_title == TITLE


def test_reimport_through_the_admin_keeps_article_identities(client, admin_user_role, index):
    client.force_login(admin_user_role)
    client.post(confirm_url(preview(client, index, REGULATION, publish="on")))
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    before = {a.number: (a.pk, a.key) for a in page.articles.all()}
    response = preview(client, index, REVISED, publish="on")
    assert page.title in response.content.decode()
    client.post(confirm_url(response))
    page = RegulationPage.objects.get(pk=page.pk)
    after = {a.number: (a.pk, a.key) for a in page.articles.all()}
    assert {n: after[n] for n in before} == before and sorted(after) == [1, 2, 3, 4, 5, 6, 7]


def start_again_data(html: str) -> dict:
    """The hidden fields of the preview's "start again" form, as the browser would post them."""
    form = re.search(r'<form[^>]*>(?:(?!</form>).)*name="start_again"(?:(?!</form>).)*</form>', html, re.S)
    assert form, "the preview offers no start-again form"
    return {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0))
        if name != "csrfmiddlewaretoken"
    }


def test_start_again_after_errors_keeps_the_pasted_text_and_title(editor_client, index):
    data = start_again_data(preview(editor_client, index, GAP, title="我的标题").content.decode())
    response = editor_client.post(reverse(URL), data)
    form = response.context["form"]
    assert (form["text"].value(), form["title"].value(), form["parent"].value()) == (GAP, "我的标题", index.pk)


def test_start_again_writes_nothing_and_shows_no_errors(editor_client, index):
    before = RegulationPage.objects.count()
    response = editor_client.post(reverse(URL), {"start_again": "1", "text": GAP, "parent": str(index.pk)})
    assert response.status_code == 200 and not response.context["form"].is_bound
    assert RegulationPage.objects.count() == before


def test_a_county_document_number_keeps_its_leading_x_through_preview_and_confirm(editor_client, index):
    text = "柜面业务管理办法\nX农信联发〔2026〕7号\n第一条 为规范柜面业务，制定本办法。\n第二条 本办法自发布之日起施行。\n"
    response = preview(editor_client, index, text)
    assert "X农信联发〔2026〕7号" in response.content.decode()
    editor_client.post(confirm_url(response))
    assert RegulationPage.objects.filter(document_number="X农信联发〔2026〕7号").exists()
