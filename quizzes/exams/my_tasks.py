"""My tasks' "Exams to take": open sittings the person may start or resume now, with their own deadline."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.core.my_tasks import TaskSection

from .models import Attempt
from .rules import eligibility
from .services.sittings import decision_for, sittings_for, terms_for


def exams_to_take(employee, now) -> list[dict]:
    rows = []
    not_closed = Q(closes_at__gt=now) | Q(
        overrides__employee=employee, overrides__closes_at__gt=now, overrides__revoked_at__isnull=True
    )
    for sitting in sittings_for(employee).filter(not_closed).distinct():
        decision = decision_for(sitting, employee, now)
        resuming = decision.reason == eligibility.IN_PROGRESS
        if not (decision.allowed or resuming):
            continue
        terms = terms_for(sitting, employee)
        in_progress = None
        if resuming:
            in_progress = Attempt.objects.in_progress().filter(sitting=sitting, employee=employee).first()
        rows.append({
            "sitting": sitting, "closes_at": terms.window.closes_at, "minutes": terms.minutes,
            "attempts_left": decision.attempts_left, "attempt": in_progress,
        })
    rows.sort(key=lambda r: r["closes_at"])
    return rows


def section(employee, now) -> TaskSection:
    items = exams_to_take(employee, now)
    return TaskSection(
        key="exams", heading=_("Exams to take"), template="exams/includes/my_tasks_exams.html", items=items,
        empty=_("No exam is open for you now."), order=20, urgent=len(items),
    )
