"""The Excel template and the text formats carry matching, numerical and weighted questions (issue 16)."""

from __future__ import annotations

import dataclasses
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from quizzes.importers import ParsedQuestion, build_xlsx_template, export_xlsx, parse_questions
from quizzes.models import QuestionType
from quizzes.services.exports import export_bank
from quizzes.services.imports import apply_import
from quizzes.services.questions import QuestionContent
from tests.factories.quizzes import QuestionBankFactory, make_question, sample_contents


def q(qtype, stem, options=(), correct=(), blanks=(), **extra):
    return ParsedQuestion(line=0, type=qtype, stem=stem, options=list(options), correct=list(correct),
                          blanks=[list(b) for b in blanks], model_answer=extra.pop("model_answer", None),
                          explanation=extra.pop("explanation", None), **extra)


NEW_TYPES = [
    q("matching", "将业务与办理柜台配对。", ["对私柜台", "对公柜台", "外汇柜台"], [0, 1], prompts=["个人开户", "对公结算"]),
    q("numerical", "一年利息为多少元？", unit="元", explanation="1000×1.5%",
      numeric=[{"value": "15", "tolerance": "0.01", "fraction": "1"},
               {"low": "14", "high": "16", "fraction": "0.5"},
               {"value": "200", "tolerance": "0.05", "relative": True, "fraction": "0.25"}]),
    q("numerical", "格兰特生于哪一年？", numeric=[{"value": "1822", "tolerance": "0", "fraction": "1"}]),
    q("multiple", "少选得分的多选题", ["甲", "乙", "丙", "丁"], [0, 1, 3],
      weights=["0.3333333", "0.3333333", "-1", "0.3333334"]),
    q("single", "有部分分的单选题", ["甲", "乙", "丙"], [1], weights=["0.5", "1", "0"]),
    q("fill_blank", "订单有效期为( )天。", blanks=[["15", "十五", "十五日"]], weights=["1", "1", "0.5"]),
]


def comparable(question):
    data = dataclasses.asdict(question)
    data.pop("line")
    return data


def test_excel_export_of_matching_numerical_and_weighted_questions_reimports_identically():
    result = parse_questions(export_xlsx(NEW_TYPES), "xlsx")
    assert result.errors == []
    assert [comparable(x) for x in result.questions] == [comparable(x) for x in NEW_TYPES]


def test_excel_export_writes_the_documented_columns():
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(NEW_TYPES[:2]))).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=False))
    assert (row["题型"], row["配对"]) == ("配对", "个人开户 -> 对私柜台\n对公结算 -> 对公柜台\n-> 外汇柜台")
    numeric = dict(zip(header, [c.value for c in sheet[3]], strict=False))
    assert (numeric["题型"], numeric["数值答案"], numeric["单位"]) == ("计算", "15±0.01\n14..16@50%\n200±5%@25%", "元")


def _rows(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "题目"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "答案", "配对", "数值答案", "单位", "权重"]


def test_a_matching_question_may_write_its_pairs_in_the_answer_column():
    result = parse_questions(_rows(HEADER, ["连线题", "配对", None, None, None, "甲 -> 1 | 乙 -> 2"]), "xlsx")
    assert result.errors == []
    assert result.to_json_dict()["questions"][0]["pairs"] == [["甲", "1"], ["乙", "2"]]


def test_a_numerical_question_reads_full_width_digits_in_its_accepted_value():
    result = parse_questions(_rows(HEADER, ["计算题", "利息", None, None, None, None, None, "１５±０.０１", "元"]), "xlsx")
    assert result.errors == []
    assert (result.questions[0].numeric, result.questions[0].unit) == (
        [{"value": "15", "tolerance": "0.01", "fraction": "1"}], "元")


