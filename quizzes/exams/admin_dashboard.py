"""Exams' charts on the admin home (issue 15), the last 12 months of final results:

* pass rate by exam per month; pass rate by org unit per month (the units one level below the viewer's top,
  ``portal.people.scoping.rollup_depth``); pass rate by post per month (a candidate holding two posts counts
  under each);
* weak knowledge points by org unit, a heat map: per knowledge point (``Question.knowledge_point_refs``) and
  unit, the share of the marks lost on the questions tagged with it, ranked by the plain rule
  ``rules.weak_points`` (the share lost over the whole scope decides which points are shown).

Every final attempt with a result (passed true/false) counts, by the month it became final (portal time zone).
Each chart is one grouped query (plus one for the unit or post names): the database counts, never Python over
the attempts. Shown to examiners and HR (``exams.view_attempt``) and to a Branch manager, for whom only their
subtree's candidates count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from content.services.post_details import post_titles
from portal.core.bilingual import in_language
from portal.core.dashboard import AdminChart
from portal.people.scoping import is_branch_manager, rolled_up_path, rollup_depth, team_units, unit_names

from .models import Attempt, AttemptItem
from .rules.weak_points import QuestionMark, weakest_points

MONTHS = 12
MAX_LINES = 8  # lines on a chart; the table and the Excel file carry every exam, unit or post
MAX_POINTS = 12  # knowledge points (rows) on the heat map
HEAT_STEPS = (20, 40, 60, 80)  # share of marks lost (%): below 20 → level 0 … 80 and above → level 4


def _month_starts(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(first.month - 1 - back, 12)
        months.append(datetime.date(first.year + year, month + 1, 1))
    return months


def can_see_results(user) -> bool:
    return bool(user.has_perm("exams.view_attempt") or is_branch_manager(user))


def _final_attempts(user, since: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    attempts = Attempt.objects.filter(finalised_at__gte=start, passed__isnull=False)
    units = team_units(user)
    if units is not None:
        attempts = attempts.filter(employee__org_unit__in=units)
    return attempts


def _monthly_counts(attempts, *group: str) -> dict[tuple, dict[datetime.date, list[int]]]:
    """``{group values: {month: [candidates, passed]}}`` from one grouped query."""
    rows = (
        attempts.annotate(month=TruncMonth("finalised_at"))
        .values(*group, "month")
        .annotate(n=Count("pk"), n_passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    )
    counts: dict[tuple, dict[datetime.date, list[int]]] = defaultdict(dict)
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        entry = counts[tuple(row[g] for g in group)].setdefault(month.replace(day=1), [0, 0])
        entry[0] += row["n"]
        entry[1] += row["n_passed"]
    return counts


def _rate_figures(months, counts: dict[str, dict[datetime.date, list[int]]], first_heading: str) -> dict:
    """A line per group (the busiest ``MAX_LINES``), and a row per group and month for the table/Excel."""
    labels = [m.strftime("%Y-%m") for m in months]
    ranked = sorted(counts, key=lambda g: (-sum(v[0] for v in counts[g].values()), g))
    datasets = []
    for name in ranked[:MAX_LINES]:
        data = [round(100 * counts[name][m][1] / counts[name][m][0], 1) if counts[name].get(m) else None
                for m in months]
        datasets.append({"label": name, "data": data})
    rows = []
    for name in sorted(counts):
        for m in months:
            if m in counts[name]:
                n, passed = counts[name][m]
                rows.append([name, m.strftime("%Y-%m"), n, passed, round(100 * passed / n, 1)])
    return {
        "chart": {"kind": "line", "labels": labels, "datasets": datasets, "percent": True},
        "headings": [first_heading, _("Month"), _("Candidates"), _("Passed"), _("Pass rate (%)")],
        "rows": rows,
    }


def _merge(counts, key) -> dict[str, dict[datetime.date, list[int]]]:
    merged: dict[str, dict[datetime.date, list[int]]] = defaultdict(dict)
    for group, by_month in counts.items():
        name = key(group)
        for month, (n, passed) in by_month.items():
            entry = merged[name].setdefault(month, [0, 0])
            entry[0] += n
            entry[1] += passed
    return merged


def pass_rate_figures(user, today: datetime.date) -> dict:
    months = _month_starts(today)
    counts = _monthly_counts(_final_attempts(user, months[0]), "sitting__title", "sitting__title_en")
    return _rate_figures(months, _merge(counts, lambda g: in_language(g[0], g[1])), _("Exam"))


def unit_pass_rate_figures(user, today: datetime.date) -> dict:
    months = _month_starts(today)
    attempts = _final_attempts(user, months[0]).annotate(
        unit_path=rolled_up_path("employee__org_unit", rollup_depth(user)))
    counts = _monthly_counts(attempts, "unit_path")
    names = unit_names(path for (path,) in counts)
    return _rate_figures(months, _merge(counts, lambda g: names.get(g[0], g[0])), _("Organisation unit"))


def post_pass_rate_figures(user, today: datetime.date) -> dict:
    months = _month_starts(today)
    attempts = _final_attempts(user, months[0]).annotate(
        post_code=F("employee__post_assignments__post__code")).filter(post_code__isnull=False)
    counts = _monthly_counts(attempts, "post_code")
    titles = post_titles(code for (code,) in counts)
    return _rate_figures(months, _merge(counts, lambda g: f"{g[0]} {titles.get(g[0], '')}".strip()), _("Post"))


# --- weak knowledge points by org unit (heat map) ----------------------------------------------------


def _heat_level(percent: float) -> int:
    return sum(1 for step in HEAT_STEPS if percent >= step)


def weak_points_figures(user, today: datetime.date) -> dict:
    months = _month_starts(today)
    attempts = _final_attempts(user, months[0])
    rows = (
        AttemptItem.objects.filter(attempt__in=attempts, score__isnull=False, points__gt=0)
        .exclude(version__question__knowledge_point_refs="")
        .annotate(unit_path=rolled_up_path("attempt__employee__org_unit", rollup_depth(user)))
        .values("unit_path", "version__question_id", "version__question__knowledge_point_refs")
        .annotate(scored=Sum("score"), available=Sum("points"), answers=Count("pk"))
        .order_by()
    )
    by_unit: dict[str, list[QuestionMark]] = defaultdict(list)
    overall: list[QuestionMark] = []
    answers: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        points = [p.strip() for p in row["version__question__knowledge_point_refs"].splitlines() if p.strip()]
        mark = QuestionMark(points, float(row["scored"]), float(row["available"]))
        by_unit[row["unit_path"]].append(mark)
        overall.append(mark)
        for point in dict.fromkeys(points):
            answers[(row["unit_path"], point)] += row["answers"]
    ranked = weakest_points(overall, min_questions=1, min_loss=0, limit=MAX_POINTS)
    shown = [p.knowledge_point for p in ranked]
    names = unit_names(by_unit)
    paths = sorted(by_unit)
    cells: dict[tuple[str, str], object] = {}
    for path in paths:
        for point in weakest_points(by_unit[path], min_questions=1, min_loss=0, limit=10**6):
            if point.knowledge_point in shown:
                cells[(path, point.knowledge_point)] = point
    columns = [names.get(p, p) for p in paths]
    chart_rows, table_rows, long_rows = [], [], []
    for point in shown:
        chart_cells, table_row = [], [point]
        for path in paths:
            found = cells.get((path, point))
            if found is None:
                chart_cells.append(None)
                table_row.append(None)
                continue
            percent = round(100 * found.loss_ratio, 1)
            n = answers[(path, point)]
            chart_cells.append({"level": _heat_level(percent), "text": f"{percent:g}%",
                                "title": _("%(answers)s answers") % {"answers": n}})
            table_row.append(percent)
            long_rows.append([point, names.get(path, path), n, round(found.available, 2), round(found.lost, 2), percent])
        chart_rows.append({"label": point, "cells": chart_cells})
        table_rows.append(table_row)
    legend_edges = (0, *HEAT_STEPS, 100)
    legend = [{"level": i, "label": f"{legend_edges[i]}–{legend_edges[i + 1]}%"} for i in range(len(HEAT_STEPS) + 1)]
    return {
        "chart": {"kind": "heatmap", "row_heading": _("Knowledge point"), "columns": columns, "rows": chart_rows,
                  "legend": legend, "value_label": _("Each cell: share of the marks lost (%).")},
        "headings": [_("Knowledge point"), *columns],
        "rows": table_rows,
        "extra_tables": [{
            "title": _("Marks lost by knowledge point and unit"),
            "headings": [_("Knowledge point"), _("Organisation unit"), _("Answers"), _("Marks available"),
                         _("Marks lost"), _("Share lost (%)")],
            "rows": long_rows,
        }],
    }


PASS_RATE_CHART = AdminChart(
    slug="exam-pass-rate",
    caption=lambda: _("Pass rate by exam per month (last 12 months)"),
    visible=can_see_results,
    figures=pass_rate_figures,
    order=20,
)
UNIT_PASS_RATE_CHART = AdminChart(
    slug="exam-pass-rate-by-unit",
    caption=lambda: _("Pass rate by organisation unit per month (last 12 months)"),
    visible=can_see_results,
    figures=unit_pass_rate_figures,
    order=21,
)
POST_PASS_RATE_CHART = AdminChart(
    slug="exam-pass-rate-by-post",
    caption=lambda: _("Pass rate by post per month (last 12 months)"),
    visible=can_see_results,
    figures=post_pass_rate_figures,
    order=22,
)
WEAK_POINTS_CHART = AdminChart(
    slug="weak-knowledge-points",
    caption=lambda: _("Weak knowledge points by organisation unit (last 12 months)"),
    visible=can_see_results,
    figures=weak_points_figures,
    order=60,
)
CHARTS = (PASS_RATE_CHART, UNIT_PASS_RATE_CHART, POST_PASS_RATE_CHART, WEAK_POINTS_CHART)
