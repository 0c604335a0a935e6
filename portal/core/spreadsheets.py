"""Spreadsheet downloads shared by every report: Excel (openpyxl, write-only) and CSV.

CSV starts with a UTF-8 byte-order mark so Excel opens Chinese names correctly. Aware datetimes are
written in the portal's time zone (Excel has no time zones); cells starting with "=" are text, never
formulas (a name typed as a formula must not run in HR's spreadsheet).
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
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
                cells.append(cell)
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
    return value


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
