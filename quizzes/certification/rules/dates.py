"""Calendar-month arithmetic (validity periods, "held for N months", result windows)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(awarded_on: datetime.date, validity_months: int | None) -> datetime.date | None:
    """Last valid day of something valid for ``validity_months`` from ``awarded_on`` (None: never expires)."""
    if not validity_months:
        return None
    return add_months(awarded_on, validity_months) - datetime.timedelta(days=1)
