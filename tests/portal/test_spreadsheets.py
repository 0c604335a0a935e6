"""The shared Excel/CSV writers every report download uses."""

import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from portal.core.spreadsheets import BOM, csv_text, xlsx_bytes


def _sheet(rows):
    workbook = load_workbook(io.BytesIO(xlsx_bytes([("名单", ["姓名", "时间"], rows)])))
    return workbook["名单"]


def test_an_aware_datetime_is_written_in_the_portal_time_zone():
    moment = datetime.datetime(2026, 3, 1, 0, 30, tzinfo=datetime.UTC)

    sheet = _sheet([["张三", moment]])

    assert sheet["B2"].value == timezone.localtime(moment).replace(tzinfo=None)


def test_a_cell_that_looks_like_a_formula_stays_text():
    sheet = _sheet([['=HYPERLINK("http://x")', None]])

    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'


def test_csv_starts_with_a_byte_order_mark_for_excel():
    text = csv_text(["姓名"], [["李四"]])

    assert text.startswith(BOM) and "李四" in text
