"""The online-survey (问卷星 / wjx) text export of an exam.

What the export looks like (one or more surveys, lines broken wherever the export felt like it)::

    电子银行中心内部业务培训考试1、2023年…不包括() [单选题] *A.惠支付客户净增B.场景业务客户净增
    C.…D.惠支付客户结算存款余额净增(正确答案)答案解析:…是省联社对中心考核指标2、对百日攻坚…
    6、电子银行中心不属于省联社前台部门。
    () [判断题] *对错(正确答案)答案解析:电子银行中心属于省联社前台部门。

Each question carries a type marker ``[单选题]`` / ``[多选题]`` / ``[判断题]``; that marker is the anchor.
The question number is the last "n、" / "n." before it (n = previous number + 1, or 1 when a new survey
starts), the options follow it (``A.`` ``A、`` ``A．``), ``(正确答案)`` follows the option it marks (sometimes
on the next line), ``答案解析:`` starts the optional explanation, and nothing separates the explanation
from the next question's number.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from portal.core.imports import Issue

from .base import (
    FIRST_OPTION_AT_LINE_START,
    TRUE_FALSE_OPTIONS,
    LineIndex,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    convert,
    either_script,
    issue,
    option_marker,
    question_where,
    scrub,
    simplify,
    split_options,
    tidy_lines,
    true_false_index,
)

_MARKER = re.compile(r"\[[ \t]*([^\[\]\n]{1,12}?[题題])[ \t]*\]")
_TYPES = {"单选题": "single", "多选题": "multiple", "判断题": "true_false"}
_CORRECT = re.compile(r"[(（][ \t]*" + either_script("正确答案") + r"[ \t]*[)）]")
_EXPLANATION = re.compile(r"答案解析[ \t]*[:：]?|" + either_script("解析") + r"[ \t]*[:：]")
_SEPARATOR = r"[ \t]*(?:[、．]|\.(?!\d))"  # "1、2023年…" is question 1; "1.5" is not
_ANY_NUMBER = re.compile(r"(?<![\d.])(\d{1,4})" + _SEPARATOR)
_TF_TOKEN = re.compile(
    r"\s*(" + "|".join(either_script(w) for w in ("正确", "错误", "对", "错")) + r"|√|×)\s*((?:"
    + _CORRECT.pattern + r")?)"
)


def _number_pattern(n: int, strict: bool) -> re.Pattern:
    return re.compile((r"(?<![\d.])" if strict else "") + str(n) + _SEPARATOR)


def _last(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 - we want the last match
        pass
    return found


def parse_wjx(text: str) -> ParseResult:
    text = "\n".join(scrub(line) for line in text.split("\n"))
    markers = list(_MARKER.finditer(text))
    if not markers:
        return ParseResult([], [Issue(1, _("No questions found: a survey (问卷星) export marks every question "
                                                "with [单选题], [多选题] or [判断题]; is this the right format?"),
                                           "wjx.no_questions")])
    lines = LineIndex(text)
    errors: list[Issue] = []

    # 1. find each question's number: the last "n、" before its type marker
    heads: list[tuple[int, int, int, bool] | None] = []  # (number, start, end, restarts a survey)
    previous_end, previous_number = 0, 0
    for k, marker in enumerate(markers):
        expected = previous_number + 1
        found = (_last(_number_pattern(expected, True), text, previous_end, marker.start())
                 or _last(_number_pattern(expected, False), text, previous_end, marker.start()))
        number = expected
        if found is None and k > 0:
            found = _last(_number_pattern(1, True), text, previous_end, marker.start())
            number = 1
        if found is None:
            found = _last(_ANY_NUMBER, text, previous_end, marker.start())
            number = int(found.group(1)) if found else 0
        if found is None:
            errors.append(Issue(lines.of(marker.start()),
                                     _("no question number (like “%(number)s、”) before the marker [%(marker)s]")
                                     % {"number": expected, "marker": marker.group(1)}, "wjx.missing_number"))
            heads.append(None)
            previous_end = marker.end()
            continue
        heads.append((number, found.start(), found.end(), k == 0 or (number == 1 and previous_number > 0)))
        previous_end, previous_number = marker.end(), number

    # 2. the text of each question: stem up to the marker, body up to the next question's number
    questions: list[ParsedQuestion] = []
    section: str | None = None
    for k, marker in enumerate(markers):
        head = heads[k]
        if head is None:
            continue
        number, num_start, num_end, new_survey = head
        if new_survey:
            section = _survey_title(text, lines, num_start, 0 if k == 0 else markers[k - 1].end())
        body_end = len(text)
        for later in range(k + 1, len(markers)):
            if heads[later] is not None:
                body_end = heads[later][1]
                if heads[later][3]:  # the next survey's title is not part of this explanation
                    body_end = _cut_before_title(text, marker.end(), body_end)
                break
        line = lines.of(num_start)
        kind = simplify(marker.group(1)).replace(" ", "")
        qtype = _TYPES.get(kind)
        if qtype is None:
            errors.append(Issue(line, _("Question %(number)s: the question type [%(type)s] cannot be imported "
                                             "from a survey export (only 单选题, 多选题, 判断题)")
                                     % {"number": number, "type": marker.group(1)}, "wjx.unsupported_type"))
            continue
        stem_original = tidy_lines(text[num_end:marker.start()])
        stem, original = convert(stem_original)
        question, problems = _read_body(text, marker.end(), body_end, qtype, lines)
        question.line, question.stem, question.original_stem = line, stem, original
        question.section, question.number = section, number
        problems = problems or [(None, p) for p in check_question(question)]
        if problems:
            errors.extend(issue(pline or line, msg, question_where(number)) for pline, msg in problems)
        else:
            questions.append(question)
    errors.sort(key=lambda e: e.line)
    return ParseResult(questions, errors)


def _survey_title(text: str, lines: LineIndex, num_start: int, floor: int) -> str | None:
    """The survey title: the text before "1、" on its line, else the last non-empty line before it."""
    line_start = max(lines.start_of(num_start), floor)
    prefix = text[line_start:num_start].strip()
    if not prefix:
        before = [s.strip() for s in text[floor:line_start].split("\n") if s.strip()]
        prefix = before[-1] if before else ""
    prefix = prefix.lstrip("*").strip()
    return simplify(prefix) or None


def _cut_before_title(text: str, body_start: int, body_end: int) -> int:
    """A new survey follows: the explanation ends with its line (titles sit on the lines after it)."""
    explanation = _EXPLANATION.search(text, body_start, body_end)
    anchor = explanation.end() if explanation else body_start
    newline = text.find("\n", anchor, body_end)
    return newline if newline != -1 else body_end


def _read_body(text: str, start: int, end: int, qtype: str, lines: LineIndex):
    """Options, correct marks and explanation of one question; returns (question, [(line, problem)])."""
    problems: list[tuple[int | None, Problem]] = []
    explanation_match = _EXPLANATION.search(text, start, end)
    options_end = explanation_match.start() if explanation_match else end
    explanation = simplify(tidy_lines(text[explanation_match.end():end])) if explanation_match else ""
    question = ParsedQuestion(line=0, type=qtype, stem="", options=[], correct=[], blanks=[],
                              model_answer=None, explanation=explanation or None)
    region = text[start:options_end]
    lead = re.match(r"[\s*]*", region).end()
    if qtype == "true_false" and not (FIRST_OPTION_AT_LINE_START.match(region, lead)
                                      or option_marker("A", False).match(region, lead)):
        return _read_true_false_run(question, region[lead:], lines.of(start))
    options, _spaced = split_options(region, lead)
    if not options:
        stray = _CORRECT.search(region)
        what = (Problem("wjx.stray_mark", _("a (正确答案) mark that follows no option")) if stray else
                Problem("wjx.no_options", _("no options found (they should start with “A.” or “A、”)")))
        problems.append((lines.of(start), what))
        return question, problems
    texts, correct = [], []
    for index, (offset, raw) in enumerate(options):
        if _CORRECT.search(raw):
            correct.append(index)
        texts.append(simplify(tidy_lines(_CORRECT.sub("", raw))))
        if not texts[-1]:
            problems.append((lines.of(start + offset), Problem("wjx.empty_option", _("option %(letter)s is empty")
                                                               % {"letter": chr(65 + index)})))
    question.options, question.correct = texts, correct
    if qtype == "true_false":
        values = [true_false_index(t) for t in texts]
        if sorted(v for v in values if v is not None) != [0, 1] or len(values) != 2:
            problems.append((lines.of(start), Problem("wjx.true_false_options",
                                                      _("a true/false question must have the two options 对 and 错"))))
        else:
            question.options = list(TRUE_FALSE_OPTIONS)
            question.correct = [values[i] for i in correct]
    if not correct:
        problems.append((lines.of(start), _no_mark()))
    return question, problems


def _read_true_false_run(question: ParsedQuestion, region: str, line: int):
    """"对错(正确答案)": the two options run together, the mark follows the correct one."""
    position, tokens = 0, []
    while position < len(region.rstrip()):
        token = _TF_TOKEN.match(region, position)
        if not token or token.end() == position:
            break
        tokens.append((true_false_index(token.group(1)), bool(token.group(2))))
        position = token.end()
    rest = region[position:].strip()
    if rest or sorted(v for v, _marked in tokens) != [0, 1]:
        return question, [(line, Problem("wjx.true_false_options",
                                         _("a true/false question must have the two options 对 and 错 (found “%(text)s”)")
                                         % {"text": region.strip()[:40]}))]
    question.options = list(TRUE_FALSE_OPTIONS)
    question.correct = [value for value, marked in tokens if marked]
    if not question.correct:
        return question, [(line, _no_mark())]
    if len(question.correct) > 1:
        return question, [(line, Problem("wjx.both_marked", _("both 对 and 错 are marked (正确答案)")))]
    return question, []


def _no_mark() -> Problem:
    return Problem("wjx.no_mark", _("no option is marked (正确答案)"))
