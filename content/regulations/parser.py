"""Parse the plain text of a Chinese regulation into header, chapters (章), sections (节) and articles (条).

Pure module: no Django, no ORM. Text is cleaned with :mod:`portal.textutils.chinese` first (image data
URIs, ruby annotations and control characters out, Traditional -> Simplified), line by line so that every
line number reported refers to the 1-based line of the input.

Headings are recognised where real documents put them, including run-in ones
(``…制定本办法。第二条本办法所称…``, ``第一章总则第一条为加强…``), and cross-references are left in the
text (``依照本办法第十二条规定``, ``违反第三条规定的``, ``本办法第二十条、第二十一条``, ``《…》第五条``).
An article heading must

* carry the expected next number (a small forward jump is accepted and reported as a gap; a repeated
  number is accepted and reported as a duplicate; a restart at 第一条/第一章 stops the parse: the text is a
  second copy of the document, and merging it silently would be wrong);
* stand at a sentence boundary: start of a line, after 。；：！？ (optionally followed by a closing quote or
  bracket), or right after a chapter/section heading's title. The first article (and a restart) may also
  follow the document title directly (``…管理办法第一条``);
* not be followed by what makes it a reference: 规定, 的, 之, 所称, 中的, 第X款/项, 、, 至第 …;
* not stand inside 《…》.

A chapter or section heading must have a plausible number and be followed either by a short title
(≤ 30 characters, no sentence punctuation) running into an acceptable article/section heading, or by a
short title that ends the line.

Chapters (and sections) listed before any article and then listed again from 第一章 are a table of
contents (目录) and are dropped.

Nothing here raises on bad input: problems are returned in ``ParsedRegulation.errors`` as
:class:`portal.core.imports.Issue` (1-based line, a stable ``code``, a message translated into the active
language with named placeholders; headings are named by :mod:`content.regulations.ordinals`, 第十二条 in
Chinese and "Article 12" in English). Codes (:data:`ISSUE_CODES`):
``empty``, ``binary``, ``not_utf8``, ``not_text``, ``no_articles``, ``no_title``, ``article_gap``,
``article_duplicate``, ``article_order``, ``article_restart`` (numbered again from 第一条 in a new chapter),
``document_restart`` (第一章/第一条 again: a second copy; the rest is not parsed), ``chapter_gap``,
``chapter_duplicate``, ``section_gap``, ``section_duplicate``, ``invalid_date``, ``internal_error``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from portal.core import uploads
from portal.core.imports import Issue
from portal.textutils.chinese import clean_seed_text

from .numerals import NUMERAL_CLASS, chinese_to_int
from .ordinals import ordinal_label
from .ordinals import ordinal_range as _ordinal_range

__all__ = [
    "ISSUE_CODES",
    "ParsedArticle",
    "ParsedChapter",
    "ParsedRegulation",
    "ParsedSection",
    "parse_regulation",
    "parse_regulation_bytes",
    "split_items",
]


# --------------------------------------------------------------------------------------------- results


@dataclass
class ParsedChapter:
    number: int
    title: str
    line: int


@dataclass
class ParsedSection:
    chapter: int  # 0 when the section is not inside any chapter
    number: int
    title: str
    line: int


@dataclass
class ParsedArticle:
    number: int
    chapter: int | None
    section: int | None
    text: str  # everything after the 第X条 heading, lines stripped and joined with "\n"
    line: int
    items: list[str] = field(default_factory=list)  # "(一)…", "(二)…" split out of text (text keeps them)



#: every code the parser's issues carry
ISSUE_CODES = frozenset({
    "empty", "binary", "not_utf8", "not_text", "no_articles", "no_title", "article_gap", "article_duplicate",
    "article_order", "article_restart", "document_restart", "chapter_gap", "chapter_duplicate", "section_gap",
    "section_duplicate", "invalid_date", "internal_error",
})


@dataclass
class ParsedRegulation:
    title: str
    document_number: str | None = None
    issuer: str | None = None
    adopted_date: date | None = None
    promulgated_date: date | None = None
    effective_date: date | None = None
    chapters: list[ParsedChapter] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        return {
            "title": self.title,
            "document_number": self.document_number,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "chapters": [{"number": c.number, "title": c.title} for c in self.chapters],
            "sections": [{"chapter": s.chapter, "number": s.number, "title": s.title} for s in self.sections],
            "articles": [
                {"number": a.number, "chapter": a.chapter, "section": a.section, "text": a.text}
                for a in self.articles
            ],
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
        }


# --------------------------------------------------------------------------------------------- patterns

_N = NUMERAL_CLASS  # one numeral character: 一..九 十 百 千 零 〇 两, arabic digits
_WS = " \t\u3000\xa0"  # blanks (lines never contain "\n")

_HEADING = re.compile(rf"第\s*({_N}{{1,8}})\s*([章节条])")
# a chapter/section title running into the next heading: short, no sentence punctuation
_RUNIN_TITLE = re.compile(rf"\s*([^。；;，,：:！!？?\n]{{0,30}}?)\s*(?=第\s*{_N}{{1,8}}\s*[节条])")
_TITLE_PUNCT = re.compile(r"[。；;，,：:！!？?]")
_SENTENCE_END = re.compile(r"(?:[。；;：:！!？?]|(?<![0-9０-９A-Za-z])\.)[”’\"'」』)）\]】]*$")
# what follows 第X条 when it is a reference, not a heading
_REFERENCE_AFTER = re.compile(
    r"^(?:规定|有关规定|相关规定|另有规定|的|之|所(?:称|指|列|述|规定|涉|定|确定|说)|中的|中规定|中所|至|到|、"
    rf"|[和或及与]第|以及第|或者第|以外|以下的|以上的|第\s*{_N}{{1,6}}\s*[款项目]|[，,。；;）)”》\]】])"
)
# what precedes 第X章/节/条 when it is a reference (only consulted where no sentence boundary is required)
_REFERENCE_BEFORE = re.compile(
    r"(?:(?:^|[^基根资成日样版文剧账课])本(?:办法|规定|细则|条例|法|规则|制度|规程|准则|指引|章|节|条|通知|意见|决定)"
    r"|依照|违反|根据|按照|依据|参照|适用|符合|对照|详见|参见|见|和|或|及|与|至|到|、|》|第[^第]{1,8}[章节条款项])$"
)
# a document title right before the first heading: …管理办法第一章 / …实施细则（试行）第一条
_TITLE_SUFFIX = re.compile(
    r"(?:办法|规定|细则|条例|规则|制度|规程|准则|指引|章程|意见|决定|通知|须知|标准|法)(?:[(（][^()（）]{1,8}[)）])?$"
)

_ATTACHMENT_PREFIX = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*")
_ISSUING_NOTICE = re.compile(
    r".{0,30}?关于(?:印发|发布|颁布|下发|转发)《([^《》]{2,60})》的(?:通知|决定|公告)"
)
_DOCNO_PAREN = re.compile(r"[（(][^()（）]*(?:号|令|年|日)[^()（）]*[)）].*$")

_ARABIC_DATE = re.compile(r"([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_CHINESE_DATE = re.compile(
    r"([〇○零Ｏ0０一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-./]([0-9]{1,2})[-./]([0-9]{1,2})(?![0-9])")

# 中国银行业监督管理委员会令2006年第5号, 中国人民银行令〔2005〕第2号
_ORDER_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{2,30}?)令\s*[〔\[［【(（]?\s*([0-9０-９]{4})\s*[〕\]］】)）]?\s*年?\s*第\s*([0-9０-９]{1,5})\s*号"
)
# 银监发〔2006〕5号, 银发[2006]5号, X农信联发〔2026〕7号 (a county's letter code before the issuer's short name)
_BRACKET_NUMBER = re.compile(
    r"((?<![A-Za-zＡ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ]{0,4}[\u4e00-\u9fff]{1,8})[〔\[［【(（]\s*((?:19|20)[0-9]{2})\s*[〕\]］】)）]\s*第?\s*([0-9]{1,5})\s*号"
)
_DOC_TYPE_WORDS = re.compile(r".*(?:办法|规定|细则|条例|规则|通知|意见|决定|》|的)")
_ISSUER_LINE = re.compile(
    r"^[\u4e00-\u9fff()（）]{2,30}(?:委员会|银行|总行|分行|支行|联社|人民政府|部|局|总局|署|办公室|办公厅|公司)$"
)
_MEETING = re.compile(
    r"日?([\u4e00-\u9fff]{2,30}?)第\s*[0-9０-９一二三四五六七八九十百]+\s*次[^。\n]{0,12}会议"
)

_IMAGE_BLOCK = re.compile(r"<(?:\w+:)?image\b[^>]*>.*?</(?:\w+:)?image\s*>", re.DOTALL | re.IGNORECASE)
_ITEM = re.compile(r"[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]")

_STRONG, _BOUNDARY, _AFTER_TITLE = "strong", "boundary", "after-title"


# --------------------------------------------------------------------------------------------- helpers


def _err(line: int, message: str, code: str) -> Issue:
    return Issue(line=line, message=message, code=code)


def format_ordinal(number: int, unit: str = "条") -> str:
    """The heading in the reader's language (第十二条 / Article 12): the messages name headings this way."""
    return ordinal_label(number, unit)


