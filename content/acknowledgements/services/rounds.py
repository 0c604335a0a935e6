"""Opening and closing acknowledgement rounds, and keeping their audience in step with post changes.

``open_round`` is the one place a round is opened: the publish signal calls it when a material revision of
a regulation or procedure goes live (in the admin, at the end of the review workflow, or through
``manage.py publish_scheduled``), and tests and the benchmark call it directly. It is idempotent per
revision. The audience is computed in one query and written by one ``INSERT … SELECT``.

``resync`` is the one place an open round's audience changes afterwards: an employee who takes a linked
post is asked (due ``due_days`` after that day), one who no longer holds any linked post has their pending
request withdrawn. Acknowledged rows are evidence and never change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import PageLogEntry

from portal.core import audit

from ..audit_actions import ASK, ROUND_CLOSE, ROUND_OPEN, WITHDRAW
from ..models import Acknowledgement, AcknowledgementRound
from ..page_fields import DEFAULT_DUE_DAYS
from ..rules import due as due_rules
from .audience import audience, rule_keys_for_post
from .versions import generated_english_summary

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled", "wagtail.revert")
Status = Acknowledgement.Status


def previous_live_revision_id(page, revision) -> int | None:
    """The revision that was live before ``revision`` (from the page's publish log), if any."""
    return (
        PageLogEntry.objects.filter(
            page_id=page.pk, action__in=PUBLISH_ACTIONS, revision__isnull=False, revision_id__lt=revision.pk
        )
        .order_by("-timestamp", "-pk")
        .values_list("revision_id", flat=True)
        .first()
    )


def record_publisher(revision_id: int, acting_user) -> int:
    """The round opened for ``revision_id`` (by the ``page_published`` signal, which knows no user) was opened
    by ``acting_user``: the approver whose approval published it, or the editor who published it. The first
    one known is kept. Returns the rounds updated."""
    if acting_user is None or not acting_user.is_authenticated:
        return 0
    return AcknowledgementRound.objects.filter(revision_id=revision_id, opened_by__isnull=True).update(
        opened_by=acting_user
    )


def close_open_rounds(page, *, reason: str, acting_user=None, now=None) -> list[int]:
    """Close the page's open rounds: pending requests become "replaced" (a newer version must be read) or
    "withdrawn" (the rule itself went away). Returns the ids of the closed rounds."""
    now = now or timezone.now()
    open_ids = list(
        AcknowledgementRound.objects.open().filter(page_id=page.pk).values_list("pk", flat=True)
    )
    if not open_ids:
        return []
    replaced = reason == AcknowledgementRound.CloseReason.REPLACED
    Acknowledgement.objects.filter(round_id__in=open_ids, status=Status.PENDING).update(
        status=Status.REPLACED if replaced else Status.WITHDRAWN
    )
    AcknowledgementRound.objects.filter(pk__in=open_ids).update(
        status=AcknowledgementRound.Status.CLOSED, closed_at=now, close_reason=reason
    )
    audit.record(page, ROUND_CLOSE, acting_user=acting_user, data={"rounds": open_ids, "reason": reason})
    return open_ids


def open_round(
    page,
    revision,
    *,
    summary: str,
    summary_en: str = "",
    due_days: int | None = None,
    acting_user=None,
    now: datetime.datetime | None = None,
) -> AcknowledgementRound:
    """Ask every active employee holding a post linked to ``page`` to acknowledge ``revision`` (live).

    A round already opened for ``revision`` is returned unchanged. Open rounds of older versions of the page
    are closed first (their pending requests are replaced by this round's).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due_days = due_days or DEFAULT_DUE_DAYS
    with transaction.atomic():
        existing = AcknowledgementRound.objects.filter(revision_id=revision.pk).first()
        if existing is not None:
            return existing
        replaced = close_open_rounds(
            page, reason=AcknowledgementRound.CloseReason.REPLACED, acting_user=acting_user, now=now
        )
        previous_id = previous_live_revision_id(page, revision)
        generated = not (summary_en or "").strip()
        round_ = AcknowledgementRound.objects.create(
            page_id=page.pk,
            revision=revision,
            previous_revision_id=previous_id,
            title=page.title[:255],
            change_summary=summary,
            # English readers never see the Chinese summary: without one from the editor, the changes in English
            change_summary_en=generated_english_summary(page, revision, previous_id) if generated else summary_en,
            change_summary_en_generated=generated,
            due_days=due_days,
            due_on=due_rules.due_date(today, due_days),
            opened_at=now,
            opened_by=acting_user if (acting_user is not None and acting_user.is_authenticated) else None,
        )
        asked = _ask_everyone(round_, audience(page), now)
        round_.audience_size = asked
        round_.save(update_fields=["audience_size"])
        audit.record(
            page,
            ROUND_OPEN,
            acting_user=acting_user,
            revision=revision,
            data={
                "round": round_.pk,
                "audience": asked,
                "due_on": round_.due_on.isoformat(),
                "summary": summary,
                "replaced_rounds": replaced,
            },
        )
    return round_


def take_translated_summary(source_page, summary_en: str) -> int:
    """The English translation of ``source_page`` was published with its own change summary: the page's
    open round shows it to English readers instead of the generated one (an editor's English summary is
    kept). Returns the rounds updated."""
    summary_en = (summary_en or "").strip()
    if not summary_en:
        return 0
    return AcknowledgementRound.objects.filter(
        page_id=source_page.pk, status=AcknowledgementRound.Status.OPEN, change_summary_en_generated=True
    ).update(change_summary_en=summary_en, change_summary_en_generated=False)


def _ask_everyone(round_: AcknowledgementRound, employees, now) -> int:
    """Write the round's pending requests for the ``employees`` queryset (primary keys) in one
    ``INSERT … SELECT``: the audience never travels through Python, so a round for 50,000 people costs one
    statement. The rows go in by employee: the order of the (round, employee) and employee indexes and of
    the employees' primary key that the foreign key checks look up (on PostgreSQL the insert and its checks
    take about a sixth less time than in the order the DISTINCT happens to produce).
    Returns how many were asked."""
    sub_sql, sub_params = employees.order_by("pk").query.sql_with_params()  # DISTINCT id AS pk ORDER BY id
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Acknowledgement._meta.db_table} (round_id, employee_id, status, reason, due_on, added_at) "
            f"SELECT %s, audience.pk, %s, %s, %s, %s FROM ({sub_sql}) audience",
            [
                round_.pk,
                Status.PENDING,
                Acknowledgement.Reason.ROUND_OPENED,
                ops.adapt_datefield_value(round_.due_on),
                ops.adapt_datetimefield_value(now),
                *sub_params,
            ],
        )
        return cursor.rowcount


@dataclass
class ResyncOutcome:
    asked: list[int] = field(default_factory=list)  # employee ids newly asked (or asked again)
    withdrawn: list[int] = field(default_factory=list)


RESYNC_BATCH = 1000  # employees per batch: a fixed number of statements each, well inside SQLite's parameter limit


def resync(
    round_: AcknowledgementRound, employee_ids: Iterable[int], *, acting_user=None, now=None
) -> ResyncOutcome:
    """Bring ``employee_ids``' requests in the open ``round_`` in line with who must read its rule now.

    The employees are handled in batches of ``RESYNC_BATCH``, each in a fixed number of statements (who must
    read, their rows, one INSERT of new requests, one UPDATE per change, one INSERT of audit entries), so a
    post held by 50,000 people costs no query per person. Every asked or withdrawn request keeps its own
    audit entry."""
    outcome = ResyncOutcome()
    employee_ids = sorted(set(employee_ids))
    if not employee_ids or not round_.is_open:
        return outcome
    now = now or timezone.now()
    due_on = due_rules.due_date(timezone.localdate(now), round_.due_days)
    page = round_.page
    with transaction.atomic():
        for start in range(0, len(employee_ids), RESYNC_BATCH):
            _resync_batch(round_, page, employee_ids[start : start + RESYNC_BATCH], due_on, now, acting_user,
                          outcome)
    outcome.asked.sort()
    outcome.withdrawn.sort()
    return outcome


def _resync_batch(round_, page, employee_ids: list[int], due_on, now, acting_user, outcome: ResyncOutcome) -> None:
    must_read = set(audience(page, employee_ids))
    rows = {
        a.employee_id: a
        for a in round_.acknowledgements.filter(employee_id__in=employee_ids).select_related("employee", "round")
    }
    new_ids = sorted(must_read - set(rows))
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(
                round=round_, employee_id=pk, due_on=due_on, added_at=now, reason=Acknowledgement.Reason.POST_CHANGED
            )
            for pk in new_ids
        ]
    )
    again = [rows[pk].pk for pk in sorted(must_read & set(rows)) if rows[pk].status == Status.WITHDRAWN]
    if again:
        Acknowledgement.objects.filter(pk__in=again).update(
            status=Status.PENDING, due_on=due_on, added_at=now, reason=Acknowledgement.Reason.POST_CHANGED
        )
    released = [rows[pk] for pk in sorted(set(employee_ids) - must_read) if pk in rows and rows[pk].status == Status.PENDING]
    if released:
        Acknowledgement.objects.filter(pk__in=[r.pk for r in released]).update(status=Status.WITHDRAWN)
    asked_rows = []
    if new_ids or again:
        asked_rows = list(
            round_.acknowledgements.filter(Q(employee_id__in=new_ids) | Q(pk__in=again)).select_related(
                "employee", "round"
            )
        )
    for row in released:
        row.status = Status.WITHDRAWN
    released_rows = released
    entries = [
        audit.record(row, WITHDRAW, acting_user=acting_user, data={"round": round_.pk}, save=False)
        for row in released_rows
    ] + [
        audit.record(row, ASK, acting_user=acting_user, data={"round": round_.pk, "due_on": due_on.isoformat()},
                     save=False)
        for row in asked_rows
    ]
    if entries:
        type(entries[0]).objects.bulk_create(entries)
    outcome.asked += [r.employee_id for r in asked_rows]
    outcome.withdrawn += [r.employee_id for r in released_rows]


def open_rounds_for_post(post):
    """The open rounds of the rules ``post`` is linked to."""
    keys = rule_keys_for_post(post)
    if not keys:
        return AcknowledgementRound.objects.none()
    return AcknowledgementRound.objects.open().filter(page__translation_key__in=keys).select_related("page")


def after_post_assigned(employee, post, *, acting_user=None) -> ResyncOutcome:
    """``employee`` took ``post``: they are asked to acknowledge the open rounds of its rules."""
    total = ResyncOutcome()
    for round_ in open_rounds_for_post(post):
        outcome = resync(round_, [employee.pk], acting_user=acting_user)
        total.asked += outcome.asked
    return total


def after_post_unassigned(employee, *, acting_user=None) -> ResyncOutcome:
    """``employee`` gave up a post: pending requests they no longer need are withdrawn."""
    total = ResyncOutcome()
    rounds = AcknowledgementRound.objects.with_pending_for([employee.pk]).select_related("page")
    for round_ in rounds:
        total.withdrawn += resync(round_, [employee.pk], acting_user=acting_user).withdrawn
    return total


def after_post_changed(post, *, acting_user=None) -> ResyncOutcome:
    """``post`` was published (its links may have changed) or unpublished: its holders' requests in every
    open round it is, or was, linked to are re-checked."""
    from content.models import PostAssignment

    holders = set(PostAssignment.objects.filter(post_id=post.pk).values_list("employee_id", flat=True))
    total = ResyncOutcome()
    if not holders:
        return total
    rounds = {r.pk: r for r in open_rounds_for_post(post)}
    for r in (
        AcknowledgementRound.objects.with_pending_for(holders).select_related("page")
    ):
        rounds.setdefault(r.pk, r)
    for round_ in rounds.values():
        outcome = resync(round_, holders, acting_user=acting_user)
        total.asked += outcome.asked
        total.withdrawn += outcome.withdrawn
    return total
