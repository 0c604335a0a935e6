"""Read-and-acknowledge's panel of the home-page overview: how many rules are waiting, overdue, next due."""

from __future__ import annotations

from django.utils import timezone

from .services.acknowledging import pending_for


def acknowledgements_panel(overview, employee, now) -> None:
    today = timezone.localdate(now)
    due_dates = list(pending_for(employee).values_list("due_on", flat=True))
    overview.pending_acknowledgements = len(due_dates)
    overview.overdue_acknowledgements = sum(1 for due in due_dates if due < today)
    overview.next_due = min(due_dates) if due_dates else None
