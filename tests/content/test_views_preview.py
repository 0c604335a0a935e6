"""Admin previews render the unsaved state (child rows held in memory, nothing to prefetch)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@bank.example", "pw"))
    return client


def preview(client, url, data):
    response = client.post(url, data)
    assert response.json()["is_valid"], response.content
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def post_form(reg, title="预览岗", duty="预览职责"):
    return nested_form_data(
        {
            "title": title,
            "slug": "preview-post",
            "code": "PV",
            "summary": "",
            "tags": "",
            "duties": inline_formset([{"text": duty}]),
            "duty_set_links": inline_formset([]),
            "requirements": inline_formset([]),
            "procedure_links": inline_formset([]),
            "regulation_links": inline_formset(
                [{"regulation": reg.pk, "article": reg.articles.get(number=2).pk, "chapter": "", "level": "apply"}]
            ),
            "certifications": inline_formset([]),
        }
    )


def test_preview_of_a_new_post(admin_client):
    dept = f.department()
    reg = f.simple_regulation(f.regulation_index(), n_articles=4)
    html = preview(admin_client, f"/admin/pages/add/content/postpage/{dept.pk}/preview/", post_form(reg))
    assert "预览职责" in html and "第二条" in html


def test_preview_of_an_edited_post(admin_client):
    dept = f.department()
    reg = f.simple_regulation(f.regulation_index(), n_articles=4)
    post = f.post(dept, title="已有岗", code="PV")
    html = preview(admin_client, f"/admin/pages/{post.pk}/edit/preview/", post_form(reg, title="已有岗", duty="新职责"))
    assert "新职责" in html and "第二条" in html


def test_preview_of_a_new_regulation(admin_client):
    index = f.regulation_index()
    data = nested_form_data(
        {
            "title": "预览办法",
            "slug": "preview-reg",
            "issuer": "",
            "document_number": "",
            "adopted_date": "",
            "promulgated_date": "",
            "effective_date": "",
            "status": "in_force",
            "superseded_by": "",
            "preamble": "",
            "tags": "",
            "chapters": inline_formset([{"number": 1, "title": "总则"}]),
            "sections": inline_formset([]),
            "articles": inline_formset([{"number": 1, "chapter_number": 1, "section_number": "", "text": "预览条文"}]),
        }
    )
    html = preview(admin_client, f"/admin/pages/add/content/regulationpage/{index.pk}/preview/", data)
    assert "预览条文" in html and "第一条" in html and 'id="chapter-1"' in html


def test_regulation_form_refuses_duplicate_article_numbers(admin_client):
    index = f.regulation_index()
    data = nested_form_data(
        {
            "title": "重复条号",
            "slug": "dup",
            "status": "in_force",
            "tags": "",
            "chapters": inline_formset([]),
            "sections": inline_formset([{"chapter_number": 3, "number": 1, "title": "无章之节"}]),
            "articles": inline_formset(
                [
                    {"number": 1, "chapter_number": "", "section_number": "", "text": "甲"},
                    {"number": 1, "chapter_number": "", "section_number": "", "text": "乙"},
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/content/regulationpage/{index.pk}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f.ui("Article %(n)s appears more than once.", n=1) in html
    assert f.ui("There is no chapter %(n)s.", n=3) in html
