"""One vocabulary in the code: the repeated blocks issue 20 named stay folded into their one place."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _sources():
    for package in ("portal", "content", "quizzes"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, path.read_text(encoding="utf-8")


def test_only_the_bilingual_helper_decides_whether_a_language_is_english():
    helper = ROOT / "portal" / "core" / "bilingual.py"
    copies = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path, text in _sources()
        if path != helper
        for match in re.finditer(r"""\.startswith\(\s*["']en["']""", text)
    ]
    assert copies == []


def test_the_maker_checker_rule_has_one_name():
    second_names = [
        str(path.relative_to(ROOT))
        for path, text in _sources()
        if re.search(r"four_eyes|dual_control|DualControl", text)
    ]
    assert second_names == []
