"""Which attempt's score counts for a sitting: highest, latest, first, or the average of all."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHEST, LATEST, FIRST, AVERAGE = "highest", "latest", "first", "average"


@dataclass(frozen=True)
class FinalAttempt:
    attempt_id: int
    number: int
    score: Decimal
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class Counted:
    score: Decimal
    attempt_id: int | None  # None for an average (no single attempt)
    taken_at: datetime.datetime


def counted(policy: str, attempts: list[FinalAttempt]) -> Counted | None:
    """The score that counts among the final attempts (None when there is none yet)."""
    if not attempts:
        return None
    by_number = sorted(attempts, key=lambda a: a.number)
    if policy == FIRST:
        chosen = by_number[0]
    elif policy == LATEST:
        chosen = by_number[-1]
    elif policy == HIGHEST:
        chosen = max(by_number, key=lambda a: (a.score, -a.number))  # the earlier of equal scores
    elif policy == AVERAGE:
        total = sum((a.score for a in attempts), Decimal("0"))
        average = (total / len(attempts)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return Counted(average, None, by_number[-1].submitted_at)
    else:
        raise ValueError(f"unknown counting policy {policy!r}")
    return Counted(chosen.score, chosen.attempt_id, chosen.submitted_at)
