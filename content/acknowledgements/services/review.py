"""The maker-checker rule (双人复核, ``portal.core.maker_checker``) of the compliance review task, on Wagtail's
workflow objects."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from portal.core import audit
from portal.core.maker_checker import makers_of, may_check

from ..audit_actions import REFUSE_SELF_APPROVAL

SELF_APPROVAL_MESSAGE = _(
    "You cannot approve a change you wrote or submitted: another Compliance reviewer must approve it."
)


def change_author_ids(task_state) -> set[int]:
    """Who wrote the change under review: the users of every revision from the one after the live version
    up to the revision under review, and the user who submitted it."""
    revision = task_state.revision
    revisions = Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id, object_id=revision.object_id, pk__lte=revision.pk
    )
    obj = task_state.workflow_state.content_object
    live_revision_id = getattr(obj, "live_revision_id", None)
    if live_revision_id is not None and live_revision_id < revision.pk:
        revisions = revisions.filter(pk__gt=live_revision_id)
    return makers_of(revisions.values_list("user_id", flat=True), [task_state.workflow_state.requested_by_id])


def is_author_of_change(user, task_state) -> bool:
    approver = user.pk if (user is not None and user.is_authenticated) else None
    return not may_check(approver, change_author_ids(task_state))


def log_refused_self_approval(user, task_state) -> None:
    obj = task_state.revision.as_object()
    audit.record(
        obj,
        REFUSE_SELF_APPROVAL,
        acting_user=user,
        revision=task_state.revision,
        data={"task_state_id": task_state.pk, "task": task_state.task.name},
    )
