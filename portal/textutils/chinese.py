"""Chinese text helpers shared by every importer: Traditional → Simplified, ruby and noise removal.

Pure functions, no Django: the regulation parser, the question importers and the search analyzer
all call these so that the same text is cleaned the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Pinyin ruby annotations that the seeds' web export left behind, e.g. 職責(zé) or 等級(jí):
# a parenthesised run of latin letters carrying tone marks (or plain a–z with a tone digit).
_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_RUBY = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]\s*[a-zü" + _TONE_LETTERS + r"]*[" + _TONE_LETTERS + r"][a-zü" + _TONE_LETTERS + r"]*\s*[)）]",
    re.IGNORECASE,
)
_DATA_URI = re.compile(
    r"<(?:[\w-]+:)?image>.*?</(?:[\w-]+:)?image>|data:image/[a-z0-9+]+[;,][^\s\"')]*", re.DOTALL
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC("t2s")


def strip_ruby(text: str) -> str:
    """Remove pinyin ruby annotations that follow Chinese characters: 職責(zé) → 職責."""
    return _RUBY.sub("", text)


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese characters to Simplified (other text is left as it is)."""
    if not text:
        return text
    return _t2s().convert(text)


def has_traditional(text: str) -> bool:
    """True when converting to Simplified would change the text."""
    return bool(text) and to_simplified(text) != text


def strip_noise(text: str) -> str:
    """Remove embedded image data URIs and control characters left by document exports."""
    return _CONTROL.sub("", _DATA_URI.sub("", text))


def normalize(text: str) -> str:
    """NFKC-normalise full-width letters/digits and collapse runs of blanks (keeps Chinese punctuation)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[ \t\u3000]+", " ", text).strip()


def clean_seed_text(text: str) -> str:
    """The whole pipeline for imported Chinese text: noise out, ruby out, Simplified."""
    return to_simplified(strip_ruby(strip_noise(text)))
