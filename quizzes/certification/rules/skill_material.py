"""The material of a keyboard skill test, drawn from the attempt's seed: the same seed, the same material.

* **Amounts** (传票): ``count`` amounts whose number of digits (integer part plus the two decimals) follows the
  definition's mix, e.g. ``"4:10,5:20,6:30,7:25,8:15"`` — 10 % four-digit amounts such as ``12.34``, 15 %
  eight-digit ones such as ``123,456.78``; the exact counts are apportioned by largest remainder and shuffled.
* **Number groups** (数字录入): ``count`` groups of ``length`` digits.
* **Passage** (汉字录入): ``length`` characters of published text (regulations, procedures) — whitespace
  removed, started at an article or step boundary chosen by the seed, continued through the following ones.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .skill_scoring import format_amount

MIN_DIGITS, MAX_DIGITS = 3, 11


class MaterialError(ValueError):
    """The definition cannot produce material (code says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_digit_mix(text: str) -> dict[int, int]:
    """``"4:10, 5:30"`` → {4: 10, 5: 30} (digits: weight). Raises MaterialError("bad_mix")."""
    mix = {}
    for part in re.split(r"[,，;；\s]+", (text or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})[:：](\d{1,4})", part)
        if not match:
            raise MaterialError("bad_mix")
        digits, weight = int(match.group(1)), int(match.group(2))
        if not MIN_DIGITS <= digits <= MAX_DIGITS or digits in mix:
            raise MaterialError("bad_mix")
        if weight:
            mix[digits] = weight
    if not mix:
        raise MaterialError("bad_mix")
    return mix


def apportion(mix: dict[int, int], count: int) -> dict[int, int]:
    """Split ``count`` items over the mix's weights (largest remainder; ties to the shorter amount)."""
    total = sum(mix.values())
    exact = {d: count * w / total for d, w in mix.items()}
    shares = {d: int(x) for d, x in exact.items()}
    left = count - sum(shares.values())
    for d in sorted(exact, key=lambda d: (-(exact[d] - shares[d]), d))[:left]:
        shares[d] += 1
    return shares


def amounts(seed: int, count: int, mix_text: str) -> list[str]:
    """``count`` voucher amounts, formatted ``12,345.67``, digit lengths per the mix."""
    rng = random.Random(f"amounts:{seed}")
    lengths = [d for d, n in sorted(apportion(parse_digit_mix(mix_text), count).items()) for _ in range(n)]
    rng.shuffle(lengths)
    result = []
    for digits in lengths:
        low = 10 ** (digits - 1) if digits > 3 else 100  # at least 1.00: the leading digit is never 0
        result.append(format_amount(rng.randrange(low, 10**digits)))
    return result


def number_groups(seed: int, count: int, length: int) -> list[str]:
    rng = random.Random(f"groups:{seed}")
    return ["".join(rng.choice("0123456789") for _ in range(length)) for _ in range(count)]


@dataclass(frozen=True)
class Source:
    """One published text the passage may come from: a regulation's articles or a procedure's steps."""

    reference: str  # e.g. "regulation:12" (kept with the attempt as its provenance)
    title: str
    parts: tuple[str, ...]  # articles / steps in order


_WHITESPACE = re.compile(r"\s+")


def passage(seed: int, sources: list[Source], length: int) -> dict:
    """``length`` characters of one source from a part boundary; {"text", "source", "title"}."""
    usable = []
    for source in sorted(sources, key=lambda s: s.reference):
        parts = [_WHITESPACE.sub("", p) for p in source.parts]
        parts = [p for p in parts if p]
        if sum(len(p) for p in parts) >= length:
            usable.append((source, parts))
    if not usable:
        raise MaterialError("no_passage")
    rng = random.Random(f"passage:{seed}")
    source, parts = rng.choice(usable)
    starts = [i for i in range(len(parts)) if sum(len(p) for p in parts[i:]) >= length]
    start = rng.choice(starts)
    text = "".join(parts[start:])[:length]
    return {"text": text, "source": source.reference, "title": source.title}