def _gap(before: str, after: str, missing: str) -> str:
    return _("%(after)s follows %(before)s (missing: %(missing)s).") % {
        "before": before, "after": after, "missing": missing}


def _not_read() -> str:
    return _("the text from this line on was not read")


def _inside_book_title(before: str) -> bool:
    """Is the end of ``before`` inside an open 《…》 (a book title is short: look back 60 characters)?"""
    opening = before.rfind("《")
    return opening > before.rfind("》") and len(before) - opening <= 60


def _clean_lines(text: str) -> list[str]:
    # image blocks (<image>…</image>, also with a namespace prefix as the seeds' export writes them) may
    # span lines: remove them but keep their line breaks so that line numbers stay right
    text = _IMAGE_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean_seed_text(line) for line in text.split("\n")]


def split_items(text: str) -> list[str]:
    """Split the items (一)(二)… (half- or full-width brackets) out of an article's text.

    Items must be numbered in sequence from (一); a new (一) starts a second list. An item runs to the next
    item or to the end of its paragraph (line). References such as 第(一)项 / 本条(二) are not items.
    """
    starts: list[int] = []
    expected = 1
    for m in _ITEM.finditer(text):
        try:
            n = chinese_to_int(m.group(1))
        except ValueError:
            continue
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        if before.endswith(("第", "条", "款", "项")) or after.startswith(("项", "款", "目")):
            continue
        if n == expected or (n == 1 and starts):
            starts.append(m.start())
            expected = n + 1
    items = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        newline = text.find("\n", start, end)
        if newline != -1:
            end = newline
        item = text[start:end].strip()
        if item:
            items.append(item)
    return items


