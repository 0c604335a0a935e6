"""What a Branch manager (支行行长 / 网点负责人) may see: their own org unit and every unit below it.

The unit is the one on the user's employee record. A user without one, or whose record is inactive,
sees nothing; a user who is not a Branch manager gets ``None`` from ``team_units`` (no scoping applies
to them here: their role's own permissions decide). Views and exports for the role filter every
queryset through these helpers, so people and figures of other branches never reach the page.
"""

from __future__ import annotations

from portal.people.models import Employee, OrgUnit
from portal.people.roles import BRANCH_MANAGER


def is_branch_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.groups.filter(name=BRANCH_MANAGER).exists())


def team_units(user):
    """The OrgUnits a Branch manager oversees (their unit and its descendants); ``None`` for other users."""
    if not is_branch_manager(user):
        return None
    employee = Employee.objects.filter(user=user, is_active=True).select_related("org_unit").first()
    if employee is None:
        return OrgUnit.objects.none()
    unit = employee.org_unit
    return OrgUnit.get_tree(unit)


def team_employees(user):
    """The active employees in a Branch manager's subtree; ``None`` for other users."""
    units = team_units(user)
    if units is None:
        return None
    return Employee.objects.filter(org_unit__in=units, is_active=True)


def in_team(user, employee) -> bool:
    """Whether a Branch manager may see ``employee`` (always True for users who are not Branch managers)."""
    units = team_units(user)
    return units is None or units.filter(pk=employee.org_unit_id).exists()
