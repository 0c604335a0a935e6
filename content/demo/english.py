"""Read an English regulation text laid out like the Chinese demo files into the parser's structure.

The Chinese texts go through ``content.regulations.parser`` (the parser the admin uses). Its rules are
about Chinese headings (第X章, 第X条), so the English translation of the main regulation
(``regulations/eb_2006.en.txt``) is read here, into the same :class:`ParsedRegulation` dataclasses, so
that ``RegulationPage.set_body_from_parsed`` treats both languages alike. The layout is the one the
dataset README documents: header lines first (title, document number, the order's text), then
``Chapter I Title`` / ``Section 1 Title`` / ``Article 1 text`` lines, one article per line, and further
lines without a heading as the article's next paragraphs. Problems are returned as errors with their
line, like the Chinese parser does.
"""

from __future__ import annotations

import re

from content.regulations.parser import (
    ParsedArticle,
    ParsedChapter,
    ParsedRegulation,
    ParsedSection,
)
from portal.core.imports import Issue

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CHAPTER = re.compile(r"^Chapter\s+([IVXLC]+|\d+)\b\s*(.*)$")
_SECTION = re.compile(r"^Section\s+(\d+)\b\s*(.*)$")
_ARTICLE = re.compile(r"^Article\s+(\d+)\b\s*(.*)$")


def roman_to_int(text: str) -> int:
    """``XIV`` → 14 (also accepts plain digits)."""
    if text.isdigit():
        return int(text)
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN[char]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def parse_english_regulation(text: str) -> tuple[ParsedRegulation, list[str]]:
    """(the structure, the header lines after the title) of an English regulation text."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    result = ParsedRegulation(title="")
    header: list[str] = []
    chapter: int | None = None
    section: int | None = None
    current: ParsedArticle | None = None
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if m := _CHAPTER.match(line):
            chapter, section, current = roman_to_int(m.group(1)), None, None
            expected = len(result.chapters) + 1
            if chapter != expected:
                result.errors.append(Issue(number, f"Chapter {chapter} where {expected} was expected", "chapter_gap"))
            result.chapters.append(ParsedChapter(number=chapter, title=m.group(2).strip(), line=number))
        elif m := _SECTION.match(line):
            section, current = int(m.group(1)), None
            result.sections.append(ParsedSection(chapter=chapter or 0, number=section, title=m.group(2), line=number))
        elif m := _ARTICLE.match(line):
            article = int(m.group(1))
            expected = len(result.articles) + 1
            if article != expected:
                result.errors.append(Issue(number, f"Article {article} where {expected} was expected", "article_gap"))
            current = ParsedArticle(number=article, chapter=chapter, section=section, text=m.group(2).strip(), line=number)
            result.articles.append(current)
        elif current is not None:
            current.text += "\n" + line
        elif result.chapters or result.articles:
            result.errors.append(Issue(number, "Text outside any article", "not_text"))
        elif not result.title:
            result.title = line
        else:
            header.append(line)
    if not result.articles:
        result.errors.append(Issue(1, "No articles (“Article 1 …”) found", "no_articles"))
    return result, header