def _to_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(chinese_to_int(y), chinese_to_int(m), chinese_to_int(d))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------- parser


@dataclass
class _Marker:
    kind: str  # "章" | "节" | "条" | "stop"
    number: int
    line: int  # 0-based index into lines
    col: int
    body_line: int
    body_col: int
    title: str = ""


class _Parser:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.markers: list[_Marker] = []
        self.errors: list[Issue] = []
        self.last_article = 0
        self.last_chapter = 0
        self.last_section = 0  # within the current chapter
        self.current_chapter: int | None = None
        self.stopped = False

    # ---- classification of numbers ------------------------------------------------------------

    def _article_kind(self, num: int, position: str, *, restarting: bool = False) -> str | None:
        """'next' | 'first-gap' | 'gap' | 'duplicate' | 'backward' | 'restart' | None (not a heading)."""
        last = 0 if restarting else self.last_article
        if last == 0:
            if num == 1:
                return "restart" if restarting else "next"
            if restarting:
                return None
            if position == _STRONG or (position != _AFTER_TITLE and num <= 10):
                return "first-gap"
            return None
        if position == _AFTER_TITLE:  # directly after the document title: only a (re)start counts
            return "restart" if num == 1 else None
        if num == last + 1:
            return "next"
        if last + 1 < num <= last + 6 or (num > last and position == _STRONG and num <= last + 50):
            return "gap"
        if num == last:
            return "duplicate"
        if num == 1:
            return "restart"
        if num < last and position == _STRONG:
            return "backward"
        return None

    def _division_kind(self, kind: str, num: int) -> str | None:
        last = self.last_chapter if kind == "章" else self.last_section
        if num == last + 1:
            return "next"
        if last + 1 < num <= last + 3:
            return "gap"
        if last and num == last:
            return "duplicate"
        if last and num == 1:
            return "restart" if kind == "章" else "backward"
        return None

    # ---- scanning ------------------------------------------------------------------------------

    def run(self) -> None:
        for li, line in enumerate(self.lines):
            if self.stopped:
                break
            self._scan_line(li, line)

    def _scan_line(self, li: int, line: str) -> None:
        pos = 0
        strong_at = -1  # column where a heading counts as "right after a chapter/section title"
        while not self.stopped:
            m = _HEADING.search(line, pos)
            if not m:
                return
            try:
                num = chinese_to_int(m.group(1))
            except ValueError:
                pos = m.start() + 1
                continue
            if num <= 0:
                pos = m.start() + 1
                continue
            kind = m.group(2)
            if kind == "条":
                accepted_end = self._try_article(li, line, m, num, after_heading=m.start() == strong_at)
            else:
                accepted_end, next_strong = self._try_division(li, line, m, kind, num, m.start() == strong_at)
                if accepted_end is not None:
                    strong_at = next_strong
            pos = accepted_end if accepted_end is not None else m.start() + 1

    def _position(self, line: str, m: re.Match, after_heading: bool) -> str | None:
        # looking at the last 80 characters is enough, and keeps long run-in lines linear
        before = line[max(0, m.start() - 80) : m.start()].rstrip(_WS)
        if _inside_book_title(before):
            return None
        if not before or after_heading:
            return _STRONG
        if _SENTENCE_END.search(before):
            return _BOUNDARY
        if _TITLE_SUFFIX.search(before) and not _REFERENCE_BEFORE.search(before):
            return _AFTER_TITLE
        return None

    def _article_heading_ok(self, line: str, m: re.Match, num: int, after_heading: bool, *, restarting=False):
        """Return (kind, position) if the 第X条 at m is a heading, else None. Does not change state."""
        after = line[m.end() :].lstrip(_WS)
        if _REFERENCE_AFTER.match(after):
            return None
        position = self._position(line, m, after_heading)
        if position is None:
            return None
        if not after and position != _STRONG:
            return None
        kind = self._article_kind(num, position, restarting=restarting)
        return (kind, position) if kind else None

    def _try_article(self, li: int, line: str, m: re.Match, num: int, *, after_heading: bool) -> int | None:
        judged = self._article_heading_ok(line, m, num, after_heading)
        if judged is None:
            return None
        kind = judged[0]
        lineno = li + 1
        last = self.last_article
        if kind == "restart":
            if self.markers and self.markers[-1].kind in ("章", "节"):
                # a new chapter (not a second 第一章) starting again at 第一条: numbered per chapter
                self.errors.append(
                    _err(
                        lineno,
                        _("%(division)s starts again at %(first)s (%(earlier)s came before): articles are numbered "
                          "through the whole text; %(not_read)s.") % {
                            "division": format_ordinal(self.markers[-1].number, self.markers[-1].kind),
                            "first": format_ordinal(1, "条"), "earlier": _ordinal_range(1, last, "条"),
                            "not_read": _not_read()},
                        "article_restart",
                    )
                )
                self.markers.append(_Marker("stop", 0, li, m.start(), li, m.start()))
                self.stopped = True
                return m.end()
            self._restart(li, m.start(), lineno, "条", last)
            return m.end()
        if kind == "first-gap":
            self.errors.append(
                _err(
                    lineno,
                    _("The first article is %(article)s (missing: %(missing)s).") % {
                        "article": format_ordinal(num), "missing": _ordinal_range(1, num - 1, "条")},
                    "article_gap",
                )
            )
        elif kind == "gap":
            self.errors.append(
                _err(
                    lineno,
                    _gap(format_ordinal(last), format_ordinal(num), _ordinal_range(last + 1, num - 1, "条")),
                    "article_gap",
                )
            )
        elif kind == "duplicate":
            self.errors.append(_err(lineno, _("%(heading)s appears twice.") % {"heading": format_ordinal(num)},
                                    "article_duplicate"))
        elif kind == "backward":
            self.errors.append(
                _err(
                    lineno,
                    _("%(after)s follows %(before)s: the articles are out of order.") % {
                        "before": format_ordinal(last), "after": format_ordinal(num)},
                    "article_order",
                )
            )
        self.markers.append(_Marker("条", num, li, m.start(), li, m.end()))
        self.last_article = max(num, last) if kind == "backward" else num
        return m.end()

    def _restart(self, li: int, col: int, lineno: int, unit: str, last: int) -> None:
        self.errors.append(
            _err(
                lineno,
                _("%(first)s appears again (%(earlier)s came before): the text may hold a second copy of the same "
                  "document; %(not_read)s.") % {
                    "first": format_ordinal(1, unit), "earlier": _ordinal_range(1, last, unit),
                    "not_read": _not_read()},
                "document_restart",
            )
        )
        self.markers.append(_Marker("stop", 0, li, col, li, col))
        self.stopped = True

    def _try_division(self, li: int, line: str, m: re.Match, kind: str, num: int, after_heading: bool):
        """Chapter (章) or section (节). Returns (end column, column where a run-in heading starts) or (None, -1)."""
        dkind = self._division_kind(kind, num)
        if dkind is None:
            return None, -1
        before = line[max(0, m.start() - 80) : m.start()].rstrip(_WS)
        if _inside_book_title(before) or (before and not after_heading and _REFERENCE_BEFORE.search(before)):
            return None, -1
        rest = line[m.end() :]
        title = None
        body_line, body_col = li, len(line)
        next_strong = -1
        tm = _RUNIN_TITLE.match(rest)
        if tm:
            nxt = _HEADING.match(rest, tm.end())
            if nxt and self._runin_target_ok(kind, dkind, line, m.end(), nxt):
                title = tm.group(1).strip(_WS)
                body_col = next_strong = m.end() + tm.end()
        if title is None:
            at_boundary = not before or after_heading or bool(_SENTENCE_END.search(before))
            rest_s = rest.strip(_WS)
            if not at_boundary or len(rest_s) > 30 or _TITLE_PUNCT.search(rest_s) or _HEADING.search(rest_s):
                return None, -1
            title = rest_s
            if not title:  # "第一章" alone on its line, the title on the next non-empty line
                for nli in range(li + 1, min(li + 3, len(self.lines))):
                    cand = self.lines[nli].strip(_WS)
                    if not cand:
                        continue
                    if len(cand) <= 30 and not _TITLE_PUNCT.search(cand) and not _HEADING.search(cand):
                        title, body_line, body_col = cand, nli, len(self.lines[nli])
                    break
        lineno = li + 1
        if kind == "章":
            last = self.last_chapter
            if dkind == "restart" and self.last_article == 0:
                # the chapters seen so far, with no article among them, were a table of contents (目录)
                self.markers.clear()
                self.errors = [e for e in self.errors if not e.code.startswith(("chapter_", "section_"))]
                self.current_chapter, last = None, 0
            elif dkind == "restart":
                self._restart(li, m.start(), lineno, "章", last)
                return len(line), -1
            if dkind == "gap":
                self.errors.append(
                    _err(
                        lineno,
                        _gap(format_ordinal(last, "章"), format_ordinal(num, "章"),
                             _ordinal_range(last + 1, num - 1, "章")),
                        "chapter_gap",
                    )
                )
            elif dkind == "duplicate":
                self.errors.append(_err(lineno, _("%(heading)s appears twice.") % {"heading": format_ordinal(num, "章")},
                                        "chapter_duplicate"))
            self.last_chapter = num
            self.current_chapter = num
            self.last_section = 0
        else:
            last = self.last_section
            chapter = format_ordinal(self.current_chapter, "章") if self.current_chapter else ""
            if dkind == "gap":
                missing = _ordinal_range(last + 1, num - 1, "节")
                before, after = format_ordinal(last, "节"), format_ordinal(num, "节")
                message = (_("In %(chapter)s, %(after)s follows %(before)s (missing: %(missing)s).") % {
                    "chapter": chapter, "before": before, "after": after, "missing": missing}
                    if chapter else _gap(before, after, missing))
                self.errors.append(_err(lineno, message, "section_gap"))
            elif dkind in ("duplicate", "backward"):
                heading = format_ordinal(num, "节")
                message = (_("In %(chapter)s, %(heading)s appears twice.") % {"chapter": chapter, "heading": heading}
                           if chapter else _("%(heading)s appears twice.") % {"heading": heading})
                self.errors.append(_err(lineno, message, "section_duplicate"))
            self.last_section = num
        self.markers.append(_Marker(kind, num, li, m.start(), body_line, body_col, title))
        end = next_strong if next_strong >= 0 else len(line)
        return end, next_strong

    def _runin_target_ok(self, kind: str, dkind: str, line: str, offset: int, nxt: re.Match) -> bool:
        """Is the heading that follows a run-in chapter/section title an acceptable heading?"""
        try:
            num = chinese_to_int(nxt.group(1))
        except ValueError:
            return False
        # re-match on the whole line so that before/after context is right
        whole = _HEADING.match(line, offset + nxt.start())
        if whole is None:
            return False
        if whole.group(2) == "节":
            return kind == "章" and num == 1
        restarting = kind == "章" and dkind == "restart"
        judged = self._article_heading_ok(line, whole, num, True, restarting=restarting)
        # a title running into an article is only believed when the article has the expected number
        # (第四章第四十一条另有规定的… is a reference, not two headings)
        return judged is not None and judged[0] in ("next", "restart", "first-gap")

    # ---- assembling ----------------------------------------------------------------------------

    def segment(self, start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, str]]:
        """(1-based line, stripped text) pieces between two (line, col) positions, empty ones dropped."""
        (l1, c1), (l2, c2) = start, end
        pieces = []
        for li in range(l1, min(l2, len(self.lines) - 1) + 1):
            line = self.lines[li]
            a = c1 if li == l1 else 0
            b = c2 if li == l2 else len(line)
            piece = line[a:b].strip(_WS)
            if piece:
                pieces.append((li + 1, piece))
        return pieces

    def end_of(self, index: int) -> tuple[int, int]:
        if index + 1 < len(self.markers):
            nxt = self.markers[index + 1]
            return nxt.line, nxt.col
        last = len(self.lines) - 1
        return last, len(self.lines[last])


