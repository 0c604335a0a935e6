"""Statistics of a skill test sitting's results: plain numbers in, a summary out (no ORM)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def _q(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    candidates: int
    finished: int
    mean: Decimal | None
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    stdev: Decimal | None
    mean_accuracy: Decimal | None
    flagged: int
    reached: dict  # level code → how many results reach it


def summarise(*, candidates: int, values: list, accuracies: list, flagged: int, reached_levels: list[list[str]],
              level_codes: list[str]) -> Summary:
    if not values:
        return Summary(candidates, 0, None, None, None, None, None, None, flagged, dict.fromkeys(level_codes, 0))
    numbers = [Decimal(str(v)) for v in values]
    reached = {code: sum(1 for levels in reached_levels if code in levels) for code in level_codes}
    return Summary(
        candidates, len(numbers), _q(statistics.fmean(numbers)), _q(statistics.median(numbers)), _q(min(numbers)),
        _q(max(numbers)), _q(statistics.pstdev(numbers)) if len(numbers) > 1 else _q(0),
        _q(statistics.fmean(Decimal(str(a)) * 100 for a in accuracies)) if accuracies else None, flagged, reached)
