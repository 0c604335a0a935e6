"""Page types: where each can be created, and that the admin can open their editors."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase

from content.models import (
    DepartmentPage,
    HomePage,
    ManualPage,
    PostPage,
    ProcedurePage,
    RegulationIndexPage,
    RegulationPage,
)
from tests.factories import content as f


class PageTreeRulesTest(WagtailPageTestCase):
    def test_departments_live_under_home_and_under_departments(self):
        self.assertCanCreateAt(HomePage, DepartmentPage)
        self.assertCanCreateAt(DepartmentPage, DepartmentPage)
        self.assertAllowedParentPageTypes(DepartmentPage, {HomePage, DepartmentPage})

    def test_posts_procedures_manuals_live_under_departments_only(self):
        for model in (PostPage, ProcedurePage, ManualPage):
            self.assertAllowedParentPageTypes(model, {DepartmentPage})
            self.assertCanNotCreateAt(HomePage, model)
            self.assertAllowedSubpageTypes(model, set())
        self.assertAllowedSubpageTypes(DepartmentPage, {DepartmentPage, PostPage, ProcedurePage, ManualPage})

    def test_regulations_live_under_a_regulation_index_under_home(self):
        self.assertAllowedParentPageTypes(RegulationIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(RegulationPage, {RegulationIndexPage})
        self.assertAllowedSubpageTypes(RegulationIndexPage, {RegulationPage})
        self.assertCanNotCreateAt(DepartmentPage, RegulationPage)


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@bank.example", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_add_forms_open_for_every_page_type(superuser_client):
    dept = f.department()
    index = f.regulation_index()
    for model, parent in [
        (DepartmentPage, f.home()),
        (PostPage, dept),
        (ProcedurePage, dept),
        (ManualPage, dept),
        (RegulationIndexPage, f.home()),
        (RegulationPage, index),
    ]:
        url = f"/admin/pages/add/content/{model._meta.model_name}/{parent.pk}/"
        response = superuser_client.get(url)
        assert response.status_code == 200, (model, response.status_code)


@pytest.mark.django_db
def test_admin_edit_forms_open_with_content(superuser_client):
    dept = f.department()
    index = f.regulation_index()
    reg = f.simple_regulation(index)
    post = f.post(dept, duties=["负责录入"], requirements=["熟悉业务"], certifications=["柜员等级证书"])
    f.link_regulation(post, reg, article=reg.articles.get(number=2))
    post = f.publish(post)
    proc = f.procedure(dept, steps=[{"text": "受理申请", "post": post, "articles": [reg.articles.get(number=1)]}])
    for page in (dept, post, reg, proc, index):
        response = superuser_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


@pytest.mark.django_db
def test_post_code_must_be_unique_within_a_language():
    from content.models.posts import PostPageForm

    dept = f.department()
    f.post(dept, code="EB-01")
    form_class = PostPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, PostPageForm)
    new = PostPage(title="复核岗", slug="fuhe", locale=dept.locale)
    form = form_class(
        data={"title": "复核岗", "slug": "fuhe", "code": "EB-01"}, instance=new, parent_page=dept, for_user=None
    )
    form.is_valid()
    assert "code" in form.errors


@pytest.mark.django_db
def test_translations_share_the_post_code_and_copy_child_rows():
    dept = f.department()
    post = f.post(dept, code="EB-01", duties=["负责录入", "负责对账"])
    en = f.translate(post, title="Data entry post")
    assert en.code == "EB-01"
    assert en.locale.language_code == "en"
    assert [d.locale.language_code for d in en.duties.all()] == ["en", "en"]
    # the English duty rows are translations of the Chinese ones (same translation_key)
    assert {d.translation_key for d in en.duties.all()} == {d.translation_key for d in post.duties.all()}


@pytest.mark.django_db
def test_manual_table_of_contents_from_headings():
    dept = f.department()
    manual = f.manual(
        dept,
        body=[
            ("heading", {"text": "一、总则", "level": "h2"}),
            ("paragraph", "内容"),
            ("heading", {"text": "开户", "level": "h3"}),
            ("heading", {"text": "开户", "level": "h3"}),
            ("heading", {"text": "!!!", "level": "h2"}),
        ],
    )
    toc = manual.table_of_contents
    assert [(e.text, e.level) for e in toc] == [("一、总则", 2), ("开户", 3), ("开户", 3), ("!!!", 2)]
    anchors = [e.anchor for e in toc]
    assert len(set(anchors)) == 4
    assert anchors[1] == "开户" and anchors[2] == "开户-2"
    assert anchors[3].startswith("section-")


@pytest.mark.django_db
def test_admin_saves_a_procedure_step_with_its_articles_and_post(superuser_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from content.models import ProcedurePage

    dept = f.department()
    reg = f.simple_regulation(f.regulation_index(), n_articles=4)
    post = f.post(dept, title="复核岗")
    data = nested_form_data(
        {
            "title": "对账操作规程",
            "slug": "reconcile",
            "summary": "每日对账",
            "tags": "",
            "steps": inline_formset(
                [
                    {
                        "text": "核对账务",
                        "post": post.pk,
                        "deadline": "当日",
                        "frequency": "daily",
                        "control": "dual_review",
                        "forms": "对账登记簿",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    data["steps-0-articles"] = [reg.articles.get(number=2).pk, reg.articles.get(number=3).pk]  # a multi-value field
    response = superuser_client.post(f"/admin/pages/add/content/procedurepage/{dept.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProcedurePage.objects.get(slug="reconcile")
    step = page.steps.get()
    assert step.post_id == post.pk and step.control == "dual_review"
    assert sorted(a.number for a in step.articles.all()) == [2, 3]


@pytest.mark.django_db
def test_admin_refuses_a_link_to_an_article_of_another_regulation(superuser_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    dept = f.department()
    index = f.regulation_index()
    reg_a = f.simple_regulation(index)
    reg_b = f.simple_regulation(index)
    data = nested_form_data(
        {
            "title": "录入岗",
            "slug": "entry",
            "code": "ENTRY",
            "summary": "",
            "tags": "",
            "duties": inline_formset([{"text": "录入"}]),
            "duty_set_links": inline_formset([]),
            "requirements": inline_formset([]),
            "procedure_links": inline_formset([]),
            "regulation_links": inline_formset(
                [{"regulation": reg_a.pk, "article": reg_b.articles.first().pk, "chapter": "", "level": "apply"}]
            ),
            "certifications": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = superuser_client.post(f"/admin/pages/add/content/postpage/{dept.pk}/", data)
    assert response.status_code == 200
    assert f.ui("This article belongs to another regulation.") in response.content.decode()
    assert not PostPage.objects.filter(slug="entry").exists()


@pytest.mark.django_db
def test_admin_snippet_and_assignment_listings_open(superuser_client):
    f.duty_set(duties=["甲"])
    f.rule(posts=[f.post(f.department()), f.post(f.department())])
    for url in [
        "/admin/snippets/content/dutyset/",
        "/admin/snippets/content/dutyset/add/",
        "/admin/snippets/content/segregationrule/",
        "/admin/snippets/content/segregationrule/add/",
        "/admin/post_assignments/",
        "/admin/post_assignments/new/",
    ]:
        assert superuser_client.get(url).status_code == 200, url