def _parse_header(pieces: list[tuple[int, str]], result: ParsedRegulation, title_given: bool) -> None:
    text_lines = [p for _, p in pieces]
    text_lines = [p for _, p in pieces]

    # -- title
    if not title_given:
        for _lineno, piece in pieces:
            t = _ATTACHMENT_PREFIX.sub("", piece)
            t = _DOCNO_PAREN.sub("", t)
            t = t.split("。", 1)[0].strip(_WS)
            notice = _ISSUING_NOTICE.fullmatch(t)  # 关于印发《某某办法》的通知 -> 某某办法
            if notice:
                t = notice.group(1).strip(_WS)
            if not t or _ORDER_NUMBER.fullmatch(t) or _BRACKET_NUMBER.fullmatch(t):
                continue
            if _ARABIC_DATE.fullmatch(t) or _CHINESE_DATE.fullmatch(t):
                continue
            if len(t) <= 60:
                result.title = t
            break

    # -- document number and issuer
    for piece in text_lines:
        m = _ORDER_NUMBER.search(piece) or _BRACKET_NUMBER.search(piece)
        if not m:
            continue
        prefix = m.group(1)
        cut = _DOC_TYPE_WORDS.match(prefix)
        if cut:
            prefix = prefix[cut.end() :]
        if not prefix:
            continue
        whole = m.group(0)
        result.document_number = re.sub(r"\s", "", whole[len(m.group(1)) - len(prefix) :])
        if m.re is _ORDER_NUMBER:
            result.issuer = prefix
        break
    if result.issuer is None:
        for piece in text_lines:
            if piece != result.title and _ISSUER_LINE.match(piece):
                result.issuer = piece
                break
    if result.issuer is None:
        for piece in text_lines:
            m = _MEETING.search(piece)
            if m:
                result.issuer = re.sub("^(?:已经|经|由)", "", m.group(1)) or None
                break

    # -- dates
    found: list[tuple[date, str, str]] = []  # (date, text before it in its piece, text after it)
    for line, piece in pieces:
        for pattern in (_ARABIC_DATE, _CHINESE_DATE, _ISO_DATE):
            for m in pattern.finditer(piece):
                d = _to_date(*m.groups())
                if d is None:
                    result.errors.append(_err(line, _("Invalid date: %(date)s") % {"date": m.group(0)}, "invalid_date"))
                    continue
                found.append((d, piece[: m.start()], piece[m.end() :]))
    used: set[int] = set()
    for i, (d, before, after) in enumerate(found):
        if result.adopted_date is None and re.match("[^。\\n]{0,60}?通过", after):
            result.adopted_date = d
            used.add(i)
        elif result.effective_date is None and (
            re.match(r"\s*起?\s*(?:施行|实施|执行|生效)", after)
            or re.search(r"(?:施行|实施|生效)(?:日期|时间)\s*[:：]?\s*$", before)
        ):
            result.effective_date = d
            used.add(i)
        elif result.promulgated_date is None and (
            re.match(r"\s*(?:公布|发布|印发)", after)
            or re.search(r"(?:公布|发布|印发)(?:日期|时间)?\s*[:：]?\s*$", before)
        ):
            result.promulgated_date = d
            used.add(i)
    header_text = "\n".join(text_lines)
    if result.promulgated_date is None and re.search("公布|发布|印发", header_text):
        # the date under the signature of a 令 (…现予公布 … 主席某某 二○○六年一月二十六日)
        rest = [entry[0] for i, entry in enumerate(found) if i not in used]
        if rest:
            result.promulgated_date = rest[-1]
    if result.effective_date is None and re.search(
        "自(?:公布|发布|印发)之日起(?:施行|实施|执行|生效)", header_text
    ):
        result.effective_date = result.promulgated_date


