"""Item analysis of an exam paper (classical test theory), on plain numbers: no ORM, no numpy.

``item_analysis(scores, max_marks)`` takes ``scores[c][i]``, candidate c's mark on item i, and
``max_marks[i]``, item i's maximum, and returns exactly::

    {"n", "mean", "sd", "alpha", "sem",
     "items": [{"facility", "discrimination", "point_biserial", "upper_lower", "alpha_if_deleted"}, ...]}

* every standard deviation and variance is the *population* one (divide by n);
* ``alpha`` is Cronbach's α = k/(k−1)·(1 − Σ var(item) / var(total)), which is KR-20 for 0/1 items;
* ``sem`` (standard error of measurement) = sd·√(1 − α);
* ``facility`` = mean(item) / max;
* ``discrimination`` = Pearson correlation of the item with the rest score (total minus the item);
* ``point_biserial`` = its correlation with the total;
* ``upper_lower`` = facility in the upper group − facility in the lower group, each group being the
  round(0.27·n) candidates (half rounds up; at least 1) with the highest / lowest totals, ties kept in
  input order;
* ``alpha_if_deleted`` = α of the paper without the item.

A value that is undefined (a zero variance, fewer than two items, no candidates) is ``None``, never an
exception. Partial marks (matching per pair, numerical partial ranges, weighted options, 少选得分) are
ordinary marks between 0 and the maximum here: facility is the mean share of the points.
``distractor_analysis`` adds, for choice items, how often each option was chosen overall and in the upper
and lower groups, and each option's correlation with the rest score (with per-option weights, an option
with partial credit is not a distractor). ``pair_analysis`` does the same per pair of a matching item,
``numeric_analysis`` sorts a numerical item's answers into full, partial, wrong and unanswered and names
the commonest wrong numbers. ``item_flags`` names what an examiner should look at.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

UPPER_LOWER_SHARE = 27  # per cent of the candidates in each of the upper and lower groups
EASY_ABOVE = 0.95
HARD_BELOW = 0.2
MIN_RESPONSES = 30  # fewer responses than this: the figures of an item are too unstable to act on

NEGATIVE_DISCRIMINATION = "negative_discrimination"
DISTRACTOR_BEATS_KEY = "distractor_beats_key"
TOO_EASY = "too_easy"
TOO_HARD = "too_hard"


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _variance(values: Sequence[float]) -> float | None:
    """Population variance; None without values."""
    if not values:
        return None
    m = sum(values) / len(values)
    return sum((v - m) * (v - m) for v in values) / len(values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx = sum(xs) / len(xs)
    my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / len(xs)


def _is_zero(value: float | None, scale: float = 1.0) -> bool:
    return value is None or value <= 1e-12 * max(scale, 1.0)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either side has no variance (or there are no pairs)."""
    if not xs:
        return None
    vx, vy = _variance(xs), _variance(ys)
    if _is_zero(vx) or _is_zero(vy):
        return None
    r = _covariance(xs, ys) / math.sqrt(vx * vy)
    return max(-1.0, min(1.0, r))


def _alpha(k: int, item_variance_sum: float, total_variance: float | None) -> float | None:
    if k < 2 or _is_zero(total_variance):
        return None
    return k / (k - 1) * (1 - item_variance_sum / total_variance)