@pytest.mark.parametrize(("row", "code", "column", "letter"), [
    (["配对", "配对", None, None, None, None, "甲 乙"], "notation.not_a_pair", "配对", "G"),
    (["计算", "利息", None, None, None, None, None, "十五"], "notation.not_a_number", "数值答案", "H"),
    (["计算", "利息"], "xlsx.no_numbers", "答案", "F"),
    (["多选", "题", "甲", "乙", "丙", "AB", None, None, None, "A:50%, C:50%"], "xlsx.weights_answer_mismatch", "权重", "J"),
    (["判断", "题", None, None, None, "对", None, None, None, "A:100%"], "xlsx.weights_not_for_type", "权重", "J"),
    (["单选", "题", "甲", "乙", None, "A", None, None, "元"], "xlsx.column_not_for_type", "单位", "I"),
    (["多选", "题", "甲", "乙", "丙", "AB", None, None, None, "A:50%, D:50%"], "notation.weight_unknown_option", "权重",
     "J"),
])
def test_a_bad_new_type_cell_is_reported_with_its_row_and_column(row, code, column, letter):
    result = parse_questions(_rows(HEADER, row), "xlsx")
    assert result.questions == []
    assert [(e.line, e.code, e.column, e.column_letter) for e in result.errors] == [(2, code, column, letter)]


def test_the_template_documents_every_new_column_and_type():
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx_template()))
    header = [c.value for c in book["题目"][1]]
    assert header[-4:] == ["配对", "数值答案", "单位", "权重"]
    guide = {}
    for row in book["填写说明"].iter_rows(values_only=True):
        if row and row[0]:
            guide.setdefault(row[0], row[1])
    assert {"配对", "数值答案", "单位", "权重"} <= set(guide)
    assert "配对" in guide["题型"] and "计算" in guide["题型"]
    assert "配对,计算" in book["题目"].data_validations.dataValidation[0].formula1


def test_the_template_examples_import_without_errors():
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx_template()))
    rows = list(book["填写说明"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "题型" and r[1] == "题干")
    result = parse_questions(_rows(*rows[start:]), "xlsx")
    assert result.errors == []
    assert {x.type for x in result.questions} == {"single", "multiple", "true_false", "ordering", "fill_blank",
                                                  "short_answer", "matching", "numerical"}
    assert any(x.weights for x in result.questions)


@pytest.mark.django_db
def test_a_bank_with_every_type_exported_to_excel_and_reimported_is_identical():
    bank = QuestionBankFactory()
    contents = sample_contents() + [
        QuestionContent(type=QuestionType.MATCHING, stem="将业务与柜台配对", prompts=["开户", "结算"],
                        options=["对私柜台", "对公柜台", "外汇柜台"], correct=[0, 1]),
        QuestionContent(type=QuestionType.NUMERICAL, stem="一年利息为多少元？", unit="元",
                        numeric=[{"value": "15", "tolerance": "0.01", "fraction": "1"},
                                 {"low": "14", "high": "16", "fraction": "0.5"}]),
        QuestionContent(type=QuestionType.MULTIPLE, stem="加权多选", options=["甲", "乙", "丙"], correct=[0, 1],
                        weights=["0.5", "0.5", "-1"]),
    ]
    for content in contents:
        make_question(bank, content)
    outcome = apply_import(export_bank(bank, "xlsx").data, "xlsx", "复制/全部题型")

    def snapshot(b):
        return [{k: v for k, v in x.current_version.content().items()}
                for x in b.questions.select_related("current_version").order_by("pk")]

    assert len(outcome.question_ids) == len(contents)
    assert snapshot(outcome.bank) == snapshot(bank)


PAPER = """一、单选题(1题)
1、手机银行的登录地址为()
A、wap.boc.cn B、mbs.boc.cn
二、计算题(2题)
1、一笔 1,000 元存款年利率 1.5%，一年利息为多少元？
2、圆周率（三位小数）
三、连线题(1题)
1、将业务与办理柜台连线：(1)个人开户 (2)对公结算
A、对公柜台 B、对私柜台 C、外汇柜台
答案
一、1.B
二、1.15±0.01元
2.3.141..3.142
三、1.(1)B (2)A
"""


def test_a_typed_paper_reads_calculation_and_matching_sections():
    result = parse_questions(PAPER.encode(), "paper")
    assert result.errors == []
    data = result.to_json_dict()["questions"]
    assert data[1]["numeric"] == [{"value": "15", "tolerance": "0.01", "fraction": "1"}]
    assert result.questions[1].unit == "元"
    assert data[2]["numeric"][0]["low"] == "3.141"
    assert data[3]["pairs"] == [["个人开户", "对私柜台"], ["对公结算", "对公柜台"]]
    assert data[3]["stem"] == "将业务与办理柜台连线："


def test_a_paper_matching_key_with_too_few_letters_is_reported_on_its_line():
    result = parse_questions(PAPER.replace("1.(1)B (2)A", "1.B").encode(), "paper")
    assert [e.line for e in result.errors] == [14]
    assert result.errors[0].code == "paper.matching_answer" and result.errors[0].message.startswith("三、连线题")


def test_a_paper_calculation_key_that_is_not_a_number_is_reported():
    result = parse_questions(PAPER.replace("1.15±0.01元", "1.十五元").encode(), "paper")
    assert len(result.errors) == 1 and result.errors[0].code == "paper.answer_not_a_number"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "paper", "wjx", "aiken", "gift"])
