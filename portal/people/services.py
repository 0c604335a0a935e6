"""Writing people: create/update one employee with its login user, and apply an HR workbook.

The workbook import is planned first (parse + compare with the database, no writes) and then
applied in one transaction that re-plans from the same bytes, so what is written is exactly what a
fresh check of the file allows: any error and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import audit, imports, staging
from portal.core.imports import Issue
from portal.core.models import StagedUpload
from portal.people.importers.employees import (
    COLUMNS_BY_KEY,
    EmployeeRow,
    ParseResult,
    parse_employee_workbook,
)
from portal.people.models import Employee, OrgUnit
from portal.people.roles import EMPLOYEE

DEFAULT_LANGUAGE = "zh-hans"


class EmployeeConflict(ValueError):
    """The login name (employee number) already belongs to another employee's user."""


def _employee_group() -> Group | None:
    return Group.objects.filter(name=EMPLOYEE).first()


def _sync_user(user, *, name: str, email: str | None, is_active: bool) -> None:
    user.first_name = name[:150]
    if email is not None:
        user.email = email
    user.is_active = is_active


def save_org_unit(unit: OrgUnit, parent: OrgUnit | None, *, code_changed: bool = False) -> OrgUnit:
    """Create ``unit`` under ``parent`` (None: a root), or save it and move it there.

    Treebeard keeps siblings sorted by code only when nodes are moved, so an edited code re-places the node
    too. Returns the unit as now stored (fresh path)."""
    with transaction.atomic():
        if unit.pk is None:
            if parent is None:
                return OrgUnit.add_root(instance=unit)
            return OrgUnit.objects.get(pk=parent.pk).add_child(instance=unit)  # fresh path/numchild
        old_parent = OrgUnit.objects.get(pk=unit.pk).get_parent()
        unit.save()
        parent_changed = (parent and parent.pk) != (old_parent and old_parent.pk)
        if parent_changed or code_changed:
            unit = OrgUnit.objects.get(pk=unit.pk)
            if parent is not None:
                unit.move(OrgUnit.objects.get(pk=parent.pk), pos="sorted-child")
            else:
                unit.move(OrgUnit.get_first_root_node(), pos="sorted-sibling")
        return OrgUnit.objects.get(pk=unit.pk)


def create_employee(
    *,
    employee_number: str,
    name: str,
    org_unit: OrgUnit,
    email: str = "",
    is_active: bool = True,
    hire_date: dt.date | None = None,
    language: str = DEFAULT_LANGUAGE,
    acting_user=None,
    log_action: bool = True,
) -> Employee:
    """Create an employee and its login user (username = employee number, unusable password).

    A user with that username and no employee record is reused (e.g. created by SSO first).
    The user joins the Employee role group. log_action=False when the caller logs (Wagtail's
    admin create/edit actions do).
    """
    User = get_user_model()
    user = User.objects.filter(username=employee_number).first()
    if user is not None and Employee.objects.filter(user=user).exists():
        raise EmployeeConflict(
            _("The login name %(username)s already belongs to another employee.")
            % {"username": employee_number}
        )
    if user is None:
        user = User(username=employee_number)
        user.set_unusable_password()
    _sync_user(user, name=name, email=email, is_active=is_active)
    user.save()
    group = _employee_group()
    if group is not None:
        user.groups.add(group)
    employee = Employee.objects.create(
        user=user,
        employee_number=employee_number,
        name=name,
        org_unit=org_unit,
        is_active=is_active,
        hire_date=hire_date,
        language=language or DEFAULT_LANGUAGE,
    )
    if log_action:
        audit.record(employee, "wagtail.create", acting_user=acting_user)
    return employee