def _parse(text: str, title: str | None) -> ParsedRegulation:
    given = (clean_seed_text(title).strip() if title else "") or ""
    result = ParsedRegulation(title=given)
    if "\x00" in text:
        result.errors.append(_err(1, _("The file is binary (it contains NUL bytes), not plain text."), "binary"))
        return result
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        result.errors.append(_err(1, _("The file is empty."), "empty"))
        return result

    lines = _clean_lines(text)
    parser = _Parser(lines)
    parser.run()
    result.errors.extend(parser.errors)

    markers = parser.markers
    header_end = (markers[0].line, markers[0].col) if markers else (len(lines) - 1, len(lines[-1]))
    _parse_header(parser.segment((0, 0), header_end), result, title_given=bool(given))

    chapter: int | None = None
    section: int | None = None
    for i, mk in enumerate(markers):
        if mk.kind == "stop":
            break
        if mk.kind == "章":
            chapter, section = mk.number, None
            result.chapters.append(ParsedChapter(number=mk.number, title=mk.title, line=mk.line + 1))
        elif mk.kind == "节":
            section = mk.number
            result.sections.append(
                ParsedSection(chapter=chapter or 0, number=mk.number, title=mk.title, line=mk.line + 1)
            )
        else:
            pieces = parser.segment((mk.body_line, mk.body_col), parser.end_of(i))
            body = "\n".join(p for _, p in pieces)
            result.articles.append(
                ParsedArticle(
                    number=mk.number,
                    chapter=chapter,
                    section=section,
                    text=body,
                    line=mk.line + 1,
                    items=split_items(body),
                )
            )

    if not result.articles:
        result.errors.append(_err(1, _("No articles found (such as “第一条……”): this is not the text of a regulation."),
                                  "no_articles"))
    if not result.title:
        result.errors.append(_err(1, _("No document title found; enter the title."), "no_title"))
    result.errors.sort(key=lambda e: e.line)
    return result


