"""An employee confirms they have read and understood the live version of a rule.

``acknowledge`` is the one place this happens (the "I have read and understood" button calls it). It
records the person, the exact revision and the time on every pending request the employee has for the
rule (normally one). It refuses:

* a revision that is not the live one (a draft, a scheduled version, an older version) — code ``not_live``;
* an employee with nothing to acknowledge for the rule (they hold no linked post) — ``not_required``;
* an inactive employee — ``inactive``.

Acknowledging the same live revision again changes nothing and says so (``created`` is False): the first
acknowledgement and its time stay the evidence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.core import audit

from ..audit_actions import ACKNOWLEDGE
from ..models import Acknowledgement

NOT_LIVE = "not_live"
NOT_REQUIRED = "not_required"
INACTIVE = "inactive"

MESSAGES = {
    NOT_LIVE: _("This version is not the one in force: only the published version can be acknowledged."),
    NOT_REQUIRED: _("You have nothing to acknowledge for this rule: none of your posts requires it."),
    INACTIVE: _("Your employee record is inactive."),
}


class AcknowledgementRefused(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(str(MESSAGES[code]))

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass
class AcknowledgeOutcome:
    acknowledgements: list[Acknowledgement]
    created: bool
    revision_id: int
    acknowledged_at: datetime.datetime


def source_page(page) -> Page:
    """The rule in the source language (rounds and acknowledgements belong to it)."""
    source = getattr(page, "source_page", None)
    return source if source is not None else page


def acknowledge(employee, page, revision_id: int, *, acting_user=None, now=None) -> AcknowledgeOutcome:
    page = source_page(page)
    now = now or timezone.now()
    if not employee.is_active:
        raise AcknowledgementRefused(INACTIVE)
    state = Page.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    if state is None or not state["live"] or state["live_revision_id"] != int(revision_id):
        raise AcknowledgementRefused(NOT_LIVE)
    with transaction.atomic():
        pending = list(
            Acknowledgement.objects.select_for_update(of=("self",))
            .pending()
            .filter(employee=employee, round__page_id=page.pk)
            .select_related("round")
        )
        if not pending:
            done = (
                Acknowledgement.objects.filter(
                    employee=employee,
                    round__page_id=page.pk,
                    status=Acknowledgement.Status.ACKNOWLEDGED,
                    revision_id=revision_id,
                )
                .order_by("acknowledged_at", "pk")
                .first()
            )
            if done is None:
                raise AcknowledgementRefused(NOT_REQUIRED)
            return AcknowledgeOutcome(
                [done], created=False, revision_id=done.revision_id, acknowledged_at=done.acknowledged_at
            )
        for row in pending:
            row.status = Acknowledgement.Status.ACKNOWLEDGED
            row.acknowledged_at = now
            row.revision_id = revision_id
            row.save(update_fields=["status", "acknowledged_at", "revision"])
            audit.record(
                row,
                ACKNOWLEDGE,
                acting_user=acting_user,
                data={
                    "round": row.round_id,
                    "page": page.pk,
                    "revision": int(revision_id),
                    "employee": employee.employee_number,
                    "overdue": row.due_on < timezone.localdate(now),
                },
            )
    return AcknowledgeOutcome(pending, created=True, revision_id=int(revision_id), acknowledged_at=now)


def pending_for(employee):
    """The employee's open requests, soonest due first, with their rule."""
    return (
        Acknowledgement.objects.pending()
        .filter(employee=employee)
        .select_related("round", "round__page")
        .order_by("due_on", "pk")
    )


def pending_for_page(employee, page) -> Acknowledgement | None:
    page = source_page(page)
    return pending_for(employee).filter(round__page_id=page.pk).order_by("-round__opened_at").first()


def last_acknowledged(employee, page) -> Acknowledgement | None:
    page = source_page(page)
    return (
        Acknowledgement.objects.filter(
            employee=employee, round__page_id=page.pk, status=Acknowledgement.Status.ACKNOWLEDGED
        )
        .order_by("-acknowledged_at", "-pk")
        .first()
    )
