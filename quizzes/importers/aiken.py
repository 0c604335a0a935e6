"""Aiken: the simplest multiple-choice text format.

    手机银行的登录地址为()
    A. wap.boc.cn
    B) mbs.boc.cn
    ANSWER: B

The question text (one or more lines), options ``A.`` / ``A)`` / ``A、`` one per line in letter order,
then ``ANSWER: <letter>``. Several letters (``ANSWER: A,C``) make a multiple-choice question; ``答案:`` is
accepted for ``ANSWER:``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from portal.core.imports import Issue

from .base import (
    LETTERS,
    ParsedQuestion,
    ParseResult,
    check_question,
    clean,
    convert,
    issue,
    letters_to_indices,
    scrub,
    tidy_lines,
)

_OPTION = re.compile(r"^\s*([A-Za-zＡ-Ｚ])\s*[.)．、）]\s*(.*)$")
_ANSWER = re.compile(r"^\s*(?:ANSWER|答案)\s*[:：]\s*(.*)$", re.IGNORECASE)


def parse_aiken(text: str) -> ParseResult:
    questions: list[ParsedQuestion] = []
    errors: list[Issue] = []
    stem: list[str] = []
    options: list[str] = []
    first_line = 0
    broken = False  # the current question already has an error: skip to its ANSWER / a blank line

    def reset():
        nonlocal stem, options, first_line, broken
        stem, options, first_line, broken = [], [], 0, False

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if not line:
            if (stem or options) and not broken:
                errors.append(_no_answer_line(first_line))
            reset()
        elif answer:
            if broken:
                reset()
                continue
            if not stem:
                errors.append(Issue(number, _("an “ANSWER:” line without a question"), "aiken.answer_without_question"))
            else:
                question, problems = _build(first_line, stem, options, answer.group(1), number)
                errors.extend(problems)
                if question:
                    questions.append(question)
            reset()
        elif broken:
            continue
        elif option and stem and option.group(1).upper().translate(_FULLWIDTH) == LETTERS[:8][len(options):][:1]:
            options.append(option.group(2))
        elif options:
            expected = LETTERS[len(options)] if len(options) < len(LETTERS) else "ANSWER"
            errors.append(Issue(number, _("expected option %(letter)s or “ANSWER:”, got “%(text)s”")
                                     % {"letter": expected, "text": line[:30]}, "aiken.unexpected_line"))
            broken = True
        else:
            first_line = first_line or number
            stem.append(line)
    if (stem or options) and not broken:
        errors.append(_no_answer_line(first_line))
    if not questions and not errors:
        errors.append(Issue(1, _("No questions found: an Aiken question is a text, options “A.” “B.” … and "
                                      "“ANSWER: B”."), "aiken.no_questions"))
    errors.sort(key=lambda e: e.line)
    return ParseResult(questions, errors)


def _no_answer_line(line: int) -> Issue:
    return Issue(line, _("the question ends without an “ANSWER:” line"), "aiken.missing_answer")


_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)}


def _build(line: int, stem: list[str], options: list[str], answer: str, answer_line: int):
    stem_text, original = convert(tidy_lines(scrub("\n".join(stem))))
    indices = letters_to_indices(answer)
    q = ParsedQuestion(line=line, type="single", stem=stem_text, options=[clean(o) for o in options],
                       correct=[], blanks=[], model_answer=None, explanation=None, original_stem=original)
    if indices is None:
        if answer.strip():
            return None, [Issue(answer_line, _("the answer “%(answer)s” is not an option letter")
                                     % {"answer": answer}, "aiken.answer_not_letters")]
        return None, [Issue(answer_line, _("no correct answer after “ANSWER:”"), "aiken.empty_answer")]
    missing = [chr(65 + i) for i in indices if i >= len(options)]
    if missing:
        return None, [Issue(answer_line, _("the answer names option %(letters)s, which does not exist "
                                                "(the question has %(count)s options)")
                                 % {"letters": ", ".join(missing), "count": len(options)}, "aiken.answer_not_an_option")]
    q.type = "multiple" if len(indices) > 1 else "single"
    q.correct = sorted(indices)
    problems = check_question(q)
    return (None, [issue(line, p) for p in problems]) if problems else (q, [])
