"""What a candidate may see of a handed-in paper, by the sitting's review policy.

Before the paper is handed in the candidate sees only the questions and their own answers. Afterwards:

=============  =====================  ===================================================
policy         score and pass/fail     own answers with keys and explanations
=============  =====================  ===================================================
none           never                   never
score_only     once final              never
after_close    once final              once final and the sitting (every window) has closed
immediate      once final              as soon as handed in (short answers: once graded)
=============  =====================  ===================================================

While short answers await an examiner, ``score_only`` and ``immediate`` (交卷后立即显示分数) show the
machine-marked part at once (``machine_part``), with what still awaits marking named.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

NONE, SCORE_ONLY, AFTER_CLOSE, IMMEDIATE = "none", "score_only", "after_close", "immediate"
IN_PROGRESS, SUBMITTED, FINAL = "in_progress", "submitted", "final"


@dataclass(frozen=True)
class Visibility:
    score: bool = False
    answers: bool = False  # the candidate's own answers, marked right/wrong, with keys and explanations
    opens_at: datetime.datetime | None = None  # when ``answers`` becomes true (after_close)
    machine_part: bool = False  # handed in, awaiting grading: the machine-marked score so far may be shown


def visibility(policy: str, status: str, now: datetime.datetime, last_close: datetime.datetime) -> Visibility:
    if status == IN_PROGRESS or policy == NONE:
        return Visibility()
    final = status == FINAL
    if policy == SCORE_ONLY:
        return Visibility(score=final, machine_part=status == SUBMITTED)
    if policy == AFTER_CLOSE:
        closed = now >= last_close
        return Visibility(score=final, answers=final and closed, opens_at=None if closed else last_close)
    if policy == IMMEDIATE:
        return Visibility(score=final, answers=True, machine_part=status == SUBMITTED)
    raise ValueError(f"unknown review policy {policy!r}")
