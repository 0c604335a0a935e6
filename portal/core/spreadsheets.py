"""Spreadsheet downloads shared by every report: Excel (openpyxl, write-only) and CSV.

CSV starts with a UTF-8 byte-order mark so Excel opens Chinese names correctly. Aware datetimes are
written in the portal's time zone (Excel has no time zones); cells starting with "=" are text, never
formulas (a name typed as a formula must not run in HR's spreadsheet).

Formula neutralisation lives here, once, for every export: ``neutralise`` (CSV: a text cell a spreadsheet
would evaluate — leading ``=``, ``+``, ``-``, ``@``, tab or CR — gets a leading apostrophe) and
``text_cell`` (xlsx: such a cell is typed as text, never as a formula). The question bank exporter and
Wagtail's built-in admin list exports (``SpreadsheetExportMixin``, hooked in ``portal.core.apps``) use them.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]  # (title, headings, rows)


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell that no spreadsheet evaluates: text starting with a formula trigger gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def text_cell(cell):
    """An openpyxl cell whose text is never a formula (openpyxl types a leading "=" as one)."""
    if isinstance(cell.value, str) and (cell.data_type == "f" or cell.value.startswith(FORMULA_TRIGGERS)):
        cell.data_type = "s"
    return cell


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float):
        return value
    return str(value)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, headings, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        header = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, value=str(heading))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_plain(value))
                if isinstance(value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(text_cell(cell))
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def csv_text(headings: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headings])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return BOM + buffer.getvalue()


def response(
    fmt: str, filename: str, headings: Sequence[str], rows: Iterable[Sequence], title: str = ""
) -> HttpResponse:
    """An attachment: ``fmt`` "xlsx" for Excel, anything else for CSV."""
    if fmt == "xlsx":
        result = HttpResponse(xlsx_bytes([(title or filename, headings, rows)]), content_type=XLSX_CONTENT_TYPE)
        result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return result
    result = HttpResponse(csv_text(headings, rows), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return result


def guard_wagtail_exports(mixin) -> None:
    """Route every value Wagtail's admin list exports write (``SpreadsheetExportMixin.preprocess_field_value``:
    site history, users, snippets, every ModelViewSet with ``list_export``) through the one neutraliser."""
    if getattr(mixin, "_portal_formula_guard", False):
        return
    original = mixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        result = original(self, field, value, export_format)
        return neutralise(result) if export_format == self.FORMAT_CSV else result

    mixin.preprocess_field_value = preprocess_field_value
    mixin._portal_formula_guard = True
