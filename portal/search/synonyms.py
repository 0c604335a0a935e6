"""Synonym groups applied at query time (网银 ⇄ 网上银行, 柜员 ⇄ 临柜人员).

Pure module. The admin-edited :class:`portal.search.models.Synonym` rows are loaded into a
:class:`SynonymSet` (see :func:`portal.search.models.load_synonyms`); the query parser asks it which
stretches of a query have equivalents. Expanding at query time (not index time) means an edit in the
admin takes effect on the next search, on every backend, without re-indexing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import CJK_CHARS, analyze, normalize

__all__ = ["SynonymMatch", "SynonymSet", "parse_terms"]

_SEPARATORS = re.compile(r"[,，、;；\n|⇄=]+")


def parse_terms(text: str) -> list[str]:
    """Split an admin-entered list ("网银, 网上银行、网上银行业务") into distinct normalised terms."""
    seen: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        term = normalize(part).strip()
        if term and analyze(term) and term not in seen:
            seen.append(term)
    return seen


_WORD_CHAR = rf"[^\W_{CJK_CHARS}]"
_WORD_CHAR_RE = re.compile(_WORD_CHAR)


def _term_pattern(term: str) -> str:
    """A term that starts or ends with a letter/digit must not cut a word in two ("pos" in "post")."""
    before = f"(?<!{_WORD_CHAR})" if _WORD_CHAR_RE.match(term[0]) else ""
    after = f"(?!{_WORD_CHAR})" if _WORD_CHAR_RE.match(term[-1]) else ""
    return before + re.escape(term) + after


@dataclass(frozen=True)
class SynonymMatch:
    start: int
    end: int
    term: str
    equivalents: tuple[str, ...]  # the term itself first, then the others


class SynonymSet:
    """Groups of equivalent terms, all normalised; a term may belong to several groups."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self._equivalents: dict[str, list[str]] = {}
        for group in groups:
            terms = [t for t in (normalize(x).strip() for x in group) if t and analyze(t)]
            for term in terms:
                bucket = self._equivalents.setdefault(term, [term])
                for other in terms:
                    if other not in bucket:
                        bucket.append(other)
        self._terms = sorted(self._equivalents, key=len, reverse=True)
        self._pattern = None
        if self._terms:
            self._pattern = re.compile("|".join(_term_pattern(t) for t in self._terms))

    def __bool__(self) -> bool:
        return bool(self._terms)

    def __len__(self) -> int:
        return len(self._equivalents)

    def equivalents(self, term: str) -> tuple[str, ...]:
        term = normalize(term).strip()
        return tuple(self._equivalents.get(term, [term]))

    def find(self, normalized: str) -> list[SynonymMatch]:
        """Leftmost-longest, non-overlapping occurrences of known terms in normalised text."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(normalized):
            term = match.group(0)
            if term in self._equivalents and len(self._equivalents[term]) > 1:
                found.append(SynonymMatch(match.start(), match.end(), term, tuple(self._equivalents[term])))
        return found
