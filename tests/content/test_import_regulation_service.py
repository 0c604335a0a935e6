"""content.services.regulation_import: plan writes nothing; apply creates or updates by 文号, all or nothing."""

import datetime

import pytest
from wagtail.models import Page, PageLogEntry

from content.models import PostRegulationLink, RegulationArticle, RegulationPage
from content.services import regulation_import as service
from content.services.regulation_import import (
    RegulationImportRejected,
    apply_regulation_import,
    plan_regulation_import,
)
from tests.content.import_regulation_texts import (
    BAD_INPUTS,
    DOCUMENT_NUMBER,
    REGULATION,
    REVISED,
    SHORTENED,
    TITLE,
)
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return f.regulation_index()


def test_a_plan_writes_nothing(index):
    pages = Page.objects.count()
    plan = plan_regulation_import(REGULATION, parent=index)
    assert plan.ok and plan.action == service.CREATE
    assert [a.number for a in plan.parsed.articles] == [1, 2, 3, 4, 5, 6]
    assert Page.objects.count() == pages


def test_plan_json_is_the_parsers_shape_with_the_plans_errors(index):
    f.regulation(index, title="另一份规程", document_number=DOCUMENT_NUMBER, articles=[(1, None, None, "甲")],
                 slug="other")
    other_index = f.regulation_index(title="国家法规")
    data = plan_regulation_import(REGULATION, parent=other_index).to_json_dict()
    assert list(data) == [
        "title", "document_number", "effective_date", "chapters", "sections", "articles", "errors"
    ]
    assert data["effective_date"] == "2024-03-01"
    assert data["errors"] and data["errors"][0]["line"] == 2  # the line of the 文号


def test_import_creates_a_draft_page_under_the_index(index, editor_user):
    outcome = apply_regulation_import(REGULATION, parent=index, user=editor_user)
    page = outcome.page
    assert outcome.created and not outcome.published
    assert page.get_parent().pk == index.pk and page.locale_id == index.locale_id
    assert not page.live and page.has_unpublished_changes and page.owner == editor_user
    draft = page.get_latest_revision_as_object()
    assert draft.title == TITLE and draft.document_number == DOCUMENT_NUMBER
    assert draft.effective_date == datetime.date(2024, 3, 1)
    assert [a.number for a in page.articles.all()] == [1, 2, 3, 4, 5, 6]
    assert [(s.chapter_number, s.number, s.title) for s in page.sections.all()] == [(2, 1, "开户"), (2, 2, "变更")]
    assert page.articles.get(number=3).section_number == 1


def test_import_can_publish(index, admin_user_role):
    outcome = apply_regulation_import(REGULATION, parent=index, user=admin_user_role, publish=True)
    assert outcome.published and outcome.page.live and not outcome.page.has_unpublished_changes


def test_import_is_logged_with_its_counts(index, editor_user):
    outcome = apply_regulation_import(REGULATION, parent=index, user=editor_user, file_name="rules.txt")
    entry = PageLogEntry.objects.get(page=outcome.page, action=service.IMPORT_ACTION)
    assert entry.user == editor_user
    assert entry.data["file"] == "rules.txt" and entry.data["articles"] == 6 and entry.data["created"] is True


def test_reimport_of_the_same_document_number_updates_the_page_keeping_article_identities(index, admin_user_role):
    page = apply_regulation_import(REGULATION, parent=index, user=admin_user_role, publish=True).page
    before = {a.number: (a.pk, a.key) for a in page.articles.all()}
    plan = plan_regulation_import(REVISED, parent=index)
    assert plan.action == service.UPDATE and plan.existing.pk == page.pk
    assert plan.counts == {"create": 1, "update": 2, "unchanged": 4, "remove": 0}

    outcome = apply_regulation_import(REVISED, parent=index, user=admin_user_role, publish=True)
    assert not outcome.created and outcome.page.pk == page.pk
    after = {a.number: (a.pk, a.key) for a in outcome.page.articles.all()}
    assert {n: after[n] for n in before} == before
    assert outcome.page.articles.get(number=2).text == "本规程适用于全行及所辖网点的电子银行业务。"
    assert RegulationPage.objects.filter(document_number=DOCUMENT_NUMBER).count() == 1


