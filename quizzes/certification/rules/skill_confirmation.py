"""双人复核 (maker-checker, ``portal.core.maker_checker``) of skill results: a result counts only once a second,
different examiner confirms it. The refusal codes say why a confirmation is refused."""

from __future__ import annotations

from portal.core.maker_checker import may_check


class MakerCheckerRefusal(ValueError):
    """The confirmation breaks the maker-checker rule. ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


SAME_EXAMINER = "same_examiner"
NOT_PENDING = "not_pending"
NO_EXAMINER = "no_examiner"


def check_confirmation(*, entered_by_id, confirming_id, status: str) -> None:
    """Raise MakerCheckerRefusal unless ``confirming_id`` may confirm a result entered by ``entered_by_id``."""
    if confirming_id is None:
        raise MakerCheckerRefusal(NO_EXAMINER)
    if status != "pending":
        raise MakerCheckerRefusal(NOT_PENDING)
    if not may_check(confirming_id, {entered_by_id} - {None}):
        raise MakerCheckerRefusal(SAME_EXAMINER)
