"""Item statistics of a sitting: the matrix read from the attempts, analysed by ``rules.statistics``, cached.

The figures are computed in a background task (``tasks.compute_sitting_statistics``) and kept in the cache
under a *fingerprint* of the sitting's results (number of final attempts, their score sum, the latest
finalisation and the number of re-scoring runs): a regrade or a key correction changes the fingerprint,
so the next request finds no figures for it and enqueues the computation again. Nothing is ever served
for results that have changed since.

Columns are questions. When candidates drew different questions, the paper-level figures (α, SEM,
correlations) use the questions every analysed candidate answered; the others show n and facility only.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils import timezone

from ..models import Attempt, AttemptItem, RescoreRun
from ..rules import numbers
from ..rules import statistics as rules

CHOICE_TYPES = {"single", "multiple", "true_false"}
CACHE_SECONDS = 7 * 24 * 3600
PENDING_SECONDS = 600


def analysed_attempts(sitting, *, first_only: bool = True):
    attempts = Attempt.objects.final().filter(sitting=sitting)
    if first_only:
        attempts = attempts.filter(number=1)
    return attempts


def fingerprint(sitting, *, first_only: bool = True) -> str:
    agg = analysed_attempts(sitting, first_only=first_only).aggregate(n=Count("pk"), s=Sum("score"), m=Max("finalised_at"))
    runs = RescoreRun.objects.filter(sitting=sitting).count()
    stamp = agg["m"].isoformat() if agg["m"] else "-"
    return f"{agg['n']}:{agg['s'] or 0}:{stamp}:{runs}"


def cache_key(sitting_id: int, first_only: bool, print_: str) -> str:
    return f"exams:statistics:v2:{sitting_id}:{int(first_only)}:{print_}"


def _f(value):
    return None if value is None else float(value)


def compute(sitting, *, first_only: bool = True) -> dict:
    """Read the matrix and analyse it (the task calls this; tests may too)."""
    attempt_ids = list(analysed_attempts(sitting, first_only=first_only).order_by("pk").values_list("pk", "score", "max_score"))
    index = {pk: c for c, (pk, _score, _max) in enumerate(attempt_ids)}
    rows = (
        AttemptItem.objects.filter(attempt_id__in=index)
        .values_list("attempt_id", "version__question_id", "version__type", "version__options", "version__correct",
                     "key_version__correct", "position", "section_index", "points", "score", "response",
                     "version__stem", "version__weights", "key_version__weights", "version__prompts",
                     "version__unit")
    )
    seen: dict[int, dict] = {}
    marks: dict[int, dict[int, float]] = defaultdict(dict)
    picks: dict[int, dict[int, list]] = defaultdict(dict)
    numbers_given: dict[int, dict[int, str | None]] = defaultdict(dict)
    for (attempt_id, qid, qtype, options, correct, corrected, position, section, points, score, response, stem,
         weights, corrected_weights, prompts, unit) in rows:
        c = index[attempt_id]
        info = seen.get(qid)
        if info is None:
            info = seen[qid] = {"question": qid, "type": qtype, "stem": (stem or "")[:80], "section": section,
                                "position": position, "max": float(points), "options": None, "key": [],
                                "weights": None, "pairs": None, "answers": None, "prompts": list(prompts or []),
                                "right_answers": list(options or []) if qtype == "matching" else []}
        info["position"] = min(info["position"], position)
        info["max"] = max(info["max"], float(points))
        if qtype in CHOICE_TYPES:
            info["options"] = max(info["options"] or 0, len(options or []) or 2)
            info["key"] = list(corrected if corrected is not None else (correct or []))
            picks[qid][c] = [r for r in (response or []) if isinstance(r, int)] if isinstance(response, list) else []
            key_weights = corrected_weights if corrected is not None else weights
            info["weights"] = [float(w) for w in key_weights] if key_weights else None
        elif qtype == "matching":
            info["key"] = list(corrected if corrected is not None else (correct or []))
            picks[qid][c] = ([r if isinstance(r, int) else None for r in response]
                             if isinstance(response, list) else None)
        elif qtype == "numerical":
            numbers_given[qid][c] = _number_text(response, unit)
        marks[qid][c] = float(score or 0)
    n = len(attempt_ids)
    order = sorted(seen.values(), key=lambda q: (q["section"], q["position"], q["question"]))
    common = [q for q in order if len(marks[q["question"]]) == n]
    partial = [q for q in order if len(marks[q["question"]]) < n]

    matrix = [[marks[q["question"]][c] for q in common] for c in range(n)]
    result = rules.item_analysis(matrix, [q["max"] for q in common])
    distractors = rules.distractor_analysis(
        matrix,
        [[picks[q["question"]].get(c) for q in common] for c in range(n)],
        [q["options"] for q in common],
        [q["key"] for q in common],
        [q["weights"] for q in common],
    )
    pairs = rules.pair_analysis(
        matrix, [[picks[q["question"]].get(c) for q in common] for c in range(n)],
        [q["key"] if q["type"] == "matching" else None for q in common])
    numeric = rules.numeric_analysis(
        matrix, [q["max"] for q in common],
        [[numbers_given[q["question"]].get(c) for q in common] for c in range(n)],
        [q["type"] == "numerical" for q in common])
    items = []
    for q, figures, options, pair_rows, number_rows in zip(common, result["items"], distractors, pairs, numeric,
                                                        strict=True):
        items.append({**q, **figures, "n": n, "distractors": options, "pairs": pair_rows, "answers": number_rows,
                      "flags": rules.item_flags(figures, options), "greyed": n < rules.MIN_RESPONSES})
    for q in partial:
        who = sorted(marks[q["question"]])
        values = [marks[q["question"]][c] for c in who]
        facility = sum(values) / len(values) / q["max"] if values and q["max"] else None
        figures = {"facility": facility, "discrimination": None, "point_biserial": None, "upper_lower": None,
                   "alpha_if_deleted": None}
        column = [[v] for v in values]  # the item alone: shares of those who drew it
        pair_rows = rules.pair_analysis(column, [[picks[q["question"]].get(c)] for c in who],
                                        [q["key"] if q["type"] == "matching" else None])[0]
        number_rows = rules.numeric_analysis(column, [q["max"]], [[numbers_given[q["question"]].get(c)] for c in who],
                                         [q["type"] == "numerical"])[0]
        items.append({**q, **figures, "n": len(values), "distractors": None, "partial": True, "pairs": pair_rows,
                      "answers": number_rows, "flags": rules.item_flags(figures),
                      "greyed": len(values) < rules.MIN_RESPONSES})
    totals = [_f(score) or 0.0 for _pk, score, _max in attempt_ids]
    maximum = max([_f(m) or 0.0 for _pk, _score, m in attempt_ids] + totals, default=0.0)
    all_totals_stats = rules.item_analysis([[t] for t in totals], [maximum or 1])
    return {
        "sitting": sitting.pk, "first_only": first_only, "computed_at": timezone.now().isoformat(),
        "n": n, "mean": all_totals_stats["mean"], "sd": all_totals_stats["sd"],
        "alpha": result["alpha"], "sem": result["sem"], "common_items": len(common),
        "max_score": maximum, "pass_mark": float(sitting.pass_mark),
        "histogram": rules.histogram(totals, maximum, bins=min(20, max(1, int(maximum) or 1))),
        "items": items,
    }


def _number_text(response, unit) -> str | None:
    """A numerical answer as the statistics group it: the number in plain notation, else the text given."""
    if not isinstance(response, str) or not response.strip():
        return None
    number = numbers.parse_number(response, unit or "")
    if number is None:
        return response.strip()[:20]
    return format(number.normalize(), "f")


def store(sitting, *, first_only: bool, print_: str) -> dict:
    """Compute and cache the figures for the results with fingerprint ``print_`` (what the task runs)."""
    data = compute(sitting, first_only=first_only)
    if fingerprint(sitting, first_only=first_only) == print_:
        cache.set(cache_key(sitting.pk, first_only, print_), data, CACHE_SECONDS)
    cache.delete(cache_key(sitting.pk, first_only, print_) + ":pending")
    return data
