"""Reading what an examiner copies from a paper answer sheet into the stored answer shape (display positions).

Pure rules. Per type: choice questions as option letters ("B", "ACD", ordering "BCAD"; 对/错/T/F for
true/false), matching as one letter per item ("CAB"; "-" for an item left empty), fill-ins with the blanks
separated by "|", numerical and short answers as written. An empty cell is unanswered (None).
"""

from __future__ import annotations

import unicodedata

from .scoring import FILL_BLANK, MATCHING, NUMERICAL, SHORT_ANSWER, TRUE_FALSE

LETTERS = "ABCDEFGH"
TRUE_WORDS = {"对", "T", "TRUE", "√", "✓", "A", "正确"}
FALSE_WORDS = {"错", "F", "FALSE", "×", "✗", "B", "错误"}


def read(qtype: str, text: str):
    """The answer in display positions, or ValueError naming what is wrong. Range checks are clean_response's."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        return None
    if qtype in (NUMERICAL, SHORT_ANSWER):
        return raw
    if qtype == FILL_BLANK:
        return [part.strip() for part in raw.split("|")]
    if qtype == TRUE_FALSE:
        word = raw.upper()
        if word in TRUE_WORDS:
            return [0]
        if word in FALSE_WORDS:
            return [1]
        raise ValueError("对 or 错")
    letters = raw.upper().replace(" ", "").replace(",", "").replace("、", "")
    if qtype == MATCHING:
        picks = []
        for ch in letters:
            if ch == "-":
                picks.append(None)
            elif ch in LETTERS:
                picks.append(LETTERS.index(ch))
            else:
                raise ValueError("one letter per item, - for none")
        return picks
    if any(ch not in LETTERS for ch in letters):
        raise ValueError("option letters")
    return [LETTERS.index(ch) for ch in letters]


def hint_kind(qtype: str) -> str:
    """Which way an answer of this type is written: "true_false", "matching", "blanks", "text" or "letters"."""
    if qtype == TRUE_FALSE:
        return "true_false"
    if qtype == MATCHING:
        return "matching"
    if qtype == FILL_BLANK:
        return "blanks"
    if qtype in (NUMERICAL, SHORT_ANSWER):
        return "text"
    return "letters"
