"""A holder's name partly masked for the public verification page: 张晓明 → 张*明, John Smith → J*** S****."""

from __future__ import annotations


def _mask_word(word: str) -> str:
    if len(word) <= 1:
        return word
    if len(word) == 2:
        return word[0] + "*"
    if word.isascii():
        return word[0] + "*" * (len(word) - 1)
    return word[0] + "*" * (len(word) - 2) + word[-1]


def mask_name(name: str) -> str:
    """Keep the first character (the family name) and, for three or more CJK characters, the last one."""
    name = (name or "").strip()
    if not name:
        return ""
    if " " in name:
        return " ".join(_mask_word(part) for part in name.split())
    return _mask_word(name)
