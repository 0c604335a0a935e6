"""What the reader sees: the changes since the version they last acknowledged, marked character by character,
the "I have read and understood" button, and "My tasks"."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import acknowledging
from tests.factories import acknowledgements as af
from tests.factories import content as f

pytestmark = pytest.mark.django_db


def edit_article(number, text):
    return lambda obj: af.set_article(obj, number, text)


@pytest.fixture
def published():
    setup = af.rule_with_holders(n_holders=1, n_articles=4)
    setup.regulation = af.publish_material(
        setup.regulation, summary="首次发布", edit=edit_article(2, "办理期限为三个工作日。")
    )[0]
    acknowledging.acknowledge(setup.holders[0], setup.regulation, setup.regulation.live_revision_id)
    page, revision, round_ = af.publish_material(
        setup.regulation, summary="办理期限缩短", edit=edit_article(2, "办理期限为两个工作日。")
    )
    setup.page, setup.revision, setup.round = page, revision, round_
    return setup


def page_html(client, user, page):
    client.force_login(user)
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reader_sees_the_changed_characters_marked(client, published):
    html = page_html(client, published.holders[0].user, published.page)
    assert 'id="acknowledge"' in html and "办理期限缩短" in html
    assert "办理期限为<del>三</del><ins>两</ins>个工作日。" in html
    assert html.count('class="ack-change ') == 1  # only article 2 changed


def test_the_button_carries_the_live_revision(client, published):
    html = page_html(client, published.holders[0].user, published.page)
    form = re.search(r'<form method="post" action="([^"]+)" class="ack-form">(.*?)</form>', html, re.S)
    assert form.group(1) == reverse("acknowledgements:acknowledge", args=[published.page.pk])
    assert f'name="revision" value="{published.revision.pk}"' in form.group(2)
    assert "csrfmiddlewaretoken" in form.group(2)


def test_changes_are_measured_from_the_version_the_reader_last_acknowledged(client, published):
    employee = published.holders[0]
    acknowledging.acknowledge(employee, published.page, published.revision.pk)
    page, _revision, _round = af.publish_material(
        published.page, summary="第三条", edit=edit_article(3, "新的第三条。")
    )
    html = page_html(client, employee.user, page)
    assert "<ins>" in html and "新的第三条" in html
    assert "<del>三</del>" not in html  # article 2's change was acknowledged already


def test_a_new_holder_sees_this_versions_changes_and_is_asked_to_read_everything(client, published):
    newcomer = af.holder(published.post)
    html = page_html(client, newcomer.user, published.page)
    assert "<del>三</del><ins>两</ins>" in html
    assert (
        f.ui(
            "You have not acknowledged an earlier version of this rule: the changes above are those of this "
            "version; please read the whole text below."
        )
        in html
    )


def test_articles_added_and_removed_are_listed(client):
    setup = af.rule_with_holders(n_holders=1, n_articles=3)

    def edit(obj):
        rows = [a for a in obj.articles.all() if a.number != 3]
        from content.models import RegulationArticle

        rows.append(RegulationArticle(number=4, chapter_number=2, text="新增第四条。"))
        obj.articles = rows

    page, _revision, _round = af.publish_material(setup.regulation, summary="增删条文", edit=edit)
    html = page_html(client, setup.holders[0].user, page)
    assert "ack-change--added" in html and "<ins>新增第四条。</ins>" in html
    assert "ack-change--removed" in html and "<del>第3条的内容。" in html


def test_a_reader_without_a_pending_request_sees_no_button(client, published):
    assert 'class="ack-form"' not in page_html(client, published.outsider.user, published.page)
    client.logout()
    assert 'class="ack-form"' not in client.get(published.page.url).content.decode()


def test_after_acknowledging_the_reader_sees_when(client, published):
    employee = published.holders[0]
    acknowledging.acknowledge(employee, published.page, published.revision.pk)
    html = page_html(client, employee.user, published.page)
    assert 'class="ack-form"' not in html and 'class="ack-done"' in html


def test_the_english_page_offers_the_chinese_changes(client, published):
    english = f.translate(published.page, "en", title="E-banking rules")
    html = page_html(client, published.holders[0].user, english)
    assert f'name="revision" value="{published.revision.pk}"' in html
    assert "<del>三</del><ins>两</ins>" in html


def test_procedure_steps_are_compared(client):
    dept = f.department()
    post = f.post(dept, code="RUN")
    procedure = f.procedure(dept, steps=[{"text": "受理客户申请"}, {"text": "录入系统"}])
    f.link_procedure(post, procedure)
    employee = af.holder(f.publish(post))

    def edit(obj):
        steps = list(obj.steps.all())
        steps[1].text = "录入系统并双人复核"
        obj.steps = steps

    page, _revision, _round = af.publish_material(procedure, summary="增加复核", edit=edit)
    html = page_html(client, employee.user, page)
    assert "录入系统<ins>并双人复核</ins>" in html


# --- my tasks -------------------------------------------------------------------------------------


def test_my_tasks_lists_pending_and_overdue_acknowledgements(client, published):
    employee = published.holders[0]
    other = af.publish_material(f.simple_regulation(published.index, title="柜面业务规程"), summary="新规")[2]
    Acknowledgement.objects.create(
        round=other, employee=employee, due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(employee.user)
    html = client.get(reverse("acknowledgements:my_tasks")).content.decode()
    assert "电子银行业务管理办法" in html and "柜面业务规程" in html
    assert html.index("柜面业务规程") < html.index("电子银行业务管理办法")  # overdue first
    assert "ack-task--overdue" in html
    assert f'href="{published.page.url}#acknowledge"' in html


def test_my_tasks_moves_acknowledged_rules_to_the_history(client, published):
    employee = published.holders[0]
    acknowledging.acknowledge(employee, published.page, published.revision.pk)
    client.force_login(employee.user)
    html = client.get(reverse("acknowledgements:my_tasks")).content.decode()
    assert f.ui("Nothing to acknowledge: you are up to date.") in html
    assert f.ui("Recently acknowledged") in html


def test_my_tasks_is_language_prefixed_and_linked_from_the_navigation(client, published):
    client.force_login(published.holders[0].user)
    assert reverse("acknowledgements:my_tasks").startswith("/zh-hans/")
    html = client.get("/en/").content.decode()
    assert 'href="/en/my/tasks/"' in html
    client.logout()
    assert 'href="/zh-hans/my/tasks/"' not in client.get("/zh-hans/").content.decode()
