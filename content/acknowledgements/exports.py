"""Spreadsheet downloads of the reports: Excel (openpyxl) and CSV with a UTF-8 byte-order mark, so that Excel
opens the Chinese names correctly. Cells starting with "=" are written as text, never as formulas."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, datetime.date | int | float):
        return value
    return str(value)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """``sheets``: (title, headings, rows) per worksheet."""
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


def csv_text(headings: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headings])
    for row in rows:
        writer.writerow(
            ["" if v is None else (v.isoformat() if isinstance(v, datetime.date) else v) for v in row]
        )
    return BOM + buffer.getvalue()


def response(
    fmt: str, filename: str, headings: Sequence[str], rows: Iterable[Sequence], title: str = ""
) -> HttpResponse:
    if fmt == "xlsx":
        result = HttpResponse(
            xlsx_bytes([(title or filename, headings, rows)]), content_type=XLSX_CONTENT_TYPE
        )
        result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return result
    result = HttpResponse(csv_text(headings, rows), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return result
