"""The upload guard (portal.core.uploads) on its own: each hostile file is refused, naming the limit."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from portal.core import uploads
from quizzes.exams.rules.paper_responses import read_responses
from tests.portal.uploads_fixtures import (
    PDF_BYTES,
    long_cell_xlsx,
    many_rows_xlsx,
    small_xlsx,
    wide_xlsx,
    xlsx_bomb,
)


def _refusal(callable_, *args, **kwargs) -> uploads.UploadRefused:
    with pytest.raises(uploads.UploadRefused) as caught:
        result = callable_(*args, **kwargs)
        if hasattr(result, "__next__"):
            list(result)
    return caught.value


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated():
    bomb = xlsx_bomb(64)
    assert len(bomb) < 1024 * 1024
    started = time.process_time()
    refused = _refusal(uploads.receive, SimpleUploadedFile("题库.xlsx", bomb), (uploads.XLSX,))
    assert refused.code == "zip_entry_ratio"
    assert time.process_time() - started < 2  # inflating 64 MiB would take longer; the directory is enough


def test_a_zip_bomb_refusal_names_the_ratio_limit_in_chinese():
    with translation.override("zh-hans"):
        refused = _refusal(uploads.check_zip, xlsx_bomb(16))
    assert "100" in refused.message and "压缩炸弹" in refused.message


@override_settings(PORTAL_UPLOADS={"ZIP_MAX_UNCOMPRESSED": 1024 * 1024, "ZIP_MAX_ENTRY_RATIO": 10_000,
                                   "ZIP_MAX_TOTAL_RATIO": 10_000})
def test_a_workbook_larger_than_the_uncompressed_limit_is_refused_naming_the_limit():
    refused = _refusal(uploads.check_zip, xlsx_bomb(4))
    assert refused.code == "zip_max_uncompressed" and "1 MB" in refused.message


@override_settings(PORTAL_UPLOADS={"ZIP_MAX_ENTRIES": 3})
def test_a_zip_with_too_many_entries_is_refused():
    assert _refusal(uploads.check_zip, small_xlsx()).code == "zip_max_entries"


def test_an_honest_workbook_passes_every_check():
    upload = uploads.receive(SimpleUploadedFile("questions.xlsx", small_xlsx()), (uploads.XLSX,))
    assert upload.kind == uploads.XLSX and upload.name == "questions.xlsx"


def test_a_pdf_called_xlsx_is_refused_as_a_lying_extension():
    refused = _refusal(uploads.receive, SimpleUploadedFile("questions.xlsx", PDF_BYTES), (uploads.XLSX,))
    assert refused.code == "lying_extension" and "PDF" in refused.message


def test_a_workbook_called_txt_is_refused_as_a_lying_extension():
    refused = _refusal(uploads.receive, SimpleUploadedFile("regulation.txt", small_xlsx()), (uploads.TEXT,))
    assert refused.code == "lying_extension"


def test_a_text_file_offered_to_a_workbook_import_is_refused_as_the_wrong_type():
    refused = _refusal(uploads.receive, SimpleUploadedFile("staff", "工号,姓名\n".encode()), (uploads.XLSX,))
    assert refused.code == "wrong_type"


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\..\\boot.ini.txt", "C:evil.txt", "a/b.txt", "x\x00.txt"])
def test_a_name_that_carries_a_path_or_control_characters_is_refused(name):
    stream = io.BytesIO("第一条 总则".encode())
    stream.name = name  # as a command or an API client would pass it (Django's form parser strips paths itself)
    assert _refusal(uploads.receive, stream, (uploads.TEXT,)).code == "unsafe_name"


def test_an_oversize_file_is_refused_naming_the_limit_after_reading_one_byte_past_it():
    stream = io.BytesIO(b"a" * (3 * 1024 * 1024))
    stream.name = "big.txt"
    refused = _refusal(uploads.receive, stream, (uploads.TEXT,), max_bytes=2 * 1024 * 1024)
    assert refused.code == "max_bytes" and "2 MB" in refused.message
    assert stream.tell() == 2 * 1024 * 1024 + 1


@override_settings(PORTAL_UPLOADS={"MAX_ROWS": 50})
def test_a_sheet_with_more_rows_than_the_limit_is_refused_at_the_first_row_past_it():
    refused = _refusal(uploads.xlsx_rows, many_rows_xlsx(100))
    assert refused.code == "max_rows" and refused.line == 51 and "50" in refused.message


def test_a_sheet_wider_than_the_column_limit_is_refused():
    refused = _refusal(uploads.xlsx_rows, wide_xlsx(30), max_columns=20)
    assert refused.code == "max_columns" and "20" in refused.message


def test_a_cell_longer_than_the_limit_is_refused_naming_its_row():
    refused = _refusal(uploads.xlsx_rows, long_cell_xlsx(5000), max_cell_chars=4000)
    assert refused.code == "max_cell_chars" and refused.line == 2 and "4000" in refused.message


def test_csv_rows_have_the_same_limits():
    text = "a,b\n" + "c," * 30 + "\n"
    assert _refusal(uploads.csv_rows, text, max_columns=20).code == "max_columns"


def test_rows_stream_with_their_excel_row_numbers_and_blank_rows_skipped():
    rows = list(uploads.xlsx_rows(small_xlsx([["a"], [None], ["b"]])))
    assert rows == [(1, ("a",)), (3, ("b",))]


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.4", uploads.PDF), (b"\xd0\xcf\x11\xe0\xa1\xb1", uploads.XLS), (b"\x89PNG\r\n", uploads.IMAGE),
     ("第一条".encode(), uploads.TEXT), (b"\x00\x01\x02" * 100, uploads.BINARY), (b"", uploads.EMPTY)],
)
def test_sniff_reads_the_type_from_the_bytes(data, kind):
    assert uploads.sniff(data) == kind


def test_the_paper_sittings_response_sheet_goes_through_the_same_guard():
    (issue,) = read_responses(xlsx_bomb(16)).errors
    assert issue.line == 1 and "100" in issue.message
