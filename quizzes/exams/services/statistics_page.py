"""The statistics page's read model: cached figures for the current results, computed in the background."""

from __future__ import annotations

from django.core.cache import cache

from ..models import Sitting
from ..tasks import compute_sitting_statistics
from . import statistics


def cached(sitting, *, first_only: bool = True) -> tuple[dict | None, bool]:
    """(figures, fresh): the cached figures for the current results, enqueueing their computation if missing.

    With the in-process task backend the computation runs at once and the figures come back here.
    """
    print_ = statistics.fingerprint(sitting, first_only=first_only)
    key = statistics.cache_key(sitting.pk, first_only, print_)
    data = cache.get(key)
    if data is not None:
        return data, True
    if cache.add(key + ":pending", True, statistics.PENDING_SECONDS):
        compute_sitting_statistics.enqueue(sitting.pk, first_only, print_)
        data = cache.get(key)
    return data, data is not None


def question_rows(question, *, first_only: bool = True) -> list[tuple]:
    """The question's figures in every sitting it appeared in: (sitting, item figures or None if pending)."""
    sittings = Sitting.objects.filter(attempts__items__version__question=question).distinct().order_by("-opens_at")
    rows = []
    for sitting in sittings[:50]:
        data, _fresh = cached(sitting, first_only=first_only)
        item = None
        if data:
            item = next((i for i in data["items"] if i["question"] == question.pk), None)
        rows.append((sitting, item))
    return rows
