"""Choosing an exam sitting for bulk issue by search, not by typing its numeric id.

Certification knows sittings through the results they produced (``TheoryResult.sitting_id`` and its
title), so the chooser lists sittings with recorded results: search by sitting title, exam code or title,
or the sitting's number; each row says how many passed. Only people who may issue certificates may search.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import dates
from portal.core.choosers import SingleSearchChooser, query_of, results_page

from .models import TheoryResult

ISSUE_PERMISSION = "certification.issue_certificate"


def sittings(query: str = ""):
    rows = TheoryResult.objects.filter(sitting_id__isnull=False)
    for term in (query or "").split()[:5]:
        match = (Q(sitting_title__icontains=term) | Q(exam_code__icontains=term) | Q(exam_title__icontains=term)
                 | Q(exam_title_en__icontains=term))
        if term.isdigit():
            match |= Q(sitting_id=int(term))
        rows = rows.filter(match)
    return (
        rows.values("sitting_id")
        .annotate(
            title=Max("sitting_title"), code=Max("exam_code"), last=Max("taken_at"),
            passed=Count("pk", filter=Q(passed=True)), total=Count("pk"),
        )
        .order_by("-last", "-sitting_id")
    )


def describe_page(rows) -> list[dict]:
    return [
        {
            "id": row["sitting_id"],
            "name": row["title"] or row["code"],
            "meta": _("%(code)s · %(date)s · %(passed)s of %(total)s passed") % {
                "code": row["code"], "date": dates.format_date(row["last"]),
                "passed": row["passed"], "total": row["total"],
            },
        }
        for row in rows
    ]


def search_view(request):
    if not (request.user.is_authenticated and request.user.has_perm(ISSUE_PERMISSION)):
        raise PermissionDenied
    return results_page(request, sittings(query_of(request)), describe_page)


class SittingChooser(SingleSearchChooser):
    search_url_name = "certification_sitting_search"
    search_label = gettext_lazy("Search by sitting, exam code or title")

    def describe_chosen(self, values):
        ids = [int(v) for v in values]
        return describe_page(sittings().filter(sitting_id__in=ids))