def test_reimport_as_a_draft_leaves_the_live_version_alone(index, admin_user_role, editor_user):
    page = apply_regulation_import(REGULATION, parent=index, user=admin_user_role, publish=True).page
    outcome = apply_regulation_import(REVISED, parent=index, user=editor_user)
    live = RegulationPage.objects.get(pk=page.pk)
    assert live.live and live.has_unpublished_changes
    assert live.articles.count() == 6
    assert [a.number for a in outcome.page.get_latest_revision_as_object().articles.all()] == [1, 2, 3, 4, 5, 6, 7]


def test_reimport_removes_articles_no_longer_in_the_text_and_clears_links_to_them(index, admin_user_role):
    page = apply_regulation_import(REGULATION, parent=index, user=admin_user_role, publish=True).page
    post = f.post(f.department())
    f.link_regulation(post, page, article=page.articles.get(number=6))
    f.publish(post)
    plan = plan_regulation_import(SHORTENED, parent=index)
    assert plan.removed_articles == [6]
    apply_regulation_import(SHORTENED, parent=index, user=admin_user_role, publish=True)
    assert not RegulationArticle.objects.filter(page=page, number=6).exists()
    assert PostRegulationLink.objects.get(page=post).article is None


def test_a_document_number_held_under_another_index_is_an_error(index):
    apply_regulation_import(REGULATION, parent=index, publish=True)
    other = f.regulation_index(title="国家法规")
    pages = Page.objects.count()
    with pytest.raises(RegulationImportRejected) as rejected:
        apply_regulation_import(REGULATION, parent=other)
    assert "某银发〔2024〕12号" in rejected.value.plan.errors[0].message
    assert Page.objects.count() == pages


def test_the_parent_must_be_a_regulation_index(index):
    plan = plan_regulation_import(REGULATION, parent=f.home())
    assert not plan.ok and plan.errors[0].line == 1


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_its_line_and_creates_nothing(index, name):
    data, line = BAD_INPUTS[name]
    pages = Page.objects.count()
    with pytest.raises(RegulationImportRejected) as rejected:
        apply_regulation_import(data, parent=index)
    assert rejected.value.plan.errors[0].line == line
    assert Page.objects.count() == pages


def test_a_gb18030_file_is_read_with_a_note(index):
    plan = plan_regulation_import(REGULATION.encode("gb18030"), parent=index)
    assert plan.ok and plan.parsed.title == TITLE
    assert plan.notes and "GB18030" in plan.notes[0]
    assert plan.text == REGULATION


def test_a_failure_while_writing_rolls_everything_back(index, monkeypatch):
    pages, articles = Page.objects.count(), RegulationArticle.objects.count()

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RegulationPage, "save_revision", broken)
    with pytest.raises(RuntimeError):
        apply_regulation_import(REGULATION, parent=index)
    assert Page.objects.count() == pages and RegulationArticle.objects.count() == articles


def test_plan_reports_what_the_user_may_not_do(index, reviewer_user, editor_user):
    assert "permission" in {e.code for e in plan_regulation_import(REGULATION, parent=index, user=reviewer_user).errors}
    publishing = plan_regulation_import(REGULATION, parent=index, user=editor_user, publish=True)
    assert [e.code for e in publishing.errors] == ["permission"]
    assert plan_regulation_import(REGULATION, parent=index, user=editor_user).ok


def test_a_title_can_be_given_when_the_text_has_none(index):
    body = REGULATION.split("\n", 3)[3]  # from 第一章 on: no header at all
    assert "no_title" in {e.code for e in plan_regulation_import(body, parent=index).parsed.errors}
    outcome = apply_regulation_import(body, parent=index, title="临时规程", publish=True)
    assert outcome.page.title == "临时规程"


def test_new_pages_get_an_available_unicode_slug(index):
    first = apply_regulation_import(REGULATION, parent=index, publish=True).page
    second = apply_regulation_import(REGULATION.replace(DOCUMENT_NUMBER, "某银发〔2024〕13号"), parent=index).page
    assert first.slug == TITLE and second.slug == f"{TITLE}-1"
