"""Certification's charts on the admin home (issue 15): certificates expiring per month, next 12 months, and
the gap list by post.

Shown to HR (who may view certificates) and to a Branch manager, for whom every count is of their own
subtree only (``portal.people.scoping``). The grouping by month is written here for now; the status
QuerySet methods of Certificate belong to the certificate module (``Certificate.objects.valid``).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from content.services.post_details import post_titles
from portal.core.dashboard import AdminChart
from portal.people.scoping import is_branch_manager, team_root, team_units

from . import register
from .models import Certificate

MONTHS_AHEAD = 12


def _months(today: datetime.date, count: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for i in range(count):
        year, month = divmod(first.month - 1 + i, 12)
        months.append(datetime.date(first.year + year, month + 1, 1))
    return months


def expiring_by_month(certificates, today: datetime.date) -> list[tuple[datetime.date, int]]:
    """(first day of month, certificates still valid today whose validity ends in that month), 12 months."""
    months = _months(today, MONTHS_AHEAD + 1)
    start, end = months[0], months[-1]
    counts = dict.fromkeys(months[:-1], 0)
    for expires_on in certificates.valid(today).filter(expires_on__gte=start, expires_on__lt=end).values_list(
        "expires_on", flat=True
    ):
        counts[expires_on.replace(day=1)] += 1
    return list(counts.items())


def can_see_certificates(user) -> bool:
    return bool(user.has_perm("certification.view_certificate") or is_branch_manager(user))


def _scoped(user):
    certificates = Certificate.objects.all()
    units = team_units(user)
    if units is not None:
        certificates = certificates.filter(holder__org_unit__in=units)
    return certificates


def expiring_figures(user, today: datetime.date) -> dict:
    series = expiring_by_month(_scoped(user), today)
    labels = [month.strftime("%Y-%m") for month, _count in series]
    counts = [count for _month, count in series]
    return {
        "chart": {"kind": "bar", "integer": True, "labels": labels, "datasets": [{"label": _("Certificates expiring"), "data": counts}]},
        "headings": [_("Month"), _("Certificates expiring")],
        "rows": [[label, count] for label, count in zip(labels, counts, strict=True)],
    }


EXPIRING_CHART = AdminChart(
    slug="certificates-expiring",
    caption=lambda: _("Certificates expiring per month (next 12 months)"),
    visible=can_see_certificates,
    figures=expiring_figures,
    order=10,
)


# --- the gap list by post ---------------------------------------------------------------------------
# Who lacks a grade or certificate their post requires (``register.gap_list``: a fixed number of queries
# whatever the number of people), counted per post and requirement; the people behind each count are the
# second table (and the Excel file's second sheet). HR and a Branch manager (their subtree only).


def can_see_gaps(user) -> bool:
    return bool(user.has_perm("certification.view_postcertificationrequirement") or is_branch_manager(user))


def _gaps(user, today: datetime.date):
    if team_units(user) is None:
        return register.gap_list(on=today)
    root = team_root(user)
    return register.gap_list(org_unit=root, on=today) if root is not None else []


def gap_figures(user, today: datetime.date) -> dict:
    gaps = _gaps(user, today)
    titles = post_titles({g.post_code for g in gaps})
    expired = _("Expired")
    lines: dict[tuple[str, str], list[int]] = {}
    for gap in gaps:
        post = f"{gap.post_code} {titles.get(gap.post_code, gap.post_title)}"
        entry = lines.setdefault((post, gap.required), [0, 0])
        entry[1 if gap.situation == expired else 0] += 1
    keys = sorted(lines)
    posts = sorted({post for post, _required in keys})
    by_post = {post: [0, 0] for post in posts}
    for (post, _required), (missing, lapsed) in lines.items():
        by_post[post][0] += missing
        by_post[post][1] += lapsed
    people = [
        [g.employee.employee_number, g.employee.name, g.employee.org_unit.display_name,
         f"{g.post_code} {titles.get(g.post_code, g.post_title)}", g.required, g.situation]
        for g in sorted(gaps, key=lambda g: (g.post_code, g.employee.employee_number))
    ]
    return {
        "chart": {"kind": "bar", "stacked": True, "integer": True, "labels": posts, "datasets": [
            {"label": _("Not held"), "data": [by_post[p][0] for p in posts]},
            {"label": expired, "data": [by_post[p][1] for p in posts]},
        ]},
        "headings": [_("Post"), _("Required"), _("Not held"), _("Expired"), _("People lacking it")],
        "rows": [[post, required, *lines[(post, required)], sum(lines[(post, required)])] for post, required in keys],
        "extra_tables": [{"title": _("Who lacks what"), "headings": register.gap_headings(), "rows": people}],
    }


GAP_CHART = AdminChart(
    slug="gap-list-by-post",
    caption=lambda: _("Gap list by post: required grades and certificates not held"),
    visible=can_see_gaps,
    figures=gap_figures,
    order=40,
)
CHARTS = (EXPIRING_CHART, GAP_CHART)
