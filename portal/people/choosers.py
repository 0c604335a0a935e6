"""Choosing employees in the admin by search (``portal.core.choosers``) instead of one checkbox each.

``search(q)`` finds active employees by name, employee number (工号), organisation unit (Chinese or English
name, or its code) or post title, every word of the query narrowing the list — in the database, so it is the
same on SQLite and PostgreSQL and fine for thousands of staff. ``search_view`` answers the widget for people
who choose candidates or holders (HR, Examiners, Administrators); nobody else gets a list of staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy

from portal.core.choosers import SearchChooser, SingleSearchChooser, query_of, results_page

from .models import Employee, OrgUnit

CHOOSE_PERMISSIONS = (
    "people.view_employee", "exams.add_sitting", "exams.change_sitting",
    # the forms that name one employee: post assignments, skill results, grades awarded by hand
    "content.add_postassignment", "content.change_postassignment",
    "certification.add_skillresult", "certification.award_grade_manually",
)


def may_choose(user) -> bool:
    return user.is_authenticated and user.is_active and any(user.has_perm(p) for p in CHOOSE_PERMISSIONS)


def search(query: str):
    employees = Employee.objects.filter(is_active=True).select_related("org_unit")
    for term in (query or "").split()[:5]:
        employees = employees.filter(
            Q(name__icontains=term)
            | Q(employee_number__icontains=term)
            | Q(org_unit__name__icontains=term)
            | Q(org_unit__name_en__icontains=term)
            | Q(org_unit__code__iexact=term)
            | Q(pk__in=Employee.objects.filter(post_assignments__post__title__icontains=term).values("pk"))
        )
    return employees.order_by("employee_number")


def _parents(units) -> dict:
    paths = {u.path[: -OrgUnit.steplen] for u in units if u.depth > 1}
    return {u.path: u for u in OrgUnit.objects.filter(path__in=paths)}


def describe_all(employees) -> list[dict]:
    """Name, number and unit with its parent (so three 电子银行部 of three counties are told apart)."""
    employees = list(employees)
    parents = _parents([e.org_unit for e in employees])
    rows = []
    for e in employees:
        parent = parents.get(e.org_unit.path[: -OrgUnit.steplen])
        unit = f"{parent.display_name} / {e.org_unit.display_name}" if parent else e.org_unit.display_name
        rows.append({"id": e.pk, "name": e.name, "meta": f"{e.employee_number} · {unit}"})
    return rows


def search_view(request):
    if not may_choose(request.user):
        raise PermissionDenied
    return results_page(request, search(query_of(request)), describe_all)


class EmployeeMultipleChooser(SearchChooser):
    search_url_name = "people_employee_search"
    search_label = gettext_lazy("Search by name, employee number, organisation unit or post")

    def describe_chosen(self, values):
        return describe_all(Employee.objects.filter(pk__in=values).select_related("org_unit")
                            .order_by("employee_number"))


class EmployeeChooser(SingleSearchChooser):
    """One employee, chosen by search (for a ``ModelChoiceField`` of employees)."""

    search_url_name = "people_employee_search"
    search_label = gettext_lazy("Search by name, employee number, organisation unit or post")

    def describe_chosen(self, values):
        return describe_all(Employee.objects.filter(pk__in=values).select_related("org_unit"))
