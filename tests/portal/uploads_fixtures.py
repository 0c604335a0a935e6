"""Hostile and honest files for the upload guard's tests (built in memory, no fixtures on disk)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

MiB = 1024 * 1024


def small_xlsx(rows=(("题型", "题干", "答案"), ("判断", "柜员应当双人复核。", "对"))) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bomb(inflated_mib: int = 64) -> bytes:
    """A real workbook whose first sheet inflates to ``inflated_mib`` MiB of repeated rows (a ~1000× ratio):
    openpyxl would happily read every row of it."""
    honest = zipfile.ZipFile(io.BytesIO(small_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in honest.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                continue
            bomb.writestr(info.filename, honest.read(info.filename))
        row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main"><sheetData>')
            block = row * 1024
            for _block in range(inflated_mib * MiB // len(block)):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def wide_xlsx(columns: int) -> bytes:
    return small_xlsx([["x"] * columns])


def long_cell_xlsx(chars: int) -> bytes:
    return small_xlsx([["题型", "题干", "答案"], ["简答", "长" * chars, "略"]])


def many_rows_xlsx(rows: int) -> bytes:
    return small_xlsx([["题型", "题干", "答案"]] + [["判断", f"第{i}题", "对"] for i in range(rows)])


PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
