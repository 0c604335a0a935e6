"""Item analysis of 500 simulated attempts × 50 items: the portal's pure-Python rules against numpy.

    .venv/bin/python bench/statistics/bench_statistics.py [--candidates 500] [--items 50] [--repeat 5]

Times ``item_analysis`` + ``distractor_analysis`` (quizzes/exams/rules/statistics.py, plain Python, what the
background job runs) and numpy computing the same figures (n, mean, sd, α, SEM; per item facility,
discrimination, point-biserial, upper–lower, α-if-deleted; per option share, upper, lower and rest
correlation) on the same simulated matrix in the same run, checks that both agree, and prints the timings
and their ratio. numpy is only a baseline here (requirements-dev.txt); the portal does not import it.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import numpy as np  # noqa: E402

from quizzes.exams.rules.statistics import distractor_analysis, group_size, item_analysis  # noqa: E402

OPTIONS = 4


def simulate(candidates: int, items: int, seed: int = 15):
    """A Rasch-like paper of single-choice items: ability ~ N(0,1), difficulty ~ U(−2, 2); a wrong
    answer picks a wrong option, the first item is miskeyed (its 'key' is the option strong candidates avoid)."""
    rng = random.Random(seed)
    abilities = [rng.gauss(0, 1) for _ in range(candidates)]
    difficulties = [rng.uniform(-2, 2) for _ in range(items)]
    difficulties[0] = -1.0  # the miskeyed item is an easy one: strong candidates all pick the real answer
    keys = [[rng.randrange(OPTIONS)] for _ in range(items)]
    scores, choices = [], []
    for a in abilities:
        row, picked = [], []
        for i, d in enumerate(difficulties):
            right = rng.random() < 1 / (1 + math.exp(-(a - d)))
            key = keys[i][0]
            option = key if right else rng.choice([o for o in range(OPTIONS) if o != key])
            if i == 0:  # miskeyed: the real answer is (key + 1)
                option = (key + 1) % OPTIONS if right else key if rng.random() < 0.5 else (key + 2) % OPTIONS
                right = option == key
            row.append(1.0 if right else 0.0)
            picked.append([option])
        scores.append(row)
        choices.append(picked)
    return scores, choices, keys


def pure(scores, choices, keys, max_marks):
    analysis = item_analysis(scores, max_marks)
    distractors = distractor_analysis(scores, choices, [OPTIONS] * len(max_marks), keys)
    return analysis, distractors


def _corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Column-wise Pearson correlation of x (n×k) with y (n×k or n), NaN where a variance is zero."""
    if y.ndim == 1:
        y = y[:, None]
    xc = x - x.mean(axis=0)
    yc = y - y.mean(axis=0)
    num = (xc * yc).mean(axis=0)
    den = np.sqrt((xc * xc).mean(axis=0) * (yc * yc).mean(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 1e-12, num / den, np.nan)


def with_numpy(scores, choices, keys, max_marks):
    x = np.asarray(scores, dtype=float)
    m = np.asarray(max_marks, dtype=float)
    n, k = x.shape
    totals = x.sum(axis=1)
    var_total = totals.var()
    var_items = x.var(axis=0)
    alpha = k / (k - 1) * (1 - var_items.sum() / var_total)
    sd = math.sqrt(var_total)
    sem = sd * math.sqrt(max(0.0, 1 - alpha))
    rest = totals[:, None] - x
    g = group_size(n)
    order = np.argsort(-totals, kind="stable")  # ties in input order, as the rule keeps them
    upper = order[:g]
    lower = np.argsort(totals, kind="stable")[:g]
    cov_item_total = ((x - x.mean(axis=0)) * (totals - totals.mean())[:, None]).mean(axis=0)
    rest_var = var_total + var_items - 2 * cov_item_total
    alpha_del = (k - 1) / (k - 2) * (1 - (var_items.sum() - var_items) / rest_var)
    items = {
        "facility": x.mean(axis=0) / m,
        "discrimination": _corr(x, rest),
        "point_biserial": _corr(x, totals),
        "upper_lower": (x[upper].mean(axis=0) - x[lower].mean(axis=0)) / m,
        "alpha_if_deleted": alpha_del,
    }
    chosen = np.array([[row[i][0] for i in range(k)] for row in choices])  # n×k option indices
    onehot = (chosen[:, :, None] == np.arange(OPTIONS)).astype(float)  # n×k×options
    share = onehot.mean(axis=0)
    up = onehot[upper].mean(axis=0)
    lo = onehot[lower].mean(axis=0)
    rest_corr = np.stack([_corr(onehot[:, :, o], rest) for o in range(OPTIONS)], axis=1)  # k×options
    return {"n": n, "mean": totals.mean(), "sd": sd, "alpha": alpha, "sem": sem, "items": items,
            "share": share, "upper": up, "lower": lo, "rest_correlation": rest_corr}


def agree(a: float | None, b: float) -> bool:
    if a is None:
        return bool(np.isnan(b))
    return abs(a - float(b)) < 1e-9


def check(analysis, distractors, ref) -> int:
    mismatches = 0
    for name in ("n", "mean", "sd", "alpha", "sem"):
        mismatches += not agree(analysis[name], ref[name])
    for i, item in enumerate(analysis["items"]):
        for name, values in ref["items"].items():
            mismatches += not agree(item[name], values[i])
        for row in distractors[i]["options"]:
            o = row["option"]
            for name in ("share", "upper", "lower"):
                mismatches += not agree(row[name], ref[name][i, o])
            mismatches += not agree(row["rest_correlation"], ref["rest_correlation"][i, o])
    return mismatches


def timed(fn, repeat):
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    scores, choices, keys = simulate(args.candidates, args.items)
    max_marks = [1.0] * args.items
    pure_median, pure_best, (analysis, distractors) = timed(lambda: pure(scores, choices, keys, max_marks), args.repeat)
    np_median, np_best, ref = timed(lambda: with_numpy(scores, choices, keys, max_marks), args.repeat)
    mismatches = check(analysis, distractors, ref)

    print(f"item analysis + distractors, {args.candidates} attempts × {args.items} items, {args.repeat} runs each")
    print(f"{'':32}{'median s':>10}{'best s':>10}")
    print(f"{'pure Python (the portal)':32}{pure_median:10.4f}{pure_best:10.4f}")
    print(f"{'numpy (baseline)':32}{np_median:10.4f}{np_best:10.4f}")
    print(f"ratio pure / numpy (median): {pure_median / np_median:.1f}×")
    print(f"α = {analysis['alpha']:.4f}, SEM = {analysis['sem']:.3f}, miskeyed item 1 flagged: "
          f"{distractors[0]['distractor_beats_key']}, discrimination {analysis['items'][0]['discrimination']:.3f}")
    print(f"figures compared with numpy: {'all agree' if not mismatches else f'{mismatches} DISAGREE'}")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
