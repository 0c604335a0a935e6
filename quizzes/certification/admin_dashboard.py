"""Certification's charts on the admin home (issue 15): certificates expiring per month, next 12 months.

Shown to HR (who may view certificates) and to a Branch manager, for whom every count is of their own
subtree only (``portal.people.scoping``). The grouping by month is written here for now; the status
QuerySet methods of Certificate belong to the certificate module (``Certificate.objects.valid``).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from portal.core.dashboard import AdminChart
from portal.people.scoping import is_branch_manager, team_units

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
