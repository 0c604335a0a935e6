"""The four-eyes rule of the rule-publishing workflow (pure: user ids in, a decision out).

A change is approved by someone who did not make it: nobody who wrote a revision of the change under
review, nor the person who submitted it for review, may approve it. Requesting changes stays open to
them (it never publishes anything).
"""

from __future__ import annotations

from collections.abc import Iterable


def authors_of_change(revision_authors: Iterable[int | None], submitted_by: int | None) -> set[int]:
    """Everyone who counts as an author: the users of the change's revisions and its submitter."""
    authors = {user_id for user_id in revision_authors if user_id is not None}
    if submitted_by is not None:
        authors.add(submitted_by)
    return authors


def may_approve(approver_id: int | None, authors: set[int]) -> bool:
    """An anonymous or unknown approver never approves; an author never approves their own change."""
    return approver_id is not None and approver_id not in authors
