"""The rule review workflow: Editors submit, a Compliance reviewer (never the author) approves or rejects.

Creates the ComplianceApprovalTask for the "Compliance reviewer" role group and the workflow holding it, and
assigns the workflow to the root page, so every page — regulations and procedures included, whatever
department or index they are added under later — is submitted to it. It replaces Wagtail's default
"Moderators approval" workflow on the root: that workflow's only group was removed by
people.0003 (the portal's roles replace it), so nobody but a superuser could approve in it; it is
deactivated when no page uses it any more and none of its tasks has a group left.

Also grants the roles their new report permission (portal.people.roles).
"""

from django.db import migrations

WORKFLOW_NAME = "制度合规审核 · Compliance review"
TASK_NAME = "合规审核（不得审批本人修改） · Compliance approval (no self-approval)"
REVIEWER_GROUP = "Compliance reviewer"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ComplianceApprovalTask = apps.get_model("acknowledgements", "ComplianceApprovalTask")

    group, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="acknowledgements", model="complianceapprovaltask"
    )
    task = ComplianceApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ComplianceApprovalTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
    task.groups.add(group)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    previous = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    if previous is not None and previous.workflow_id != workflow.pk:
        old = previous.workflow
        still_used = WorkflowPage.objects.filter(workflow=old).exists()
        old_task_ids = WorkflowTask.objects.filter(workflow=old).values_list("task_id", flat=True)
        has_reviewers = GroupApprovalTask.objects.filter(pk__in=old_task_ids, groups__isnull=False).exists()
        if not still_used and not has_reviewers:
            old.active = False
            old.save(update_fields=["active"])


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ComplianceApprovalTask = apps.get_model("acknowledgements", "ComplianceApprovalTask")
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    ComplianceApprovalTask.objects.filter(name=TASK_NAME).delete()


def sync_roles(apps, schema_editor):
    from portal.people.roles import sync_roles as sync

    sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("acknowledgements", "0001_initial"),
        ("people", "0003_remove_wagtail_default_groups"),
        # as quizzes.certification.0002_roles: all of wagtailcore (and the apps sync_roles touches) first
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(create_workflow, remove_workflow),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