def parse_regulation(text: str, *, title: str | None = None) -> ParsedRegulation:
    """Parse a regulation's text. Never raises on bad input: look at ``.errors``."""
    if isinstance(text, bytes | bytearray | memoryview):
        return parse_regulation_bytes(bytes(text), title=title)
    if not isinstance(text, str):
        result = ParsedRegulation(title=title or "")
        result.errors.append(_err(1, _("The input is not text."), "not_text"))
        return result
    try:
        return _parse(text, title)
    except Exception as exc:  # noqa: BLE001 - an upload must never crash the page; report instead
        result = ParsedRegulation(title=title or "")
        result.errors.append(_err(1, _("The text could not be read (internal error %(error)s).")
                                  % {"error": type(exc).__name__}, "internal_error"))
        return result


def parse_regulation_bytes(data: bytes, *, title: str | None = None) -> ParsedRegulation:
    """Decode UTF-8 (with or without BOM; UTF-16 with BOM) and parse; report binary / non-UTF-8 input."""
    if isinstance(data, str):
        return parse_regulation(data, title=title)

    def failed(line: int, message: str, code: str) -> ParsedRegulation:
        result = ParsedRegulation(title=(title or "").strip())
        result.errors.append(_err(line, message, code))
        return result

    try:
        data = bytes(data)
    except Exception:  # noqa: BLE001
        return failed(1, _("The input is not text."), "not_text")
    if uploads.is_utf16(data):
        try:
            return parse_regulation(data.decode("utf-16"), title=title)
        except UnicodeDecodeError:
            return failed(1, _("The file is not valid UTF-16 text."), "binary")
    kind = uploads.sniff(data)
    if kind != uploads.TEXT:
        return failed(
            1,
            _("The file is %(kind)s, not plain text: upload a .txt file in UTF-8.") % {"kind": uploads.kind_label(kind)},
            "binary",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return failed(line, _("The file is not a text file (it cannot be read as UTF-8 or GBK); it may be "
                                  "binary."), "binary")
        return failed(line, _("The file is not UTF-8 text (it may be GBK/GB18030): save it as UTF-8 and upload it "
                              "again."), "not_utf8")
    return parse_regulation(text, title=title)
