"""The maker-checker rule (双人复核, ``portal.core.maker_checker``) of the compliance review task, on Wagtail's
workflow objects."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from portal.core import audit
from portal.core.maker_checker import makers_of, may_check

from .. import forms as approval_forms
from ..audit_actions import REFUSE_SELF_APPROVAL, REVIEW_DECISION
from .audience import audience

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


# ------------------------------------------------------------------------------- the approval decision


def _as_date(value) -> datetime.date | None:
    """The form gives a date; the editor's "approve with edits" path gives back its JSON (ISO text)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError(_("Enter a valid date.")) from error


def start_of(day: datetime.date) -> datetime.datetime:
    """00:00 of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def apply_decision(task_state, user, *, effective_date=None, publication: str = "", now=None) -> dict:
    """Write the reviewer's effective date and publication choice into the revision under review (the one
    the workflow publishes), and log what changed. Returns the log data ({} when nothing changed)."""
    now = now or timezone.now()
    effective_date = _as_date(effective_date)
    revision = task_state.revision
    version = revision.as_object()
    has_effective_date = hasattr(version, "effective_date")
    before = {
        "effective_date": getattr(version, "effective_date", None),
        "go_live_at": version.go_live_at,
    }
    if effective_date is not None and has_effective_date:
        version.effective_date = effective_date
    if publication == approval_forms.NOW:
        version.go_live_at = None
    elif publication == approval_forms.ON_EFFECTIVE_DATE:
        day = getattr(version, "effective_date", None) if has_effective_date else None
        if day is None:
            raise ValidationError(_("Enter the effective date first."))
        go_live = start_of(day)
        version.go_live_at = go_live if go_live > now else None
    after = {"effective_date": getattr(version, "effective_date", None), "go_live_at": version.go_live_at}
    if before == after:
        return {}
    revision.content = version.serializable_data()
    revision.save(update_fields=["content"])
    data = {
        "task_state_id": task_state.pk,
        "before": {k: v.isoformat() if v else None for k, v in before.items()},
        "after": {k: v.isoformat() if v else None for k, v in after.items()},
    }
    audit.record(version, REVIEW_DECISION, acting_user=user, revision=revision, data=data)
    return data


@dataclass
class Outlook:
    """What an approval leads to: when the version goes live and who is asked to acknowledge it."""

    go_live_at: datetime.datetime | None  # None: at once
    effective_date: datetime.date | None
    material: bool
    due_days: int
    audience_size: int

    @property
    def scheduled(self) -> bool:
        return self.go_live_at is not None and self.go_live_at > timezone.now()


def outlook(revision) -> Outlook:
    """For the approval dialog and its confirmation: computed from the revision and today's post holders."""
    version = revision.as_object()
    material = bool(getattr(version, "material_change", False))
    size = audience(version).count() if material else 0
    return Outlook(
        go_live_at=version.go_live_at,
        effective_date=getattr(version, "effective_date", None),
        material=material,
        due_days=getattr(version, "acknowledgement_due_days", None) or 0,
        audience_size=size,
    )
