"""Reading a number typed by a candidate and deciding whether it falls inside an accepted value.

Pure rules, no Django. What a bank's staff type is accepted as they write it on paper: full-width digits
(１２３４．５), thousands separators (1,234.50, 1，234.50, 1 234.50), a leading sign (+, -, −), and the
question's unit after the number (12.5元, 12.5 元). A different unit, two decimal points, letters or a
grouping that is not by threes are not a number (the answer is wrong, never guessed).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
MAX_INPUT = 64


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return text.replace("\u2212", "-").replace("\u3002", ".").strip()


def parse_number(text, unit: str = "") -> Decimal | None:
    """The Decimal the candidate meant, or None when ``text`` is not a number (in ``unit``, if one is set)."""
    if text is None or len(str(text)) > MAX_INPUT:
        return None
    value = normalise(text)
    unit = normalise(unit)
    if unit and value.endswith(unit):
        value = value[: -len(unit)].rstrip()
    value = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", ",", value)  # 1 234 567 → 1,234,567
    if _GROUPED.match(value):
        value = value.replace(",", "")
    if not _PLAIN.match(value):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def accepted_range(answer: dict) -> tuple[Decimal, Decimal]:
    """The inclusive [low, high] of one accepted answer (value ± tolerance, relative tolerance, or a range)."""
    if answer.get("low") is not None:
        return Decimal(str(answer["low"])), Decimal(str(answer["high"]))
    value = Decimal(str(answer["value"]))
    tolerance = Decimal(str(answer.get("tolerance") or "0"))
    if answer.get("relative"):
        tolerance = abs(value) * tolerance
    return value - tolerance, value + tolerance


def best_fraction(number: Decimal | None, answers) -> Decimal:
    """The highest credit among the accepted answers whose range holds ``number`` (edges included)."""
    if number is None:
        return Decimal("0")
    best = Decimal("0")
    for answer in answers:
        low, high = accepted_range(answer)
        if low <= number <= high:
            best = max(best, Decimal(str(answer.get("fraction", "1"))))
    return best
