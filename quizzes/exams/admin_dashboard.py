"""Exams' chart on the admin home (issue 15): pass rate by exam per month, the last 12 months.

First final attempts only would need the attempt number; the chart counts every final attempt with a
result (passed true/false), by the month it became final (portal time zone). Shown to examiners and HR
(``exams.view_attempt``) and to a Branch manager, for whom only their subtree's candidates count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.core.dashboard import AdminChart
from portal.people.scoping import is_branch_manager, team_units

from .models import Attempt

MONTHS = 12
MAX_EXAMS = 8  # lines on the chart; the table and the Excel file carry every exam


def _month_starts(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(first.month - 1 - back, 12)
        months.append(datetime.date(first.year + year, month + 1, 1))
    return months


def can_see_results(user) -> bool:
    return bool(user.has_perm("exams.view_attempt") or is_branch_manager(user))


def pass_rate_figures(user, today: datetime.date) -> dict:
    months = _month_starts(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    attempts = Attempt.objects.filter(finalised_at__gte=start, passed__isnull=False)
    units = team_units(user)
    if units is not None:
        attempts = attempts.filter(employee__org_unit__in=units)
    english = (get_language() or "").startswith("en")
    counts: dict[str, dict[datetime.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for title, title_en, finalised_at, passed in attempts.values_list(
        "sitting__title", "sitting__title_en", "finalised_at", "passed"
    ):
        exam = (title_en if english and title_en else title)
        month = timezone.localtime(finalised_at).date().replace(day=1)
        entry = counts[exam][month]
        entry[0] += 1
        entry[1] += 1 if passed else 0
    labels = [m.strftime("%Y-%m") for m in months]
    exams = sorted(counts, key=lambda e: (-sum(v[0] for v in counts[e].values()), e))
    datasets = []
    for exam in exams[:MAX_EXAMS]:
        data = [round(100 * counts[exam][m][1] / counts[exam][m][0], 1) if counts[exam].get(m) else None
                for m in months]
        datasets.append({"label": exam, "data": data})
    rows = []
    for exam in sorted(counts):
        for m in months:
            if m in counts[exam]:
                n, passed = counts[exam][m]
                rows.append([exam, m.strftime("%Y-%m"), n, passed, round(100 * passed / n, 1)])
    return {
        "chart": {"kind": "line", "labels": labels, "datasets": datasets, "percent": True},
        "headings": [_("Exam"), _("Month"), _("Candidates"), _("Passed"), _("Pass rate (%)")],
        "rows": rows,
    }


PASS_RATE_CHART = AdminChart(
    slug="exam-pass-rate",
    caption=lambda: _("Pass rate by exam per month (last 12 months)"),
    visible=can_see_results,
    figures=pass_rate_figures,
    order=20,
)
