"""Reminder e-mails: planned once a day, sent by background tasks, one mail per employee in their language.

``plan_reminders(day)`` (run daily by ``manage.py send_acknowledgement_reminders``) decides, with
``rules.due.reminder_due``, which pending requests of active employees need a reminder today, writes one
``AcknowledgementReminder`` row per request (unique per request and day, so a second run the same day
plans nothing) and enqueues one ``send_reminders`` task per employee with the rows of this run.

``send_reminders(ids)`` (the task) sends one e-mail listing the employee's items, rendered inside
``translation.override(employee.language)``, and marks the rows sent. Rows already sent, or whose request
was acknowledged meanwhile, are skipped, so a task delivered twice sends nothing twice.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from content.services.post_details import locale_id_for, localize
from portal.core import audit
from portal.notifications import services as notifications
from portal.notifications.models import Notification

from ..audit_actions import REMIND
from ..models import Acknowledgement, AcknowledgementReminder
from ..rules import due as due_rules

Kind = AcknowledgementReminder.Kind


def before_days() -> int:
    return int(getattr(settings, "ACKNOWLEDGEMENT_REMINDER_DAYS_BEFORE", due_rules.DEFAULT_BEFORE_DAYS))


def overdue_every() -> int:
    return int(
        getattr(settings, "ACKNOWLEDGEMENT_OVERDUE_REMINDER_EVERY_DAYS", due_rules.DEFAULT_OVERDUE_EVERY)
    )


@dataclass
class Plan:
    day: datetime.date
    run_id: uuid.UUID
    reminders: int = 0
    employees: list[int] = field(default_factory=list)


def plan_reminders(day: datetime.date | None = None, *, dry_run: bool = False) -> Plan:
    """Create today's reminder rows and enqueue their e-mails (idempotent per day). ``dry_run``: only
    count what would be sent, writing nothing."""
    from ..tasks import send_reminders_task

    day = day or timezone.localdate()
    plan = Plan(day=day, run_id=uuid.uuid4())
    horizon = day + datetime.timedelta(days=before_days())
    candidates = list(
        Acknowledgement.objects.pending()
        .filter(employee__is_active=True, due_on__lte=horizon)
        .annotate(
            last_due_soon=Max("reminders__sent_on", filter=Q(reminders__kind=Kind.DUE_SOON)),
            last_overdue=Max("reminders__sent_on", filter=Q(reminders__kind=Kind.OVERDUE)),
            reminded_today=Max("reminders__sent_on", filter=Q(reminders__sent_on=day)),
        )
        .values("pk", "employee_id", "due_on", "last_due_soon", "last_overdue", "reminded_today")
    )
    rows, planned_employees = [], set()
    for c in candidates:
        if c["reminded_today"] is not None:
            continue
        kind = due_rules.reminder_due(
            c["due_on"],
            day,
            last_due_soon=c["last_due_soon"],
            last_overdue=c["last_overdue"],
            before_days=before_days(),
            overdue_every=overdue_every(),
        )
        if kind is not None:
            rows.append(
                AcknowledgementReminder(
                    acknowledgement_id=c["pk"], kind=kind, sent_on=day, run_id=plan.run_id
                )
            )
            planned_employees.add(c["employee_id"])
    if dry_run:
        plan.reminders, plan.employees = len(rows), sorted(planned_employees)
        return plan
    with transaction.atomic():
        # a concurrent run of the same day loses on the unique (acknowledgement, day) constraint
        AcknowledgementReminder.objects.bulk_create(rows, ignore_conflicts=True)
        mine = AcknowledgementReminder.objects.filter(run_id=plan.run_id).values_list(
            "pk", "acknowledgement__employee_id"
        )
        by_employee = defaultdict(list)
        for pk, employee_id in mine:
            by_employee[employee_id].append(pk)
    plan.reminders = sum(len(ids) for ids in by_employee.values())
    plan.employees = sorted(by_employee)
    _notify(plan.run_id)
    # after the rows are committed (the command runs outside any transaction), so a worker finds them
    for employee_id in plan.employees:
        send_reminders_task.enqueue(by_employee[employee_id])
    return plan


def _notify(run_id: uuid.UUID) -> int:
    """One portal notice per reminder row of this run (rule due soon / overdue); the mail is the reminder's
    own, so the notice sends none. Keyed by the reminder row: a repeated run adds nothing."""
    rows = list(
        AcknowledgementReminder.objects.filter(run_id=run_id, acknowledgement__employee__user__isnull=False)
        .select_related("acknowledgement__round__page")
        .values_list(
            "pk", "kind", "acknowledgement__employee__user_id", "acknowledgement__due_on",
            "acknowledgement__round__title", "acknowledgement__round__page_id",
        )
    )
    if not rows:
        return 0
    pages = list(Page.objects.filter(pk__in={r[5] for r in rows}))
    english = localize(pages, Page, locale_id_for("en"))
    titles_en = {pk: p.title for pk, p in english.items() if p is not None and p.pk != pk}
    notices = [
        (
            user_id,
            Notification.Kind.RULE_OVERDUE if kind == Kind.OVERDUE else Notification.Kind.RULE_DUE,
            f"acknowledgement-reminder:{pk}",
            {"title": title, "title_en": titles_en.get(page_id, ""), "due": due_on.isoformat()},
            {"name": "acknowledgements:my_tasks"},
        )
        for pk, kind, user_id, due_on, title, page_id in rows
    ]
    return notifications.notify_many(notices)


def _absolute(url: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def _items(reminders, language: str, day: datetime.date) -> list[dict]:
    pages = [r.acknowledgement.round.page for r in reminders]
    localized = localize(pages, Page, locale_id_for(language))
    items = []
    for reminder, page in zip(reminders, pages, strict=True):
        shown = localized.get(page.pk) or page
        acknowledgement = reminder.acknowledgement
        items.append(
            {
                "title": shown.title,
                "url": _absolute(shown.get_url() or ""),
                "due_on": acknowledgement.due_on,
                "overdue": acknowledgement.is_overdue(day),
                "days_overdue": -due_rules.days_left(acknowledgement.due_on, day),
                "days_left": due_rules.days_left(acknowledgement.due_on, day),
                "summary": acknowledgement.round.display_change_summary,
            }
        )
    return items


def send_reminders(reminder_ids: list[int]) -> dict:
    """Send one e-mail for the queued reminders ``reminder_ids`` (all for one employee)."""
    now = timezone.now()
    with transaction.atomic():
        reminders = list(
            AcknowledgementReminder.objects.select_for_update(of=("self",))
            .filter(pk__in=reminder_ids, status=AcknowledgementReminder.Status.QUEUED)
            .select_related("acknowledgement__employee__user", "acknowledgement__round__page")
            .order_by("acknowledgement__due_on", "pk")
        )
        if not reminders:
            return {"sent": 0}
        still_pending = [
            r
            for r in reminders
            if r.acknowledgement.status == Acknowledgement.Status.PENDING and r.acknowledgement.round.is_open
        ]
        stale = [r for r in reminders if r not in still_pending]
        employee = reminders[0].acknowledgement.employee
        email = employee.user.email
        if stale:
            AcknowledgementReminder.objects.filter(pk__in=[r.pk for r in stale]).update(
                status=AcknowledgementReminder.Status.SKIPPED, note="acknowledged or withdrawn meanwhile"
            )
        if not still_pending:
            return {"sent": 0}
        if not email or not employee.is_active:
            AcknowledgementReminder.objects.filter(pk__in=[r.pk for r in still_pending]).update(
                status=AcknowledgementReminder.Status.SKIPPED,
                note="no e-mail address" if not email else "inactive",
            )
            return {"sent": 0}
        language = employee.language or settings.LANGUAGE_CODE
        day = reminders[0].sent_on
        with translation.override(language):
            context = {
                "employee": employee,
                "items": _items(still_pending, language, day),
                "overdue": any(r.kind == Kind.OVERDUE for r in still_pending),
                "my_tasks_url": _absolute(reverse("acknowledgements:my_tasks")),
            }
            subject = " ".join(
                render_to_string("acknowledgements/email/reminder_subject.txt", context).split()
            )
            body = render_to_string("acknowledgements/email/reminder.txt", context)
        send_mail(subject, body, None, [email])
        AcknowledgementReminder.objects.filter(pk__in=[r.pk for r in still_pending]).update(
            status=AcknowledgementReminder.Status.SENT, sent_at=now
        )
        for reminder in still_pending:
            audit.record(
                reminder.acknowledgement,
                REMIND,
                acting_user=None,
                data={"kind": reminder.kind, "day": reminder.sent_on.isoformat(), "language": language},
            )
    return {"sent": len(still_pending), "employee": employee.pk}
