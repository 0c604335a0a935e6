"""Counts read right in English: "1 error", never "1 errors"."""

from django.utils.translation import override

from quizzes.certification import presentation
from quizzes.certification.rules import grades as rules


def test_one_error_is_singular_in_english():
    with override("en"):
        text = presentation.reason_text({"reason": rules.TOO_MANY_ERRORS, "errors": 1, "max_errors": 0})
    assert "1 error " in text and "1 errors" not in text
