"""Every import's issues, one vocabulary: translated into the reader's language, each with a declared code.

The parsers are pure (no database): each test parses a broken input as a bank's staff would upload it.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import translation

from content.regulations.parser import ISSUE_CODES as REGULATION_CODES
from content.regulations.parser import parse_regulation, parse_regulation_bytes
from portal.core.uploads import REFUSAL_CODES
from portal.people.importers.employees import ISSUE_CODES as EMPLOYEE_CODES
from portal.people.importers.employees import parse_employee_workbook
from quizzes.exams.rules.paper_responses import ISSUE_CODES as RESPONSES_CODES
from quizzes.exams.rules.paper_responses import read_responses
from quizzes.importers import parse_questions
from quizzes.importers.base import ISSUE_CODES as QUESTION_CODES


def workbook(*rows, title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    if title:
        book.active.title = title
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messages(issues) -> str:
    return "\n".join(str(issue) for issue in issues)


def in_both(parse) -> tuple[str, str]:
    """The issues' text under zh-hans and under en (the parse runs in each language)."""
    with translation.override("zh-hans"):
        chinese = messages(parse())
    with translation.override("en"):
        english = messages(parse())
    return chinese, english


# ----------------------------------------------------------------- (a) a typical error in both languages


def test_a_gift_error_reads_in_chinese_and_in_english():
    chinese, english = in_both(lambda: parse_questions("::Q1:: 1+1 等于几？ {=2 ~3\n".encode(), "gift").errors)
    assert "没有以“}”结束" in chinese
    assert "is never closed" in english


def test_an_aiken_error_reads_in_chinese_and_in_english():
    text = "题目一\nA. 甲\nB. 乙\nANSWER: C\n".encode()
    chinese, english = in_both(lambda: parse_questions(text, "aiken").errors)
    assert "答案中的选项 C 不存在（本题共 2 个选项）" in chinese
    assert "the answer names option C, which does not exist" in english


def test_a_wjx_error_reads_in_chinese_and_in_english():
    text = "1. 哪个正确？[单选题]\nA. 甲\nB. 乙\n".encode()
    chinese, english = in_both(lambda: parse_questions(text, "wjx").errors)
    assert "没有选项标记" in chinese
    assert "no option is marked" in english


def test_a_typed_paper_error_reads_in_chinese_and_in_english():
    text = "一、单项选择题\n1. 哪个正确？（ ）\nA. 甲\nB. 乙\n".encode()
    chinese, english = in_both(lambda: parse_questions(text, "paper").errors)
    assert "未找到答案部分" in chinese
    assert "No answer key found" in english


def test_an_excel_questions_error_reads_in_chinese_and_in_english():
    data = workbook(("题型", "题干", "选项A", "选项B", "答案"), ("单选题", "哪个？", "甲", "乙", "C"))
    chinese, english = in_both(lambda: parse_questions(data, "xlsx").errors)
    assert "答案中的选项 C 不存在" in chinese
    assert "which does not exist (only options A–B are filled)" in english


def test_an_employees_error_reads_in_chinese_and_in_english():
    data = workbook(("工号", "姓名", "机构代码"), ("E1", "", "001"))
    chinese, english = in_both(lambda: parse_employee_workbook(data).errors)
    assert "第 2 行，B 列（姓名）：缺少姓名" in chinese
    assert "The name is missing" in english


def test_a_regulation_text_error_reads_in_chinese_and_in_english():
    chinese, english = in_both(lambda: parse_regulation("某办法\n第一条 甲。\n第三条 乙。\n").errors)
    assert "第一条之后出现第三条：缺少第二条" in chinese
    assert "Article 3 follows Article 1 (missing: Article 2)" in english


def test_a_regulation_file_error_reads_in_chinese_and_in_english():
    data = "某办法\n第一条 甲。\n".encode("gbk")
    chinese, english = in_both(lambda: parse_regulation_bytes(data).errors)
    assert "请另存为UTF-8后重新上传" in chinese
    assert "save it as UTF-8 and upload it again" in english


def test_a_paper_responses_error_reads_in_chinese_and_in_english():
    data = workbook(("工号", "题号", "答案"), ("E1", "一", "A"))
    chinese, english = in_both(lambda: read_responses(data).errors)
    assert "题号应为正整数" in chinese
    assert "The question number must be a whole number" in english


# ----------------------------------------------------------------- (b) every issue has a declared code

GBK_TEXT = "某办法\n第一条 甲。\n".encode("gbk")
PDF = b"%PDF-1.7\n" + b"\x00" * 64
BROKEN_ZIP = b"PK\x03\x04broken zip"

