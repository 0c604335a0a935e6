"""Skill test scoring benchmark: 1,000 finished voucher tests and 1,000 typed passages of 500 characters.

    .venv/bin/python bench/skills/bench_scoring.py [--seed N]

Pure Python, no database: the scoring rules are plain functions (``quizzes.certification.rules``).

* **vouchers** — 1,000 tests of 100 amounts (the demo digit-length mix), keyed with typical slips (a wrong or
  swapped digit, a dropped decimal point, full-width digits, separators left out, a skipped voucher), scored
  by ``score_amounts``; the baseline is the bare loop that compares the strings without normalising.
* **passages** — 1,000 passages of 500 characters cut from the demo regulations, typed with ~3 % edits
  (substitutions, insertions, deletions), aligned by ``align`` (Ukkonen / Landau–Vishkin, exact edit
  distance) and, on the same passages in the same run, by Python's ``difflib.SequenceMatcher`` (opcodes
  counted as edits: a "replace" block of sizes a and b costs max(a, b)). Printed: the times, the ratio, how
  often difflib's count equals the exact distance, and an exactness check of ``align`` against the
  O(n·m) table on a sample.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizzes.certification.rules import skill_material, skill_scoring  # noqa: E402

MIX = "4:10,5:20,6:30,7:25,8:15"
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def slip(amount: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.03:
        i = rng.randrange(len(amount))
        return amount[:i] + ("7" if amount[i] != "7" else "8") + amount[i + 1:] if amount[i].isdigit() else amount
    if r < 0.05:
        return amount.replace(".", "")
    if r < 0.07:
        return ""
    if r < 0.10:
        return amount.translate(FULL_WIDTH)
    if r < 0.60:
        return amount.replace(",", "")
    return amount


def corpus() -> str:
    text = []
    for path in sorted((ROOT / "content" / "demo" / "data").glob("*.json")):
        text.append("".join(re.findall(r"[\u4e00-\u9fff，。；：、（）]", path.read_text(encoding="utf-8"))))
    joined = "".join(text)
    if len(joined) < 5000:
        joined = (joined or "为了规范柜面业务操作防范操作风险保障客户资金安全根据有关规定制定本办法。") * 200
    return joined


def typed_version(passage: str, rng: random.Random, rate: float = 0.03) -> str:
    out = []
    pool = passage
    for ch in passage:
        r = rng.random()
        if r < rate / 3:
            out.append(rng.choice(pool))  # substitution
        elif r < 2 * rate / 3:
            out.append(ch)
            out.append(rng.choice(pool))  # insertion
        elif r < rate:
            continue  # deletion
        else:
            out.append(ch)
    return "".join(out)


def difflib_edits(a: str, b: str) -> int:
    edits = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "replace":
            edits += max(i2 - i1, j2 - j1)
        elif tag == "delete":
            edits += i2 - i1
        elif tag == "insert":
            edits += j2 - j1
    return edits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--tests", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    # ------------------------------------------------------------------ vouchers
    tests = []
    for n in range(args.tests):
        expected = skill_material.amounts(args.seed + n, 100, MIX)
        tests.append((expected, [slip(a, rng) for a in expected]))
    start = time.perf_counter()
    bare = sum(sum(1 for e, t in zip(exp, typ, strict=True) if e == t) for exp, typ in tests)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    correct = sum(skill_scoring.score_amounts(exp, typ).correct for exp, typ in tests)
    scoring = time.perf_counter() - start
    print(f"vouchers: {args.tests} tests × 100 amounts")
    print(f"  score_amounts            {scoring * 1000:9.1f} ms  ({scoring / args.tests * 1e6:7.1f} µs per test)"
          f"  correct items {correct}")
    print(f"  bare string comparison   {baseline * 1000:9.1f} ms  (ratio {scoring / baseline:5.1f}×)"
          f"  equal strings {bare}  (normalising accepts {correct - bare} more)")

    # ------------------------------------------------------------------ passages
    text = corpus()
    passages = []
    for _ in range(args.tests):
        at = rng.randrange(0, len(text) - 500)
        reference = text[at:at + 500]
        passages.append((reference, typed_version(reference, rng)))
    start = time.perf_counter()
    ours = [skill_scoring.align(ref, typ).errors for ref, typ in passages]
    ours_time = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [difflib_edits(ref, typ) for ref, typ in passages]
    difflib_time = time.perf_counter() - start
    same = sum(1 for a, b in zip(ours, theirs, strict=True) if a == b)
    over = sum(b - a for a, b in zip(ours, theirs, strict=True))
    below = sum(1 for a, b in zip(ours, theirs, strict=True) if b < a)
    sample = passages[:20]
    start = time.perf_counter()
    exact = all(skill_scoring.edit_distance_table(ref, typ) == skill_scoring.align(ref, typ).errors
                for ref, typ in sample)
    table_time = time.perf_counter() - start
    print(f"passages: {args.tests} × 500 characters, mean {sum(ours) / len(ours):.1f} edits each")
    print(f"  align (Ukkonen diagonal) {ours_time * 1000:9.1f} ms  ({ours_time / args.tests * 1e3:6.2f} ms each)")
    print(f"  difflib.SequenceMatcher  {difflib_time * 1000:9.1f} ms  ({difflib_time / args.tests * 1e3:6.2f} ms each)"
          f"  → align is {difflib_time / ours_time:4.1f}× faster")
    print(f"  difflib's edit count equals the exact distance on {same}/{args.tests} passages; "
          f"it counts {over} edits too many in all ({below} passages below the exact distance: must be 0)")
    print(f"  exactness check vs the O(n·m) table on {len(sample)} passages: {'all equal' if exact else 'MISMATCH'}"
          f" ({table_time:.1f} s for the table and align together)")
    print(json.dumps({"voucher_ms": round(scoring * 1000, 1), "voucher_baseline_ms": round(baseline * 1000, 1),
                      "align_ms": round(ours_time * 1000, 1), "difflib_ms": round(difflib_time * 1000, 1),
                      "difflib_exact": same, "exact_sample_ok": exact}))


if __name__ == "__main__":
    main()
