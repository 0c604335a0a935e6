"""The rule review workflow: Editors draft and submit, a Compliance reviewer approves or rejects with a
comment, nobody approves their own change, every step is in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from content.acknowledgements.models import ComplianceApprovalTask
from tests.acknowledgements.admin_forms import edit_form_data, set_article
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulation(review_workflow):
    return f.simple_regulation(f.regulation_index(), n_articles=3)


def submit(client, user, page, articles=None, **changes):
    client.force_login(user)
    data = edit_form_data(client, page, **changes)
    for number, text in (articles or {}).items():
        set_article(data, number, text)
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return type(page).objects.get(pk=page.pk)


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied inside the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def workflow_action(client, user, page, action, comment=""):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_the_review_workflow_covers_regulations_and_procedures(review_workflow, regulation):
    procedure = f.procedure(f.department(), steps=[{"text": "受理"}])
    for page in (regulation, procedure):
        assert page.get_workflow() == review_workflow
    task = review_workflow.tasks.get().specific
    assert isinstance(task, ComplianceApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Compliance reviewer"]


def test_editor_can_draft_and_submit_but_not_publish(editor, regulation):
    perms = regulation.permissions_for_user(editor)
    assert perms.can_edit() and perms.can_submit_for_moderation()
    assert not perms.can_publish()


def test_reviewer_can_publish(reviewer, regulation):
    assert regulation.permissions_for_user(reviewer).can_publish()


def test_editor_submits_a_draft_for_review(client, editor, regulation):
    page = submit(client, editor, regulation, articles={2: "新的第二条。"})
    assert page.workflow_in_progress
    assert page.get_latest_revision().user == editor
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.start", user=editor).exists()
    assert page.articles.get(number=2).text != "新的第二条。"  # the live text is untouched until approval


def test_reviewer_rejects_with_a_comment(client, editor, reviewer, regulation):
    page = submit(client, editor, regulation)
    response = workflow_action(client, reviewer, page, "reject", comment="第二条表述不清，请修改。")
    assert response.status_code == 302
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk))
    assert state.status == TaskState.STATUS_REJECTED and state.comment == "第二条表述不清，请修改。"
    assert state.finished_by == reviewer
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
    entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert entry.user == reviewer and entry.data["comment"] == "第二条表述不清，请修改。"


def test_an_editor_outside_the_reviewer_group_cannot_approve(client, editor, regulation):
    page = submit(client, editor, regulation)
    assert refused(workflow_action(client, editor, page, "approve"))
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_the_author_is_not_offered_approval_of_their_own_change(client, editor_reviewer, regulation):
    page = submit(client, editor_reviewer, regulation)
    task = page.current_workflow_task
    actions = [name for name, _label, _modal in task.get_actions(page, editor_reviewer)]
    assert "approve" not in actions and "reject" in actions
    assert refused(workflow_action(client, editor_reviewer, page, "approve"))


def test_an_author_approving_anyway_is_refused_and_logged(client, editor_reviewer, regulation):
    page = submit(client, editor_reviewer, regulation)
    task_state = page.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        page.current_workflow_task.on_action(task_state, editor_reviewer, "approve")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert PageLogEntry.objects.filter(
        page=page, action="acknowledgements.review.refuse_self_approval", user=editor_reviewer
    ).exists()


def test_a_reviewer_who_wrote_part_of_the_change_cannot_approve_it(
    client, editor, editor_reviewer, regulation
):
    client.force_login(editor_reviewer)
    data = set_article(edit_form_data(client, regulation), 1, "审核人先改了第一条。")
    assert client.post(f"/admin/pages/{regulation.pk}/edit/", data).status_code == 302  # a draft of their own
    page = submit(client, editor, regulation)
    assert refused(workflow_action(client, editor_reviewer, page, "approve"))


def test_another_reviewer_approves_and_the_change_goes_live(client, editor, reviewer, regulation):
    page = submit(client, editor, regulation, articles={2: "经审核的第二条。"})
    response = workflow_action(client, reviewer, page, "approve", comment="同意")
    assert response.status_code == 302
    page = type(page).objects.get(pk=page.pk)
    assert page.articles.get(number=2).text == "经审核的第二条。"
    assert not page.workflow_in_progress
    actions = list(
        PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "editor_li") in actions
    assert ("wagtail.workflow.approve", "reviewer_wang") in actions
    assert ("wagtail.publish", "reviewer_wang") in actions


def test_wagtails_default_workflow_without_reviewers_is_retired(review_workflow):
    from wagtail.models import Workflow

    default = Workflow.objects.filter(name="Moderators approval").first()
    assert default is None or not default.active


def test_the_reviewers_editor_offers_approval_but_no_plain_publish(client, editor, reviewer, regulation):
    page = submit(client, editor, regulation, articles={2: "待审核的第二条。"})
    client.force_login(reviewer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert "/approve/" in html