QUESTION_TEXTS = [
    b"", GBK_TEXT, PDF, b"\xff\xfe1\x002\x00", BROKEN_ZIP, b"\x00\x01\x02" * 50,
    "::Q1:: 1+1 等于几？ {=2 ~3\n".encode(), "题干 {=甲 =乙}\n".encode(), "题干 }\n".encode(),
    "::名字::\n".encode(), "题干 {#1..x}\n".encode(), "题干 {=a -> }\n".encode(),
    "题目一\nA. 甲\nB. 乙\nANSWER: C\n".encode(), "题目一\nA. 甲\n".encode(), b"ANSWER: A\n",
    "1. 哪个正确？[单选题]\nA. 甲\nB. 乙\n".encode(), "1. 哪个？[单选题]\nA. 甲(正确答案)\nB. 乙(正确答案)\n".encode(),
    "一、单项选择题\n1. 哪个正确？（ ）\nA. 甲\nB. 乙\n".encode(),
    "一、单项选择题\n1. 哪个正确？（ ）\nA. 甲\nB. 乙\n答案\n一、单项选择题\n1. C\n2. A\n".encode(),
    "二、判断题\n1. 天是蓝的。（ ）\n答案\n二、判断题\n1. 也许\n".encode(),
]
QUESTION_SHEETS = [
    workbook(("题型", "题干", "答案"), ("单选题", "哪个？", "A")),
    workbook(("题型", "题干", "选项A", "选项B", "答案"), ("单选题", "哪个？", "甲", "乙", "C"),
             ("怪题", "哪个？", "甲", "乙", "A"), ("判断题", "对吗？", "", "", "也许"), ("填空题", "____ 是？", "", "", ""),
             ("", "无题型", "", "", "")),
    workbook(("题干",), ("只有题干",)),
    workbook(),
]
EMPLOYEE_SHEETS = [
    b"", PDF, BROKEN_ZIP, workbook(), workbook(("备注",), ("x",)),
    workbook(("工号", "姓名", "机构代码"), ("E1", "", "001"), ("", "张三", ""), ("E 1", "李四" * 40, "001"),
             ("E1", "王五", "999")),
    workbook(("工号", "姓名", "机构代码", "在职", "入职日期", "邮箱", "语言"), ("E2", "赵六", "001", "也许", "昨天", "不是邮箱", "fr")),
    workbook(("工号", "姓名", "机构代码", "工号"), ("E3", "钱七", "001", "E3")),
    workbook(("工号", "姓名", "机构代码")),
]
REGULATION_INPUTS = [
    "", "\x00binary", "某办法\n第一条 甲。\n第三条 乙。\n第三条 丙。\n", "没有条文的文字。", "第一条 甲。\n",
    "某办法\n第一章 总则\n第一条 甲。\n第三章 附则\n第二条 乙。\n第三章 再来\n第三条 丙。\n",
    "某办法\n第一章 总则\n第一节 一般\n第一条 甲。\n第三节 其他\n第二条 乙。\n",
    "某办法\n第一章 总则\n第一条 甲。\n第二章 分则\n第一条 乙。\n",
    "某办法\n第一条 甲。\n第二条 乙。\n某办法\n第一条 甲。\n", "某办法\n2026年13月40日施行\n第一条 甲。\n",
    "某办法\n第五条 甲。\n", GBK_TEXT, PDF, b"\xff\xfe\x00\xd8", b"\x81\x30\xff\xff" * 20, 12345,
]
RESPONSES_SHEETS = [
    b"", PDF, BROKEN_ZIP, workbook(), workbook(("工号", "题号", "答案")),
    workbook(("工号", "题号", "答案"), ("E1", "一", "A"), ("E1", 1, "A"), ("E1", 1, "B"), (None, 1, "A"),
             ("E2", 2, "A" * 6000)),
    workbook(("姓名", "题号", "答案")), workbook(("工号", "备注")), workbook(("工号", "工号", "答案")),
    workbook(("工号", "1", "第1题")),
]


def _question_issues():
    for data in QUESTION_TEXTS:
        for fmt in ("gift", "aiken", "wjx", "paper"):
            yield from parse_questions(data, fmt).errors
    for data in QUESTION_SHEETS + [b"", PDF, BROKEN_ZIP, GBK_TEXT]:
        yield from parse_questions(data, "xlsx").errors
    yield from parse_questions(b"x", "nonsense").errors


PARSERS = {
    "questions": (_question_issues, QUESTION_CODES),
    "employees": (lambda: (i for d in EMPLOYEE_SHEETS for i in parse_employee_workbook(d, org_unit_codes={"001"}).errors),
                  EMPLOYEE_CODES),
    "regulation": (lambda: (i for t in REGULATION_INPUTS for i in parse_regulation(t).errors), REGULATION_CODES),
    "paper responses": (lambda: (i for d in RESPONSES_SHEETS for i in read_responses(d).errors), RESPONSES_CODES),
}


@pytest.mark.parametrize("name", list(PARSERS))
def test_every_issue_of_a_parser_over_broken_inputs_has_a_declared_code(name):
    produce, declared = PARSERS[name]
    with translation.override("en"):
        issues = list(produce())
    assert len(issues) >= 10, "the broken inputs should give a good number of issues"
    undeclared = sorted({(issue.code, str(issue)[:80]) for issue in issues
                         if not issue.code or issue.code not in declared | REFUSAL_CODES})
    assert undeclared == []
