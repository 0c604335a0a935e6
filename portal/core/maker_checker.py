"""The maker-checker rule (双人复核, "four eyes"), the same everywhere: whoever made a change never checks it.

Used by the rule-publishing workflow (nobody who wrote or submitted a regulation change approves it) and by
teller grading (a second, different examiner confirms a skill result). Pure: user ids in, a decision out.
"""

from __future__ import annotations

from collections.abc import Iterable


def makers_of(*groups: Iterable[int | None]) -> set[int]:
    """Everyone who counts as a maker of a change (e.g. its revisions' authors and its submitter)."""
    return {user_id for group in groups for user_id in group if user_id is not None}


def may_check(checker_id: int | None, makers: set[int]) -> bool:
    """An anonymous or unknown checker never checks; a maker never checks their own change."""
    return checker_id is not None and checker_id not in makers
