"""Turning what a person typed into a safe, backend-neutral query.

Pure module. Whatever arrives (SQL, Elasticsearch syntax, unmatched quotes or brackets, 10,000 characters,
control characters) becomes a :class:`ParsedQuery` made only of analysed tokens, so no backend ever sees
user syntax: each backend renders the tokens in its own quoted form.

The little syntax staff can use:

* words separated by spaces (or punctuation) must all match: ``柜员 复核``;
* ``"双人 复核"`` (also “…”, 「…」, 『…』) matches the exact phrase; an unclosed quote runs to the end;
* ``-词`` or ``NOT 词`` excludes; ``a OR b`` matches either; ``AND`` is the default and ignored;
* a stretch with synonyms matches any of them (网银 → 网银 | 网上银行); not inside quotes.

A Chinese run matches as a phrase of its bigrams (substring semantics); a lone Chinese character
matches any token starting with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .analysis import CJK_CHARS, normalize, tokenize
from .stemmer import stem
from .synonyms import SynonymSet

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_LENGTH",
    "Clause",
    "HighlightTerms",
    "ParsedQuery",
    "Phrase",
    "parse_query",
]

MAX_QUERY_LENGTH = 200  # characters kept from what was typed
MAX_CLAUSES = 16  # positive clauses kept
MAX_ALTERNATIVES = 8  # synonyms per clause
MAX_PHRASE_TOKENS = 64

# Notice codes (the view turns them into translated messages).
NOTICE_TRUNCATED = "truncated"
NOTICE_TOO_MANY_TERMS = "too_many_terms"
NOTICE_ONLY_EXCLUSIONS = "only_exclusions"
NOTICE_NOTHING_SEARCHABLE = "nothing_searchable"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]")
_CHUNK = re.compile(
    r"""(?P<neg>-)?(?:"(?P<q1>[^"]*)"?|“(?P<q2>[^”]*)”?|「(?P<q3>[^」]*)」?|『(?P<q4>[^』]*)』?|(?P<word>[^\s"“「『]+))"""
)
_CJK_ONLY = re.compile(f"^[{CJK_CHARS}]+$")
_CJK_RUNS = re.compile(f"[{CJK_CHARS}]+")
_LATIN_WORDS = re.compile(rf"[^\W_{CJK_CHARS}]+")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Phrase:
    """Tokens that must occur at consecutive positions; ``prefix``: the last token is a prefix."""

    tokens: tuple[str, ...]
    text: str  # the normalised text the tokens came from (Elasticsearch analyses this; highlights use it)
    prefix: bool = False


@dataclass(frozen=True)
class Clause:
    """Matches when any alternative matches (the alternatives are synonyms)."""

    alternatives: tuple[Phrase, ...]
    negated: bool = False


@dataclass(frozen=True)
class HighlightTerms:
    cjk: frozenset[str]  # Chinese strings to mark wherever they occur
    stems: frozenset[str]  # other words are marked when their stem is one of these

    def __bool__(self):
        return bool(self.cjk or self.stems)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as kept (sanitised, truncated), for showing back
    clauses: tuple[Clause, ...] = ()
    notices: tuple[str, ...] = ()
    boost_phrase: Phrase | None = None  # the whole query as one phrase, when it has several clauses

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    def __bool__(self) -> bool:
        return bool(self.positive)

    @cached_property
    def highlight_terms(self) -> HighlightTerms:
        cjk: set[str] = set()
        stems: set[str] = set()
        for clause in self.positive:
            for phrase in clause.alternatives:
                cjk.update(_CJK_RUNS.findall(phrase.text))
                stems.update(stem(w) for w in _LATIN_WORDS.findall(phrase.text))
        return HighlightTerms(frozenset(cjk), frozenset(stems))


@dataclass
class _Builder:
    synonyms: SynonymSet
    clauses: list[Clause] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def phrase(self, normalized: str) -> Phrase | None:
        tokens = tokenize(normalized)[:MAX_PHRASE_TOKENS]
        if not tokens:
            return None
        terms = tuple(t.term for t in tokens)
        last = tokens[-1]
        # A lone Chinese character is a unigram token only where it stands alone in the text; as a query
        # it should also find the words that start with it.
        prefix = len(last.term) == 1 and bool(_CJK_ONLY.match(last.term))
        # Only the words: what Elasticsearch analyses must hold nothing but what the tokens came from.
        return Phrase(terms, _NON_WORD.sub(" ", normalized).strip(), prefix)

    def add(self, alternatives: list[Phrase], negated: bool) -> None:
        unique: list[Phrase] = []
        for phrase in alternatives:
            if phrase is not None and phrase not in unique:
                unique.append(phrase)
        if unique:
            self.clauses.append(Clause(tuple(unique[:MAX_ALTERNATIVES]), negated))

    def add_words(self, normalized: str) -> None:
        """An unquoted chunk: synonym stretches first, every other word or Chinese run its own clause."""
        position = 0
        for match in self.synonyms.find(normalized):
            self.add_plain(normalized[position : match.start])
            self.add([self.phrase(term) for term in match.equivalents], negated=False)
            position = match.end
        self.add_plain(normalized[position:])

    def add_plain(self, normalized: str) -> None:
        for token_run in re.finditer(rf"[{CJK_CHARS}]+|[^\W_{CJK_CHARS}]+", normalized):
            self.add([self.phrase(token_run.group(0))], negated=False)


def _join_words(texts: list[str]) -> str:
    """The clauses as one stretch of text: Chinese runs typed apart ("双人 复核") are joined, because
    Chinese text has no spaces between words ("双人复核"); other words keep their space."""
    out = ""
    for text in texts:
        if out and not (_CJK_ONLY.match(out[-1]) and _CJK_ONLY.match(text[:1] or "x")):
            out += " "
        out += text
    return out


def _sanitise(raw: str) -> tuple[str, bool]:
    text = _CONTROL.sub(" ", raw or "")
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), truncated


def parse_query(raw: str, synonyms: SynonymSet | None = None) -> ParsedQuery:
    """Parse user input; never raises. An empty result (``not parsed``) means nothing to search for."""
    text, truncated = _sanitise(raw)
    builder = _Builder(synonyms or SynonymSet())
    if truncated:
        builder.notices.append(NOTICE_TRUNCATED)

    negate_next = False
    or_pending = False
    for match in _CHUNK.finditer(text):
        word = match.group("word")
        if word in ("AND", "&&"):
            continue
        if word in ("NOT", "!"):
            negate_next = True
            continue
        if word in ("OR", "||"):
            or_pending = bool(builder.clauses) and not builder.clauses[-1].negated
            continue
        negated = bool(match.group("neg")) or negate_next
        negate_next = False
        quoted = next((match.group(g) for g in ("q1", "q2", "q3", "q4") if match.group(g) is not None), None)
        before = len(builder.clauses)
        if quoted is not None or negated:
            phrase = builder.phrase(normalize(quoted if quoted is not None else word))
            builder.add([phrase], negated)
        else:
            builder.add_words(normalize(word))
        if or_pending and len(builder.clauses) == before + 1 and not builder.clauses[-1].negated:
            # "a OR b": merge b's clause into a's alternatives.
            new = builder.clauses.pop()
            previous = builder.clauses.pop()
            merged = previous.alternatives + tuple(p for p in new.alternatives if p not in previous.alternatives)
            builder.clauses.append(Clause(merged[: MAX_ALTERNATIVES * 2]))
        or_pending = False

    positive = [c for c in builder.clauses if not c.negated]
    negative = [c for c in builder.clauses if c.negated]
    if len(positive) > MAX_CLAUSES:
        builder.notices.append(NOTICE_TOO_MANY_TERMS)
        positive = positive[:MAX_CLAUSES]
    negative = negative[:MAX_CLAUSES]
    if not positive and negative:
        builder.notices.append(NOTICE_ONLY_EXCLUSIONS)
    elif not positive and text:
        builder.notices.append(NOTICE_NOTHING_SEARCHABLE)

    boost = None
    if len(positive) > 1:
        boost = builder.phrase(_join_words([c.alternatives[0].text for c in positive]))
        if boost is not None:
            boost = Phrase(boost.tokens, boost.text)  # never a prefix
    return ParsedQuery(
        text=text,
        clauses=tuple(positive + negative),
        notices=tuple(builder.notices),
        boost_phrase=boost,
    )
