"""Demo organisation and people, from content/demo/data/{org,people}.json (idempotent)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.people.models import Employee, OrgUnit
from portal.people.roles import ALL_ROLES, EMPLOYEE

DEMO_PASSWORD = "demo-2026"


@dataclass
class DemoLogin:
    role: str
    username: str
    name: str


def load_org(data_dir: Path) -> int:
    """Create or update the org-unit tree; parents come before children in the file or are resolved later."""
    units = json.loads((data_dir / "org.json").read_text(encoding="utf-8"))["units"]
    pending = list(units)
    by_code = {u.code: u for u in OrgUnit.objects.all()}
    while pending:
        progressed = False
        for unit in list(pending):
            parent_code = unit.get("parent")
            if parent_code and parent_code not in by_code:
                continue
            fields = {"name": unit["name"], "name_en": unit.get("name_en", ""), "kind": unit["kind"]}
            existing = by_code.get(unit["code"])
            if existing is None:
                if parent_code:
                    node = by_code[parent_code].add_child(code=unit["code"], **fields)
                else:
                    node = OrgUnit.add_root(code=unit["code"], **fields)
                by_code[unit["code"]] = node
            else:
                for key, value in fields.items():
                    setattr(existing, key, value)
                existing.save()
            pending.remove(unit)
            progressed = True
        if not progressed:
            raise ValueError(f"org.json: unknown parent for {[u['code'] for u in pending]}")
    return len(units)


def main_role(roles: list[str]) -> str:
    """The role a demo account stands for: its most specific role (Employee only when it has no other)."""
    specific = [r for r in roles if r != EMPLOYEE]
    return specific[-1] if specific else EMPLOYEE


def load_people(data_dir: Path) -> tuple[list[Employee], list[DemoLogin]]:
    """Create or update the demo employees and their login users; returns employees and one login per role."""
    payload = json.loads((data_dir / "people.json").read_text(encoding="utf-8"))
    rows = payload.get("employees") or payload.get("people") or []
    User = get_user_model()
    groups = {g.name: g for g in Group.objects.filter(name__in=ALL_ROLES)}
    units = {u.code: u for u in OrgUnit.objects.all()}
    employees, logins = [], {}
    for row in rows:
        number = row.get("employee_number") or row["number"]
        username = row.get("username") or number
        user, created = User.objects.get_or_create(username=username)
        user.email = row.get("email") or f"{username}@bank.invalid"
        user.first_name = row["name"]
        # Hashing is slow and salted: set the password on new users, and put it back on a demo login only
        # when it was changed, so that a second run changes nothing.
        if created or not user.has_usable_password() or (row.get("username") and not user.check_password(DEMO_PASSWORD)):
            user.set_password(DEMO_PASSWORD)
        user.save()
        roles = row.get("roles") or [EMPLOYEE]
        user.groups.set([groups[r] for r in roles if r in groups])
        hire = row.get("hire_date")
        employee, _ = Employee.objects.update_or_create(
            employee_number=number,
            defaults={
                "user": user,
                "name": row["name"],
                "org_unit": units[row.get("unit") or row["org_unit"]],
                "is_active": row.get("active", True),
                "hire_date": dt.date.fromisoformat(hire) if hire else None,
                "language": row.get("language", "zh-hans"),
            },
        )
        employees.append(employee)
        # One login per role: the account whose own role it is (every demo login is also an Employee,
        # so a reviewer's account must not be shown as the Employee login).
        role = main_role(roles)
        if row.get("username") and role not in logins:
            logins[role] = DemoLogin(role=role, username=username, name=row["name"])
    ordered = [logins[r] for r in ALL_ROLES if r in logins]
    return employees, ordered
