"""Moodle GIFT.

    // a comment; "// [tag:网银]" tags the next question
    $CATEGORY: 电子银行
    ::Q1:: 手机银行的登录地址为() {~wap.boc.cn =mbs.boc.cn#新地址 ~mbs.boc.com ####解析}
    电子银行中心属于省联社前台部门。{T}
    我行企业网银安全认证工具包括() {~%50%动态口令 ~%50%CA证书 ~%-100%手机短信}
    订单有效期为 {=15 =十五 =%50%十五日} 天。
    请列举个人网银的一级菜单。{}
    ::配对::[markdown]将业务与柜台配对。{=开户 -> 对私柜台 =对公结算 -> 对公柜台 = -> 外汇柜台}
    // [unit:元]
    一笔 1,000 元存款年利率 1.5%，一年利息为多少元？{#15:0.01}
    圆周率（三位小数）{#3.141..3.142}
    格兰特生于哪一年？{#=1822:0 =%50%1822:2#接近}

Blank lines separate questions. Text with no answer block at all is a *description* (Moodle's
description item: instructions or a case shown to candidates, no answer, no marks); it is returned in
``ParseResult.descriptions`` with the place it held, and the export writes it back there. ``=`` marks the right answer (single choice), ``~%n%`` weights make a
multiple-answer question (positive weight = correct), ``{T}``/``{F}`` is true/false, all-``=`` answers a
fill-in (one blank, the answers are its accepted alternatives), ``{}`` an essay (short answer).
``#text`` after an answer is its feedback, ``####text`` the general feedback; either becomes the
explanation, and each answer's feedback is kept per option so that an export writes it back. Weights
``%n%`` are kept per option (``weights``, fractions of the points) and mark the question as Moodle does; a
multiple-answer question preceded by ``// [marking:blueprint]`` (what an export writes for a question that has
no weights of its own) is stored without them and marked by the blueprint's multiple-choice policy. Matching (``=a -> b``; ``= -> b`` adds an
answer that matches nothing) and numerical questions (``{#v:t}``, ``{#low..high}``, ``{#=v:t =%50%v:t#fb}``)
are read in full; ``::name::`` and ``[html]``/``[markdown]``/``[moodle]``/``[plain]`` are kept; a comment
``// [unit:元]`` gives a numerical question its unit (GIFT itself has no place for one).
``\\ \\~ \\= \\# \\{ \\} \\:`` escape, ``\\n`` is a line break.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.core.imports import Issue

from .base import (
    TRUE_FALSE_OPTIONS,
    ParsedDescription,
    ParsedQuestion,
    ParseResult,
    Problem,
    check_question,
    convert,
    issue,
    scrub,
    simplify,
    tidy_lines,
)

ESCAPABLE = "\\~=#{}:"
_PLACEHOLDER = {ch: chr(0xE000 + i) for i, ch in enumerate(ESCAPABLE)}
_RESTORE = str.maketrans({v: k for k, v in _PLACEHOLDER.items()})
_ESCAPE = re.compile(r"\\(.)")
_TAG = re.compile(r"\[tag:([^\]]+)\]")
_TRUE_FALSE = re.compile(r"\s*(T|TRUE|F|FALSE)\s*((?:#[^#]*){0,2})\s*", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_UNIT = re.compile(r"\[unit:([^\]]+)\]")
BLUEPRINT_MARKING = "[marking:blueprint]"  # written by export_gift for a multiple choice without its own weights
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMERIC_ANSWER = re.compile(rf"^\s*(?P<value>{_NUMBER})\s*(?:(?::\s*(?P<tol>{_NUMBER}))|(?:\.\.\s*(?P<high>{_NUMBER})))?\s*$")


def _protect(text: str) -> str:
    def repl(m: re.Match) -> str:
        ch = m.group(1)
        if ch in _PLACEHOLDER:
            return _PLACEHOLDER[ch]
        return "\n" if ch == "n" else m.group(0)

    return _ESCAPE.sub(repl, text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def parse_gift(text: str) -> ParseResult:
    questions: list[ParsedQuestion] = []
    errors: list[Issue] = []
    section: str | None = None
    chunk: list[tuple[int, str]] = []
    tags: list[str] = []
    units: list[str] = []
    by_blueprint = False

    descriptions: list[ParsedDescription] = []

    def flush():
        nonlocal chunk, tags, units, by_blueprint
        if chunk:
            question, problems = _parse_chunk(chunk, section, tags)
            errors.extend(problems)
            if isinstance(question, ParsedDescription):
                question.before = len(questions)
                descriptions.append(question)
            elif question is not None:
                if units and question.type == "numerical":
                    question.unit = simplify(units[-1].strip())
                if by_blueprint and question.type == "multiple":
                    question.weights = []
                questions.append(question)
        chunk, tags, units, by_blueprint = [], [], [], False

    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            tags.extend(t.strip() for t in _TAG.findall(stripped))
            units.extend(_UNIT.findall(stripped))
            by_blueprint = by_blueprint or BLUEPRINT_MARKING in stripped
            continue
        if not stripped:
            flush()
            continue
        if stripped.startswith("$CATEGORY:") and not chunk:
            # "$course$/top/电子银行" → 电子银行; "$course$/top" (the default category) → no section
            category = re.sub(r"^\$\w+\$(?:/|$)", "", stripped[len("$CATEGORY:"):].strip())
            category = re.sub(r"^top(?:/|$)", "", category)
            section = simplify(category) or None
            continue
        chunk.append((number, raw))
    flush()
    if not questions and not errors:
        errors.append(Issue(1, _("No questions found: GIFT questions look like “text {=right ~wrong}”."),
                                 "gift.no_questions"))
    errors.sort(key=lambda e: e.line)
    return ParseResult(questions, errors, descriptions)


def _parse_chunk(chunk, section, tags):
    line = chunk[0][0]
    text = _protect("\n".join(raw for _number, raw in chunk))

    def fail(problem: Problem):
        return None, [issue(line, problem)]

    title = re.match(r"\s*::(.*?)::", text, re.DOTALL)
    if title:
        text = text[title.end():]
    text_format = _FORMAT.match(text)
    if text_format:
        text = text[text_format.end():]
    opening = text.find("{")
    if opening == -1:
        if "}" in text:
            return fail(Problem("gift.unopened_brace", _("a “}” without its “{” (escape a literal brace as \\})")))
        described = _clean(text)
        if not described:
            return fail(Problem("gift.name_without_text", _("a question name with no text")))
        return ParsedDescription(line=line, text=described, before=0, name=_clean(title.group(1)) if title else None,
                                 text_format=text_format.group(1) if text_format else None, section=section), []
    closing = text.find("}", opening)
    if closing == -1:
        return fail(Problem("gift.unclosed_brace", _("the answer block “{” is never closed with “}”")))
    if "{" in text[opening + 1:closing] or "{" in text[closing + 1:]:
        return fail(Problem("gift.several_answer_blocks",
                            _("more than one answer block {…} (escape a literal brace as \\{)")))
    before, block, after = text[:opening], text[opening + 1:closing], text[closing + 1:]
    stem_raw = before.strip() if not after.strip() else before.rstrip() + " ____ " + after.lstrip()
    stem_original = tidy_lines(scrub(_restore(stem_raw)))
    stem, original = convert(stem_original)
    q = ParsedQuestion(line=line, type="single", stem=stem, options=[], correct=[], blanks=[], model_answer=None,
                       explanation=None, original_stem=original, section=section, tags=[simplify(t) for t in tags])
    q.name = _clean(title.group(1)) if title else None
    q.text_format = text_format.group(1) if text_format else None
    block, _sep, general = block.partition("####")
    problem = _read_block(q, block)
    if problem:
        return fail(problem)
    if general.strip():
        q.explanation = _clean(general)
    if not any(q.option_feedback):
        q.option_feedback = []
    problems = check_question(q)
    if problems:
        return None, [issue(line, p) for p in problems]
    return q, []


def _clean(text: str) -> str:
    return simplify(tidy_lines(scrub(_restore(text))))


def _fraction(percent: str) -> str:
    """"50" → "0.5", "-100" → "-1", "33.33333" → "0.3333333" (exact, as a decimal string)."""
    value = (Decimal(percent) / 100).normalize()
    return format(value, "f")


def _read_block(q: ParsedQuestion, block: str) -> Problem | None:
    """Fill type, options, answers and feedback from the text between the braces; a problem or None."""
    if not block.strip():
        q.type = "short_answer"
        return None
    tf = _TRUE_FALSE.fullmatch(block)
    if tf:
        q.type, q.options = "true_false", list(TRUE_FALSE_OPTIONS)
        q.correct = [0 if tf.group(1).upper().startswith("T") else 1]
        feedback = [_clean(f) or None for f in tf.group(2).split("#")[1:]]
        q.option_feedback = feedback
        present = [f for f in feedback if f]
        q.explanation = feedback[-1] if present and feedback[-1] else None
        return None
    if block.lstrip().startswith("#"):
        return _read_numeric(q, block.lstrip()[1:])
    lead = re.match(r"\s*", block).end()
    if block[lead] not in "=~":
        return Problem("gift.unreadable_answers", _("cannot read the answers “%(text)s”: each answer starts with = or ~")
                       % {"text": _restore(block.strip())[:30]})
    answers = []  # (kind, weight, text, feedback)
    for m in re.finditer(r"([=~])([^=~]*)", block[lead:]):
        body = m.group(2)
        weight = _WEIGHT.match(body)
        if weight:
            body = body[weight.end():]
        answer, _sep, feedback = body.partition("#")
        answers.append((m.group(1), weight.group(1) if weight else None, answer, _clean(feedback) or None))
    if any("->" in a[2] for a in answers):
        return _read_matching(q, answers)
    answers = [(kind, weight, _clean(text), feedback) for kind, weight, text, feedback in answers]
    right = [a for a in answers if a[0] == "="]
    q.option_feedback = [a[3] for a in answers]
    if len(right) == len(answers):  # short answer: every answer is an accepted form of the blank
        q.type, q.blanks = "fill_blank", [[a[2] for a in answers]]
        if any(a[1] is not None for a in answers):
            q.weights = [_fraction(a[1]) if a[1] is not None else "1" for a in answers]
        full = [a for a in answers if a[1] is None or Decimal(a[1]) == 100]
        if not full:
            return Problem("gift.no_full_credit", _("no accepted answer earns full credit"))
        q.explanation = full[0][3]
        return None
    q.options = [a[2] for a in answers]
    if right:
        if len(right) > 1:
            return Problem("gift.several_right_answers",
                           _("a choice question with several “=” answers (use %(weight)s weights for several right "
                             "answers)") % {"weight": "~%50%"})
        q.type = "single"
        q.correct = [i for i, a in enumerate(answers) if a[0] == "="]
        if any(a[1] is not None for a in answers):
            q.weights = ["1" if a[0] == "=" else _fraction(a[1]) if a[1] is not None else "0" for a in answers]
    else:
        q.type = "multiple"
        q.correct = [i for i, a in enumerate(answers) if a[1] is not None and Decimal(a[1]) > 0]
        if not q.correct:
            return Problem("gift.no_correct_answer", _("no correct answer: mark it with = (or with positive %(weight)s "
                                                       "weights)") % {"weight": "~%n%"})
        q.weights = [_fraction(a[1]) if a[1] is not None else "0" for a in answers]
    q.explanation = answers[q.correct[0]][3]
    return None


def _read_matching(q: ParsedQuestion, answers) -> Problem | None:
    """``=left -> right`` pairs; ``= -> right`` is an answer that matches no item."""
    prompts, rights, extras = [], [], []
    for kind, weight, text, _feedback in answers:
        if kind != "=" or weight is not None or "->" not in text:
            return Problem("gift.matching_shape", _("a matching question has only “=item -> answer” lines"))
        left, _sep, right = text.partition("->")
        left, right = _clean(left), _clean(right)
        if not right:
            return Problem("gift.matching_pair_without_answer", _("a matching pair has no answer after “->”"))
        if left:
            prompts.append(left)
            rights.append(right)
        else:
            extras.append(right)
    options = list(dict.fromkeys(rights + extras))
    q.type, q.prompts, q.options = "matching", prompts, options
    q.correct = [options.index(r) for r in rights]
    return None


def _read_numeric(q: ParsedQuestion, block: str) -> Problem | None:
    """``v``, ``v:t``, ``low..high``, or several ``=%n%v:t#feedback`` answers."""
    q.type = "numerical"
    body = block.strip()
    parts = [body] if not body.startswith("=") else [m.group(1) for m in re.finditer(r"=([^=]*)", body)]
    numeric, feedback = [], []
    for part in parts:
        weight = _WEIGHT.match(part)
        if weight:
            part = part[weight.end():]
        spec, _sep, remark = part.partition("#")
        match = _NUMERIC_ANSWER.match(_restore(spec))
        if not match:
            return Problem("gift.unreadable_number", _("cannot read the number “%(text)s” (write 1822, 1822:2 or "
                                                       "3.141..3.142)") % {"text": _restore(spec.strip())[:30]})
        fraction = _fraction(weight.group(1)) if weight else "1"
        if match.group("high") is not None:
            answer = {"low": match.group("value"), "high": match.group("high"), "fraction": fraction}
        else:
            answer = {"value": match.group("value"), "tolerance": match.group("tol") or "0", "fraction": fraction}
        numeric.append(answer)
        feedback.append(_clean(remark) or None)
    q.numeric, q.option_feedback = numeric, feedback
    full = [i for i, n in enumerate(numeric) if Decimal(n["fraction"]) == 1]
    q.explanation = feedback[full[0]] if full else None
    if any(n.get("low") is not None and Decimal(n["low"]) > Decimal(n["high"]) for n in numeric):
        return Problem("gift.numeric_range_backwards", _("a numeric range runs backwards"))
    return None
