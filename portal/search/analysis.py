"""The Chinese-aware text analyzer every search backend shares.

Pure module (no Django, no ORM). Text goes through the same steps at index time and at query time:

1. **normalise**: control characters out, NFKC (full-width letters and digits to half-width, compatibility
   ideographs to unified ones), Traditional → Simplified (:func:`portal.textutils.chinese.to_simplified`),
   lower case;
2. **tokenise**: a run of Chinese characters becomes overlapping character *bigrams* (``柜员复核`` → ``柜员
   员复 复核``), a run of a single Chinese character becomes that character (a *unigram*); any other run of
   letters or digits is a word, and an English word is stemmed with the Porter algorithm
   (``tellers`` → ``teller``). Punctuation and spaces separate tokens and never become tokens.

Why bigrams: staff type two-character words (柜员, 复核, 网银) that sit inside unspaced sentences. A phrase
query over a word's bigrams matches exactly where the word occurs as a substring, without a dictionary,
so new jargon is found from day one. This is what Elasticsearch's ``cjk_bigram`` filter does, and the
Elasticsearch backend declares that analyzer so both engines see the same tokens.

Tokens contain only letters and digits, so the space-separated token string can be handed to any
full-text engine whose tokenizer splits on spaces (SQLite FTS5 ``unicode61``, PostgreSQL ``simple``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from portal.textutils.chinese import to_simplified

from .stemmer import stem

__all__ = [
    "CJK_CHARS",
    "Token",
    "analyze",
    "index_text",
    "is_cjk",
    "normalize",
    "normalize_aligned",
    "simplified",
    "tokenize",
]

# Han ideographs: CJK Unified (+ extension A), compatibility ideographs, extensions B–F, and 〇.
CJK_CHARS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
_CJK_RUN = f"[{CJK_CHARS}]+"
_WORD_RUN = rf"[^\W_{CJK_CHARS}]+"
_TOKEN_RE = re.compile(f"({_CJK_RUN})|({_WORD_RUN})")
_CJK_RE = re.compile(f"[{CJK_CHARS}]")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]")
_BLANKS_RE = re.compile(r"\s+")
MAX_WORD_LENGTH = 64


@dataclass(frozen=True, slots=True)
class Token:
    """One index term with its position (for phrase matching) and its span in the normalised text."""

    term: str
    position: int
    start: int
    end: int


def is_cjk(text: str) -> bool:
    """True when text contains at least one Chinese character."""
    return bool(_CJK_RE.search(text))


def _clean(text: str) -> str:
    return _BLANKS_RE.sub(" ", _CONTROL_RE.sub(" ", text))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str] | None:
    """A character that Traditional → Simplified conversion may change.

    OpenCC's t2s converts by dictionary; a sentence without any character that appears in its character
    table (or in the few phrases that change without one) comes out unchanged, so only those sentences
    are converted. The pure-Python converter costs ~2 µs a character: this keeps it off the
    (Simplified) bulk of the text. None when the dictionaries cannot be read (then everything is converted).
    """
    try:
        import opencc

        folder = Path(opencc.__file__).parent / "dictionary"
        chars: set[str] = set()
        with open(folder / "TSCharacters.txt", encoding="utf-8") as table:
            for line in table:
                chars.add(line.split("\t", 1)[0])
        with open(folder / "TSPhrases.txt", encoding="utf-8") as table:
            for line in table:
                phrase, _tab, targets = line.rstrip("\n").partition("\t")
                if targets and not (set(phrase) & chars) and targets.split()[0] != phrase:
                    chars.update(phrase)
    except (ImportError, OSError, IndexError):
        return None
    return frozenset(c for c in chars if c.strip())


_SENTENCE_END = re.compile(r"(?<=[。！？；;\n])")


def simplified(text: str) -> str:
    """:func:`to_simplified`, converting only the sentences that can change."""
    chars = _traditional_chars()
    if chars is None:
        return to_simplified(text)
    if chars.isdisjoint(text):
        return text
    return "".join(s if chars.isdisjoint(s) else to_simplified(s) for s in _SENTENCE_END.split(text))


@lru_cache(maxsize=4096)
def _normalize_cached(text: str) -> str:
    return simplified(unicodedata.normalize("NFKC", _clean(text))).lower()


def normalize(text: str) -> str:
    """NFKC, Traditional → Simplified, lower case; control characters and blank runs become one space."""
    if not text:
        return ""
    if len(text) <= 256:
        return _normalize_cached(text)
    return simplified(unicodedata.normalize("NFKC", _clean(text))).lower()


def normalize_aligned(text: str) -> tuple[str, list[int]]:
    """Normalise text so that every character of the result maps back to a character of the input.

    Returns (normalised, offsets) where ``offsets[i]`` is the index in ``text`` of the character that
    produced ``normalised[i]`` (plus a final entry ``len(text)``). Used to put highlights on the
    original text. Characters are converted one by one (NFKC may expand one into several), so the
    result can differ from :func:`normalize` only in the rare phrase-dependent Traditional conversions.
    """
    if not text:
        return "", [0]
    converted = _CONTROL_RE.sub(" ", simplified(text))
    if len(converted) != len(text):  # a phrase conversion changed the length: go character by character
        converted = "".join(
            ch if len(to_simplified(ch)) != 1 else to_simplified(ch) for ch in _CONTROL_RE.sub(" ", text)
        )
    fast = unicodedata.normalize("NFKC", converted).lower()
    if len(fast) == len(text):  # the usual case: every character maps to one character
        return fast, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(converted):
        if _CONTROL_RE.match(ch) or ch.isspace():
            norm = " "
        else:
            norm = unicodedata.normalize("NFKC", ch).lower()
        for piece in norm:
            out.append(piece)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def tokenize(normalized: str) -> list[Token]:
    """Split *already normalised* text into tokens (see the module docstring)."""
    tokens: list[Token] = []
    position = 0
    for match in _TOKEN_RE.finditer(normalized):
        start = match.start()
        if match.group(1):
            run = match.group(1)
            if len(run) == 1:
                tokens.append(Token(run, position, start, start + 1))
                position += 1
            else:
                for i in range(len(run) - 1):
                    tokens.append(Token(run[i : i + 2], position, start + i, start + i + 2))
                    position += 1
        else:
            word = match.group(2)
            if len(word) > MAX_WORD_LENGTH:  # base64 debris, hashes: never searched for
                continue
            tokens.append(Token(stem(word), position, start, match.end()))
            position += 1
    return tokens


def analyze(text: str) -> list[str]:
    """The index terms of raw text, in order."""
    return [token.term for token in tokenize(normalize(text))]


def index_text(*parts: str) -> str:
    """Raw text → the space-separated token string stored in the database full-text index."""
    return " ".join(term for part in parts if part for term in analyze(part))
