"""The pure workbook parser and the template: no database involved."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from portal.people.importers.employees import (
    COLUMNS,
    build_template,
    parse_active,
    parse_date,
    parse_employee_workbook,
)
from tests.factories.people import EMPLOYEE_HEADERS, employee_workbook

CODES = {"HO", "HO-EB", "BR01"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def parse(rows, **kwargs):
    return parse_employee_workbook(employee_workbook(rows, **kwargs), org_unit_codes=CODES)


def only_error(result):
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def test_valid_rows_are_parsed_with_typed_values():
    result = parse(
        [
            ["10001", "张三", "HO-EB", "是", dt.datetime(2020, 7, 1), "zs@bank.example", "zh-hans"],
            [10002, "Li Si", "BR01", "no", "2021-03-15", "", "en"],
        ]
    )
    assert result.ok
    first, second = result.rows
    assert (first.row, first.employee_number, first.name, first.org_unit_code) == (
        2,
        "10001",
        "张三",
        "HO-EB",
    )
    assert (first.is_active, first.hire_date, first.email, first.language) == (
        True,
        dt.date(2020, 7, 1),
        "zs@bank.example",
        "zh-hans",
    )
    assert (second.employee_number, second.is_active, second.hire_date, second.language) == (
        "10002",
        False,
        dt.date(2021, 3, 15),
        "en",
    )


def test_missing_employee_number_names_the_row_and_column():
    error = only_error(
        parse([["10001", "张三", "HO", "是", None, None], [None, "李四", "HO", "是", None, None]])
    )
    assert (error.row, error.column, error.column_letter) == (3, "工号", "A")
    assert "employee number is missing" in str(error)
    assert str(error).startswith("Row 3, column A (工号)")


def test_unknown_org_unit_code_names_the_row_column_and_code():
    error = only_error(parse([["10001", "张三", "NOPE", "是", None, None]]))
    assert (error.row, error.column) == (2, "机构代码")
    assert "Unknown organisation unit code NOPE" in str(error)


def test_duplicate_employee_number_in_the_file_points_to_the_first_row():
    error = only_error(
        parse(
            [
                ["10001", "张三", "HO", "是", None, None],
                ["10002", "李四", "HO", "是", None, None],
                ["10001", "王五", "HO", "否", None, None],
            ]
        )
    )
    assert (error.row, error.column) == (4, "工号")
    assert "appears more than once" in error.message and "first on row 2" in error.message


def test_missing_columns_are_listed_by_header():
    error = only_error(parse([["10001", "张三"]], headers=["工号", "姓名", "在职", "入职日期", "邮箱"]))
    assert error.row is None
    assert "Missing column(s)" in error.message and "机构代码" in error.message


def test_optional_language_column_may_be_absent():
    result = parse([["10001", "张三", "HO", "是", None, None]], headers=EMPLOYEE_HEADERS[:6])
    assert result.ok and result.rows[0].language == ""


def test_english_headers_in_any_order_are_accepted():
    headers = ["Name", "Employee number", "Org unit code", "Active", "Hire date", "E-mail"]
    result = parse([["张三", "10001", "HO", "yes", "2020-01-02", "a@b.example"]], headers=headers)
    assert result.ok and result.rows[0].employee_number == "10001" and result.rows[0].org_unit_code == "HO"


def test_header_under_a_title_row_is_found_and_rows_numbered_as_in_excel():
    result = parse([[None, "张三", "HO", "是", None, None]], title_rows=[["2026年员工名单"]])
    error = only_error(result)
    assert error.row == 3


def test_bad_date_is_a_row_error():
    error = only_error(parse([["10001", "张三", "HO", "是", "2020-13-45", None]]))
    assert (error.row, error.column) == (2, "入职日期")
    assert "2020-13-45 is not a valid date" in error.message


def test_bad_active_value_is_a_row_error():
    error = only_error(parse([["10001", "张三", "HO", "maybe", None, None]]))
    assert error.column == "在职" and "maybe" in error.message


def test_bad_email_is_a_row_error():
    error = only_error(parse([["10001", "张三", "HO", "是", None, "not-an-email"]]))
    assert error.column == "邮箱"


def test_empty_sheet_is_a_file_error():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    error = only_error(parse_employee_workbook(buffer.getvalue(), org_unit_codes=CODES))
    assert error.row is None and "empty" in error.message


def test_header_without_rows_is_a_file_error():
    error = only_error(parse([]))
    assert "no employee rows" in error.message


def test_csv_bytes_are_rejected_as_not_an_xlsx():
    data = "工号,姓名,机构代码\n10001,张三,HO\n".encode()
    error = only_error(parse_employee_workbook(data, org_unit_codes=CODES))
    assert error.row is None and "not an Excel workbook (.xlsx)" in error.message


def test_renamed_text_file_is_rejected_as_not_an_xlsx():
    error = only_error(parse_employee_workbook(b"just some text\n", org_unit_codes=CODES))
    assert "not an Excel workbook (.xlsx)" in error.message


def test_damaged_zip_is_rejected_as_unreadable():
    error = only_error(parse_employee_workbook(b"PK\x03\x04" + b"\x00" * 100, org_unit_codes=CODES))
    assert error.code == "unreadable"
    assert error.message == (
        "The file could not be read as an Excel workbook (.xlsx); it may be damaged or in another format."
    )


def test_old_xls_is_rejected_with_advice_to_save_as_xlsx():
    error = only_error(parse_employee_workbook(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, org_unit_codes=CODES))
    assert ".xls" in error.message and ".xlsx" in error.message


@pytest.mark.parametrize(
    "value, expected",
    [
        ("是", True),
        ("否", False),
        ("YES", True),
        ("no", False),
        (1, True),
        (0, False),
        ("1", True),
        (None, None),
    ],
)
def test_active_values_accept_chinese_english_and_digits(value, expected):
    assert parse_active(value) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.datetime(2024, 3, 1, 0, 0), dt.date(2024, 3, 1)),
        (45352, dt.date(2024, 3, 1)),  # an Excel serial number in a cell not formatted as a date
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024/3/1", dt.date(2024, 3, 1)),
        ("", None),
    ],
)
def test_dates_accept_excel_dates_serials_and_iso_text(value, expected):
    assert parse_date(value) == expected


def test_template_is_a_workbook_whose_first_row_is_the_header():
    workbook = load_workbook(io.BytesIO(build_template()))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == [c.header for c in COLUMNS] == EMPLOYEE_HEADERS
    assert sheet.max_row == 1  # no example rows that could be imported by mistake


def test_template_parses_as_a_header_with_no_rows():
    result = parse_employee_workbook(build_template(), org_unit_codes=CODES)
    assert [str(e) for e in result.errors] == [
        "The sheet has a header row (row 1) but no employee rows under it."
    ]


def test_the_templates_instructions_mark_only_the_required_columns_as_required():
    with translation.override("zh-hans"):
        notes = load_workbook(io.BytesIO(build_template())).worksheets[1]
    rules = {row[0].value: str(row[2].value or "") for row in notes.iter_rows(min_row=2) if row[0].value}
    for column in COLUMNS:
        if column.required:
            assert rules[column.header].startswith("必填"), column.header
        else:
            assert rules[column.header].startswith("可选"), column.header
            assert "必填" not in rules[column.header], column.header
