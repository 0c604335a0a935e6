"""Read-and-acknowledge's charts on the admin home (issue 15): the reading-confirmation rate by round and by
org unit, over the rounds opened in the last 12 months (rounds replaced by a later version are left out: their
pending requests moved to the round that replaced them).

The counting rules are the who-has-read reports' (``services.reports``: must read, acknowledged, overdue).
Each chart is one grouped query (plus the rounds' or the units' names). Shown to compliance reviewers and HR
(``acknowledgements.view_report``), to editors (who write the rules being read) and to a Branch manager, for
whom only their subtree's people count.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.dashboard import AdminChart
from portal.people.roles import EDITOR
from portal.people.scoping import is_branch_manager, rolled_up_path, rollup_depth, team_units, unit_names

from .models import Acknowledgement, AcknowledgementRound, reading_states
from .services.reports import Counts

MAX_ROUNDS = 12  # the latest rounds on the chart and in its table
LABEL_CHARS = 18  # a round's title on the chart's axis (the table has it in full)


def can_see_reading(user) -> bool:
    return bool(
        user.has_perm("acknowledgements.view_report")
        or user.groups.filter(name=EDITOR).exists()
        or is_branch_manager(user)
    )


def _recent_rounds(today: datetime.date):
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=365), datetime.time.min))
    return AcknowledgementRound.objects.filter(opened_at__gte=since).exclude(
        close_reason=AcknowledgementRound.CloseReason.REPLACED
    )


def _grouped(user, today: datetime.date, rounds, group: str, **annotations) -> dict:
    """``{group value: Counts}`` over the requests of ``rounds`` (scoped to a Branch manager's subtree)."""
    requests = Acknowledgement.objects.filter(round__in=rounds)
    units = team_units(user)
    if units is not None:
        requests = requests.filter(employee__org_unit__in=units)
    counts = {f"n_{name}": Count("pk", filter=q) for name, q in reading_states(today).items()}
    rows = requests.annotate(**annotations).values(group).annotate(**counts).order_by()
    return {row[group]: Counts.from_row(row) for row in rows}


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _stacked(labels: list[str], lines: list[Counts]) -> dict:
    """Bars of 100%: acknowledged, to read (not yet due), overdue."""
    return {
        "kind": "bar", "stacked": True, "percent": True, "horizontal": True, "labels": labels,
        "datasets": [
            {"label": _("Acknowledged"), "data": [c.acknowledged_percent for c in lines]},
            {"label": _("To read (not yet due)"), "data": [Counts.percent(c.pending - c.overdue, c.required) for c in lines]},
            {"label": _("Overdue"), "data": [c.overdue_percent for c in lines]},
        ],
    }


def _headings(first: str) -> list[str]:
    return [first, _("Must read"), _("Acknowledged"), _("Overdue"), _("Acknowledged (%)")]


def _row(label: str, c: Counts) -> list:
    return [label, c.required, c.acknowledged, c.overdue, c.acknowledged_percent]


def by_round_figures(user, today: datetime.date) -> dict:
    rounds = list(_recent_rounds(today).order_by("-opened_at", "-pk")[:MAX_ROUNDS])
    counts = _grouped(user, today, [r.pk for r in rounds], "round_id")
    shown = [r for r in reversed(rounds) if counts.get(r.pk) and counts[r.pk].required]
    titles = [f"{r.title} ({timezone.localtime(r.opened_at):%Y-%m-%d})" for r in shown]
    lines = [counts[r.pk] for r in shown]
    return {
        "chart": _stacked([_short(r.title) for r in shown], lines),
        "headings": _headings(_("Round")),
        "rows": [_row(title, c) for title, c in zip(titles, lines, strict=True)],
    }


def by_unit_figures(user, today: datetime.date) -> dict:
    counts = _grouped(user, today, _recent_rounds(today), "unit_path",
                      unit_path=rolled_up_path("employee__org_unit", rollup_depth(user)))
    names = unit_names(counts)
    paths = [p for p in sorted(counts) if counts[p].required]
    lines = [counts[p] for p in paths]
    labels = [names.get(p, p) for p in paths]
    return {
        "chart": _stacked(labels, lines),
        "headings": _headings(_("Organisation unit")),
        "rows": [_row(label, c) for label, c in zip(labels, lines, strict=True)],
    }


BY_ROUND_CHART = AdminChart(
    slug="reading-by-round",
    caption=lambda: _("Reading confirmation by round (last 12 months)"),
    visible=can_see_reading,
    figures=by_round_figures,
    order=30,
)
BY_UNIT_CHART = AdminChart(
    slug="reading-by-unit",
    caption=lambda: _("Reading confirmation by organisation unit (rounds of the last 12 months)"),
    visible=can_see_reading,
    figures=by_unit_figures,
    order=31,
)
CHARTS = (BY_ROUND_CHART, BY_UNIT_CHART)
