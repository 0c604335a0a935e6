"""What a Branch manager (支行行长 / 网点负责人) may see: their own org unit and every unit below it.

The unit is the one on the user's employee record. A user without one, or whose record is inactive,
sees nothing; a user who is not a Branch manager gets ``None`` from ``team_units`` (no scoping applies
to them here: their role's own permissions decide). Views and exports for the role filter every
queryset through these helpers, so people and figures of other branches never reach the page.
"""

from __future__ import annotations

from django.db.models.functions import Substr

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


# --- Grouping people by unit in the admin home's charts (issue 15) ------------------------------------
# A chart "by org unit" groups people by the units one level below the viewer's top: the bank's root →
# its branches and departments; a Branch manager's unit → its outlets and sub-units. People placed in a
# unit above that level are counted under their own unit. The grouping is done by the database on the
# materialised path (``rolled_up_path``), so a chart stays one grouped query however many people there are.


def team_root(user):
    """The Branch manager's own unit (None for other users, and for a manager without an employee record)."""
    employee = Employee.objects.filter(user=user, is_active=True).select_related("org_unit").first()
    return employee.org_unit if employee is not None else None


def rollup_depth(user) -> int:
    """The tree depth a chart groups people at for ``user`` (see above)."""
    if is_branch_manager(user):
        root = team_root(user)
        return (root.depth + 1) if root is not None else 2
    return 2


def rolled_up_path(unit_field: str, depth: int):
    """An expression: the path of the unit at ``depth`` above ``unit_field`` (e.g. "employee__org_unit")."""
    return Substr(f"{unit_field}__path", 1, depth * OrgUnit.steplen)


def unit_names(paths) -> dict[str, str]:
    """``{path: the unit's name in the active language}`` in one query."""
    return {unit.path: unit.display_name for unit in OrgUnit.objects.filter(path__in=list(paths))}