def update_employee(
    employee: Employee, *, email: str | None = None, acting_user=None, log_action: bool = True, **fields
) -> Employee:
    """Set the given Employee fields and keep the login user in step (name, e-mail, active).

    email=None leaves the user's e-mail alone. When the employee number changes and the username
    was the old number, the username follows.
    """
    old_number = employee.employee_number
    for name, value in fields.items():
        setattr(employee, name, value)
    employee.save()
    user = employee.user
    if employee.employee_number != old_number and user.username == old_number:
        user.username = employee.employee_number
    _sync_user(user, name=employee.name, email=email, is_active=employee.is_active)
    user.save()
    if log_action:
        audit.record(employee, "wagtail.edit", acting_user=acting_user)
    return employee


# --------------------------------------------------------------------------- the workbook import

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ACTION_LABELS = {
    CREATE: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    UNCHANGED: gettext_lazy("Unchanged"),
}


@dataclass
class FieldChange:
    key: str
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    data: EmployeeRow
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    org_unit: OrgUnit | None = None
    employee: Employee | None = None

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    applied: bool = False

    parsed: ParseResult | None = None  # what the file said (kept in the staging table)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def issues(self) -> list[Issue]:
        return self.errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {CREATE: self.created, UPDATE: self.updated, UNCHANGED: self.unchanged}

    @property
    def summary(self) -> dict:
        return self.counts

    def to_stored(self) -> dict:
        parsed = self.parsed or ParseResult(errors=list(self.errors))
        return {
            "rows": [asdict(row) for row in parsed.rows],
            "errors": [issue.to_json_dict() for issue in parsed.errors],
            "columns_found": list(parsed.columns_found),
        }

    @property
    def file_errors(self) -> list[Issue]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[Issue]:
        return [e for e in self.errors if e.row is not None]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)


ImportRejected = imports.ImportRejected  # the file has errors; nothing was written (``plan`` lists them)
STAGED_KIND = "people.employees"


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _label(key: str) -> str:
    column = COLUMNS_BY_KEY[key]
    return f"{column.header} ({column.label})"


def _changes(employee: Employee, row: EmployeeRow, org_unit: OrgUnit) -> list[FieldChange]:
    wanted: list[tuple[str, object, object]] = [
        ("name", employee.name, row.name),
        ("org_unit_code", employee.org_unit.code, org_unit.code),
    ]
    if row.is_active is not None:
        wanted.append(("is_active", employee.is_active, row.is_active))
    if row.hire_date is not None:
        wanted.append(("hire_date", employee.hire_date, row.hire_date))
    if row.email:
        wanted.append(("email", employee.user.email, row.email))
    if row.language:
        wanted.append(("language", employee.language, row.language))
    return [
        FieldChange(key, _label(key), _display(old), _display(new)) for key, old, new in wanted if old != new
    ]


def plan_employee_import(data: bytes) -> ImportPlan:
    """Parse the workbook and work out, row by row, what applying it would do. Writes nothing."""
    codes = OrgUnit.objects.values_list("code", flat=True)
    return plan_parsed(parse_employee_workbook(data, org_unit_codes=set(codes)))


def plan_from_stored(stored: dict) -> ImportPlan:
    """A staged upload's plan from the rows it stored, re-checked against the database (no parsing)."""
    rows = []
    for row in stored.get("rows", []):
        hire_date = row.get("hire_date")
        if isinstance(hire_date, str) and hire_date:
            hire_date = dt.date.fromisoformat(hire_date)
        rows.append(EmployeeRow(**{**row, "hire_date": hire_date or None}))
    parsed = ParseResult(
        rows=rows,
        errors=[Issue.from_json_dict(e) for e in stored.get("errors", [])],
        columns_found=list(stored.get("columns_found", [])),
    )
    return plan_parsed(parsed)


