"""Comparison keys of question texts (pure: used by the models' duplicate keys and by the marking rules)."""

from __future__ import annotations

import re
import unicodedata

_STEM_PUNCTUATION = re.compile(r"[\s。.？?！!：:；;，,、]+$")
_SPACES = re.compile(r"\s+")


def normalise_for_key(text: str) -> str:
    """Full-width → half-width, spaces out, lower case, trailing punctuation out."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _SPACES.sub("", text).lower()
    return _STEM_PUNCTUATION.sub("", text)
