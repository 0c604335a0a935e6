"""Who may start an attempt now, and if not, why (a code the views turn into a sentence).

The services gather the facts (the person's posts and unit, the sitting's audience, their attempts and
overrides) and ask ``start_decision``; the order of the checks is the order a candidate would ask
"may I sit it at all? is it open? do I have attempts left? must I wait?".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .deadlines import Window, cooldown_ends

NOT_ELIGIBLE = "not_eligible"
NOT_OPEN_YET = "not_open_yet"
CLOSED = "closed"
IN_PROGRESS = "in_progress"
IN_PROGRESS_ELSEWHERE = "in_progress_elsewhere"
NO_ATTEMPTS_LEFT = "no_attempts_left"
COOLDOWN = "cooldown"


@dataclass(frozen=True)
class Audience:
    """Who a sitting is for: holders of posts, members of units (with sub-units: by tree path), named people."""

    post_ids: frozenset[int] = frozenset()
    unit_paths: tuple[str, ...] = ()
    employee_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Person:
    employee_id: int
    unit_path: str
    post_ids: frozenset[int] = frozenset()
    active: bool = True


def in_audience(person: Person, audience: Audience, *, has_override: bool = False) -> bool:
    if not person.active:
        return False
    if has_override or person.employee_id in audience.employee_ids:
        return True
    if person.post_ids & audience.post_ids:
        return True
    return any(person.unit_path.startswith(path) for path in audience.unit_paths)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    until: datetime.datetime | None = None  # when the reason stops applying (opening, end of cool-down)
    attempts_left: int = 0


@dataclass
class History:
    """The person's attempts at this sitting and elsewhere, reduced to what the rule needs."""

    attempts_used: int = 0
    in_progress_here: bool = False
    in_progress_elsewhere: bool = False
    last_submitted_at: datetime.datetime | None = None
    extra: dict = field(default_factory=dict)


def start_decision(
    *,
    now: datetime.datetime,
    eligible: bool,
    window: Window,
    attempts_allowed: int,
    cooldown_minutes: int,
    history: History,
) -> Decision:
    left = max(0, attempts_allowed - history.attempts_used)
    if not eligible:
        return Decision(False, NOT_ELIGIBLE)
    if history.in_progress_here:
        return Decision(True, IN_PROGRESS, attempts_left=left)  # resume, not a new attempt
    if not window.has_opened(now):
        return Decision(False, NOT_OPEN_YET, until=window.opens_at, attempts_left=left)
    if window.has_closed(now):
        return Decision(False, CLOSED, attempts_left=left)
    if left <= 0:
        return Decision(False, NO_ATTEMPTS_LEFT)
    if history.in_progress_elsewhere:
        return Decision(False, IN_PROGRESS_ELSEWHERE, attempts_left=left)
    wait_until = cooldown_ends(history.last_submitted_at, cooldown_minutes)
    if wait_until is not None and now < wait_until:
        return Decision(False, COOLDOWN, until=wait_until, attempts_left=left)
    return Decision(True, attempts_left=left)
