"""Due dates and the reminder policy (pure functions: dates in, decisions out).

* An acknowledgement is due ``days`` calendar days after the employee was asked (the round's opening, or
  the day they took a linked post later).
* Reminders: one "due soon" reminder once the due date is ``before_days`` days away or less (sent once per
  due date), then, once overdue, an "overdue" reminder on the first overdue day and again every
  ``overdue_every`` days while it stays unacknowledged. At most one reminder per acknowledgement and day.
"""

from __future__ import annotations

import datetime

DUE_SOON = "due_soon"
OVERDUE = "overdue"

DEFAULT_BEFORE_DAYS = 3
DEFAULT_OVERDUE_EVERY = 7


def due_date(asked_on: datetime.date, days: int) -> datetime.date:
    if days < 1:
        raise ValueError("An acknowledgement needs at least one day")
    return asked_on + datetime.timedelta(days=days)


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    """Days until the due date: 0 on the due day, negative once overdue."""
    return (due_on - today).days


def is_overdue(due_on: datetime.date, today: datetime.date) -> bool:
    return today > due_on


def reminder_due(
    due_on: datetime.date,
    today: datetime.date,
    *,
    last_due_soon: datetime.date | None = None,
    last_overdue: datetime.date | None = None,
    before_days: int = DEFAULT_BEFORE_DAYS,
    overdue_every: int = DEFAULT_OVERDUE_EVERY,
) -> str | None:
    """The reminder to send today (``DUE_SOON``, ``OVERDUE``) or None.

    ``last_due_soon`` / ``last_overdue``: the last day a reminder of that kind was sent for this
    acknowledgement (None: never).
    """
    if is_overdue(due_on, today):
        if last_overdue is None or last_overdue <= due_on:
            return OVERDUE
        if (today - last_overdue).days >= overdue_every:
            return OVERDUE
        return None
    if days_left(due_on, today) <= before_days:
        # one "due soon" per due date: a reminder sent before the window (an older, later-moved due date) does
        # not count
        window_start = due_on - datetime.timedelta(days=before_days)
        if last_due_soon is None or last_due_soon < window_start:
            return DUE_SOON
    return None
