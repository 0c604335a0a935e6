"""Factories for people: users, org units (treebeard nodes), employees, role users, HR workbooks."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Sequence

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.people.models import Employee, OrgUnit

PASSWORD = "test-password"
_role_user_numbers = itertools.count(1)

# The import template's header row (the importer also accepts English aliases).
EMPLOYEE_HEADERS = ["工号", "姓名", "机构代码", "在职", "入职日期", "邮箱", "语言"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@bank.example")
    password = factory.django.Password(PASSWORD)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """Pass parent=<OrgUnit> for a child; without it the unit is a new root."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"机构{n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnit.Kind.BRANCH
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.add_root(**kwargs)
        parent = model_class.objects.get(pk=parent.pk)  # fresh numchild/path
        return parent.add_child(**kwargs)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..employee_number"))
    org_unit = factory.SubFactory(OrgUnitFactory)
    is_active = True
    language = "zh-hans"


def user_with_role(role_name: str, *, username: str | None = None, employee: bool = False, **user_kwargs):
    """A login user in the given role group (the group comes from the roles migration).

    employee=True also gives the user an Employee record (an org unit is created if none is passed
    as org_unit=...).
    """
    org_unit = user_kwargs.pop("org_unit", None)
    if username is None:
        username = f"{role_name.lower().replace(' ', '_')}_{next(_role_user_numbers)}"
    user = UserFactory(username=username, **user_kwargs)
    user.groups.add(Group.objects.get(name=role_name))
    if employee:
        EmployeeFactory(
            user=user,
            employee_number=username,
            **({"org_unit": org_unit} if org_unit is not None else {}),
        )
    return user


def employee_workbook(rows: Iterable[Sequence], headers: Sequence[str] | None = None, title_rows=()) -> bytes:
    """An .xlsx file (bytes) with a header row and the given data rows, like the ones HR uploads."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(list(title))
    sheet.append(list(EMPLOYEE_HEADERS if headers is None else headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
