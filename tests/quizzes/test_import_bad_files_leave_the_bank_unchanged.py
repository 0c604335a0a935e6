"""Issue 5's bad files, through the import service: each is refused with an error naming its line (Excel:
its row), and the bank it was aimed at — already holding questions — is left exactly as it was.

The parsers' own messages for these files are tested in test_import_*.py; this is the all-or-nothing
promise on top of them.
"""

from __future__ import annotations

import io
import random

import openpyxl
import pytest
from django.utils import translation

from quizzes.importers.xlsx import TEMPLATE_HEADERS
from quizzes.models import (
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionImport,
    QuestionTag,
    QuestionVersion,
)
from quizzes.services.imports import ImportRejected, apply_import
from tests.factories.quizzes import AIKEN_TWO_QUESTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are translated: assert them in English whatever language another test left active."""
    with translation.override("en"):
        yield

BANK = "柜员等级/电子银行"
WJX = "1、手机银行的登录地址为() [单选题] *A.wap.boc.cn(正确答案)B.mbs.boc.cn答案解析:旧地址\n"


def _workbook(header, rows, merge=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "题目"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(stem, answer="A"):
    return ["单选", stem, "甲", "乙", *[None] * 6, answer, "", 2, "", ""]


# name: (format, bytes, the line/row the first error must name, a word of its message)
BAD_FILES = {
    "wrong format (a survey export imported as a paper)": ("paper", WJX.encode(), 1, "right format"),
    "a question without a correct answer": ("wjx", WJX.replace("(正确答案)", "").encode(), 1, "no option is marked"),
    "a correct mark on a non-existent option": (
        "paper", "一、单选题(1题)\n1、甲是()\nA、一B、二C、三\n答案\n一、1.D\n".encode(), 5, "does not exist"),
    "a multiple-choice question with one option": (
        "paper", "一、多选题\n1、甲是()\nA、一\n答案\n一、1.A\n".encode(), 2, "at least 2 options"),
    "an answer key naming a question that does not exist": (
        "paper", "一、单选题\n1、甲是()\nA、一B、二\n答案\n一、1.A 2.B\n".encode(), 5, "does not exist"),
    "an Excel sheet with missing columns": (
        "xlsx", _workbook([h for h in TEMPLATE_HEADERS if h != "答案"], [_row("甲是()")[:10] + _row("甲是()")[11:]]),
        1, "missing column"),
    "an Excel sheet with merged cells": (
        "xlsx", _workbook(TEMPLATE_HEADERS, [_row("甲是()"), _row("乙是()")], merge="B2:B3"), 2, "merged cells"),
    "10 MB of garbage": ("wjx", random.Random(5).randbytes(10 * 1024 * 1024), 1, "not UTF-8"),
    "10 MB of garbage as Excel": (
        "xlsx", random.Random(6).randbytes(10 * 1024 * 1024), 1, "is a binary file, not an Excel workbook (.xlsx)"),
    "a file in GBK encoding": ("wjx", WJX.encode("gbk"), 1, "GBK"),
}


def _state():
    return (
        sorted(QuestionBank.objects.values_list("pk", "name", "category_id")),
        sorted(QuestionCategory.objects.values_list("pk", "name", "path")),
        sorted(Question.objects.values_list("pk", "status", "current_version_id", "stem_key")),
        sorted(QuestionVersion.objects.values_list("pk", "stem", "options", "correct", "frozen_at")),
        sorted(QuestionTag.objects.values_list("pk", flat=True)),
        QuestionImport.objects.count(),
    )


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_naming_its_line_and_leaves_the_bank_unchanged(case):
    apply_import(AIKEN_TWO_QUESTIONS.encode(), "aiken", BANK)
    before = _state()
    fmt, data, line, words = BAD_FILES[case]
    with pytest.raises(ImportRejected) as rejected:
        apply_import(data, fmt, BANK, file_name="bad")
    errors = rejected.value.plan.errors
    assert errors[0].line == line and words in errors[0].message, errors
    assert _state() == before
