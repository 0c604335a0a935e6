"""Applying the HR workbook: all-or-nothing writes, create then update by number, the CLI command."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.people.models import Employee
from portal.people.roles import EMPLOYEE
from portal.people.services import (
    ImportRejected,
    apply_employee_import,
    create_employee,
    plan_employee_import,
)
from tests.factories.people import EmployeeFactory, UserFactory, employee_workbook

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def counts():
    return Employee.objects.count(), User.objects.count()


GOOD_ROWS = [
    ["10001", "张三", "HO-EB", "是", dt.datetime(2020, 7, 1), "zs@bank.example", "zh-hans"],
    ["10002", "李四", "BR01-01", "否", "2019-01-02", "", "en"],
]


def test_good_import_creates_employees_with_users(org_tree):
    plan = apply_employee_import(employee_workbook(GOOD_ROWS))
    assert (plan.created, plan.updated, plan.unchanged) == (2, 0, 0)
    zhang = Employee.objects.get(employee_number="10001")
    assert (zhang.name, zhang.org_unit.code, zhang.is_active, zhang.hire_date, zhang.language) == (
        "张三",
        "HO-EB",
        True,
        dt.date(2020, 7, 1),
        "zh-hans",
    )
    li = Employee.objects.get(employee_number="10002")
    assert (li.is_active, li.language, li.user.is_active) == (False, "en", False)


def test_a_file_with_only_the_required_columns_imports(org_tree):
    plan = apply_employee_import(employee_workbook([["10001", "张三", "HO-EB"]], headers=["工号", "姓名", "机构代码"]))
    assert plan.created == 1
    zhang = Employee.objects.get(employee_number="10001")
    assert (zhang.is_active, zhang.hire_date, zhang.user.email) == (True, None, "")


def test_leaving_out_an_optional_column_keeps_the_stored_value(org_tree):
    apply_employee_import(employee_workbook(GOOD_ROWS))
    apply_employee_import(employee_workbook([["10001", "张三丰", "HO-EB"]], headers=["工号", "姓名", "机构代码"]))
    zhang = Employee.objects.get(employee_number="10001")
    assert (zhang.name, zhang.hire_date, zhang.user.email) == ("张三丰", dt.date(2020, 7, 1), "zs@bank.example")


def test_new_user_is_named_by_number_with_unusable_password_and_employee_role(org_tree):
    apply_employee_import(employee_workbook(GOOD_ROWS))
    user = User.objects.get(username="10001")
    assert user.email == "zs@bank.example"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [EMPLOYEE]


def test_reimport_updates_by_employee_number(org_tree):
    apply_employee_import(employee_workbook(GOOD_ROWS))
    before = counts()
    changed = [
        ["10001", "张三丰", "BR01", "否", None, "new@bank.example"],
        ["10002", "李四", "BR01-01", "否", "2019-01-02", ""],
    ]
    plan = apply_employee_import(
        employee_workbook(changed, headers=["工号", "姓名", "机构代码", "在职", "入职日期", "邮箱"])
    )
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 1)
    assert counts() == before
    zhang = Employee.objects.get(employee_number="10001")
    assert (zhang.name, zhang.org_unit.code, zhang.is_active, zhang.user.email, zhang.user.is_active) == (
        "张三丰",
        "BR01",
        False,
        "new@bank.example",
        False,
    )
    assert zhang.hire_date == dt.date(2020, 7, 1)  # a blank cell keeps the stored date
    assert zhang.language == "zh-hans"


def test_update_keeps_an_existing_username_that_differs_from_the_number(org_tree):
    employee = EmployeeFactory(
        employee_number="20001", user=UserFactory(username="hr01"), org_unit=org_tree["HO"]
    )
    apply_employee_import(employee_workbook([["20001", "新名字", "HO", "是", None, None]]))
    employee.refresh_from_db()
    assert (employee.name, employee.user.username) == ("新名字", "hr01")


def test_plan_lists_field_changes_without_writing(org_tree):
    EmployeeFactory(employee_number="10001", name="张三", org_unit=org_tree["HO"])
    before = counts()
    plan = plan_employee_import(employee_workbook([["10001", "张三", "BR01", "是", None, None]]))
    assert counts() == before
    (row,) = plan.rows
    assert row.action == "update"
    assert [(c.key, c.old, c.new) for c in row.changes] == [("org_unit_code", "HO", "BR01")]
    assert Employee.objects.get(employee_number="10001").org_unit.code == "HO"


@pytest.mark.parametrize(
    "rows, headers, row, column, text",
    [
        (
            [["10001", "张三", "HO", "是", None, None], [None, "李四", "HO", "是", None, None]],
            None,
            3,
            "工号",
            "employee number is missing",
        ),
        (
            [["10001", "张三", "HO", "是", None, None], ["10002", "李四", "XX-99", "是", None, None]],
            None,
            3,
            "机构代码",
            "Unknown organisation unit code XX-99",
        ),
        (
            [["10001", "张三", "HO", "是", None, None], ["10001", "李四", "HO", "是", None, None]],
            None,
            3,
            "工号",
            "appears more than once",
        ),
        ([["10001", "张三", "HO", "是", "31/02/2020", None]], None, 2, "入职日期", "not a valid date"),
        ([["10001", "张三"]], ["工号", "姓名"], None, "", "Missing column(s)"),
    ],
    ids=["missing-number", "unknown-org-unit", "duplicate-number", "bad-date", "missing-column"],
)
def test_bad_file_is_rejected_with_a_located_error_and_nothing_written(
    org_tree, rows, headers, row, column, text
):
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        apply_employee_import(employee_workbook(rows, headers=headers))
    errors = rejected.value.plan.errors
    assert any(e.row == row and e.column == column and text in str(e) for e in errors), [
        str(e) for e in errors
    ]
    assert counts() == before


def test_one_bad_row_blocks_the_good_rows_too(org_tree):
    before = counts()
    with pytest.raises(ImportRejected):
        apply_employee_import(employee_workbook(GOOD_ROWS + [["10003", "王五", "NOPE", "是", None, None]]))
    assert counts() == before


@pytest.mark.parametrize(
    "data",
    [b"\xe5\xb7\xa5\xe5\x8f\xb7,name\n10001,x\n", b"plain text renamed to .xlsx"],
    ids=["csv", "renamed-txt"],
)
def test_wrong_file_type_is_rejected_and_nothing_written(org_tree, data):
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        apply_employee_import(data)
    (error,) = rejected.value.plan.errors
    assert "not an Excel workbook (.xlsx)" in str(error)
    assert counts() == before


def test_login_name_taken_by_another_employee_is_a_row_error(org_tree):
    EmployeeFactory(employee_number="30001", user=UserFactory(username="10001"), org_unit=org_tree["HO"])
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        apply_employee_import(employee_workbook([["10001", "张三", "HO", "是", None, None]]))
    (error,) = rejected.value.plan.errors
    assert error.row == 2 and "already belongs to employee" in error.message
    assert counts() == before


def test_create_employee_reuses_a_user_without_employee_record(org_tree):
    user = UserFactory(username="40001")
    employee = create_employee(
        employee_number="40001", name="赵六", org_unit=org_tree["HO"], email="z@bank.example"
    )
    assert employee.user == user
    assert list(user.groups.values_list("name", flat=True)) == [EMPLOYEE]


def test_dry_run_writes_nothing(org_tree):
    before = counts()
    plan = apply_employee_import(employee_workbook(GOOD_ROWS), dry_run=True)
    assert plan.created == 2 and not plan.applied
    assert counts() == before


def test_command_imports_and_prints_the_plan(org_tree, tmp_path, capsys):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(employee_workbook(GOOD_ROWS))
    call_command("import_employees", str(path))
    out = capsys.readouterr().out
    assert "row 2" in out and "10001" in out and "2 new, 0 updated, 0 unchanged" in out
    assert Employee.objects.filter(employee_number__in=["10001", "10002"]).count() == 2


def test_command_dry_run_prints_the_plan_and_writes_nothing(org_tree, tmp_path, capsys):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(employee_workbook(GOOD_ROWS))
    before = counts()
    call_command("import_employees", str(path), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert counts() == before


def test_command_fails_with_row_numbers_on_errors(org_tree, tmp_path, capsys):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(employee_workbook([["10001", "张三", "NOPE", "是", None, None]]))
    before = counts()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_employees", str(path))
    assert "Row 2, column C (机构代码)" in capsys.readouterr().err
    assert counts() == before
