"""How one answer is marked. Answers are stored against the *original* option indices:

* single choice, true/false: ``[i]``; multiple choice: ``[i, j, …]`` (any order);
* ordering: ``[i, j, …]``, the options in the candidate's order;
* fill in the blank: ``["…", "…"]``, one text per blank; short answer: ``"…"``.

``None`` (or an empty answer) is unanswered and scores 0. Short answers are never machine-marked: their
score is ``None`` until an examiner grades them. Scores are Decimals rounded to the cent (half up).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quizzes.models import normalise_for_key

SINGLE, MULTIPLE, TRUE_FALSE, ORDERING, FILL_BLANK, SHORT_ANSWER = (
    "single", "multiple", "true_false", "ordering", "fill_blank", "short_answer"
)
ALL_OR_NOTHING, PARTIAL, PER_POSITION = "all_or_nothing", "partial", "per_position"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Key:
    """What marks an answer: the type, the correct option indices (in order, for ordering), the blanks."""

    type: str
    correct: tuple[int, ...] = ()
    blanks: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, version) -> Key:
        """From anything with ``type``, ``correct`` and ``blanks`` (a QuestionVersion)."""
        return cls(version.type, tuple(version.correct or ()), tuple(tuple(b) for b in (version.blanks or ())))


@dataclass(frozen=True)
class Policies:
    multiple: str = ALL_OR_NOTHING
    ordering: str = ALL_OR_NOTHING


def needs_examiner(key: Key) -> bool:
    return key.type == SHORT_ANSWER


def is_unanswered(response) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list):
        return not response or all(isinstance(r, str) and not r.strip() for r in response)
    return False


def _share(points: Decimal, right: int, out_of: int) -> Decimal:
    if out_of <= 0 or right <= 0:
        return Decimal("0.00")
    return (points * right / out_of).quantize(CENT, rounding=ROUND_HALF_UP)


def blank_matches(given: str, accepted: tuple[str, ...]) -> bool:
    """A blank is right when its normalised text (full/half width, spaces, case) equals an accepted one."""
    normalised = normalise_for_key(given or "")
    return bool(normalised) and normalised in {normalise_for_key(a) for a in accepted}


def score_answer(key: Key, response, points, policies: Policies = Policies()) -> Decimal | None:
    """The points ``response`` earns out of ``points``; None when an examiner must grade it."""
    points = Decimal(str(points))
    if needs_examiner(key):
        return None
    if is_unanswered(response):
        return Decimal("0.00")
    if key.type in (SINGLE, TRUE_FALSE):
        return points.quantize(CENT) if list(response) == list(key.correct) else Decimal("0.00")
    if key.type == MULTIPLE:
        chosen, correct = set(response), set(key.correct)
        if policies.multiple == PARTIAL:
            return _share(points, len(chosen & correct) - len(chosen - correct), len(correct))
        return points.quantize(CENT) if chosen == correct else Decimal("0.00")
    if key.type == ORDERING:
        if list(response) == list(key.correct):
            return points.quantize(CENT)
        if policies.ordering == PER_POSITION:
            in_place = sum(1 for given, right in zip(response, key.correct, strict=False) if given == right)
            return _share(points, in_place, len(key.correct))
        return Decimal("0.00")
    if key.type == FILL_BLANK:
        given = list(response) + [""] * (len(key.blanks) - len(response))
        right = sum(1 for text, accepted in zip(given, key.blanks, strict=False) if blank_matches(text, accepted))
        return _share(points, right, len(key.blanks))
    raise ValueError(f"unknown question type {key.type!r}")


def is_correct(key: Key, response) -> bool | None:
    """Whether the answer is entirely right (None for a short answer): what practice feedback says."""
    if needs_examiner(key):
        return None
    return score_answer(key, response, Decimal("1"), Policies()) == Decimal("1.00")


MAX_SHORT_ANSWER = 5000  # characters of a short answer (the answer box says so and stops there)
MAX_BLANK = 500  # characters of one blank


class AnswerTooLong(ValueError):
    """An answer longer than the limit: refused whole, never cut (the candidate must see it was not saved)."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"longer than {limit} characters")


def clean_response(qtype: str, response, *, option_count: int = 0, blank_count: int = 0,
                   max_text: int = MAX_SHORT_ANSWER):
    """The answer in its stored shape, or ValueError when it cannot be an answer to this question.

    Option indices here are whatever indices the caller uses (display or original); they are only checked
    to be in range and unique. ``None``/empty means "cleared".
    """
    if response is None or response == "" or response == []:
        return None
    if qtype == SHORT_ANSWER:
        if not isinstance(response, str):
            raise ValueError("a short answer is text")
        if len(response) > max_text:
            raise AnswerTooLong(max_text)
        return response if response.strip() else None
    if qtype == FILL_BLANK:
        if not isinstance(response, list) or len(response) > blank_count:
            raise ValueError("one text per blank")
        if not all(r is None or isinstance(r, str | int | float) and not isinstance(r, bool) for r in response):
            raise ValueError("one text per blank")
        texts = ["" if r is None else str(r) for r in response]
        if any(len(t) > MAX_BLANK for t in texts):
            raise AnswerTooLong(MAX_BLANK)
        if all(not t.strip() for t in texts):
            return None
        return texts + [""] * (blank_count - len(texts))
    if not isinstance(response, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in response):
        raise ValueError("a list of option numbers")
    if any(not 0 <= i < option_count for i in response) or len(set(response)) != len(response):
        raise ValueError("an option that does not exist, or twice")
    if qtype in (SINGLE, TRUE_FALSE) and len(response) != 1:
        raise ValueError("exactly one option")
    if qtype == ORDERING and len(response) != option_count:
        raise ValueError("every option once")
    return list(response)
