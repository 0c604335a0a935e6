"""Snippets: the stretch of a text that best shows why it matched, with the matched words marked.

Pure module. The text is HTML-escaped piece by piece and only our own ``<mark>`` elements are added,
so a snippet is safe to render as HTML whatever the indexed text contains. Matching follows the
analyzer: Chinese strings are found in the normalised text (so a Traditional or full-width original is
marked too) and other words are marked when their stem matches.
"""

from __future__ import annotations

import re
from html import escape

from .analysis import CJK_CHARS, normalize_aligned
from .query import HighlightTerms
from .stemmer import stem

__all__ = ["highlight_spans", "highlight_text", "make_snippet"]

MAX_SCAN_CHARS = 20_000  # a snippet is looked for in the first 20,000 characters of a long body
_WORDS = re.compile(rf"[^\W_{CJK_CHARS}]+")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def highlight_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of ``text`` that match the query's terms."""
    if not text or not terms:
        return []
    norm, offsets = normalize_aligned(text)
    spans: list[tuple[int, int]] = []
    if terms.cjk:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms.cjk, key=len, reverse=True)))
        spans.extend((offsets[m.start()], offsets[m.end() - 1] + 1) for m in pattern.finditer(norm))
    if terms.stems:
        for m in _WORDS.finditer(norm):
            if stem(m.group(0)) in terms.stems:
                spans.append((offsets[m.start()], offsets[m.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    position = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[position:s], quote=False))
        out.append(MARK_OPEN + escape(text[s:e], quote=False) + MARK_CLOSE)
        position = e
    out.append(escape(text[position:end], quote=False))
    return "".join(out)


def highlight_text(text: str, terms: HighlightTerms) -> str:
    """The whole (short) text, escaped, with matches marked: for titles."""
    return _render(text, highlight_spans(text, terms), 0, len(text))


def _best_window(spans: list[tuple[int, int]], length: int, size: int) -> int:
    """Start of the window of ``size`` characters holding the most matches (earliest on ties)."""
    best_start, best_count = 0, -1
    for i, (anchor, _end) in enumerate(spans):
        window_start = max(0, min(anchor - size // 5, length - size))
        count = sum(1 for s, e in spans[i:] if s >= window_start and e <= window_start + size)
        if count > best_count:
            best_start, best_count = window_start, count
    return best_start


def make_snippet(text: str, terms: HighlightTerms, size: int = 160) -> str:
    """An escaped excerpt of about ``size`` characters around the best matches, matches marked."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    scanned = text[:MAX_SCAN_CHARS]
    spans = highlight_spans(scanned, terms) if terms else []
    if not spans:
        end = min(len(text), size)
        return escape(text[:end], quote=False) + ("…" if end < len(text) else "")
    start = _best_window(spans, len(text), size)
    end = min(len(text), start + size)
    return ("…" if start > 0 else "") + _render(text, spans, start, end) + ("…" if end < len(text) else "")
