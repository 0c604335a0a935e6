"""Scoring of the keyboard skill tests (传票翻打, 数字录入, 汉字录入). Plain data in, plain data out.

* **Amounts** (传票翻打): each keyed amount is normalised — full-width digits and punctuation (NFKC), the
  thousands separators people type (``,`` ``，`` spaces, apostrophes), the decimal point (``.`` ``．`` ``。``),
  a leading currency sign — and compared by value with the voucher's amount. ``12,345.6`` is right for
  ``12,345.60``; ``1234567`` (no decimal point) is wrong; two decimal points make the entry unreadable
  (wrong). An item left empty before the last item keyed counts as an error (skipped); items after it were
  not reached and do not count.
* **Characters** (汉字录入, and the digits of 数字录入): the typed text is aligned with the material by an
  exact edit distance (substitutions, insertions, deletions all cost 1). The alignment is Ukkonen's /
  Landau–Vishkin's diagonal algorithm: it runs in O((n + m) · d) for d edits instead of the O(n · m) table,
  which matters because typing errors are few and passages are long. With ``free_tail`` the untyped end of
  the material is free (a timed passage is rarely finished). Whitespace never counts and both sides are
  NFKC-normalised, so a half-width comma typed for a full-width one is not an error.
* **Speed** is per minute of the server-measured time; *net* speed deducts ``penalty`` units per error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# --------------------------------------------------------------------------- amounts

_SEPARATORS = re.compile(r"[\s,'\u00a0\u2009\u202f\u3000`]")
_DECIMAL_POINTS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_CURRENCY = re.compile(r"^[¥￥$]|^(RMB|CNY)", re.IGNORECASE)
_AMOUNT = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")


def normalise_amount(text: str) -> Decimal | None:
    """The value of a keyed amount, or None when it cannot be read as a non-negative amount."""
    if text is None:
        return None
    value = unicodedata.normalize("NFKC", str(text)).translate(_DECIMAL_POINTS).strip()
    value = _CURRENCY.sub("", value)
    value = _SEPARATORS.sub("", value)
    if not value or not _AMOUNT.match(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only readable numbers
        return None


def format_amount(cents: int) -> str:
    """12345.67 shown the way vouchers print it: ``12,345.67``."""
    return f"{cents // 100:,}.{cents % 100:02d}"


@dataclass(frozen=True)
class ItemMark:
    position: int  # 0-based
    expected: str
    typed: str
    status: str  # "correct", "wrong", "skipped", "not_reached"


@dataclass(frozen=True)
class ItemsScore:
    correct: int
    wrong: int
    skipped: int
    reached: int
    marks: tuple[ItemMark, ...]

    @property
    def errors(self) -> int:
        return self.wrong + self.skipped

    @property
    def accuracy(self) -> Decimal:
        return ratio(self.correct, self.correct + self.errors)


def score_amounts(expected: list[str], typed: list[str]) -> ItemsScore:
    """Mark each keyed amount against its voucher (see the module's rules)."""
    typed = list(typed or []) + [""] * max(0, len(expected) - len(typed or []))
    last = max((i for i, t in enumerate(typed[: len(expected)]) if str(t).strip()), default=-1)
    marks, correct, wrong, skipped = [], 0, 0, 0
    for position, amount in enumerate(expected):
        entry = str(typed[position] or "")
        if position > last:
            status = "not_reached"
        elif not entry.strip():
            status, skipped = "skipped", skipped + 1
        elif normalise_amount(entry) == normalise_amount(amount):
            status, correct = "correct", correct + 1
        else:
            status, wrong = "wrong", wrong + 1
        marks.append(ItemMark(position, amount, entry, status))
    return ItemsScore(correct, wrong, skipped, last + 1, tuple(marks))


# --------------------------------------------------------------------------- character alignment

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """What counts of a passage: NFKC (full-width ↔ half-width), without any whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text or ""))


SUBSTITUTION, INSERTION, DELETION = "sub", "ins", "del"


@dataclass(frozen=True)
class Alignment:
    """An optimal alignment of the typed text with (a prefix of) the reference.

    ``ops`` lists the edits as (kind, reference index, typed index): a substitution of reference[i] by
    typed[j], an insertion of typed[j] (an extra character), a deletion of reference[i] (a missed one).
    """

    matches: int
    substitutions: int
    insertions: int
    deletions: int
    reference_used: int  # characters of the reference the typed text covers
    ops: tuple[tuple[str, int, int], ...] = field(default=(), repr=False)

    @property
    def errors(self) -> int:
        return self.substitutions + self.insertions + self.deletions


def _slide(a: str, b: str, i: int, j: int) -> int:
    """How far a[i:] and b[j:] agree (compared in chunks: a Python loop per character is slow)."""
    n, m = len(a), len(b)
    step = 32
    while step:
        while i + step <= n and j + step <= m and a[i : i + step] == b[j : j + step]:
            i += step
            j += step
        step //= 4
    while i < n and j < m and a[i] == b[j]:
        i += 1
        j += 1
    return i


def align(reference: str, typed: str, *, free_tail: bool = False) -> Alignment:
    """Exact edit-distance alignment (unit costs). ``free_tail``: the end of ``reference`` may stay untyped."""
    a, b = reference, typed
    n, m = len(a), len(b)
    if m == 0:
        deletions = 0 if free_tail else n
        ops = () if free_tail else tuple((DELETION, i, 0) for i in range(n))
        return Alignment(0, 0, 0, deletions, 0 if free_tail else n, ops)
    # levels[e][k] = (furthest i on diagonal k = j - i with e edits, op, previous k, i where the op landed)
    first = _slide(a, b, 0, 0)
    levels = [{0: (first, None, None, 0)}]
    e = 0
    end_k = m - n
    while True:
        current = levels[e]
        if free_tail:
            done = [k for k, v in current.items() if v[0] + k == m]
            if done:
                end = max(done, key=lambda k: current[k][0])
                break
        elif end_k in current and current[end_k][0] == n:
            end = end_k
            break
        e += 1
        nxt = {}
        for k in range(max(-n, -e), min(m, e) + 1):
            best = None
            previous = current.get(k)  # substitution: i + 1, j + 1
            if previous is not None and previous[0] < n and previous[0] + k < m:
                best = (previous[0] + 1, SUBSTITUTION, k)
            previous = current.get(k + 1)  # deletion (a reference character missed): i + 1, j stays
            if previous is not None and previous[0] < n and (best is None or previous[0] + 1 > best[0]):
                best = (previous[0] + 1, DELETION, k + 1)
            previous = current.get(k - 1)  # insertion (an extra character typed): i stays, j + 1
            if previous is not None and previous[0] + k - 1 < m and (best is None or previous[0] > best[0]):
                best = (previous[0], INSERTION, k - 1)
            if best is not None:
                landed, op, from_k = best
                nxt[k] = (_slide(a, b, landed, landed + k), op, from_k, landed)
        levels.append(nxt)
    ops = []
    k = end
    reference_used = levels[e][end][0]
    for level in range(e, 0, -1):
        _i, op, from_k, landed = levels[level][k]
        if op == SUBSTITUTION:
            ops.append((SUBSTITUTION, landed - 1, landed - 1 + k))
        elif op == DELETION:
            ops.append((DELETION, landed - 1, landed + k))
        else:
            ops.append((INSERTION, landed, landed + k - 1))
        k = from_k
    ops.reverse()
    subs = sum(1 for op in ops if op[0] == SUBSTITUTION)
    dels = sum(1 for op in ops if op[0] == DELETION)
    ins = len(ops) - subs - dels
    return Alignment(reference_used - subs - dels, subs, ins, dels, reference_used, tuple(ops))


def edit_distance_table(reference: str, typed: str, *, free_tail: bool = False) -> int:
    """The textbook O(n·m) table (Wagner–Fischer), kept as the yardstick the fast alignment is tested on."""
    n, m = len(reference), len(typed)
    # rows over typed (j), columns over reference (i); free_tail: the best over every reference prefix
    previous = list(range(n + 1))
    for j in range(1, m + 1):
        row = [j] + [0] * n
        tj = typed[j - 1]
        for i in range(1, n + 1):
            row[i] = min(previous[i] + 1, row[i - 1] + 1, previous[i - 1] + (reference[i - 1] != tj))
        previous = row
    return min(previous) if free_tail else previous[n]


# --------------------------------------------------------------------------- speed and accuracy


def ratio(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0000")
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def per_minute(count, seconds) -> Decimal:
    """Units per minute of ``seconds``, to two places (0 for no time)."""
    seconds = Decimal(str(seconds))
    if seconds <= 0:
        return Decimal("0.00")
    return (Decimal(count) * 60 / seconds).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def net_count(correct: int, errors: int, penalty) -> Decimal:
    """Correct units less ``penalty`` per error, never below zero."""
    return max(Decimal(correct) - Decimal(str(penalty)) * errors, Decimal(0))


@dataclass(frozen=True)
class CharactersScore:
    correct: int
    substitutions: int
    insertions: int
    deletions: int
    typed: int
    marks: tuple = ()

    @property
    def errors(self) -> int:
        return self.substitutions + self.insertions + self.deletions

    @property
    def accuracy(self) -> Decimal:
        return ratio(self.correct, self.correct + self.errors)


def score_passage(reference: str, typed: str) -> CharactersScore:
    """汉字录入: the typed text against the passage, the untyped end of the passage free."""
    ref, text = normalise_text(reference), normalise_text(typed)
    result = align(ref, text, free_tail=True)
    return CharactersScore(result.matches, result.substitutions, result.insertions, result.deletions, len(text),
                           result.ops[:200])


def score_groups(expected: list[str], typed: list[str]) -> CharactersScore:
    """数字录入: digits of each number group aligned with the group; the last group reached may be partial,
    groups after it were not reached, an empty group before it was skipped (all its digits missed)."""
    typed = [normalise_text(t) for t in (typed or [])]
    last = max((i for i, t in enumerate(typed[: len(expected)]) if t), default=-1)
    correct = subs = ins = dels = count = 0
    marks = []
    for position in range(last + 1):
        ref = normalise_text(expected[position])
        text = typed[position] if position < len(typed) else ""
        result = align(ref, text, free_tail=position == last)
        correct += result.matches
        subs += result.substitutions
        ins += result.insertions
        dels += result.deletions
        count += len(text)
        if result.errors:
            marks.append((position, result.errors))
    return CharactersScore(correct, subs, ins, dels, count, tuple(marks))


# --------------------------------------------------------------------------- pass marks


@dataclass(frozen=True)
class PassMark:
    level_code: str
    min_value: Decimal
    max_errors: int | None


def levels_reached(value: Decimal, errors: int, marks: list[PassMark]) -> list[str]:
    """The grade levels whose pass mark the result meets (value at least, errors at most)."""
    return [m.level_code for m in marks
            if value >= m.min_value and (m.max_errors is None or errors <= m.max_errors)]


# --------------------------------------------------------------------------- one attempt

CORRECT_ITEMS, NET_PER_MINUTE = "correct_items", "net_per_minute"


def score_attempt(material: dict, answer: dict, *, rule: str, penalty, elapsed_seconds) -> dict:
    """The score of a finished attempt from its frozen material and its committed answer.

    Returns plain values: ``value`` (in the skill test's unit), ``errors``, ``accuracy``, ``speed`` (correct
    units per minute) and ``details`` for the result page.
    """
    kind = material.get("kind")
    if kind == "passage":
        chars = score_passage(material.get("text", ""), str(answer.get("text", "")))
        correct, errors, accuracy = chars.correct, chars.errors, chars.accuracy
        details = {"typed": chars.typed, "substitutions": chars.substitutions, "insertions": chars.insertions,
                   "deletions": chars.deletions, "ops": [list(op) for op in chars.marks]}
    elif kind == "amounts" or rule == CORRECT_ITEMS:
        expected = list(material.get("items", []))
        typed = [str(t) for t in (answer.get("items") or [])][: len(expected)]
        if kind == "amounts":
            items = score_amounts(expected, typed)
        else:
            items = score_amounts_as_digits(expected, typed)
        correct, errors, accuracy = items.correct, items.errors, items.accuracy
        details = {"reached": items.reached, "wrong": items.wrong, "skipped": items.skipped,
                   "marks": [[m.position, m.status] for m in items.marks if m.status in ("wrong", "skipped")]}
    else:
        groups = score_groups(list(material.get("items", [])), [str(t) for t in (answer.get("items") or [])])
        correct, errors, accuracy = groups.correct, groups.errors, groups.accuracy
        details = {"typed": groups.typed, "substitutions": groups.substitutions, "insertions": groups.insertions,
                   "deletions": groups.deletions, "marks": [list(m) for m in groups.marks]}
    if rule == NET_PER_MINUTE:
        value = per_minute(net_count(correct, errors, penalty), elapsed_seconds)
    else:
        value = net_count(correct, errors, penalty).quantize(Decimal("0.01"))
    return {"value": value, "errors": errors, "correct": correct, "accuracy": accuracy,
            "speed": per_minute(correct, elapsed_seconds), "details": details}


def score_amounts_as_digits(expected: list[str], typed: list[str]) -> ItemsScore:
    """Number groups marked as whole items (a group is right only when every digit is)."""
    typed = list(typed) + [""] * max(0, len(expected) - len(typed))
    last = max((i for i, t in enumerate(typed[: len(expected)]) if normalise_text(t)), default=-1)
    marks, correct, wrong, skipped = [], 0, 0, 0
    for position, group in enumerate(expected):
        entry = normalise_text(typed[position])
        if position > last:
            status = "not_reached"
        elif not entry:
            status, skipped = "skipped", skipped + 1
        elif entry == normalise_text(group):
            status, correct = "correct", correct + 1
        else:
            status, wrong = "wrong", wrong + 1
        marks.append(ItemMark(position, group, typed[position], status))
    return ItemsScore(correct, wrong, skipped, last + 1, tuple(marks))
