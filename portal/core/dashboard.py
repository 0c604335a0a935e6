"""The signed-in employee's overview on the home page: my posts, what I must read, my exams, my certificates.

A read model filled by panels that each app registers in its ``AppConfig.ready()`` (``register_panel``): each
panel sets its own fields of the ``Overview`` with a bounded number of queries and keeps its own rules. This
module is a leaf: it imports none of the apps that fill it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone, translation


@dataclass
class Overview:
    posts: list = field(default_factory=list)
    pending_acknowledgements: int = 0
    overdue_acknowledgements: int = 0
    next_due: datetime.date | None = None
    open_sittings: list = field(default_factory=list)
    valid_certificates: int = 0
    expiring_certificates: list = field(default_factory=list)


# panel(overview, employee, now) → None; in registration order
Panel = Callable[[Overview, object, datetime.datetime], None]
_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    """Add ``panel`` to every overview (idempotent, so a second ``ready()`` adds nothing)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def overview_for(employee, now: datetime.datetime | None = None, language: str | None = None) -> Overview:
    """``language`` (default: the active one) is the language the panels link in: the English home links
    the English post pages, falling back to the Chinese page where none exists."""
    now = now or timezone.now()
    overview = Overview()
    with translation.override(language or translation.get_language()):
        for panel in _PANELS:
            panel(overview, employee, now)
    return overview


# --- The admin home's dashboards (issue 15) ------------------------------------------------------------
# Each app registers its charts in ``ready()``; the admin home shows, per user, the charts whose
# ``visible(user)`` is true, and ``/admin/dashboard/<slug>/xlsx/`` downloads the figures behind one.
# ``figures(user, today)`` returns the chart's spec (static/charts/charts.js), the table headings and rows,
# already filtered to what the user may see (a Branch manager's subtree): the page, the data table, the
# chart and the Excel file all come from that one call.


@dataclass(frozen=True)
class AdminChart:
    slug: str
    caption: Callable[[], str]
    visible: Callable[[object], bool]
    figures: Callable[[object, datetime.date], dict]  # {"chart": spec, "headings": [...], "rows": [[...]]}
    order: int = 100


_ADMIN_CHARTS: dict[str, AdminChart] = {}


def register_admin_chart(chart: AdminChart) -> AdminChart:
    """Add ``chart`` to the admin home (idempotent by slug)."""
    _ADMIN_CHARTS[chart.slug] = chart
    return chart


def admin_charts_for(user) -> list[AdminChart]:
    return sorted((c for c in _ADMIN_CHARTS.values() if c.visible(user)), key=lambda c: (c.order, c.slug))


def admin_chart(slug: str) -> AdminChart | None:
    return _ADMIN_CHARTS.get(slug)
