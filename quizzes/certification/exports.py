"""Spreadsheet exports (Excel via openpyxl, CSV with a UTF-8 byte-order mark so Excel shows Chinese)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | int | float):
        return value
    return str(value)


def xlsx_bytes(headings: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=str(heading))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_cell(value))
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headings: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headings])
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v) for v in row])
    return BOM + buffer.getvalue()


def response(fmt: str, filename: str, headings: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    if fmt == "xlsx":
        result = HttpResponse(xlsx_bytes(headings, rows), content_type=XLSX_CONTENT_TYPE)
        result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return result
    result = HttpResponse(csv_text(headings, rows), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return result
