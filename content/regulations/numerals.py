"""Chinese numerals <-> int, as used in regulation headings (第一百零五条) and dates (二○○六年).

Pure functions, no Django.

>>> chinese_to_int("一百零五"), chinese_to_int("十二"), chinese_to_int("二○○六"), chinese_to_int("12")
(105, 12, 2006, 12)
>>> int_to_chinese(110), format_ordinal(12, "条")
('一百一十', '第十二条')
"""

from __future__ import annotations

import re

__all__ = [
    "CHINESE_NUMERAL_CHARS",
    "NUMERAL_CLASS",
    "chinese_to_int",
    "format_ordinal",
    "int_to_chinese",
    "parse_ordinal",
]

_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,  # U+3007 IDEOGRAPHIC NUMBER ZERO
    "○": 0,  # U+25CB WHITE CIRCLE, what most typed documents use in 二○○六年
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_MYRIAD = "万"
_ARABIC = "0123456789０１２３４５６７８９"

#: every character chinese_to_int understands (Chinese numerals and arabic digits, half and full width)
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + _MYRIAD + _ARABIC
#: a regex character class matching one of CHINESE_NUMERAL_CHARS
NUMERAL_CLASS = "[" + re.escape(CHINESE_NUMERAL_CHARS) + "]"

_ORDINAL = re.compile(r"^\s*第\s*(" + NUMERAL_CLASS + r"+)\s*(\S?)\s*$")


def _arabic_value(text: str) -> int:
    return int("".join(str(_ARABIC.index(ch) % 10) for ch in text))


def _below_myriad(text: str, whole: str) -> int:
    """Value of a numeral without 万 (0..9999), strictly validated."""
    if not text:
        raise ValueError(f"not a Chinese numeral: {whole!r}")
    total = 0
    digit: int | None = None  # pending digit not yet multiplied by a unit
    last_unit = 10_000  # units must strictly decrease: 一千一百一十
    zero_seen = False  # a 零 lets a smaller place follow: 一百零五
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"two digits without a unit in {whole!r}")
            value = _DIGITS[ch]
            if value == 0:
                zero_seen = True
                digit = 0
            else:
                digit = value
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"unit {ch!r} out of order in {whole!r}")
            if digit is None or digit == 0:
                # only 十 may stand without a digit (十二 = 12, 一百一十 but also 一百十 is tolerated)
                if unit != 10 or (digit == 0):
                    raise ValueError(f"unit {ch!r} without a digit in {whole!r}")
                digit = 1
            total += digit * unit
            digit = None
            last_unit = unit
            zero_seen = False
        else:
            raise ValueError(f"not a Chinese numeral: {whole!r}")
    if digit:
        # 一百零五 is 105; a bare trailing digit right after 百/千 (colloquial 一百五 = 150) is ambiguous
        if last_unit > 10 and last_unit != 10_000 and not zero_seen:
            raise ValueError(f"ambiguous abbreviated numeral {whole!r} (write 一百零五 or 一百五十)")
        total += digit
    return total


def chinese_to_int(text: str) -> int:
    """Convert a Chinese (or arabic) numeral to int; raise ValueError if it is not one.

    Handles 一..九, 两, 零/〇/○, 十/百/千/万 (十二 = 12, 二十 = 20, 一百零五 = 105, 一百一十 = 110),
    digit-by-digit forms as written in years (二○○六 = 2006) and arabic digits, half or full width.
    """
    if not isinstance(text, str):
        raise ValueError(f"not a numeral: {text!r}")
    s = text.strip()
    if not s:
        raise ValueError("empty numeral")
    if all(ch in _ARABIC for ch in s):
        return _arabic_value(s)
    if any(ch in _ARABIC for ch in s):
        raise ValueError(f"mixed arabic and Chinese numeral: {text!r}")
    if all(ch in _DIGITS for ch in s):
        if len(s) == 1:
            return _DIGITS[s]
        if "两" in s:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        # positional, digit by digit: 二○○六 -> 2006
        return int("".join(str(_DIGITS[ch]) for ch in s))
    if s.count(_MYRIAD) > 1:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if _MYRIAD in s:
        high, low = s.split(_MYRIAD)
        high_value = _below_myriad(high, text)
        if not low:
            return high_value * 10_000
        if low[0] in "零〇○Ｏ":
            return high_value * 10_000 + _below_myriad(low[1:], text)
        low_value = _below_myriad(low, text)
        if low_value < 1000:
            raise ValueError(f"missing 零 in {text!r}")
        return high_value * 10_000 + low_value
    return _below_myriad(s, text)


def _group_to_chinese(n: int, *, leading: bool) -> str:
    """1..9999 in Chinese; ``leading`` drops the 一 in front of 十 (十二, not 一十二)."""
    digits = "零一二三四五六七八九"
    out: list[str] = []
    zero_pending = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit_value % 10
        if d == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if unit == "十" and d == 1 and leading and not out:
            out.append("十")
        else:
            out.append(digits[d] + unit)
    return "".join(out)


def int_to_chinese(n: int) -> str:
    """Render a non-negative int in Chinese numerals as legal texts do: 12 -> 十二, 105 -> 一百零五, 110 -> 一百一十."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"cannot render {n!r} in Chinese numerals")
    if n == 0:
        return "零"
    if n >= 100_000_000:
        raise ValueError(f"{n} is too large")
    high, low = divmod(n, 10_000)
    if not high:
        return _group_to_chinese(low, leading=True)
    text = _group_to_chinese(high, leading=True) + "万"
    if low:
        if low < 1000:
            text += "零"
        text += _group_to_chinese(low, leading=False)
    return text


def format_ordinal(n: int, unit: str = "条") -> str:
    """``format_ordinal(12, "条")`` -> ``"第十二条"``; units: 条, 章, 节, 款, 项 ..."""
    return f"第{int_to_chinese(n)}{unit}"


def parse_ordinal(text: str) -> tuple[int, str]:
    """``parse_ordinal("第一百零五条")`` -> ``(105, "条")``; ``"第12条"`` -> ``(12, "条")``. ValueError otherwise."""
    m = _ORDINAL.match(text or "")
    if not m:
        raise ValueError(f"not an ordinal like 第十二条: {text!r}")
    return chinese_to_int(m.group(1)), m.group(2)
