"""The Excel template: one question per row; errors name the row and the column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import translation

from quizzes.importers import ParsedQuestion, build_xlsx_template, export_xlsx, parse_questions
from quizzes.importers.xlsx import TEMPLATE_HEADERS

HEADER = TEMPLATE_HEADERS  # 题型 题干 选项A…选项H 答案 解析 难度 知识点 标签 (columns A–O)


@pytest.fixture(autouse=True)
def english():
    """The messages are translated: assert them in English whatever language another test left active."""
    with translation.override("en"):
        yield


def workbook(*rows, header=HEADER, merge=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "题目"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(qtype, stem, options=(), answer=None, explanation=None, difficulty=None, points=None, tags=None):
    options = list(options) + [None] * (8 - len(options))
    return [qtype, stem, *options, answer, explanation, difficulty, points, tags]


def parse(*rows, **kwargs):
    return parse_questions(workbook(*rows, **kwargs), "xlsx")


def test_every_question_type_is_read_from_its_row():
    result = parse(
        row("单选", "手机银行的登录地址为()", ["wap.boc.cn", "mbs.boc.cn"], "B", "新地址", 2, "手机银行，网址", "电子银行"),
        row("多选", "安全认证工具包括()", ["动态口令", "CA证书", "软证书"], "A,C"),
        row("判断", "电子银行中心属于前台部门。", answer="对"),
        row("排序", "更换E-TOKEN的步骤()", ["申请新的", "解除绑定", "注销原来的", "重新绑定"], "BCAD"),
        row("填空", "订单有效期为( )天,查询时限为____年。", answer="15/十五|一"),
        row("简答", "三道防线是什么?", answer="用户名和静态密码；动态密码；再次输入动态口令"),
    )
    assert result.errors == []
    single, multiple, true_false, ordering, fill, short = result.questions
    assert (single.line, single.type, single.options, single.correct) == (2, "single", ["wap.boc.cn", "mbs.boc.cn"], [1])
    assert (single.explanation, single.difficulty, single.knowledge_points, single.tags) == (
        "新地址", 2, ["手机银行", "网址"], ["电子银行"])
    assert (multiple.type, multiple.correct) == ("multiple", [0, 2])
    assert (true_false.type, true_false.options, true_false.correct) == ("true_false", ["对", "错"], [0])
    assert (ordering.type, ordering.correct) == ("ordering", [1, 2, 0, 3])
    assert (fill.type, fill.blanks) == ("fill_blank", [["15", "十五"], ["一"]])
    assert (short.type, short.model_answer) == ("short_answer", "用户名和静态密码；动态密码；再次输入动态口令")


def test_english_type_names_and_headers_are_accepted():
    header = ["Type", "Stem", "Option A", "Option B", "Answer", "Explanation"]
    result = parse(["single", "Pick one", "yes", "no", "a", "because"], ["true_false", "Sky is blue", "", "", "T", ""],
                   header=header)
    assert result.errors == []
    assert [(q.type, q.correct) for q in result.questions] == [("single", [0]), ("true_false", [0])]


def test_traditional_text_is_stored_simplified_with_the_original_kept():
    [q] = parse(row("單選", "手機(jī)銀行的登錄地址為()", ["網上銀行", "櫃臺"], "A")).questions
    assert (q.stem, q.original_stem, q.options) == ("手机银行的登录地址为()", "手機銀行的登錄地址為()", ["网上银行", "柜台"])


def test_missing_columns_are_one_error_naming_them():
    result = parse(["单选", "题"], header=["题型", "选项A", "选项B"])
    assert result.questions == []
    assert len(result.errors) == 1
    assert (result.errors[0].line, result.errors[0].code) == (1, "xlsx.missing_columns")
    assert "题干, 答案" in result.errors[0].message


def test_merged_cells_are_an_error_naming_the_range():
    result = parse(row("单选", "甲", ["一", "二"], "A"), row("单选", "乙", ["一", "二"], "B"), merge="B3:C3")
    assert [q.stem for q in result.questions] == ["甲"]
    assert [(e.line, e.code) for e in result.errors] == [(3, "xlsx.merged_cells")]
    assert "B3:C3" in result.errors[0].message


def test_answer_naming_a_missing_option_is_an_error_naming_row_and_column():
    result = parse(row("单选", "甲", ["一", "二"], "A"), row("单选", "乙", ["一", "二", "三", "四"], "E"))
    assert [q.stem for q in result.questions] == ["甲"]
    assert [(e.line, e.code, e.column, e.column_letter) for e in result.errors] == [
        (3, "xlsx.answer_not_an_option", "答案", "K")]
    assert result.errors[0].message == ("Row 3, column 答案 (K): the answer names option E, which does not exist "
                                        "(only options A–D are filled)")


def test_question_without_a_correct_answer_is_an_error():
    result = parse(row("多选", "甲", ["一", "二"], None))
    assert [(e.line, e.code, e.column_letter) for e in result.errors] == [(2, "question.no_answer", "K")]


def test_multiple_choice_with_one_option_is_an_error():
    result = parse(row("多选", "甲", ["一"], "A"))
    assert result.questions == []
    assert (result.errors[0].line, result.errors[0].code) == (2, "question.too_few_options")


def test_empty_option_between_filled_ones_names_its_column():
    result = parse(row("单选", "甲", ["一", None, "三"], "A"))
    assert (result.errors[0].code, result.errors[0].column, result.errors[0].column_letter) == (
        "xlsx.option_gap", "选项B", "D")


def test_unknown_type_names_the_type_column():
    result = parse(row("作文", "甲", ["一", "二"], "A"))  # 连线 is matching now: an essay is still unknown
    assert (result.errors[0].line, result.errors[0].code, result.errors[0].column_letter) == (2, "xlsx.unknown_type", "A")
    assert "“作文”" in result.errors[0].message


def test_single_choice_with_two_letters_is_an_error():
    result = parse(row("单选", "甲", ["一", "二"], "AB"))
    assert result.errors[0].code == "question.single_needs_one_answer"


def test_fill_in_with_fewer_answers_than_blanks_is_an_error():
    result = parse(row("填空", "甲是( ),乙是( )", answer="一"))
    assert (result.errors[0].line, result.errors[0].code, result.errors[0].column_letter) == (2, "xlsx.blanks_mismatch", "K")


def test_difficulty_out_of_range_names_its_column():
    result = parse(row("判断", "甲", answer="错", difficulty=9))
    assert (result.errors[0].line, result.errors[0].code, result.errors[0].column_letter) == (2, "xlsx.difficulty", "M")


def test_empty_rows_are_skipped_and_rows_keep_their_excel_number():
    result = parse(row("判断", "甲", answer="错"), [None] * 15, row("判断", "乙", answer="对"))
    assert [(q.line, q.stem) for q in result.questions] == [(2, "甲"), (4, "乙")]


def test_text_file_is_not_a_workbook():
    result = parse_questions("题型,题干\n单选,甲".encode(), "xlsx")
    assert result.questions == []
    assert [(e.line, e.code, e.message) for e in result.errors] == [
        (1, "wrong_type",
         "The file is a text file, not an Excel workbook (.xlsx); for a text file choose the matching text format.")
    ]


def test_damaged_zip_is_a_clear_error():
    result = parse_questions(b"PK\x03\x04" + b"\x00" * 100, "xlsx")
    assert result.questions == []
    assert [(e.line, e.code, e.message) for e in result.errors] == [
        (1, "unreadable",
         "The file could not be read as an Excel workbook (.xlsx); it may be damaged or in another format.")
    ]


def test_template_has_the_header_row_and_imports_as_empty():
    data = build_xlsx_template()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    result = parse_questions(data, "xlsx")
    assert result.questions == [] and result.errors[0].code == "xlsx.no_questions"


def test_template_examples_pasted_under_the_header_import_cleanly():
    from quizzes.importers.xlsx import _TEMPLATE_EXAMPLES

    result = parse(*_TEMPLATE_EXAMPLES)
    assert result.errors == []
    assert [q.type for q in result.questions] == ["single", "multiple", "true_false", "ordering", "fill_blank",
                                                  "short_answer", "matching", "numerical", "multiple"]


def _many_rows(n: int) -> bytes:
    questions = []
    for i in range(n):
        if i % 2:
            questions.append(ParsedQuestion(i, "single", f"第{i}题：手機銀行的登錄地址為()", ["wap.boc.cn", "mbs.boc.cn",
                                            "网上银行", "柜台"], [1], [], None, "解析" * 10, difficulty=3))
        else:
            questions.append(ParsedQuestion(i, "fill_blank", f"第{i}题：订单有效期为( )天。", [], [], [["15", "十五"]],
                                            None, None))
    return export_xlsx(questions)


def test_a_thousand_row_sheet_imports_every_row_without_error():
    result = parse_questions(_many_rows(1000), "xlsx")
    assert len(result.questions) == 1000 and result.errors == []
    assert result.questions[1].stem == "第1题：手机银行的登录地址为()"
