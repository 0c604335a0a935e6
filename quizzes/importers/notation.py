"""The one-cell notations of matching pairs, accepted numbers and option weights.

Shared by the Excel template (columns 配对, 数值答案, 单位, 权重) and the admin question form, so that an
examiner writes them the same way everywhere. Pure Python.

* pairs, one per line (or separated by "|"): ``个人开户 -> 对私柜台``; ``-> 理财柜台`` is an answer matching
  no item. "→", "＝>" and "=>" work as the arrow too.
* accepted numbers, one per line (or "|"): ``150``, ``150±0.01`` (or ``150:0.01``), ``200±5%`` (relative),
  ``3.141..3.142`` (a range), with an optional credit ``@50%`` for partial credit: ``1822±2@50%``.
* weights: ``A:50%, B:50%, C:-100%`` (options not named weigh 0); for a fill-in, ``1:100%, 2:75%`` by the
  accepted form's number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_ARROW = re.compile(r"\s*(?:->|→|=>)\s*")
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_NUMERIC = re.compile(
    rf"^(?P<value>{_NUM})(?:\s*(?:±|\+-|:)\s*(?P<tol>{_NUM})(?P<pct>%)?|\s*\.\.\s*(?P<high>{_NUM}))?"
    rf"(?:\s*@\s*(?P<credit>{_NUM})%)?$"
)
_WEIGHT = re.compile(r"^\s*([A-Za-z]|\d+)\s*[:：=]\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")


class NotationError(ValueError):
    """The cell cannot be read; the (translated) message says what is expected, ``code`` names the kind."""

    def __init__(self, *args, code: str = ""):
        super().__init__(*args)
        self.code = code


def _items(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "")
    return [part.strip() for part in re.split(r"[\n|]", text) if part.strip()]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def parse_pairs(text: str) -> tuple[list[str], list[str], list[int]]:
    """(items, answers, the answer index of each item); extra answers come after the matched ones."""
    prompts, rights, extras = [], [], []
    for part in _items(text):
        pieces = _ARROW.split(part, maxsplit=1)
        if len(pieces) != 2 or not pieces[1].strip():
            raise NotationError(_("“%(text)s” is not a pair: write “item -> answer” (or “-> answer” for an extra one)")
                                % {"text": part}, code="notation.not_a_pair")
        left, right = pieces[0].strip(), pieces[1].strip()
        if left:
            prompts.append(left)
            rights.append(right)
        else:
            extras.append(right)
    options = list(dict.fromkeys(rights + extras))
    return prompts, options, [options.index(r) for r in rights]


def format_pairs(prompts: list[str], options: list[str], correct: list[int]) -> str:
    lines = [f"{p} -> {options[c]}" for p, c in zip(prompts, correct, strict=False)]
    lines += [f"-> {o}" for i, o in enumerate(options) if i not in set(correct)]
    return "\n".join(lines)


def parse_numeric(text: str) -> list[dict]:
    answers = []
    for part in _items(text):
        match = _NUMERIC.match(part.replace(" ", ""))
        if not match:
            raise NotationError(_("“%(text)s” is not an accepted number: write %(examples)s, optionally with a credit "
                                  "like %(credit)s") % {"text": part, "examples": "150, 150±0.01, 200±5%, 3.141..3.142",
                                                        "credit": "@50%"}, code="notation.not_a_number")
        credit = _plain(Decimal(match.group("credit")) / 100) if match.group("credit") else "1"
        if match.group("high") is not None:
            answer = {"low": match.group("value"), "high": match.group("high"), "fraction": credit}
        else:
            answer = {"value": match.group("value"), "tolerance": "0", "fraction": credit}
            if match.group("tol") is not None:
                tolerance = Decimal(match.group("tol"))
                if match.group("pct"):
                    answer["relative"] = True
                    tolerance = tolerance / 100
                answer["tolerance"] = _plain(tolerance)
        answers.append(answer)
    return answers


def format_numeric(numeric: list[dict]) -> str:
    lines = []
    for n in numeric:
        if n.get("low") is not None:
            text = f"{n['low']}..{n['high']}"
        else:
            tolerance = Decimal(str(n.get("tolerance") or "0"))
            text = str(n["value"])
            if n.get("relative"):
                text += f"±{_plain(tolerance * 100)}%"
            elif tolerance:
                text += f"±{_plain(tolerance)}"
        fraction = Decimal(str(n.get("fraction", "1")))
        if fraction != 1:
            text += f"@{_plain(fraction * 100)}%"
        lines.append(text)
    return "\n".join(lines)


def parse_weights(text: str, count: int) -> list[str]:
    """Per-option fractions ("0.5", "-1", "0") for ``count`` options; [] for an empty cell."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return []
    weights = ["0"] * count
    for part in re.split(r"[,;，；\n]", text):
        if not part.strip():
            continue
        match = _WEIGHT.match(part)
        if not match:
            raise NotationError(_("“%(text)s” is not a weight: write %(example)s")
                                % {"text": part.strip(), "example": "A:50%, B:50%, C:-100%"}, code="notation.not_a_weight")
        key = match.group(1)
        index = int(key) - 1 if key.isdigit() else ord(key.upper()) - ord("A")
        if not 0 <= index < count:
            raise NotationError(_("the weight “%(text)s” names an option that does not exist") % {"text": part.strip()},
                                code="notation.weight_unknown_option")
        try:
            weights[index] = _plain(Decimal(match.group(2)) / 100)
        except InvalidOperation as error:
            raise NotationError(_("“%(text)s” is not a number") % {"text": part.strip()},
                                code="notation.weight_not_a_number") from error
    return weights


def format_weights(weights: list, *, numbered: bool = False) -> str:
    parts = []
    for i, w in enumerate(weights):
        value = Decimal(str(w))
        if value:
            key = str(i + 1) if numbered else chr(ord("A") + i)
            parts.append(f"{key}:{_plain(value * 100)}%")
    return ", ".join(parts)
