"""The whole flow, through the admin and the site, as the bank runs it:

draft → reject → revise → approve → scheduled publish (on the effective date, by ``publish_scheduled``) →
round opened for exactly the right people → the reader sees the diff → acknowledges → the report's numbers.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from content.acknowledgements.models import Acknowledgement, AcknowledgementRound
from content.models import RegulationPage
from tests.acknowledgements.admin_forms import edit_form_data, set_article
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


def test_draft_reject_revise_approve_schedule_acknowledge_report(
    client, review_workflow, editor, reviewer, hr_user, org_tree, monkeypatch
):
    setup = af.rule_with_holders(n_holders=0, link_article=2)
    holders = [
        af.holder(setup.post, org_unit=org_tree["HO-EB-CS"]),
        af.holder(setup.post, org_unit=org_tree["BR01-01"]),
    ]
    left = af.holder(setup.post)
    left.is_active = False
    left.save()
    regulation = setup.regulation
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    # 1. the Editor drafts a material change effective tomorrow and submits it
    client.force_login(editor)
    data = edit_form_data(
        client,
        regulation,
        **{
            "material_change": True,
            "change_summary": "办理时限调整",
            "acknowledgement_due_days": "10",
            "effective_date": tomorrow.isoformat(),
            "publish_on_effective_date": True,
            "action-submit": "1",
        },
    )
    set_article(data, 2, "客户应在五个工作日内办理。")
    assert client.post(f"/admin/pages/{regulation.pk}/edit/", data).status_code == 302
    page = RegulationPage.objects.get(pk=regulation.pk)
    task_state = page.current_workflow_task_state

    # 2. the Compliance reviewer rejects it with a comment
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "时限应为三个工作日"}).status_code == 302

    # 3. the Editor revises and resubmits
    client.force_login(editor)
    data = set_article(
        edit_form_data(client, page, **{"action-submit": "1"}), 2, "客户应在三个工作日内办理。"
    )
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page = RegulationPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    assert task_state.revision.user == editor

    # 4. the reviewer approves: the version is scheduled for the effective date, not live yet
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": "同意"}).status_code == 302
    approved = Revision.objects.get(pk=task_state.revision_id)
    assert approved.approved_go_live_at is not None
    assert timezone.localtime(approved.approved_go_live_at).date() == tomorrow
    assert not AcknowledgementRound.objects.exists()
    assert RegulationPage.objects.get(pk=page.pk).articles.get(number=2).text != "客户应在三个工作日内办理。"

    # 5. on the effective date the scheduler publishes it, and the round opens for exactly the post's holders
    # (the clock jumps to five minutes after the go-live time and runs on from there, so the test holds
    # whenever it runs, midnight included)
    real_now = timezone.now
    jumped_at, scheduler_run = real_now(), approved.approved_go_live_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: scheduler_run + (real_now() - jumped_at))
    call_command("publish_scheduled")
    round_ = AcknowledgementRound.objects.get()
    assert round_.revision_id == approved.pk and round_.change_summary == "办理时限调整"
    assert af.pending_employee_ids(round_) == {e.pk for e in holders}
    assert round_.due_on == tomorrow + datetime.timedelta(days=10)
    assert round_.opened_by == reviewer
    page = RegulationPage.objects.get(pk=page.pk)
    assert page.live_revision_id == approved.pk

    # 6. the reader sees what changed since the version live before, marked character by character
    reader = holders[0]
    client.force_login(reader.user)
    html = client.get(page.url).content.decode()
    changes = html[html.index('class="ack-changes"') : html.index('class="ack-form"')]
    assert "办理时限调整" in html and changes.count('class="ack-change ') == 1  # article 2 only
    assert (
        "<del>第2条的内容。\n（一）第一项；\n（二）第二项。</del><ins>客户应在三个工作日内办理。</ins>"
        in changes
    )
    assert f'name="revision" value="{approved.pk}"' in html

    # 7. they acknowledge
    response = client.post(reverse("acknowledgements:acknowledge", args=[page.pk]), {"revision": approved.pk})
    assert response.status_code == 302
    row = Acknowledgement.objects.get(round=round_, employee=reader)
    assert row.status == Acknowledgement.Status.ACKNOWLEDGED and row.revision_id == approved.pk

    # 8. the report: 2 must read, 1 has (50%), nobody overdue
    client.force_login(hr_user)
    html = client.get(reverse("acknowledgement_reports:round", args=[round_.pk])).content.decode()
    assert 'data-total="required">2<' in html
    assert 'data-total="acknowledged">1 (50.0%)<' in html
    assert 'data-total="overdue">0 (0.0%)<' in html

    # every step is in the audit log
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish.schedule",
        "wagtail.publish.scheduled",
        "acknowledgements.round.open",
    } <= actions
