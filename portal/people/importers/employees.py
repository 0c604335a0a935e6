"""The HR employee workbook: its columns, the downloadable template, and a pure parser.

Nothing here touches the database. The parser reads the bytes of an .xlsx file and returns the
rows it understood plus every problem it found, each naming the Excel row number and the column
the way HR sees them in Excel ("row 7, column C (机构代码)"). Whether an org-unit code exists is
checked against a set of codes the caller passes in, so the caller decides where codes come from.

Blank optional cells mean "not given": on an update they leave the stored value alone, on a
create they take the default (active, no hire date, no e-mail, Chinese).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import uploads
from portal.core.imports import Issue

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # an employee sheet of ~20,000 rows is well under 1 MB
MAX_DATA_ROWS = 20_000
HEADER_SEARCH_ROWS = 10  # the header may sit under a title row or two

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "employee-import-template.xlsx"

EMPLOYEE_NUMBER_MAX = 32
NAME_MAX = 100
ORG_CODE_MAX = 32
_EMPLOYEE_NUMBER_RE = re.compile(r"^[\w.@+-]+\Z")  # the number is also the login name

TRUE_WORDS = {"是", "在职", "yes", "y", "true", "t", "1", "√", "✓", "active"}
FALSE_WORDS = {"否", "离职", "不在职", "no", "n", "false", "f", "0", "×", "✗", "inactive"}
LANGUAGE_ALIASES = {
    "zh-hans": "zh-hans",
    "zh_hans": "zh-hans",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "中文": "zh-hans",
    "简体中文": "zh-hans",
    "chinese": "zh-hans",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the header cell text in the template (Chinese, the working language)
    label: str  # translatable description, shown next to the header
    aliases: tuple[str, ...]  # other accepted header texts, compared case-insensitively
    required: bool
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "employee_number",
        "工号",
        gettext_lazy("Employee number"),
        ("employee number", "employee no", "employee no.", "employee_number", "number"),
        True,
        gettext_lazy(
            "Required. Unique; re-importing a number updates that employee. It is also the login name."
        ),
    ),
    Column("name", "姓名", gettext_lazy("Name"), ("name", "full name"), True, gettext_lazy("Required.")),
    Column(
        "org_unit_code",
        "机构代码",
        gettext_lazy("Organisation unit code"),
        ("org unit code", "org_unit_code", "org unit", "unit code", "organisation unit code"),
        True,
        gettext_lazy("Required. The code of an existing organisation unit."),
    ),
    Column(
        "is_active",
        "在职",
        gettext_lazy("Active"),
        ("active", "is_active", "is active"),
        False,
        gettext_lazy(
            "Optional column: 是/否, yes/no or 1/0. Blank or left out: active for a new employee, unchanged "
            "otherwise."
        ),
    ),
    Column(
        "hire_date",
        "入职日期",
        gettext_lazy("Hire date"),
        ("hire date", "hire_date", "date hired"),
        False,
        gettext_lazy("Optional column: an Excel date or YYYY-MM-DD. Blank or left out: unchanged."),
    ),
    Column(
        "email",
        "邮箱",
        gettext_lazy("E-mail"),
        ("email", "e-mail", "mail", "电子邮箱", "电子邮件"),
        False,
        gettext_lazy("Optional column: the login user's e-mail address. Blank or left out: unchanged."),
    ),
    Column(
        "language",
        "语言",
        gettext_lazy("Language"),
        ("language", "lang"),
        False,
        gettext_lazy(
            "Optional column: zh-hans or en. Blank: Chinese for a new employee, unchanged otherwise."
        ),
    ),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}



#: every code this import's issues carry, besides the upload guard's (portal.core.uploads.REFUSAL_CODES)
ISSUE_CODES = frozenset({
    "employees.empty_sheet", "employees.column_twice", "employees.missing_columns", "employees.number_twice",
    "employees.no_rows", "employees.number_missing", "employees.number_too_long", "employees.number_characters",
    "employees.name_missing", "employees.name_too_long", "employees.unit_missing", "employees.unknown_unit",
    "employees.active", "employees.hire_date", "employees.email", "employees.language",
    # portal.people.services, against the database
    "employees.login_taken",
})


@dataclass
class EmployeeRow:
    """One employee as read from the sheet. None / "" means the cell was blank (not given)."""

    row: int
    employee_number: str
    name: str
    org_unit_code: str
    is_active: bool | None = None
    hire_date: dt.date | None = None
    email: str = ""
    language: str = ""


@dataclass
class ParseResult:
    rows: list[EmployeeRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    columns_found: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[Issue]:
        return [e for e in self.errors if e.row is None]

    def errors_for_row(self, row: int) -> list[Issue]:
        return [e for e in self.errors if e.row == row]


# --------------------------------------------------------------------------- reading the file


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _load_rows(data: bytes) -> list[tuple]:
    """The first worksheet's rows as tuples of cell values, index = Excel row − 1 (blank rows are ``()``).

    Read through the upload guard (portal.core.uploads): type, zip limits, then rows streamed with the
    row, column and cell-length limits. Raises UploadRefused."""
    rows: list[tuple] = []
    kind = uploads.sniff(data)
    if uploads.is_damaged_zip(data):
        raise uploads.unreadable_xlsx()
    if kind != uploads.XLSX:
        if kind == uploads.XLS:
            message = _(
                "This is an old Excel 97–2003 (.xls) file. Open it in Excel, save it as an Excel "
                "workbook (.xlsx) and upload that."
            )
        elif kind == uploads.EMPTY:
            message = _("The file is empty.")
        else:
            message = _(
                "This is not an Excel workbook (.xlsx). If it is a CSV or text file, open it in Excel "
                "and save it as an Excel workbook (.xlsx), or start from the downloadable template."
            )
        raise uploads.UploadRefused(message, code="wrong_type")
    if len(data) > MAX_UPLOAD_BYTES:
        raise uploads.UploadRefused(
            _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
            % {"size": len(data) // 1024, "limit": MAX_UPLOAD_BYTES // 1024},
            code="max_bytes",
        )
    for number, values in uploads.xlsx_rows(data, max_rows=MAX_DATA_ROWS + HEADER_SEARCH_ROWS + 1):
        rows.extend(() for _gap in range(number - 1 - len(rows)))
        rows.append(tuple(values))
    return rows


# --------------------------------------------------------------------------- cell values


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """A cell as text: numbers without a spurious ".0", strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_active(value) -> bool | None:
    """是/否, yes/no, 1/0 (and a few synonyms); None for a blank cell. Raises ValueError."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)


def parse_date(value) -> dt.date | None:
    """An Excel date cell, an Excel serial number or YYYY-MM-DD text; None when blank. Raises ValueError."""
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:  # 1900-01-01 .. 9999-12-31
            raise ValueError(value)
        return from_excel(value).date()
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_language(value) -> str:
    """A language code from settings.LANGUAGES, or "" when blank. Raises ValueError."""
    if _is_blank(value):
        return ""
    word = _text(value).casefold()
    code = LANGUAGE_ALIASES.get(word, word)
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise ValueError(word)
    return code


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "").replace("＊", "")).strip().casefold()


def _header_parts(value) -> set[str]:
    """A header cell may be "工号", "工号*", "工号 / Employee number" or "工号（必填）"."""
    text = _text(value)
    if not text:
        return set()
    parts = {text}
    parts.update(re.split(r"[/\n（(]", text))
    return {_normalise_header(p.rstrip(")）")) for p in parts if p.strip()}


def _match_column(value) -> Column | None:
    parts = _header_parts(value)
    for column in COLUMNS:
        names = {_normalise_header(column.header), *(_normalise_header(a) for a in column.aliases)}
        if parts & names:
            return column
    return None


# --------------------------------------------------------------------------- the parser


def _find_header(rows: list[tuple]) -> int | None:
    """Index of the header row: the first of the first rows that names the employee-number column."""
    seen = 0
    for index, values in enumerate(rows):
        if all(_is_blank(v) for v in values):
            continue
        if any((c := _match_column(v)) is not None and c.key == "employee_number" for v in values):
            return index
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None


def parse_employee_workbook(data: bytes, *, org_unit_codes: Collection[str] | None = None) -> ParseResult:
    """Parse an employee workbook. Never raises for bad input: every problem is in result.errors.

    org_unit_codes: the codes that exist; when given, unknown codes are row errors.
    """
    result = ParseResult()
    try:
        rows = _load_rows(data)
    except uploads.UploadRefused as exc:
        result.errors.append(Issue(exc.line, str(exc), exc.code))
        return result

    if not any(not _is_blank(v) for values in rows for v in values):
        result.errors.append(
            Issue(None, _("The sheet is empty: the first worksheet has no header row and no employees."),
                        "employees.empty_sheet")
        )
        return result

    header_index = _find_header(rows)
    if header_index is None:
        header_index = next(i for i, values in enumerate(rows) if any(not _is_blank(v) for v in values))
    header = rows[header_index]

    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        column = _match_column(value)
        if column is None:
            continue
        if column.key in positions:
            result.errors.append(
                Issue(
                    header_index + 1,
                    _("The column %(column)s appears twice (columns %(first)s and %(second)s).")
                    % {
                        "column": column.header,
                        "first": _column_letter(positions[column.key]),
                        "second": _column_letter(index),
                    },
                    "employees.column_twice",
                )
            )
            continue
        positions[column.key] = index
    result.columns_found = [c.key for c in COLUMNS if c.key in positions]

    missing = [c for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        result.errors.append(
            Issue(
                None,
                _("Missing column(s): %(columns)s. The header row (row %(row)s) must contain: %(required)s.")
                % {
                    "columns": _(", ").join(f"{c.header} ({c.label})" for c in missing),
                    "row": header_index + 1,
                    "required": _(", ").join(c.header for c in COLUMNS if c.required),
                },
                "employees.missing_columns",
            )
        )
    if result.errors:
        return result

    known_codes = None if org_unit_codes is None else {str(c) for c in org_unit_codes}
    first_row_of_number: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        values = rows[index]
        excel_row = index + 1
        cells = {key: (values[pos] if pos < len(values) else None) for key, pos in positions.items()}
        if all(_is_blank(v) for v in cells.values()):
            continue
        row, errors = _parse_row(excel_row, cells, positions, known_codes)
        if row is not None and row.employee_number:
            key = row.employee_number.casefold()
            if key in first_row_of_number:
                errors.append(
                    _issue(
                        excel_row,
                        "employee_number",
                        positions,
                        _(
                            "Employee number %(number)s appears more than once in the file (first on row %(first)s)."
                        )
                        % {"number": row.employee_number, "first": first_row_of_number[key]},
                        "employees.number_twice",
                    )
                )
            else:
                first_row_of_number[key] = excel_row
        result.errors.extend(errors)
        if row is not None and not errors:
            result.rows.append(row)

    if not result.rows and not result.errors:
        result.errors.append(
            Issue(
                None,
                _("The sheet has a header row (row %(row)s) but no employee rows under it.")
                % {"row": header_index + 1},
                "employees.no_rows",
            )
        )
    return result


def _issue(row: int, key: str, positions: dict[str, int], message: str, code: str) -> Issue:
    column = COLUMNS_BY_KEY[key]
    letter = _column_letter(positions[key]) if key in positions else ""
    return Issue(row, message, code, column=column.header, column_letter=letter)


def _parse_row(
    excel_row: int, cells: dict, positions: dict[str, int], known_codes: set[str] | None
) -> tuple[EmployeeRow | None, list[Issue]]:
    errors: list[Issue] = []

    def error(key: str, message: str, code: str) -> None:
        errors.append(_issue(excel_row, key, positions, message, "employees." + code))

    number = _text(cells.get("employee_number"))
    if not number:
        error("employee_number", _("The employee number is missing."), "number_missing")
    elif len(number) > EMPLOYEE_NUMBER_MAX:
        error(
            "employee_number",
            _("The employee number %(value)s is longer than %(max)s characters.")
            % {"value": number, "max": EMPLOYEE_NUMBER_MAX},
            "number_too_long",
        )
    elif not _EMPLOYEE_NUMBER_RE.match(number):
        error(
            "employee_number",
            _("The employee number %(value)s may contain only letters, digits and . @ + - _ (no spaces).")
            % {"value": number},
            "number_characters",
        )

    name = _text(cells.get("name"))
    if not name:
        error("name", _("The name is missing."), "name_missing")
    elif len(name) > NAME_MAX:
        error("name", _("The name is longer than %(max)s characters.") % {"max": NAME_MAX}, "name_too_long")

    code = _text(cells.get("org_unit_code"))
    if not code:
        error("org_unit_code", _("The organisation unit code is missing."), "unit_missing")
    elif known_codes is not None and code not in known_codes:
        error("org_unit_code", _("Unknown organisation unit code %(value)s.") % {"value": code}, "unknown_unit")

    is_active = None
    try:
        is_active = parse_active(cells.get("is_active"))
    except ValueError:
        error(
            "is_active",
            _("%(value)s is not a valid value for 在职 (active): use 是/否, yes/no or 1/0.")
            % {"value": _text(cells.get("is_active"))},
            "active",
        )

    hire_date = None
    try:
        hire_date = parse_date(cells.get("hire_date"))
    except (ValueError, OverflowError):
        error(
            "hire_date",
            _("%(value)s is not a valid date: use an Excel date or YYYY-MM-DD (e.g. 2024-03-01).")
            % {"value": _text(cells.get("hire_date"))},
            "hire_date",
        )

    email = _text(cells.get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("%(value)s is not a valid e-mail address.") % {"value": email}, "email")

    language = ""
    try:
        language = parse_language(cells.get("language"))
    except ValueError:
        error(
            "language",
            _("%(value)s is not a supported language: use %(choices)s.")
            % {
                "value": _text(cells.get("language")),
                "choices": " / ".join(c for c, _n in settings.LANGUAGES),
            },
            "language",
        )

    row = EmployeeRow(
        row=excel_row,
        employee_number=number,
        name=name,
        org_unit_code=code,
        is_active=is_active,
        hire_date=hire_date,
        email=email,
        language=language,
    )
    return row, errors


# --------------------------------------------------------------------------- the template


def build_template(example_rows: Iterable[Iterable] = ()) -> bytes:
    """The downloadable template: a data sheet with the header row, and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "员工"
    sheet.append([c.header for c in COLUMNS])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS):
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = bold
        cell.fill = fill
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = 16 if column.key != "email" else 28
        # Column formats apply to the cells HR types in: text keeps leading zeros ("000123") and
        # stops Excel turning codes into numbers; dates show as YYYY-MM-DD.
        if column.key in ("employee_number", "org_unit_code", "language"):
            sheet.column_dimensions[letter].number_format = "@"
        if column.key == "hire_date":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    active_col = _column_letter([c.key for c in COLUMNS].index("is_active"))
    validation = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    validation.add(f"{active_col}2:{active_col}1001")
    sheet.add_data_validation(validation)
    language_col = _column_letter([c.key for c in COLUMNS].index("language"))
    codes = ",".join(c for c, _n in settings.LANGUAGES)
    language_validation = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True)
    language_validation.add(f"{language_col}2:{language_col}1001")
    sheet.add_data_validation(language_validation)
    sheet.freeze_panes = "A2"
    for values in example_rows:
        sheet.append(list(values))

    notes = workbook.create_sheet("说明 Instructions")
    notes.append([_("Column"), _("Meaning"), _("Rules")])
    for cell in notes[1]:
        cell.font = bold
    for column in COLUMNS:
        notes.append([column.header, str(column.label), str(column.help)])
    notes.append([])
    notes.append(
        [
            _("Notes"),
            _(
                "Fill in the first sheet, one employee per row, keeping the header row. Columns may be in "
                "any order. The whole file is checked first; nothing is saved unless every row is valid."
            ),
        ]
    )
    notes.append([_("Example"), "10001 | 张三 | HO-EB | 是 | 2020-07-01 | zhangsan@bank.example | zh-hans"])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 40
    notes.column_dimensions["C"].width = 80
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
