"""How one answer is marked. Answers are stored against the *original* option indices:

* single choice, true/false: ``[i]``; multiple choice: ``[i, j, …]`` (any order);
* ordering: ``[i, j, …]``, the options in the candidate's order;
* fill in the blank: ``["…", "…"]``, one text per blank; short answer: ``"…"``;
* matching: ``[i, j, …]``, per left-hand item the original index of the answer chosen for it (``None``: none);
* numerical: ``"…"``, the text as typed (read by ``rules.numbers``: full-width digits, thousands separators, unit).

Weights (GIFT ``%n%``): when a single or multiple choice version has per-option weights, they decide the
score: the fractions of the options chosen are added, and the total is kept between 0 and the full points
(negative weights take credit away, never below 0; weights summing above 1 never give more than full marks).
A fill-in with weights takes the best weight among the accepted forms its text matches.

``None`` (or an empty answer) is unanswered and scores 0. Short answers are never machine-marked: their
score is ``None`` until an examiner grades them. Scores are Decimals rounded to the cent (half up).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quizzes.keys import normalise_for_key

from . import numbers

SINGLE, MULTIPLE, TRUE_FALSE, ORDERING, FILL_BLANK, SHORT_ANSWER = (
    "single", "multiple", "true_false", "ordering", "fill_blank", "short_answer"
)
MATCHING, NUMERICAL = "matching", "numerical"
TEXT_TYPES = (FILL_BLANK, SHORT_ANSWER, NUMERICAL)  # answered with text, no options to shuffle
ALL_OR_NOTHING, PARTIAL, PER_POSITION = "all_or_nothing", "partial", "per_position"
MISSING_PARTIAL, PER_PAIR = "missing_partial", "per_pair"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Key:
    """What marks an answer: the type, the correct option indices (in order, for ordering), the blanks."""

    type: str
    correct: tuple[int, ...] = ()
    blanks: tuple[tuple[str, ...], ...] = ()
    weights: tuple[Decimal, ...] = ()
    numeric: tuple[dict, ...] = ()
    unit: str = ""

    @classmethod
    def of(cls, version) -> Key:
        """From anything with ``type``, ``correct``, ``blanks`` (and ``weights``, ``numeric``, ``unit``)."""
        return cls(
            version.type,
            tuple(version.correct or ()),
            tuple(tuple(b) for b in (version.blanks or ())),
            tuple(Decimal(str(w)) for w in (getattr(version, "weights", None) or ())),
            tuple(dict(n) for n in (getattr(version, "numeric", None) or ())),
            getattr(version, "unit", "") or "",
        )


@dataclass(frozen=True)
class Policies:
    multiple: str = ALL_OR_NOTHING
    ordering: str = ALL_OR_NOTHING
    matching: str = PER_PAIR


def needs_examiner(key: Key) -> bool:
    return key.type == SHORT_ANSWER


def is_unanswered(response) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list):
        return not response or all(r is None or (isinstance(r, str) and not r.strip()) for r in response)
    return False


def _share(points: Decimal, right: int, out_of: int) -> Decimal:
    if out_of <= 0 or right <= 0:
        return Decimal("0.00")
    return (points * right / out_of).quantize(CENT, rounding=ROUND_HALF_UP)


def _fraction_of(points: Decimal, fraction: Decimal) -> Decimal:
    """``points`` × ``fraction``, the fraction kept between 0 and 1, to the cent (half up)."""
    fraction = min(max(fraction, Decimal("0")), Decimal("1"))
    return (points * fraction).quantize(CENT, rounding=ROUND_HALF_UP)


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
    if key.type in (SINGLE, MULTIPLE) and key.weights:
        chosen = {i for i in response if isinstance(i, int) and 0 <= i < len(key.weights)}
        if key.type == SINGLE and len(chosen) != 1:
            return ZERO
        return _fraction_of(points, sum((key.weights[i] for i in chosen), Decimal("0")))
    if key.type in (SINGLE, TRUE_FALSE):
        return points.quantize(CENT) if list(response) == list(key.correct) else Decimal("0.00")
    if key.type == MULTIPLE:
        chosen, correct = set(response), set(key.correct)
        if policies.multiple == PARTIAL:
            return _share(points, len(chosen & correct) - len(chosen - correct), len(correct))
        if policies.multiple == MISSING_PARTIAL:  # 少选得分：选对几项得几项的分，错选不得分
            return ZERO if chosen - correct else _share(points, len(chosen & correct), len(correct))
        return points.quantize(CENT) if chosen == correct else Decimal("0.00")
    if key.type == MATCHING:
        given = list(response) + [None] * (len(key.correct) - len(response))
        right = sum(1 for g, c in zip(given, key.correct, strict=False) if g is not None and g == c)
        if right == len(key.correct):
            return points.quantize(CENT)
        return _share(points, right, len(key.correct)) if policies.matching == PER_PAIR else ZERO
    if key.type == NUMERICAL:
        number = numbers.parse_number(response if isinstance(response, str) else None, key.unit)
        return _fraction_of(points, numbers.best_fraction(number, key.numeric))
    if key.type == FILL_BLANK and key.weights and len(key.blanks) == 1:
        text = normalise_for_key(str(list(response)[0] if response else ""))
        best = max((w for a, w in zip(key.blanks[0], key.weights, strict=False) if text and normalise_for_key(a) == text),
                   default=Decimal("0"))
        return _fraction_of(points, best)
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
                   max_text: int = MAX_SHORT_ANSWER, prompt_count: int = 0):
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
    if qtype == NUMERICAL:
        if not isinstance(response, str | int | float) or isinstance(response, bool):
            raise ValueError("a numerical answer is text")
        text = str(response).strip()
        if len(text) > numbers.MAX_INPUT:
            raise ValueError("a numerical answer is short")
        return text or None
    if qtype == MATCHING:
        if not isinstance(response, list) or len(response) > prompt_count:
            raise ValueError("one answer per item")
        if any(r is not None and (not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < option_count)
               for r in response):
            raise ValueError("an answer that does not exist")
        cleaned = list(response) + [None] * (prompt_count - len(response))
        return None if all(r is None for r in cleaned) else cleaned
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


def clean_for(version, response, *, max_text: int = MAX_SHORT_ANSWER):
    """``clean_response`` with the counts read from a question version (anything with its fields)."""
    return clean_response(
        version.type, response, option_count=len(version.options or ()),
        blank_count=len(version.blanks or ()) if version.type == FILL_BLANK else 0,
        prompt_count=len(getattr(version, "prompts", None) or ()), max_text=max_text,
    )
