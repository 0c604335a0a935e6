"""Moodle GIFT.

    // a comment; "// [tag:网银]" tags the next question
    $CATEGORY: 电子银行
    ::Q1:: 手机银行的登录地址为() {~wap.boc.cn =mbs.boc.cn#新地址 ~mbs.boc.com ####解析}
    电子银行中心属于省联社前台部门。{T}
    我行企业网银安全认证工具包括() {~%50%动态口令 ~%50%CA证书 ~%-100%手机短信}
    订单有效期为 {=15 =十五} 天。
    请列举个人网银的一级菜单。{}

Blank lines separate questions. ``=`` marks the right answer (single choice), ``~%n%`` weights make a
multiple-answer question (positive weight = correct), ``{T}``/``{F}`` is true/false, all-``=`` answers a
fill-in (one blank, the answers are its accepted alternatives), ``{}`` an essay (short answer).
``#text`` after an answer is its feedback, ``####text`` the general feedback; either becomes the
explanation. ``\\ \\~ \\= \\# \\{ \\} \\:`` escape, ``\\n`` is a line break. Matching and numeric questions are not
supported (reported as errors).
"""

from __future__ import annotations

import re

from .base import (
    TRUE_FALSE_OPTIONS,
    ParsedQuestion,
    ParseIssue,
    ParseResult,
    check_question,
    convert,
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
    errors: list[ParseIssue] = []
    section: str | None = None
    chunk: list[tuple[int, str]] = []
    tags: list[str] = []

    def flush():
        nonlocal chunk, tags
        if chunk:
            question, problems = _parse_chunk(chunk, section, tags)
            errors.extend(problems)
            if question is not None:
                questions.append(question)
        chunk, tags = [], []

    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            tags.extend(t.strip() for t in _TAG.findall(stripped))
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
        errors.append(ParseIssue(1, "no questions found: GIFT questions look like “text {=right ~wrong}”"))
    errors.sort(key=lambda e: e.line)
    return ParseResult(questions, errors)


def _parse_chunk(chunk, section, tags):
    line = chunk[0][0]
    text = _protect("\n".join(raw for _, raw in chunk))

    def fail(message):
        return None, [ParseIssue(line, message)]

    title = re.match(r"\s*::(.*?)::", text, re.DOTALL)
    if title:
        text = text[title.end():]
    text = re.sub(r"^\s*\[(?:html|moodle|plain|markdown)\]", "", text)
    opening = text.find("{")
    if opening == -1:
        return fail("no answer block {…} (a question needs its answers in braces)")
    closing = text.find("}", opening)
    if closing == -1:
        return fail("the answer block “{” is never closed with “}”")
    if "{" in text[opening + 1:closing] or "{" in text[closing + 1:]:
        return fail("more than one answer block {…} (escape a literal brace as \\{)")
    before, block, after = text[:opening], text[opening + 1:closing], text[closing + 1:]
    stem_raw = before.strip() if not after.strip() else before.rstrip() + " ____ " + after.lstrip()
    stem_original = tidy_lines(scrub(_restore(stem_raw)))
    stem, original = convert(stem_original)
    q = ParsedQuestion(line=line, type="single", stem=stem, options=[], correct=[], blanks=[], model_answer=None,
                       explanation=None, original_stem=original, section=section, tags=[simplify(t) for t in tags])
    block, _, general = block.partition("####")
    problem = _read_block(q, block)
    if problem:
        return fail(problem)
    if general.strip():
        q.explanation = _clean(general)
    problems = check_question(q)
    if problems:
        return None, [ParseIssue(line, p) for p in problems]
    return q, []


def _clean(text: str) -> str:
    return simplify(tidy_lines(scrub(_restore(text))))


def _read_block(q: ParsedQuestion, block: str) -> str | None:
    """Fill type, options, answers and feedback from the text between the braces; a problem or None."""
    if not block.strip():
        q.type = "short_answer"
        return None
    tf = _TRUE_FALSE.fullmatch(block)
    if tf:
        q.type, q.options = "true_false", list(TRUE_FALSE_OPTIONS)
        q.correct = [0 if tf.group(1).upper().startswith("T") else 1]
        feedback = [f for f in tf.group(2).split("#")[1:] if f.strip()]
        q.explanation = _clean(feedback[-1]) if feedback else None
        return None
    if block.lstrip().startswith("#"):
        return "numeric questions ({#…}) are not supported"
    lead = re.match(r"\s*", block).end()
    if block[lead] not in "=~":
        return f"cannot read the answers “{_restore(block.strip())[:30]}”: each answer starts with = or ~"
    answers = []  # (kind, weight, text, feedback)
    for m in re.finditer(r"([=~])([^=~]*)", block[lead:]):
        body = m.group(2)
        if "->" in body:
            return "matching questions (a -> b) are not supported"
        weight = _WEIGHT.match(body)
        if weight:
            body = body[weight.end():]
        answer, _, feedback = body.partition("#")
        answers.append((m.group(1), float(weight.group(1)) if weight else None, _clean(answer),
                        _clean(feedback) or None))
    right = [a for a in answers if a[0] == "="]
    if len(right) == len(answers):  # short answer: every answer is an accepted form of the blank
        if any(a[1] is not None and a[1] < 100 for a in answers):
            return "partial-credit short answers (=%50%…) are not supported"
        q.type, q.blanks = "fill_blank", [[a[2] for a in answers]]
        q.explanation = right[0][3]
        return None
    q.options = [a[2] for a in answers]
    if right:
        if len(right) > 1:
            return "a choice question with several “=” answers (use ~%50% weights for several right answers)"
        if any(a[1] is not None for a in answers if a[0] == "~" and a[1] and a[1] > 0):
            return "mixes a “=” answer with positive ~%n% weights"
        q.type = "single"
        q.correct = [i for i, a in enumerate(answers) if a[0] == "="]
    else:
        q.type = "multiple"
        q.correct = [i for i, a in enumerate(answers) if a[1] is not None and a[1] > 0]
        if not q.correct:
            return "no correct answer: mark it with = (or with positive ~%n% weights)"
    q.explanation = answers[q.correct[0]][3]
    return None
