"""What changed between two versions of a rule, article by article, with the changed text marked.

Pure domain logic (no ORM, no HTTP): the services turn a revision into a list of ``Unit`` (an article of
a regulation, a step of a procedure …) and this module compares two such lists.

Matching, in order:

1. by ``key`` — an article's stable UUID (``RegulationArticle.key``) or a step's row id, so an article that
   was renumbered (第十二条 became 第十三条 because an article was inserted before it) is "changed", not
   "removed" plus "added";
2. the units left over on both sides are matched by ``number`` (an article deleted and re-typed under the
   same number is still the same article to the reader).

Whatever is left is added or removed. Texts of matched units are compared token by token: every CJK
character is a token (Chinese has no spaces, so a character-level diff is what reads naturally), a run of
Latin letters or digits is one token (an English translation diffs by word), and any other character
(space, punctuation, line break) is a token of its own.

Texts are compared normalised (``portal.textutils.lines.normalise_lines``: LF line breaks, no trailing
spaces, no blank lines): a version saved from a browser (CR LF) and one written by the importer (LF) with the
same paragraphs are the same text, so nothing the reader cannot see is ever listed as a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from portal.textutils.lines import normalise_lines

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"

_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s|.", re.DOTALL)


@dataclass(frozen=True)
class Unit:
    """One comparable piece of a version: ``key`` identifies it across versions, ``label`` is what the
    reader sees (第十二条 / Article 12), ``number`` its number in the text (None when it has none)."""

    key: str
    label: str
    text: str
    number: int | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, INSERT or DELETE
    text: str


@dataclass
class UnitChange:
    kind: str  # ADDED, REMOVED or CHANGED
    old: Unit | None
    new: Unit | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def unit(self) -> Unit:
        return self.new or self.old

    @property
    def renumbered(self) -> bool:
        return self.kind == CHANGED and self.old.label != self.new.label

    @property
    def text_changed(self) -> bool:
        return any(s.op != EQUAL for s in self.segments)


@dataclass
class Comparison:
    changes: list[UnitChange]
    unchanged: int

    @property
    def added(self) -> list[UnitChange]:
        return [c for c in self.changes if c.kind == ADDED]

    @property
    def removed(self) -> list[UnitChange]:
        return [c for c in self.changes if c.kind == REMOVED]

    @property
    def changed(self) -> list[UnitChange]:
        return [c for c in self.changes if c.kind == CHANGED]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def inline_diff(old: str, new: str) -> list[Segment]:
    """The new text as a sequence of kept, inserted and deleted runs: within one changed stretch, everything
    deleted comes first, then everything inserted.

    A rewritten sentence shares a few stray characters with the old one (a 的, a 。); marking them as "kept"
    would chop the change into unreadable fragments, so a kept run no longer than the changes on both of its
    sides is folded into them (the "semantic clean-up" of Myers-style diffs).
    """
    a, b = tokenize(old), tokenize(new)
    blocks: list[list] = []  # ["equal", text] or ["change", deleted, inserted]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append([EQUAL, "".join(a[i1:i2])])
        elif blocks and blocks[-1][0] == "change":
            blocks[-1][1] += "".join(a[i1:i2])
            blocks[-1][2] += "".join(b[j1:j2])
        else:
            blocks.append(["change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    folded = True
    while folded:
        folded = False
        for i in range(1, len(blocks) - 1):
            before, kept, after = blocks[i - 1], blocks[i], blocks[i + 1]
            if kept[0] != EQUAL or before[0] != "change" or after[0] != "change":
                continue
            if len(kept[1]) <= max(len(before[1]), len(before[2])) and len(kept[1]) <= max(
                len(after[1]), len(after[2])
            ):
                blocks[i - 1 : i + 2] = [
                    ["change", before[1] + kept[1] + after[1], before[2] + kept[1] + after[2]]
                ]
                folded = True
                break
    segments: list[Segment] = []
    for block in blocks:
        if block[0] == EQUAL:
            if block[1]:
                segments.append(Segment(EQUAL, block[1]))
            continue
        if block[1]:
            segments.append(Segment(DELETE, block[1]))
        if block[2]:
            segments.append(Segment(INSERT, block[2]))
    return segments


def _match(old_units: list[Unit], new_units: list[Unit]) -> dict[int, int]:
    """``{index in new_units: index in old_units}`` for the units present in both versions."""
    matched: dict[int, int] = {}
    old_by_key = {}
    for i, unit in enumerate(old_units):
        old_by_key.setdefault(unit.key, i)
    used_old = set()
    for j, unit in enumerate(new_units):
        i = old_by_key.get(unit.key)
        if i is not None and i not in used_old:
            matched[j] = i
            used_old.add(i)
    leftover_old = {}
    for i, unit in enumerate(old_units):
        if i not in used_old and unit.number is not None:
            leftover_old.setdefault(unit.number, i)
    for j, unit in enumerate(new_units):
        if j in matched or unit.number is None:
            continue
        i = leftover_old.pop(unit.number, None)
        if i is not None:
            matched[j] = i
            used_old.add(i)
    return matched


def compare(old_units: list[Unit], new_units: list[Unit]) -> Comparison:
    """The changes from ``old_units`` to ``new_units`` in reading order of the new version; a removed unit
    is listed where it stood (after the unit that preceded it in the old version)."""
    matched = _match(old_units, new_units)
    new_for_old = {i: j for j, i in matched.items()}
    ordered: list[tuple[tuple, UnitChange]] = []
    unchanged = 0
    for j, unit in enumerate(new_units):
        i = matched.get(j)
        if i is None:
            ordered.append(
                ((j, 0, 0), UnitChange(ADDED, None, unit, [Segment(INSERT, normalise_lines(unit.text))]))
            )
            continue
        old = old_units[i]
        old_text, new_text = normalise_lines(old.text), normalise_lines(unit.text)
        if old_text == new_text and old.label == unit.label:
            unchanged += 1
            continue
        ordered.append(((j, 0, 0), UnitChange(CHANGED, old, unit, inline_diff(old_text, new_text))))
    anchor, offset = -1, 0
    for i, unit in enumerate(old_units):
        if i in new_for_old:
            anchor, offset = new_for_old[i], 0
            continue
        offset += 1
        ordered.append(
            (
                (anchor, 1, offset),
                UnitChange(REMOVED, unit, None, [Segment(DELETE, normalise_lines(unit.text))]),
            )
        )
    ordered.sort(key=lambda pair: pair[0])
    return Comparison(changes=[change for _position, change in ordered], unchanged=unchanged)


def _english_name(unit: Unit, noun: str) -> str:
    if unit.number is not None:
        return f"{noun} {unit.number}"
    return f"the {unit.key}" if unit.key in ("preamble", "summary") else unit.key


def _english_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def english_summary(comparison: Comparison, noun: str = "Article") -> str:
    """A short English account of what changed (for readers of the English portal when the editor wrote no
    English summary): "Article 3 changed. Article 7 added." — ``noun`` names a numbered unit (Article,
    Step). Stored as text, so it is always English whatever the publisher's language."""
    parts = []
    for kind, verb in ((CHANGED, "changed"), (ADDED, "added"), (REMOVED, "removed")):
        names = [_english_name(c.unit, noun) for c in comparison.changes if c.kind == kind]
        if names:
            parts.append(f"{_english_list(names)} {verb}.")
    if not parts:
        return "Wording revised; no article changed."
    return " ".join(parts)