def group_size(n: int) -> int:
    """round(0.27·n), half up, at least 1 (0 without candidates)."""
    if n <= 0:
        return 0
    return max(1, (UPPER_LOWER_SHARE * n + 50) // 100)


def upper_lower_groups(totals: Sequence[float]) -> tuple[list[int], list[int]]:
    """Candidate indices of the upper and lower groups; ties keep their input order (stable sorts)."""
    g = group_size(len(totals))
    order = range(len(totals))
    upper = sorted(order, key=lambda c: -totals[c])[:g]
    lower = sorted(order, key=lambda c: totals[c])[:g]
    return upper, lower


def item_analysis(scores: Sequence[Sequence[float]], max_marks: Sequence[float]) -> dict:
    n = len(scores)
    k = len(max_marks)
    columns = [[float(row[i]) for row in scores] for i in range(k)]
    totals = [float(sum(row[i] for i in range(k))) for row in scores]
    total_variance = _variance(totals)
    item_variances = [_variance(col) for col in columns]
    variance_sum = sum(v for v in item_variances if v is not None)
    alpha = _alpha(k, variance_sum, total_variance)
    sd = math.sqrt(total_variance) if total_variance is not None else None
    sem = sd * math.sqrt(max(0.0, 1 - alpha)) if sd is not None and alpha is not None else None
    upper, lower = upper_lower_groups(totals)

    items = []
    for i in range(k):
        col = columns[i]
        maximum = float(max_marks[i])
        facility = None
        if n and maximum > 0:
            facility = sum(col) / n / maximum
        rest = [t - x for t, x in zip(totals, col, strict=True)]
        upper_lower = None
        if n and maximum > 0:
            upper_lower = (sum(col[c] for c in upper) / len(upper) - sum(col[c] for c in lower) / len(lower)) / maximum
        alpha_if_deleted = None
        if n and k - 1 >= 2:
            # var(total − item) = var(total) + var(item) − 2·cov(item, total)
            rest_variance = total_variance + item_variances[i] - 2 * _covariance(col, totals)
            alpha_if_deleted = _alpha(k - 1, variance_sum - item_variances[i], rest_variance)
        items.append({
            "facility": facility,
            "discrimination": correlation(col, rest),
            "point_biserial": correlation(col, totals),
            "upper_lower": upper_lower,
            "alpha_if_deleted": alpha_if_deleted,
        })
    return {"n": n, "mean": _mean(totals), "sd": sd, "alpha": alpha, "sem": sem, "items": items}


def distractor_analysis(
    scores: Sequence[Sequence[float]],
    choices: Sequence[Sequence[Sequence[int] | None]],
    options: Sequence[int | None],
    keys: Sequence[Sequence[int]],
    weights: Sequence[Sequence[float] | None] | None = None,
) -> list[dict | None]:
    """Per item, for choice items (``options[i]`` the number of options; None for other types):

    ``{"options": [{"option", "is_key", "share", "upper", "lower", "rest_correlation"}, ...],
    "distractor_beats_key": bool}``; None for items that are not choice items.

    ``choices[c][i]`` are the option indices candidate c chose on item i (None or empty: unanswered);
    ``keys[i]`` the correct option indices. Shares are of all candidates (unanswered included), so for
    multiple-choice items they may sum past 1. ``distractor_beats_key``: in the upper group some wrong
    option was chosen more often than the least-chosen key option, the mark of a miskeyed item.
    ``weights[i]`` (optional) are item i's per-option fractions: each row then carries its ``weight``, and
    only options weighing 0 or less count as wrong options.
    """
    n = len(scores)
    k = len(options)
    totals = [float(sum(row)) for row in scores]
    upper, lower = upper_lower_groups(totals)
    result: list[dict | None] = []
    for i in range(k):
        count = options[i]
        if not count:
            result.append(None)
            continue
        rest = [totals[c] - float(scores[c][i]) for c in range(n)]
        chosen = [set(choices[c][i] or ()) for c in range(n)]
        key = set(keys[i])
        item_weights = list(weights[i]) if weights and weights[i] else None
        rows = []
        for option in range(count):
            picked = [1.0 if option in chosen[c] else 0.0 for c in range(n)]
            weight = float(item_weights[option]) if item_weights and option < len(item_weights) else None
            rows.append({
                "option": option,
                "is_key": option in key,
                "weight": weight,
                "share": sum(picked) / n if n else None,
                "upper": sum(picked[c] for c in upper) / len(upper) if upper else None,
                "lower": sum(picked[c] for c in lower) / len(lower) if lower else None,
                "rest_correlation": correlation(picked, rest),
            })
        key_upper = [r["upper"] for r in rows if r["is_key"] and r["upper"] is not None]
        wrong_upper = [r["upper"] for r in rows if not r["is_key"] and r["upper"] is not None
                       and (r["weight"] is None or r["weight"] <= 0)]
        beats = bool(key_upper and wrong_upper and max(wrong_upper) > min(key_upper))
        result.append({"options": rows, "distractor_beats_key": beats})
    return result


def pair_analysis(
    scores: Sequence[Sequence[float]],
    picks: Sequence[Sequence[Sequence[int | None] | None]],
    keys: Sequence[Sequence[int] | None],
) -> list[dict | None]:
    """Per matching item (``keys[i]`` the right answer of each left item; None for other types):

    ``{"pairs": [{"pair", "right", "upper", "lower", "rest_correlation", "commonest_wrong"}, ...]}``.
    ``picks[c][i]`` is what candidate c matched to each left item (None: left empty). ``right`` is the share
    of all candidates who matched the pair correctly, ``upper`` / ``lower`` the same in the upper and lower
    groups, ``rest_correlation`` the correlation of getting the pair right with the rest score (the total
    minus the item), ``commonest_wrong`` the wrong answer chosen most often for it (None when none was).
    """
    n = len(scores)
    totals = [float(sum(row)) for row in scores]
    upper, lower = upper_lower_groups(totals)
    result: list[dict | None] = []
    for i, key in enumerate(keys):
        if not key:
            result.append(None)
            continue
        rest = [totals[c] - float(scores[c][i]) for c in range(n)]
        rows = []
        for pair, right_answer in enumerate(key):
            given = []
            for c in range(n):
                chosen = picks[c][i] if picks[c][i] is not None else []
                given.append(chosen[pair] if pair < len(chosen) else None)
            right = [1.0 if g is not None and g == right_answer else 0.0 for g in given]
            wrong: dict[int, int] = {}
            for g in given:
                if g is not None and g != right_answer:
                    wrong[g] = wrong.get(g, 0) + 1
            commonest = min(wrong, key=lambda o: (-wrong[o], o)) if wrong else None
            rows.append({
                "pair": pair,
                "right": sum(right) / n if n else None,
                "upper": sum(right[c] for c in upper) / len(upper) if upper else None,
                "lower": sum(right[c] for c in lower) / len(lower) if lower else None,
                "rest_correlation": correlation(right, rest),
                "commonest_wrong": commonest,
            })
        result.append({"pairs": rows})
    return result


def numeric_analysis(
    scores: Sequence[Sequence[float]],
    max_marks: Sequence[float],
    answers: Sequence[Sequence[str | None] | None],
    numeric_items: Sequence[bool],
    *,
    top: int = 3,
) -> list[dict | None]:
    """Per numerical item (``numeric_items[i]`` true): ``{"full", "partial", "wrong", "unanswered",
    "common_wrong": [{"answer", "count"}, ...]}``; None for other items.

    ``answers[c][i]`` is candidate c's answer as read (the number in plain notation, or the text when it is
    not a number), None when unanswered. Shares are of all candidates.
    Full: the whole mark; partial: more than 0 and less than the whole (a partial-credit range); wrong:
    answered and 0.
    """
    n = len(scores)
    result: list[dict | None] = []
    for i, is_numeric in enumerate(numeric_items):
        if not is_numeric:
            result.append(None)
            continue
        maximum = float(max_marks[i])
        full = partial = wrong = unanswered = 0
        wrong_values: dict[str, int] = {}
        for c in range(n):
            given = answers[c][i] if answers[c] is not None else None
            mark = float(scores[c][i])
            if given is None and mark == 0:
                unanswered += 1
            elif maximum > 0 and mark >= maximum:
                full += 1
            elif mark > 0:
                partial += 1
            else:
                wrong += 1
                if given:
                    wrong_values[given] = wrong_values.get(given, 0) + 1
        common = sorted(wrong_values.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        result.append({
            "full": full / n if n else None, "partial": partial / n if n else None,
            "wrong": wrong / n if n else None, "unanswered": unanswered / n if n else None,
            "common_wrong": [{"answer": a, "count": k} for a, k in common],
        })
    return result


def item_flags(item: dict, distractors: dict | None = None) -> list[str]:
    """What is wrong with an item, as codes (the statistics page translates them)."""
    flags = []
    if item["discrimination"] is not None and item["discrimination"] < 0:
        flags.append(NEGATIVE_DISCRIMINATION)
    if distractors and distractors["distractor_beats_key"]:
        flags.append(DISTRACTOR_BEATS_KEY)
    if item["facility"] is not None and item["facility"] > EASY_ABOVE:
        flags.append(TOO_EASY)
    if item["facility"] is not None and item["facility"] < HARD_BELOW:
        flags.append(TOO_HARD)
    return flags


def histogram(totals: Sequence[float], maximum: float, bins: int = 10) -> list[dict]:
    """Counts of totals in ``bins`` equal-width bins over [0, maximum] (the last bin includes the maximum)."""
    if maximum <= 0 or bins < 1:
        return []
    width = maximum / bins
    counts = [0] * bins
    for t in totals:
        index = min(bins - 1, max(0, int(t // width)))
        counts[index] += 1
    return [{"low": b * width, "high": (b + 1) * width, "count": counts[b]} for b in range(bins)]
