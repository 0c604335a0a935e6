"""The Compliance reviewer's approval sets the effective date and when the version goes live (Wagtail's
workflow task action form), and a confirmation says what happens next and who is asked to acknowledge."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from content.acknowledgements.models import AcknowledgementRound
from content.acknowledgements.services import review
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as ack

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(review_workflow, editor):
    """A material change of a rule with two post holders, submitted for review by the Editor."""
    world = ack.rule_with_holders(2)
    obj = ack.draft(world.regulation, material_change=True, change_summary="修改了第二条", acknowledgement_due_days=10)
    obj.effective_date = TODAY + datetime.timedelta(days=3)
    obj.save_revision(user=editor)
    review_workflow.start(world.regulation, editor)
    world.page = type(world.regulation).objects.get(pk=world.regulation.pk)
    return world


def action_url(page, action="approve"):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, page.current_workflow_task_state.pk])


def test_the_approve_dialog_prefills_the_effective_date_and_says_who_will_be_asked(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.get(action_url(submitted.page), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    html = response.json()["html"]
    assert 'name="effective_date"' in html and (TODAY + datetime.timedelta(days=3)).isoformat() in html
    assert 'name="publication"' in html
    assert "2 employees holding a linked post" in html or "2 名" in html or "2 employees" in html


def test_approving_on_the_effective_date_schedules_the_version_and_confirms_it(client, reviewer, submitted):
    client.force_login(reviewer)
    day = TODAY + datetime.timedelta(days=5)
    task_state = submitted.page.current_workflow_task_state
    response = client.post(action_url(submitted.page), {
        "comment": "同意", "effective_date": day.isoformat(), "publication": "effective",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("acknowledgement_reports:approved", args=[task_state.pk])
    revision = task_state.revision
    revision.refresh_from_db()
    assert revision.approved_go_live_at == review.start_of(day)
    assert revision.as_object().effective_date == day
    page = type(submitted.page).objects.get(pk=submitted.page.pk)
    assert page.live_revision_id != revision.pk  # not live before its day
    assert not AcknowledgementRound.objects.filter(revision=revision).exists()
    entry = PageLogEntry.objects.get(page=page, action="acknowledgements.review.decision")
    assert entry.user == reviewer and entry.data["after"]["effective_date"] == day.isoformat()
    html = client.get(response["Location"]).content.decode()
    assert 'data-outcome="publication"' in html and str(day.day) in html
    assert "2 employees" in html or "2 名" in html


def test_approving_now_publishes_and_the_confirmation_names_the_round(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(action_url(submitted.page), {"publication": "now"})
    page = type(submitted.page).objects.get(pk=submitted.page.pk)
    round_ = AcknowledgementRound.objects.get(revision_id=page.live_revision_id)
    assert round_.audience_size == 2
    html = client.get(response["Location"]).content.decode()
    assert reverse("acknowledgement_reports:round", args=[round_.pk]) in html


def test_choosing_the_effective_date_without_a_date_is_an_error_in_the_dialog(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.post(
        action_url(submitted.page), {"publication": "effective", "effective_date": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.json()["step"] == "action"  # the dialog again, with the error
    assert submitted.page.current_workflow_task_state.status == "in_progress"


def test_someone_who_may_not_publish_cannot_read_the_confirmation(client, reviewer, editor, submitted):
    client.force_login(reviewer)
    response = client.post(action_url(submitted.page), {"publication": "now"})
    client.force_login(editor)
    denied = client.get(response["Location"])
    assert denied.status_code in (302, 403)
    assert b"data-approval-confirmation" not in denied.content
