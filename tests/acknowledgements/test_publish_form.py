"""The publisher's side in the admin: the material-change fields, scheduling on the effective date, the
approval dialog, and rules whose acknowledgement records must not be deleted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.acknowledgements.models import AcknowledgementRound
from content.models import RegulationPage
from tests.acknowledgements.admin_forms import edit_form_data, set_article
from tests.factories import acknowledgements as af
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(review_workflow):
    return af.rule_with_holders(n_holders=2)


def post_edit(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_a_material_change_needs_a_summary(client, reviewer, setup):
    client.force_login(reviewer)
    data = edit_form_data(client, setup.regulation, material_change=True, change_summary="")
    data["action-publish"] = "1"
    response = post_edit(client, setup.regulation, data)
    assert response.status_code == 200
    assert f.ui("A material change needs a short summary of what changed.") in response.content.decode()
    assert not AcknowledgementRound.objects.exists()


def test_publishing_directly_opens_the_round_and_records_the_publisher(client, reviewer, setup):
    client.force_login(reviewer)
    data = edit_form_data(client, setup.regulation, material_change=True, change_summary="第一条修改")
    set_article(data, 1, "修改后的第一条。")
    data["action-publish"] = "1"
    response = post_edit(client, setup.regulation, data)
    assert response.status_code == 302
    round_ = AcknowledgementRound.objects.get()
    assert round_.opened_by == reviewer and round_.audience_size == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2" in m for m in messages)


def test_the_next_draft_starts_as_not_material(client, reviewer, setup):
    page, _revision, _round = af.publish_material(setup.regulation, summary="已发布的修订")
    client.force_login(reviewer)
    form = client.get(f"/admin/pages/{page.pk}/edit/").context["form"]
    assert form["material_change"].value() is False and form["change_summary"].value() == ""


def test_a_saved_draft_keeps_its_material_flag(client, editor, setup):
    client.force_login(editor)
    data = edit_form_data(client, setup.regulation, material_change=True, change_summary="草稿说明")
    assert post_edit(client, setup.regulation, data).status_code == 302
    form = client.get(f"/admin/pages/{setup.regulation.pk}/edit/").context["form"]
    assert form["material_change"].value() is True and form["change_summary"].value() == "草稿说明"


def test_publish_on_the_effective_date_schedules_the_version(client, reviewer, setup):
    effective = timezone.localdate() + datetime.timedelta(days=5)
    client.force_login(reviewer)
    data = edit_form_data(
        client, setup.regulation, material_change=True, change_summary="下周施行",
        effective_date=effective.isoformat(), publish_on_effective_date=True,
    )
    data["action-publish"] = "1"
    assert post_edit(client, setup.regulation, data).status_code == 302
    revision = RegulationPage.objects.get(pk=setup.regulation.pk).get_latest_revision()
    assert timezone.localtime(revision.approved_go_live_at) == timezone.make_aware(
        datetime.datetime.combine(effective, datetime.time.min)
    )
    assert not AcknowledgementRound.objects.exists()  # opens when the version actually goes live


def test_the_approval_dialog_shows_the_publication_decision(client, editor, reviewer, setup):
    client.force_login(editor)
    data = edit_form_data(client, setup.regulation, material_change=True, change_summary="请审核的修订")
    data["action-submit"] = "1"
    assert post_edit(client, setup.regulation, data).status_code == 302
    page = RegulationPage.objects.get(pk=setup.regulation.pk)
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", page.current_workflow_task_state.pk])
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    html = response.json()["html"]
    # the submitted revision keeps material_change: the dialog names the audience and shows the summary
    audience = f.ui_plural(
        "Material change: when it goes live, %(n)s employee holding a linked post is asked to read and "
        "acknowledge it within %(days)s days.",
        "Material change: when it goes live, %(n)s employees holding a linked post are asked to read and "
        "acknowledge it within %(days)s days.",
        2, n=2, days=14,
    )
    assert audience in html
    assert "<p>请审核的修订</p>" in html


def test_a_rule_with_acknowledgement_records_cannot_be_deleted(admin_client, setup):
    page, _revision, _round = af.publish_material(setup.regulation)
    for target in (page, setup.index):
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[target.pk]), follow=True)
        assert RegulationPage.objects.filter(pk=page.pk).exists()
        assert f.ui(
            "This page, or a page below it, has read-and-acknowledge records, which are kept as evidence. "
            "Unpublish it, or mark the regulation repealed or superseded, rather than deleting it."
        ) in response.content.decode()


def test_a_rule_without_records_can_still_be_deleted(admin_client, setup):
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[setup.regulation.pk]))
    assert not RegulationPage.objects.filter(pk=setup.regulation.pk).exists()