def test_dry_run_json_carries_weights_pairs_and_numeric_for_every_importer(tmp_path, fmt):
    samples = {
        "xlsx": export_xlsx(NEW_TYPES),
        "paper": PAPER.encode(),
        "wjx": "考试1、手机银行地址为() [单选题] *A.wap.boc.cnB.mbs.boc.cn(正确答案)".encode(),
        "aiken": "网银盾的作用？\nA. 保护交易安全\nB. 装饰\nANSWER: A\n".encode(),
        "gift": "配对 {=甲 -> 1 =乙 -> 2}\n\n利息 {#15:0.01}\n\n多选 {~%50%甲 ~%50%乙 ~%-100%丙}\n".encode(),
    }
    path = tmp_path / "in.bin"
    path.write_bytes(samples[fmt])
    out = io.StringIO()
    call_command("import_questions", str(path), "--format", fmt, "--bank", "培训/测验", "--dry-run", "--json",
                 stdout=out, stderr=io.StringIO())
    payload = json.loads(out.getvalue())
    assert payload["errors"] == []
    assert set(payload) == {"questions", "errors"}
    for item in payload["questions"]:
        assert {"weights", "pairs", "numeric"} <= set(item)
        assert (item["pairs"] is not None) == (item["type"] == "matching")
        assert (item["numeric"] is not None) == (item["type"] == "numerical")


GIFT_WITH_DESCRIPTION = """::须知::以下计算题可使用纸笔\\: 不得使用计算器。

利息 {#15:0.01}
"""


@pytest.mark.django_db
def test_a_gift_description_item_goes_into_the_bank_description_once():
    apply_import(GIFT_WITH_DESCRIPTION.encode(), "gift", "培训/计算")
    outcome = apply_import(GIFT_WITH_DESCRIPTION.encode(), "gift", "培训/计算")
    assert outcome.bank.description == "须知: 以下计算题可使用纸笔: 不得使用计算器。"
    assert outcome.bank.questions.count() == 1


@pytest.mark.django_db
def test_a_gift_description_item_survives_the_staged_preview_and_confirm():
    from quizzes.services.imports import confirm_staged, stage_import

    staged = stage_import(GIFT_WITH_DESCRIPTION.encode(), file_name="calc.gift", fmt="gift", bank_path="培训/计算")
    outcome = confirm_staged(staged)
    assert outcome.bank.description == "须知: 以下计算题可使用纸笔: 不得使用计算器。"
    assert outcome.bank.questions.count() == 1
