"""A question bank typed as an exam paper, answer key at the end (e.g. 柜员等级评定题库).

    一、單選題(15題)
    1、手機(jī)銀行的登錄(lù)地址為()
    A、B、wap.boc.cn
    C、mbs.boc.cnD、mbs.boc.com2、下列哪項描述是錯誤的?()
    …
    三、填空題(15題)
    1、登錄中國銀行門戶網站的地址是()。
    四、問答題(5題)
    …
    答案
    一、1.C
    2.B
    二、多選題
    1.AC
    …
    四、簡答題
    1.答:(任意三重)
    第一重:…

Sections are ``一、<type>`` headers; numbering restarts in each; options may sit one per line, several
to a line, or run straight into the next question's number. The key after ``答案`` / ``参考答案`` is keyed
by section (its numeral) and number. The text may be Traditional with pinyin ruby: it is scrubbed,
parsed as written and every field converted to Simplified (the original stem is kept).
A web page's footer after the key (下载…文档, 声明:…, 相关范文推荐) ends the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.core.imports import Issue
from quizzes.question_types import OPTION_TYPES

from . import notation
from .base import (
    FIRST_OPTION_AT_LINE_START,
    GARBLED,
    TRUE_FALSE_OPTIONS,
    LineIndex,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    convert,
    count_blanks,
    either_script,
    garbled_message,
    issue,
    letters_to_indices,
    looks_truncated,
    option_marker,
    scrub,
    simplify,
    split_alternatives,
    split_options,
    tidy_lines,
    true_false_index,
)

_KINDS = {
    "单选题": "single", "单项选择题": "single", "多选题": "multiple", "多项选择题": "multiple",
    "不定项选择题": "multiple", "判断题": "true_false", "填空题": "fill_blank", "简答题": "short_answer",
    "问答题": "short_answer", "论述题": "short_answer", "排序题": "ordering",
    "计算题": "numerical", "连线题": "matching", "配对题": "matching", "匹配题": "matching",
}
_KIND = "|".join(either_script(k) for k in sorted(_KINDS, key=len, reverse=True))
_NUMERAL = "[一二三四五六七八九十]+"
_SECTION = re.compile(
    rf"^[ \t\u3000]*({_NUMERAL})[ \t]*[、.．][ \t]*({_KIND})[ \t]*(?:[(（]([^)）\n]*)[)）])?[ \t]*(.*)$"
)
_KEY_SECTION = re.compile(
    rf"^[ \t\u3000]*({_NUMERAL})[ \t]*[、.．][ \t]*({_KIND})?[ \t]*(?:[(（][^)）\n]*[)）])?[ \t]*(.*)$"
)
_KEY_START = re.compile(r"^[ \t\u3000]*(?:" + either_script("参考") + r")?答案(?:及" + either_script("解析")
                        + r")?[ \t]*[:：]?[ \t]*$")
_FOOTER = re.compile(
    r"^[ \t\u3000]*(?:" + "|".join([
        either_script("下载") + r".*(?:" + either_script("文档") + r"|\.docx?)",
        either_script("点此处下载"), either_script("文档为") + r"\w+格式", either_script("声明") + "[:：]",
        either_script("相关范文推荐"),
    ]) + ")"
)
_QUESTION_NUMBER = re.compile(r"(?m)^[ \t\u3000]*(\d{1,3})[ \t]*(?:[、．]|\.(?!\d))")
_SEPARATOR = r"[ \t]*(?:[、．]|\.(?!\d))"
_KEY_ITEM = re.compile(
    r"(\d{1,3})[ \t]*[.、．:：][ \t]*([A-Za-zＡ-Ｚａ-ｚ,，、]+|" + either_script("正确") + "|" + either_script("错误")
    + "|" + either_script("对") + "|" + either_script("错") + r"|√|×|✓|✗)"
)
_KEY_TEXT = re.compile(r"^[ \t\u3000]*(\d{1,3})[ \t]*[.、．:：][ \t]*(.*)$")
_KEY_ANSWER = re.compile(r"^[ \t\u3000]*(\d{1,3})[ \t]*[.、．:：][ \t]*(答[ \t]*[:：])?(.*)$")
_ORDER_HINT = re.compile(either_script("顺序") + "|排序")
_NOTE = re.compile(r"[(（]([^)）\n]{1,30})[)）]")


@dataclass
class _Section:
    numeral: str
    kind: str
    name: str
    line: int
    announced: int | None
    blocks: dict[int, dict] = field(default_factory=dict)


def parse_paper(text: str) -> ParseResult:
    lines = [scrub(line) for line in text.split("\n")]
    errors: list[Issue] = []
    first_header = next((i for i, ln in enumerate(lines) if _SECTION.match(ln)), None)
    if first_header is None:
        return ParseResult([], [Issue(1, _("No question sections found: an exam paper has headers like "
                                                "“一、单选题(15题)”; is this the right format?"), "paper.no_sections")])
    end = next((i for i in range(first_header, len(lines)) if _FOOTER.match(lines[i])), len(lines))
    key_start = next((i for i in range(first_header, end) if _KEY_START.match(lines[i])), None)
    body_end = key_start if key_start is not None else end

    sections = _read_sections(lines, first_header, body_end, errors)
    if key_start is None:
        errors.append(Issue(1, _("No answer key found: the answers must follow the questions after a line "
                                      "“答案” or “参考答案”."), "paper.no_answer_key"))
        return ParseResult([], errors)
    _read_key(lines, key_start + 1, end, sections, errors)

    questions: list[ParsedQuestion] = []
    for section in sections:
        for number, block in section.blocks.items():
            question = _build(section, number, block, errors)
            if question is not None:
                questions.append(question)
    errors.sort(key=lambda e: e.line)
    return ParseResult(questions, errors)


# ------------------------------------------------------------------------------------ the body


def _read_sections(lines: list[str], first: int, end: int, errors: list[Issue]) -> list[_Section]:
    body = "\n".join(lines[:end])
    index = LineIndex(body)
    headers = []  # (section, start of its content, end of its content)
    for i in range(first, end):
        m = _SECTION.match(lines[i])
        if m:
            name = simplify(m.group(2))
            count = re.search(r"(\d+)\s*[题題道]", m.group(3) or "")
            section = _Section(m.group(1), _KINDS[name], name, i + 1, int(count.group(1)) if count else None)
            headers.append([section, index.starts[i] + m.start(4), None])
    for k, header in enumerate(headers):
        header[2] = index.starts[headers[k + 1][0].line - 1] if k + 1 < len(headers) else len(body)
    seen: set[str] = set()
    for section, start, stop in headers:
        if section.numeral in seen:
            errors.append(Issue(section.line, _("section %(numeral)s appears twice") % {"numeral": section.numeral},
                                     "paper.duplicate_section"))
        seen.add(section.numeral)
        _read_questions(body, index, section, start, stop, errors)
        found = len(section.blocks)
        if section.announced is not None and found != section.announced:
            errors.append(Issue(section.line, _("%(numeral)s、%(section)s announces %(announced)s questions but "
                                                     "%(found)s were found")
                                     % {"numeral": section.numeral, "section": section.name,
                                        "announced": section.announced, "found": found}, "paper.count_mismatch"))
    return [h[0] for h in headers]


def _read_questions(body: str, index: LineIndex, section: _Section, start: int, stop: int,
                    errors: list[Issue]) -> None:
    first = _QUESTION_NUMBER.search(body, start, stop)
    if first is None:
        errors.append(Issue(section.line, _("%(numeral)s、%(section)s has no numbered questions")
                                 % {"numeral": section.numeral, "section": section.name}, "paper.empty_section"))
        return
    choice = section.kind not in ("fill_blank", "short_answer", "numerical")
    starts = [(int(first.group(1)), first.start(1), first.end())]
    while True:
        number, _start, content_start = starts[-1]
        following = re.compile(r"(?<![\d.])" + str(number + 1) + _SEPARATOR)
        position, accepted = content_start, None
        while accepted is None:
            m = following.search(body, position, stop)
            if m is None:
                break
            at_line_start = not body[index.start_of(m.start()):m.start()].strip()
            if at_line_start or (choice and option_marker("A", False).search(body, content_start, m.start())):
                accepted = m
            position = m.end()
        if accepted is None:
            break
        starts.append((number + 1, accepted.start(), accepted.end()))
    for k, (number, number_start, content_start) in enumerate(starts):
        content_end = starts[k + 1][1] if k + 1 < len(starts) else stop
        section.blocks[number] = {
            "line": index.of(number_start),
            "text": body[content_start:content_end],
            "offset": content_start,
            "index": index,
        }


def _split_block(kind: str, block: dict) -> tuple[str, list[tuple[int, str]], list[tuple[int, str]]]:
    """(stem, [(line, option text)], [(line, problem)]) of a question block."""
    text, offset, index = block["text"], block["offset"], block["index"]
    problems = [(index.of(offset + m.start()), garbled_message(m.group(0))) for m in GARBLED.finditer(text)]
    if kind in ("fill_blank", "short_answer", "numerical"):
        return tidy_lines(text), [], problems
    first = FIRST_OPTION_AT_LINE_START.search(text) or option_marker("A", False).search(text)
    if first is None:
        return tidy_lines(text), [], problems
    options, _spaced = split_options(text, first.start())
    result = []
    for i, (start, raw) in enumerate(options):
        line = index.of(offset + start)
        option = tidy_lines(raw)
        if not option:
            problems.append((line, Problem("paper.empty_option", _("option %(letter)s is empty") % {"letter": chr(65 + i)})))
        if FIRST_OPTION_AT_LINE_START.search(raw):
            problems.append((line, Problem("paper.second_options",
                                           _("a second set of options starts here; is a question number missing?"))))
        result.append((line, option))
    return tidy_lines(text[:first.start()]), result, problems


# -------------------------------------------------------------------------------- the answer key


def _read_key(lines: list[str], start: int, end: int, sections: list[_Section], errors: list[Issue]) -> None:
    by_numeral = {s.numeral: s for s in sections}
    groups: list[list] = []  # [section or None, header line, [(line no, text)]]
    for i in range(start, end):
        header = _KEY_SECTION.match(lines[i])
        rest = header.group(3).strip() if header else ""
        # "二、多选题", "一、1.C" or a bare "三、"; not "一、加强…" inside a model answer
        if header and (header.group(2) or (header.group(1) in by_numeral and (not rest or rest[0].isdigit()))):
            section = by_numeral.get(header.group(1))
            if section is None:
                errors.append(Issue(i + 1, _("the answer key has a section %(numeral)s that the paper does not have")
                                         % {"numeral": header.group(1)}, "paper.key_unknown_section"))
            elif header.group(2) and _KINDS[simplify(header.group(2))] != section.kind:
                errors.append(Issue(i + 1, _("answer key section %(numeral)s is “%(key)s” but the paper's section "
                                                  "%(numeral)s is “%(section)s”")
                                         % {"numeral": header.group(1), "key": simplify(header.group(2)),
                                            "section": section.name}, "paper.key_section_mismatch"))
                section = None
            groups.append([section, i + 1, []])
            if header.group(3).strip():
                groups[-1][2].append((i + 1, header.group(3)))
        elif lines[i].strip():
            if not groups:
                groups.append([sections[0] if len(sections) == 1 else None, i + 1, []])
            groups[-1][2].append((i + 1, lines[i]))
    for section, header_line, entries in groups:
        if section is None:
            if entries and not any(e.line == header_line for e in errors):
                errors.append(Issue(header_line, _("answers that belong to no section of the paper "
                                                        "(start each part of the key with “一、” …)"),
                                         "paper.key_without_section"))
            continue
        read = _read_short_answers if section.kind == "short_answer" else _read_key_items
        for number, line, answer in read(section, entries, errors):
            block = section.blocks.get(number)
            if block is None:
                errors.append(Issue(line, _("the answer key gives an answer for %(numeral)s、%(section)s question "
                                                 "%(number)s, which does not exist")
                                         % {"numeral": section.numeral, "section": section.name, "number": number},
                                         "paper.key_unknown_question"))
            elif "answer" in block:
                errors.append(Issue(line, _("%(section)s question %(number)s has two answers in the key "
                                                 "(lines %(first)s and %(second)s)")
                                         % {"section": section.name, "number": number, "first": block["answer_line"],
                                            "second": line}, "paper.key_two_answers"))
            else:
                block["answer"], block["answer_line"] = answer, line


def _read_key_items(section: _Section, entries, errors):
    """Letters / 对错 / fill-in texts: "1.C", "3.A 单选题", "1.AC 2.B", "1.http://"."""
    for line, text in entries:
        if section.kind in ("fill_blank", "numerical", "matching"):
            m = _KEY_TEXT.match(text)
            if m:
                yield int(m.group(1)), line, m.group(2).strip()
                continue
        else:
            items = list(_KEY_ITEM.finditer(text))
            leftover = _KEY_ITEM.sub("", text).strip()
            if items and (not leftover or simplify(leftover) in _KINDS):  # "3.A 單選題": a stray section label
                for item in items:
                    yield int(item.group(1)), line, item.group(2)
                continue
        errors.append(_unreadable_key_line(line, section, text))


def _unreadable_key_line(line: int, section: _Section, text: str) -> Issue:
    return Issue(line, _("cannot read this line of the answer key (%(section)s): “%(text)s”")
                      % {"section": section.name, "text": text.strip()[:40]}, "paper.key_unreadable_line")


def _read_short_answers(section: _Section, entries, errors):
    """"1.答:" then any number of lines, until the next "n.答:" (or the next number, when no 答 is used)."""
    current, uses_da, previous = None, None, 0
    for line, text in entries:
        m = _KEY_ANSWER.match(text)
        if m and uses_da is None:
            uses_da = bool(m.group(2))
        starts = m and ((uses_da and m.group(2)) or (not uses_da and int(m.group(1)) == previous + 1))
        if starts:
            if current:
                yield current[0], current[1], "\n".join(current[2])
            previous = int(m.group(1))
            current = [previous, line, [m.group(3)]]
        elif current:
            current[2].append(text)
        else:
            errors.append(_unreadable_key_line(line, section, text))
    if current:
        yield current[0], current[1], "\n".join(current[2])


# ------------------------------------------------------------------------------ the questions


def _build(section: _Section, number: int, block: dict, errors: list[Issue]) -> ParsedQuestion | None:
    line = block["line"]
    where = _("%(numeral)s、%(section)s question %(number)s") % {
        "numeral": section.numeral, "section": section.name, "number": number}
    stem_original, options, problems = _split_block(section.kind, block)
    stem, original = convert(stem_original)
    kind = section.kind
    if kind == "multiple" and _ORDER_HINT.search(stem):
        kind = "ordering"
    q = ParsedQuestion(line=line, type=kind, stem=stem, options=[simplify(o) for _line, o in options], correct=[],
                       blanks=[], model_answer=None, explanation=None, original_stem=original,
                       section=section.name, number=number)
    answer, answer_line = block.get("answer"), block.get("answer_line")
    if answer is None:
        problems.append((line, Problem("paper.no_answer", _("no answer for this question in the answer key"))))
    elif kind in OPTION_TYPES:
        indices = letters_to_indices(answer)
        if indices is None:
            problems.append((answer_line, Problem("paper.answer_not_letters",
                                                  _("the answer “%(answer)s” is not a list of option letters")
                                                  % {"answer": answer})))
        elif options and any(i >= len(options) for i in indices):
            problems.append((answer_line, Problem("paper.answer_not_an_option",
                                                  _("the answer “%(answer)s” names an option that does not exist (the "
                                                    "question has %(count)s options, A–%(last)s)")
                                                  % {"answer": answer, "count": len(options),
                                                     "last": chr(64 + len(options))})))
        else:
            q.correct = sorted(indices) if kind == "multiple" else indices
    elif kind == "true_false":
        q.options = list(TRUE_FALSE_OPTIONS)
        value = true_false_index(answer)
        if options and value is None and letters_to_indices(answer) is not None:
            value = letters_to_indices(answer)[0]
        if value is None:
            problems.append((answer_line, Problem("paper.answer_not_true_false", _("the answer “%(answer)s” is not 对 or 错")
                                                  % {"answer": answer})))
        else:
            q.correct = [value]
    elif kind == "fill_blank":
        _fill_in(q, answer, answer_line, problems)
    elif kind == "numerical":
        _numerical(q, answer, answer_line, problems)
    elif kind == "matching":
        _matching(q, answer, answer_line, problems)
    else:
        _short_answer(q, answer)
    if not problems:
        problems = [(line, p) for p in check_question(q)]
    if problems:
        errors.extend(issue(pline, message, where) for pline, message in problems)
        return None
    return q


def _fill_in(q: ParsedQuestion, answer: str, answer_line: int, problems: list) -> None:
    blanks = count_blanks(q.stem)
    if blanks == 0:
        problems.append((q.line, Problem("paper.no_blank", _("a fill-in question needs a blank “( )” or “____” in its "
                                                             "text"))))
        return
    if not answer:
        problems.append((answer_line, Problem("paper.empty_answer", _("the answer key gives no answer"))))
        return
    if looks_truncated(answer):
        problems.append((answer_line, Problem("paper.answer_truncated", _("the answer “%(answer)s” in the key looks "
                                                                          "truncated") % {"answer": answer})))
        return
    answer = simplify(answer)
    if blanks == 1:
        q.blanks = [split_alternatives(answer)]
        return
    for separator in (r"\|", r"[；;]", r"[，,、\s]+"):
        pieces = [p for p in re.split(separator, answer) if p.strip()]
        if len(pieces) == blanks:
            q.blanks = [[a.strip() for a in re.split(r"(?<![:/])/(?!/)", p) if a.strip()] for p in pieces]
            return
    problems.append((answer_line, Problem("paper.blanks_mismatch",
                                          _("the question has %(count)s blanks but the answer “%(answer)s” cannot be "
                                            "split into as many answers (separate them with “|”)")
                                          % {"count": blanks, "answer": answer})))


_PROMPT = re.compile(r"[(（][ \t]*(\d{1,2})[ \t]*[)）]|([①②③④⑤⑥⑦⑧⑨⑩])")
_NUMERIC_KEY = re.compile(
    r"^\s*(?P<spec>[+-]?\d[\d,]*(?:\.\d+)?(?:\s*(?:±|\+-)\s*\d+(?:\.\d+)?%?|\s*\.\.\s*[+-]?\d+(?:\.\d+)?)?"
    r"(?:\s*@\s*\d+(?:\.\d+)?%)?)\s*[(（]?(?P<unit>[^\d()（）]*?)[)）]?\s*$"
)


def _numerical(q: ParsedQuestion, answer: str, answer_line: int, problems: list) -> None:
    """"15元", "15±0.01（元）", "3.141..3.142", "1,822", several accepted values separated by "|"."""
    numeric, units = [], set()
    for part in (p for p in unicodedata.normalize("NFKC", answer).split("|") if p.strip()):
        m = _NUMERIC_KEY.match(part)
        try:
            numeric += notation.parse_numeric(m.group("spec").replace(",", "")) if m else []
        except notation.NotationError:
            m = None
        if m is None:
            problems.append((answer_line, Problem("paper.answer_not_a_number",
                                                  _("the answer “%(answer)s” is not a number (write 15, 15±0.01 or "
                                                    "3.141..3.142, optionally followed by the unit)")
                                                  % {"answer": answer})))
            return
        if m.group("unit").strip():
            units.add(simplify(m.group("unit").strip()))
    if len(units) > 1:
        problems.append((answer_line, Problem("paper.mixed_units", _("the accepted values of “%(answer)s” have "
                                                                     "different units") % {"answer": answer})))
        return
    q.numeric, q.unit = numeric, (units.pop() if units else None)


def _matching(q: ParsedQuestion, answer: str, answer_line: int, problems: list) -> None:
    """Items "(1)…(2)…" (or ①②) in the text, answers as options A、B、…; the key one letter per item."""
    marks = list(_PROMPT.finditer(q.stem))
    if len(marks) < 2:
        problems.append((q.line, Problem("paper.matching_items", _("a matching question lists its items as (1)… "
                                                                   "(2)… before the options A、B、…"))))
        return
    q.prompts = [tidy_lines(q.stem[m.end():(marks[k + 1].start() if k + 1 < len(marks) else len(q.stem))])
                 .replace("\n", " ").strip() for k, m in enumerate(marks)]
    q.stem = tidy_lines(q.stem[:marks[0].start()])
    if q.original_stem:
        q.original_stem = None
    indices = letters_to_indices(_PROMPT.sub("", answer))
    if indices is None or len(indices) != len(q.prompts):
        problems.append((answer_line, Problem("paper.matching_answer",
                                              _("the answer “%(answer)s” must give one option letter per item "
                                                "(%(count)s items), e.g. “(1)B (2)A”")
                                              % {"answer": answer, "count": len(q.prompts)})))
        return
    q.correct = indices


def _short_answer(q: ParsedQuestion, answer: str) -> None:
    """The model answer; a first line that is only a note in brackets ("(任意三重)") is the marking guide."""
    text = simplify(tidy_lines(answer))
    first, _sep, rest = text.partition("\n")
    note = _NOTE.fullmatch(first)
    if note and rest:
        q.marking_guide, text = note.group(1).strip(), rest
    q.model_answer = text or None
