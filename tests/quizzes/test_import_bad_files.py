"""Files that are not what they claim: each gives one clear error naming a line, never an exception.

Import speed is measured in bench/questions/bench_xlsx_import.py, not here."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from quizzes.importers import FORMATS, parse_questions

TEXT_FORMATS = ["wjx", "paper", "gift", "aiken"]
WJX = "1、手机银行的登录地址为() [单选题] *A.wap.boc.cn(正确答案)B.mbs.boc.cn答案解析:旧地址\n"


@pytest.fixture(autouse=True)
def english():
    """The messages are translated: assert them in English whatever language another test left active."""
    with translation.override("en"):
        yield


def ten_megabytes_of_garbage() -> bytes:
    return random.Random(20240601).randbytes(10 * 1024 * 1024)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ten_megabytes_of_random_bytes_fail_fast_with_one_clear_error(fmt):
    data = ten_megabytes_of_garbage()
    result = parse_questions(data, fmt)
    assert result.questions == []
    assert len(result.errors) == 1 and result.errors[0].line == 1
    if fmt == "xlsx":  # refused by the upload guard's type sniffing before openpyxl sees it
        assert result.errors[0].code == "wrong_type"
        assert result.errors[0].message == ("The file is a binary file, not an Excel workbook (.xlsx); "
                                            "for a text file choose the matching text format.")
    else:
        assert result.errors[0].code == "file.not_utf8"
        assert result.errors[0].message.startswith("The file is not UTF-8 text")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_ten_megabytes_of_text_noise_give_bounded_errors_and_no_question(fmt):
    rnd = random.Random(7)
    alphabet = "甲乙丙的是了在有人中大为1234567890、.．()（）ABCD [单选题]{}=~#:答案一二三四单选题\n正确"
    data = "".join(rnd.choices(alphabet, k=3_500_000)).encode()  # ~ 7.5 MB of UTF-8
    result = parse_questions(data, fmt)
    assert result.questions == [] and result.errors
    assert len(result.errors) <= 101


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_gbk_encoded_file_is_reported_as_not_utf8_on_line_1(fmt):
    result = parse_questions(WJX.encode("gbk"), fmt)
    assert result.questions == []
    assert len(result.errors) == 1 and result.errors[0].line == 1
    assert result.errors[0].code == "file.gbk"
    assert "GBK" in result.errors[0].message


def test_utf8_with_bom_and_crlf_line_ends_is_fine():
    result = parse_questions(b"\xef\xbb\xbf" + WJX.replace("\n", "\r\n").encode(), "wjx")
    assert result.errors == [] and result.questions[0].options == ["wap.boc.cn", "mbs.boc.cn"]


def test_utf16_file_is_reported_as_not_utf8():
    result = parse_questions(WJX.encode("utf-16"), "wjx")
    assert (result.errors[0].line, result.errors[0].code) == (1, "file.utf16")


def test_workbook_given_as_a_text_format_says_so():
    from quizzes.importers import build_xlsx_template

    result = parse_questions(build_xlsx_template(), "wjx")
    assert [(e.line, e.code, e.message) for e in result.errors] == [
        (1, "wrong_type",
         "The file is not UTF-8 text: it is an Excel workbook (.xlsx); choose the Excel format to import a workbook.")
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_file_is_an_error(fmt):
    result = parse_questions(b"", fmt)
    assert result.questions == [] and result.errors[0].line == 1
    assert (result.errors[0].code, result.errors[0].message) == (
        "empty" if fmt == "xlsx" else "file.empty", "The file is empty.")


def test_unknown_format_is_an_error_not_an_exception():
    result = parse_questions(WJX.encode(), "docx")
    assert (result.errors[0].line, result.errors[0].code) == (1, "import.unknown_format")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_file_in_another_format_is_reported_as_the_wrong_format(fmt):
    other = "甲 {=一 ~二}\n" if fmt != "gift" else "一、单选题\n1、甲\nA、一\n"
    result = parse_questions(other.encode(), fmt)
    assert result.questions == [] and result.errors and result.errors[0].line >= 1


def test_binary_control_characters_in_valid_utf8_are_rejected():
    result = parse_questions(b"\x00\x01\x02" * 1000, "gift")
    assert result.errors == [result.errors[0]] and result.errors[0].code == "file.binary"
