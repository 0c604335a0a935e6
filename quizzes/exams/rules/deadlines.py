"""Windows, time limits, deadlines and cool-downs. All times are aware datetimes; nothing reads a clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """When one person may start attempts at a sitting (the sitting's window, or an override's)."""

    opens_at: datetime.datetime
    closes_at: datetime.datetime

    def has_opened(self, now: datetime.datetime) -> bool:
        return now >= self.opens_at

    def has_closed(self, now: datetime.datetime) -> bool:
        return now >= self.closes_at

    def is_open(self, now: datetime.datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def attempt_deadline(
    started_at: datetime.datetime, limit_minutes: int, extra_minutes: int, closes_at: datetime.datetime
) -> datetime.datetime:
    """Start + time limit + extra time, but never past the close of the candidate's window."""
    return min(started_at + datetime.timedelta(minutes=limit_minutes + extra_minutes), closes_at)


def accepts_answers(now: datetime.datetime, deadline: datetime.datetime) -> bool:
    """Answers are accepted strictly before the deadline; at the deadline the paper is handed in."""
    return now < deadline


def remaining_seconds(now: datetime.datetime, deadline: datetime.datetime) -> float:
    return max(0.0, (deadline - now).total_seconds())


def cooldown_ends(last_submitted_at: datetime.datetime | None, cooldown_minutes: int) -> datetime.datetime | None:
    """When the next attempt may start after the last one was handed in (None: no wait)."""
    if last_submitted_at is None or not cooldown_minutes:
        return None
    return last_submitted_at + datetime.timedelta(minutes=cooldown_minutes)
