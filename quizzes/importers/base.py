"""The shared shape of every question-file parser: the parsed question, the issue, the result.

Pure Python, no Django: the admin import view, the API and the management command all call
``parse_questions`` and turn a :class:`ParseResult` into a preview or an all-or-nothing import.

Also here are the small text helpers the parsers share: decoding a text file, cleaning Chinese text
(Traditional → Simplified, pinyin ruby and export noise out), reading answer letters, counting blanks,
and the per-type consistency check every parser runs before it returns a question.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from portal.core import uploads
from portal.core.imports import Issue
from portal.textutils.chinese import strip_noise, strip_ruby, to_simplified
from quizzes.question_types import OPTION_TYPES, WEIGHTED_TYPES, QuestionType

QUESTION_TYPES = tuple(QuestionType.values)
TRUE_FALSE_OPTIONS = ["对", "错"]
LETTERS = "ABCDEFGH"  # at most eight options (the Excel template has 选项A…选项H)
MAX_FILE_BYTES = 20 * 1024 * 1024

TYPE_LABELS = {  # "a … question" in the parsers' messages
    "single": pgettext_lazy("a … question", "single-choice"),
    "multiple": pgettext_lazy("a … question", "multiple-choice"),
    "true_false": pgettext_lazy("a … question", "true/false"),
    "ordering": pgettext_lazy("a … question", "ordering"),
    "fill_blank": pgettext_lazy("a … question", "fill-in"),
    "short_answer": pgettext_lazy("a … question", "short-answer"),
    "matching": pgettext_lazy("a … question", "matching"),
    "numerical": pgettext_lazy("a … question", "numerical"),
}


@dataclass
class ParsedQuestion:
    """One question as read from a file, before it is stored in a question bank."""

    line: int
    type: str  # one of QUESTION_TYPES
    stem: str
    options: list[str]  # no letter prefix; true/false: exactly ["对", "错"]
    correct: list[int]  # zero-based option indices; ordering: the indices in the right order
    blanks: list[list[str]]  # fill_blank: the accepted answers of each blank; [] otherwise
    model_answer: str | None
    explanation: str | None
    original_stem: str | None = None  # the text as written when it was converted (e.g. Traditional)
    section: str | None = None
    number: int | None = None
    difficulty: int | None = None
    knowledge_points: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    marking_guide: str | None = None
    prompts: list[str] = field(default_factory=list)  # matching: the left-hand items; options are the answers
    weights: list[str] = field(default_factory=list)  # per option (fill-in: per accepted form) fraction, "-1"…"1"
    numeric: list[dict] = field(default_factory=list)  # numerical: {value, tolerance, fraction} or {low, high, …}
    unit: str | None = None
    option_feedback: list = field(default_factory=list)  # GIFT #feedback per answer (None where there is none)
    name: str | None = None  # GIFT ::name::
    text_format: str | None = None  # GIFT [html] / [markdown] / [moodle] / [plain]

    def numeric_json(self) -> list[dict]:
        """Accepted values as {value, tolerance, fraction} (a range as its middle ± half its width)."""
        rows = []
        for n in self.numeric:
            if n.get("low") is not None:
                low, high = Decimal(str(n["low"])), Decimal(str(n["high"]))
                row = {"value": _plain((low + high) / 2), "tolerance": _plain((high - low) / 2),
                       "low": str(n["low"]), "high": str(n["high"])}
            else:
                row = {"value": str(n["value"]), "tolerance": str(n.get("tolerance") or "0")}
                if n.get("relative"):
                    row["relative"] = True
            row["fraction"] = str(n.get("fraction", "1"))
            rows.append(row)
        return rows

    def to_json_dict(self) -> dict:
        return {
            "line": self.line,
            "type": self.type,
            "stem": self.stem,
            "options": list(self.options),
            "correct": list(self.correct),
            "blanks": [list(b) for b in self.blanks],
            "model_answer": self.model_answer,
            "explanation": self.explanation,
            "weights": list(self.weights) or None,
            "pairs": [[p, self.options[c] if 0 <= c < len(self.options) else None]
                      for p, c in zip(self.prompts, self.correct, strict=False)] if self.type == "matching" else None,
            "numeric": self.numeric_json() if self.type == "numerical" else None,
        }


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text



#: every code a question parser's issue carries (``file.*`` decoding, ``import.*`` the entry point,
#: ``question.*`` the shape check, one namespace per format, ``notation.*`` a cell's notation,
#: ``export.*`` the GIFT export's refusals), besides the upload guard's (portal.core.uploads.REFUSAL_CODES)
ISSUE_CODES = frozenset({
    "aiken.answer_not_an_option", "aiken.answer_not_letters", "aiken.answer_without_question",
    "aiken.empty_answer", "aiken.missing_answer", "aiken.no_questions", "aiken.unexpected_line",
    "export.gift_blanks", "export.gift_model_answer", "export.gift_ordering",
    "export.gift_relative_tolerance",
    "file.binary", "file.empty", "file.gbk", "file.not_utf8", "file.too_large", "file.utf16",
    "gift.matching_pair_without_answer", "gift.matching_shape", "gift.name_without_text",
    "gift.no_correct_answer", "gift.no_full_credit", "gift.no_questions", "gift.numeric_range_backwards",
    "gift.several_answer_blocks", "gift.several_right_answers", "gift.unclosed_brace", "gift.unopened_brace",
    "gift.unreadable_answers", "gift.unreadable_number",
    "import.too_many_errors", "import.unknown_format", "import.unreadable",
    "notation.not_a_number", "notation.not_a_pair", "notation.not_a_weight", "notation.weight_not_a_number",
    "notation.weight_unknown_option",
    "paper.answer_not_a_number", "paper.answer_not_an_option", "paper.answer_not_letters",
    "paper.answer_not_true_false", "paper.answer_truncated", "paper.blanks_mismatch", "paper.count_mismatch",
    "paper.duplicate_section", "paper.empty_answer", "paper.empty_option", "paper.empty_section",
    "paper.key_section_mismatch", "paper.key_two_answers", "paper.key_unknown_question",
    "paper.key_unknown_section", "paper.key_unreadable_line", "paper.key_without_section",
    "paper.matching_answer", "paper.matching_items", "paper.mixed_units", "paper.no_answer",
    "paper.no_answer_key", "paper.no_blank", "paper.no_sections", "paper.second_options",
    "question.answer_not_an_option", "question.answer_repeated", "question.blank_without_answer",
    "question.difficulty_range", "question.duplicate_options", "question.empty_option",
    "question.empty_stem", "question.garbled", "question.matching_answers",
    "question.matching_too_few_items", "question.matching_unanswered", "question.no_answer",
    "question.no_blanks", "question.numeric_credit_range", "question.numeric_missing",
    "question.numeric_negative_tolerance", "question.numeric_no_full_credit",
    "question.numeric_not_a_number", "question.numeric_range_backwards", "question.ordering_incomplete",
    "question.single_needs_one_answer", "question.too_few_options", "question.true_false_answer",
    "question.true_false_options", "question.unknown_type", "question.weight_not_a_number",
    "question.weight_range", "question.weights_no_credit", "question.weights_shape",
    "wjx.both_marked", "wjx.empty_option", "wjx.missing_number", "wjx.no_mark", "wjx.no_options",
    "wjx.no_questions", "wjx.stray_mark", "wjx.true_false_options", "wjx.unsupported_type",
    "xlsx.answer_not_an_option", "xlsx.answer_not_letters", "xlsx.blanks_mismatch",
    "xlsx.column_not_for_type", "xlsx.difficulty", "xlsx.duplicate_column", "xlsx.empty_sheet",
    "xlsx.empty_type", "xlsx.merged_cells", "xlsx.missing_columns", "xlsx.missing_option_columns",
    "xlsx.no_blank_answer", "xlsx.no_numbers", "xlsx.no_pairs", "xlsx.no_questions", "xlsx.option_gap",
    "xlsx.true_false_answer", "xlsx.unknown_type", "xlsx.weights_answer_mismatch",
    "xlsx.weights_no_full_credit", "xlsx.weights_not_for_type", "xlsx.weights_several_blanks",
    "xlsx.weights_single",
})




class Problem(str):
    """A translated problem message that carries its stable ``code`` (e.g. ``"question.no_answer"``).

    A ``str``, so the parsers' lists of problems still read as messages; :func:`issue` turns one into a
    :class:`Issue` with its code (and, where the parser names it, the place as a prefix).
    """

    code: str

    def __new__(cls, code: str, message: str):
        self = super().__new__(cls, message)
        self.code = code
        return self


def issue(line: int | None, problem: Problem, where: str | None = None, **fields) -> Issue:
    """The issue of ``problem`` on ``line``; ``where`` ("Question 3", "Row 4, column 答案 (L)") prefixes it."""
    message = str(problem) if not where else _("%(location)s: %(message)s") % {"location": where, "message": problem}
    return Issue(line, message, getattr(problem, "code", "") or "", **fields)


def question_where(number) -> str:
    """"Question 3": the place of a numbered question in a survey export."""
    return _("Question %(number)s") % {"number": number}


@dataclass
class ParsedDescription:
    """A GIFT description item: text shown to candidates with no answer (Moodle's 'description' question).

    ``before`` is the index (in ``ParseResult.questions``) of the question it precedes, so that an export
    writes it back in its place.
    """

    line: int
    text: str
    before: int
    name: str | None = None
    text_format: str | None = None
    section: str | None = None

    def to_json_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "name": self.name}


@dataclass
class ParseResult:
    questions: list[ParsedQuestion]
    errors: list[Issue]
    descriptions: list[ParsedDescription] = field(default_factory=list)
    refused: bool = False  # streamed (``stream_questions``): the file was refused part-way, no question counts

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json_dict(self) -> dict:
        data = {
            "questions": [q.to_json_dict() for q in self.questions],
            "errors": [e.to_json_dict() for e in self.errors],
        }
        if self.descriptions:  # GIFT only; other files keep exactly the two keys
            data["descriptions"] = [d.to_json_dict() for d in self.descriptions]
        return data


def failure(line: int, message: str, code: str = "") -> ParseResult:
    return ParseResult(questions=[], errors=[Issue(line, message, code)])


# --------------------------------------------------------------------------------------- decoding


def decode_text(data: bytes) -> str | Issue:
    """Decode an uploaded text file: UTF-8 (with or without BOM), newlines normalised to ``\\n``.

    Anything else (GBK, UTF-16, a workbook, random bytes) gives one issue on line 1 that says what
    the file looks like and what to do, in time linear in the size of the file.
    """
    if not data:
        return Issue(1, _("The file is empty."), "file.empty")
    if len(data) > MAX_FILE_BYTES:
        return Issue(1, _("The file is too large (%(size)s MB; the limit is %(limit)s MB).")
                          % {"size": len(data) // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)},
                          "file.too_large")
    kind = uploads.sniff(data)
    if kind not in (uploads.TEXT, uploads.BINARY):
        hint = _("choose the Excel format to import a workbook") if kind == uploads.XLSX else _("save it as UTF-8 text")
        return Issue(1, _("The file is not UTF-8 text: it is %(kind)s; %(hint)s.")
                          % {"kind": uploads.kind_label(kind), "hint": hint}, "wrong_type")
    if uploads.is_utf16(data):
        return Issue(1, _("The file is not UTF-8 text: it is UTF-16; save it as UTF-8 and import it again."),
                          "file.utf16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if _looks_like_gbk(data):
            hint, code = _("it looks like GBK/GB18030 (save it as UTF-8)"), "file.gbk"
        else:
            hint, code = _("it looks like binary data, not a question file"), "file.not_utf8"
        return Issue(1, _("The file is not UTF-8 text: invalid byte 0x%(byte)s on line %(line)s; %(hint)s.")
                          % {"byte": f"{data[exc.start]:02x}", "line": line, "hint": hint}, code)
    head = text[:65536]
    controls = sum(1 for ch in head if ch < " " and ch not in "\n\r\t")
    if "\x00" in head or controls > len(head) // 100 + 5:
        return Issue(1, _("The file is not UTF-8 text: it contains binary control characters."), "file.binary")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_gbk(data: bytes) -> bool:
    sample = data[:65536]
    decoded = sample.decode("gb18030", errors="replace")
    bad = decoded.count("\ufffd")
    cjk = sum(1 for ch in decoded if "\u4e00" <= ch <= "\u9fff")
    return bad <= 2 and cjk > 0


class LineIndex:
    """Offset → 1-based line number in a text (bisect over the line starts)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def start_of(self, offset: int) -> int:
        return self.starts[self.of(offset) - 1]


# --------------------------------------------------------------------------------- Chinese text

@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Every character the t2s conversion could change (the fast path of :func:`simplify`)."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    with open(folder / "TSCharacters.txt", encoding="utf-8") as fh:
        for row in fh:
            chars.add(row.split("\t", 1)[0])
    with open(folder / "TSPhrases.txt", encoding="utf-8") as fh:
        for row in fh:  # a phrase that changes without containing one of those characters (沈默 → 沉默)
            key, _sep, value = row.rstrip("\n").partition("\t")
            if key != value.split(" ")[0] and not any(c in chars for c in key):
                chars.update(key)
    return frozenset(c for c in chars if len(c) == 1)


def simplify(text: str) -> str:
    """``to_simplified`` with a fast path: text without a convertible character is returned as is."""
    if not text or text.isascii() or _traditional_chars().isdisjoint(text):
        return text
    return to_simplified(text)


def scrub(text: str) -> str:
    """Export noise and pinyin ruby out, Traditional kept: the 'original' form of a text."""
    if not text.isprintable() or "\ufffd" in text or "image" in text:  # else strip_noise changes nothing
        text = strip_noise(text)
    if "(" in text or "（" in text:  # else strip_ruby changes nothing
        text = strip_ruby(text)
    return text


def convert(original: str) -> tuple[str, str | None]:
    """(Simplified text, the original when conversion changed it) for an already scrubbed text."""
    simplified = simplify(original)
    return simplified, (original if simplified != original else None)


def clean(text: str | None) -> str:
    """The full pipeline for a field: noise and ruby out, Simplified, blanks around trimmed."""
    return simplify(scrub(text or "")).strip()


def tidy_lines(text: str) -> str:
    """Strip every line and drop the empty ones (keeps real line breaks)."""
    return "\n".join(s for s in (ln.strip() for ln in text.split("\n")) if s)


_TRAD_VARIANTS = {
    "选": "選", "题": "題", "单": "單", "断": "斷", "确": "確", "简": "簡", "问": "問", "对": "對",
    "错": "錯", "参": "參", "论": "論", "项": "項", "误": "誤", "择": "擇", "释": "釋", "顺": "順",
    "载": "載", "点": "點", "档": "檔", "为": "為", "声": "聲", "关": "關", "范": "範", "荐": "薦",
}


def either_script(word: str) -> str:
    """A regex matching ``word`` written in Simplified or Traditional characters."""
    out = []
    for ch in word:
        trad = _TRAD_VARIANTS.get(ch)
        out.append(f"[{ch}{trad}]" if trad else re.escape(ch))
    return "".join(out)


_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# What is left of a character when a ruby-annotated page went through a wrong encoding:
# 版?zhèn)€人 (個 lost), 當(dāng)?shù)劂y … — "?" + a pinyin syllable + ")", or a stray "€" next to Chinese.
GARBLED = re.compile(
    r"\?[a-zü" + _TONES + r"]*[" + _TONES + r"][a-zü" + _TONES + r"]*[)）]€?|(?<=[\u4e00-\u9fff])€|€(?=[\u4e00-\u9fff])"
)


def garbled(text: str | None) -> str | None:
    """The first garbled (mojibake) run in the text, or None."""
    found = GARBLED.search(text or "")
    return found.group(0) if found else None


def garbled_message(run: str) -> Problem:
    return Problem("question.garbled", _("garbled characters “%(text)s” (the source lost characters to a broken "
                                         "encoding; retype this text)") % {"text": run})


# ------------------------------------------------------------------------------- answers, blanks

BLANK_RE = re.compile(r"[(（][ \t\u3000\xa0]*[)）]|_{2,}")


def count_blanks(stem: str) -> int:
    return len(BLANK_RE.findall(stem))


def letters_to_indices(text: str) -> list[int] | None:
    """"AC", "A,C", "a、c", "ＡＣ" → [0, 2]; None when the text is not a list of option letters."""
    text = text.translate(_FULLWIDTH_LETTERS).upper()
    text = re.sub(r"[\s,，、;；/]+", "", text)
    if not text or not re.fullmatch(r"[A-Z]+", text):
        return None
    return [ord(c) - ord("A") for c in text]


_FULLWIDTH_LETTERS = {code: code - 0xFEE0 for code in range(0xFF21, 0xFF5B)}

_TRUE_WORDS = {"对", "對", "正确", "正確", "√", "✓", "✔", "T", "TRUE", "是", "Y", "YES", "A"}
_FALSE_WORDS = {"错", "錯", "错误", "錯誤", "×", "✗", "✘", "X", "F", "FALSE", "否", "N", "NO", "B"}


def true_false_index(text: str) -> int | None:
    """0 for 对 / √ / T / true …, 1 for 错 / × / F / false …, None otherwise."""
    word = text.strip().translate(_FULLWIDTH_LETTERS).upper()
    if word in _TRUE_WORDS:
        return 0
    if word in _FALSE_WORDS:
        return 1
    return None


def split_alternatives(text: str) -> list[str]:
    """"网银/网上银行；BOCNET" → three accepted answers ("://" in an address is not a separator)."""
    parts = re.split(r"(?<![:/])/(?!/)|[；;]", text)
    return [p.strip() for p in parts if p.strip()]


def looks_truncated(answer: str) -> bool:
    """An answer that stops at a separator ("http://", "存款、") was cut off in the source."""
    return bool(re.search(r"(://|[/:：、，,（(“‘《\-])\s*$", answer))


# ------------------------------------------------------------------------------------ options

_OPTION_STRONG = "(?:{L})[ \t]*[、．]"
_OPTION_DOT = "(?<![A-Z0-9])(?:{L})[ \t]*[.:：](?![\\d/])"
_OPTION_SPACE = "(?<![A-Za-z0-9])(?:{L})[ \t\u3000]+(?=[^\\x00-\\x7f])"


@lru_cache(maxsize=64)
def option_marker(letter: str, spaced: bool) -> re.Pattern:
    alternatives = [_OPTION_STRONG, _OPTION_DOT] + ([_OPTION_SPACE] if spaced else [])
    letter_class = f"{letter}|{chr(ord(letter) + 0xFEE0)}"
    return re.compile("|".join(a.replace("{L}", letter_class) for a in alternatives))


FIRST_OPTION_AT_LINE_START = re.compile(
    r"(?m)^[ \t\u3000]*(?:A|Ａ)(?:[ \t]*[、．.:：](?![\d/])|[ \t\u3000]+(?=[^\x00-\x7f]))"
)


def split_options(text: str, start: int) -> tuple[list[tuple[int, str]], bool]:
    """Cut ``text[start:]`` (which begins with the "A" marker) into options.

    Returns ([(offset of the option's text, raw option text)], spaced) where the letters run A, B, C…
    without gaps: a later letter is only looked for after the previous one, so "A和B均正确" or
    "E-TOKEN" inside an option is not taken for a marker.
    """
    first = FIRST_OPTION_AT_LINE_START.match(text, start) or option_marker("A", True).match(text, start)
    if first is None:
        return [], False
    spaced = not re.search(r"[、．.:：]", first.group(0))
    bounds = [(first.start(), first.end())]
    for letter in LETTERS[1:]:
        found = option_marker(letter, spaced).search(text, bounds[-1][1])
        if not found:
            break
        bounds.append((found.start(), found.end()))
    options = []
    for i, (_start, content_start) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        options.append((content_start, text[content_start:end]))
    return options, spaced


# -------------------------------------------------------------------------------- consistency


def check_question(q: ParsedQuestion) -> list[Problem]:
    """What is wrong with a parsed question (empty list: nothing). Shared by every parser."""
    P = Problem
    problems: list[Problem] = []
    if q.type not in QUESTION_TYPES:
        return [P("question.unknown_type", _("unknown question type “%(type)s”") % {"type": q.type})]
    label = TYPE_LABELS.get(q.type, q.type)
    if not q.stem.strip():
        problems.append(P("question.empty_stem", _("the question text is empty")))
    if q.type in OPTION_TYPES:
        n = len(q.options)
        if n < 2:
            problems.append(P("question.too_few_options",
                              _("a %(type)s question needs at least 2 options, this one has %(count)s")
                              % {"type": label, "count": n}))
        for i, opt in enumerate(q.options):
            if not opt.strip():
                problems.append(P("question.empty_option", _("option %(letter)s is empty")
                                  % {"letter": LETTERS[i] if i < len(LETTERS) else i + 1}))
        seen: dict[str, int] = {}
        for i, opt in enumerate(q.options):
            if opt.strip() and opt in seen:
                problems.append(P("question.duplicate_options", _("options %(first)s and %(second)s are the same text")
                                  % {"first": LETTERS[seen[opt]], "second": LETTERS[i]}))
            seen.setdefault(opt, i)
        bad = [i for i in q.correct if not 0 <= i < n]
        if not q.correct:
            problems.append(P("question.no_answer", _("no correct answer is given")))
        elif bad:
            names = ", ".join(chr(ord("A") + i) if 0 <= i < 26 else str(i + 1) for i in bad)
            problems.append(P("question.answer_not_an_option",
                              _("the correct answer names option %(letters)s, which does not exist "
                                "(the question has %(count)s options)") % {"letters": names, "count": n}))
        elif len(set(q.correct)) != len(q.correct):
            problems.append(P("question.answer_repeated", _("the correct answer names the same option twice")))
        elif q.type == "single" and len(q.correct) != 1:
            problems.append(P("question.single_needs_one_answer",
                              _("a single-choice question needs exactly one correct answer, got %(count)s")
                              % {"count": len(q.correct)}))
        elif q.type == "ordering" and sorted(q.correct) != list(range(n)):
            problems.append(P("question.ordering_incomplete",
                              _("an ordering answer must list every option once (got %(given)s of %(count)s)")
                              % {"given": len(q.correct), "count": n}))
    elif q.type == "true_false":
        if q.options != TRUE_FALSE_OPTIONS:
            problems.append(P("question.true_false_options", _("a true/false question must have the options 对 and 错")))
        if len(q.correct) != 1 or q.correct[0] not in (0, 1):
            problems.append(P("question.true_false_answer",
                              _("a true/false question needs exactly one correct answer (对 or 错)")))
    elif q.type == "fill_blank":
        if not q.blanks:
            problems.append(P("question.no_blanks", _("a fill-in question needs at least one blank answer")))
        for i, alternatives in enumerate(q.blanks, 1):
            if not alternatives or not all(a.strip() for a in alternatives):
                problems.append(P("question.blank_without_answer", _("blank %(number)s has no accepted answer")
                                  % {"number": i}))
    elif q.type == "matching":
        if len(q.prompts) < 2:
            problems.append(P("question.matching_too_few_items",
                              _("a matching question needs at least 2 items to match")))
        if len(q.options) < len(q.prompts) or len(set(q.options)) != len(q.options):
            problems.append(P("question.matching_answers",
                              _("a matching question needs different answers, at least one per item")))
        if len(q.correct) != len(q.prompts) or any(not 0 <= c < len(q.options) for c in q.correct):
            problems.append(P("question.matching_unanswered", _("every item to match needs its answer")))
    elif q.type == "numerical":
        problems.extend(_numeric_problems(q.numeric))
    problems.extend(_weight_problems(q))
    for text in [q.stem, *q.options, q.explanation, q.model_answer, *(a for b in q.blanks for a in b)]:
        run = garbled(text)
        if run:
            problems.append(garbled_message(run))
            break
    if q.difficulty is not None and not 1 <= q.difficulty <= 5:
        problems.append(P("question.difficulty_range", _("difficulty must be 1–5, got %(value)s")
                          % {"value": q.difficulty}))
    return problems


def _numeric_problems(numeric: list[dict]) -> list[Problem]:
    if not numeric:
        return [Problem("question.numeric_missing", _("a numerical question needs at least one accepted value"))]
    try:
        fractions = [Decimal(str(n.get("fraction", "1"))) for n in numeric]
        for n in numeric:
            if n.get("low") is not None:
                if Decimal(str(n["low"])) > Decimal(str(n["high"])):
                    return [Problem("question.numeric_range_backwards", _("the range %(low)s..%(high)s runs backwards")
                                    % {"low": n["low"], "high": n["high"]})]
            else:
                Decimal(str(n["value"]))
                if Decimal(str(n.get("tolerance") or "0")) < 0:
                    return [Problem("question.numeric_negative_tolerance", _("a tolerance cannot be negative"))]
    except (InvalidOperation, KeyError, TypeError):
        return [Problem("question.numeric_not_a_number", _("an accepted value or tolerance is not a number"))]
    if any(not Decimal("0") < f <= 1 for f in fractions):
        return [Problem("question.numeric_credit_range",
                        _("the credit of an accepted value lies above %(low)s and up to %(high)s")
                        % {"low": "0%", "high": "100%"})]
    if not any(f == 1 for f in fractions):
        return [Problem("question.numeric_no_full_credit", _("no accepted value earns full credit"))]
    return []


def _weight_problems(q: ParsedQuestion) -> list[Problem]:
    if not q.weights:
        return []
    expected = len(q.blanks[0]) if q.type == "fill_blank" and q.blanks else len(q.options)
    if q.type not in WEIGHTED_TYPES or len(q.weights) != expected:
        return [Problem("question.weights_shape",
                        _("weights must be given per option of a choice question or per accepted answer"))]
    try:
        values = [Decimal(str(w)) for w in q.weights]
    except InvalidOperation:
        return [Problem("question.weight_not_a_number", _("a weight is not a number"))]
    if any(not -1 <= v <= 1 for v in values):
        return [Problem("question.weight_range", _("a weight lies between %(low)s and %(high)s")
                        % {"low": "-100%", "high": "100%"})]
    if not any(v > 0 for v in values):
        return [Problem("question.weights_no_credit", _("no answer earns credit"))]
    return []