def plan_parsed(parsed: ParseResult) -> ImportPlan:
    """What applying a parsed workbook would do, against the database as it is now. Writes nothing."""
    units = {u.code: u for u in OrgUnit.objects.all()}
    plan = ImportPlan(errors=list(parsed.errors), parsed=parsed)
    if parsed.file_errors:
        return plan
    numbers = [r.employee_number for r in parsed.rows]
    existing = {
        e.employee_number: e
        for e in Employee.objects.select_related("user", "org_unit").filter(employee_number__in=numbers)
    }
    User = get_user_model()
    new_numbers = [n for n in numbers if n not in existing]
    taken = {
        u.username: u
        for u in User.objects.filter(username__in=new_numbers, employee__isnull=False).select_related(
            "employee"
        )
    }

    for row in parsed.rows:
        org_unit = units.get(row.org_unit_code)
        if org_unit is None:  # the unit went away since the file was read
            plan.errors.append(
                Issue(
                    row.row,
                    _("Unknown organisation unit code %(value)s.") % {"value": row.org_unit_code},
                    "employees.unknown_unit",
                    column=COLUMNS_BY_KEY["org_unit_code"].header,
                )
            )
            continue
        employee = existing.get(row.employee_number)
        if employee is None:
            if row.employee_number in taken:
                plan.errors.append(
                    Issue(
                        row.row,
                        _("The login name %(number)s already belongs to employee %(other)s.")
                        % {"number": row.employee_number, "other": taken[row.employee_number].employee},
                        "employees.login_taken",
                        column=COLUMNS_BY_KEY["employee_number"].header,
                    )
                )
                continue
            new = [
                ("name", row.name),
                ("org_unit_code", f"{org_unit.code} {org_unit.name}"),
                ("is_active", True if row.is_active is None else row.is_active),
                ("hire_date", row.hire_date),
                ("email", row.email),
                ("language", row.language or DEFAULT_LANGUAGE),
            ]
            changes = [FieldChange(key, _label(key), "", _display(value)) for key, value in new]
            plan.rows.append(PlannedRow(row, CREATE, changes, org_unit=org_unit))
        else:
            changes = _changes(employee, row, org_unit)
            action = UPDATE if changes else UNCHANGED
            plan.rows.append(PlannedRow(row, action, changes, org_unit=org_unit, employee=employee))
    plan.errors.sort(key=lambda e: e.row or 0)
    return plan


def apply_employee_import(data: bytes, *, acting_user=None, dry_run: bool = False) -> ImportPlan:
    """Plan and, unless dry_run, write the import in one transaction. Raises ImportRejected on any error."""
    if dry_run:
        plan = plan_employee_import(data)
        if plan.has_errors:
            raise ImportRejected(plan)
        return plan
    with transaction.atomic():
        return apply_plan(plan_employee_import(data), acting_user=acting_user)


def stage_employee_import(upload, *, user) -> StagedUpload:
    """Parse a guarded upload ONCE and stage it with its plan until HR confirms the preview."""
    plan = plan_employee_import(upload.data)
    return staging.stage(kind=STAGED_KIND, user=user, plan=plan, data=upload.data, file_name=upload.name)


def confirm_employee_import(staged: StagedUpload, *, acting_user) -> ImportPlan:
    """Apply a staged upload's stored plan, all or nothing (the file is not parsed again)."""
    return staging.confirm(
        staged, apply=lambda locked: apply_plan(plan_from_stored(locked.plan), acting_user=acting_user)
    )


def apply_plan(plan: ImportPlan, *, acting_user=None) -> ImportPlan:
    """Write a plan in one transaction. Raises ImportRejected on any error."""
    with transaction.atomic():
        if plan.has_errors:
            raise ImportRejected(plan)
        for planned in plan.rows:
            row = planned.data
            if planned.action == CREATE:
                planned.employee = create_employee(
                    employee_number=row.employee_number,
                    name=row.name,
                    org_unit=planned.org_unit,
                    email=row.email,
                    is_active=True if row.is_active is None else row.is_active,
                    hire_date=row.hire_date,
                    language=row.language or DEFAULT_LANGUAGE,
                    acting_user=acting_user,
                )
            elif planned.action == UPDATE:
                fields = {"name": row.name, "org_unit": planned.org_unit}
                if row.is_active is not None:
                    fields["is_active"] = row.is_active
                if row.hire_date is not None:
                    fields["hire_date"] = row.hire_date
                if row.language:
                    fields["language"] = row.language
                update_employee(planned.employee, email=row.email or None, acting_user=acting_user, **fields)
        plan.applied = True
    return plan
