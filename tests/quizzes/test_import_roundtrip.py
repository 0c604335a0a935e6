"""export_xlsx / export_gift are the inverse of their parsers, for every type each format can hold."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.utils import translation

from quizzes.importers import ParsedQuestion, export_gift, export_xlsx, parse_questions
from quizzes.importers.exporters import gift_problem

FIXTURES = Path(__file__).parent / "fixtures"


def q(qtype, stem, options=(), correct=(), blanks=(), model_answer=None, explanation=None, **extra):
    return ParsedQuestion(line=0, type=qtype, stem=stem, options=list(options), correct=list(correct),
                          blanks=[list(b) for b in blanks], model_answer=model_answer, explanation=explanation, **extra)


EVERY_TYPE = [
    q("single", "手机银行的登录地址为()", ["wap.boc.cn", "mbs.boc.cn", "mbs.boc.com"], [1], explanation="新地址",
      difficulty=2, knowledge_points=["手机银行", "网址"], tags=["电子银行"], section="单选题"),
    q("multiple", "安全认证工具包括()", ["动态口令", "CA证书", "软证书", "手机短信"], [0, 1, 3]),
    q("multiple", "只有一个正确项的多选题", ["甲", "乙", "丙"], [2]),
    q("true_false", "电子银行中心属于前台部门。", ["对", "错"], [0], explanation="属于"),
    q("true_false", "电子银行中心不属于前台部门。", ["对", "错"], [1]),
    q("ordering", "更换E-TOKEN的步骤()(注:顺序错误不得分)", ["申请新的", "解除绑定", "注销原来的", "重新绑定"], [1, 2, 0, 3]),
    q("fill_blank", "订单有效期为( )天。", blanks=[["15", "十五"]], explanation="见规定"),
    q("fill_blank", "甲是( ),乙是____。", blanks=[["一"], ["二", "贰"]]),
    q("short_answer", "三道防线是什么?", model_answer="第一道防线:用户名\n第二道防线:动态密码", marking_guide="答出两道即可"),
    q("short_answer", "请列举一级菜单。"),
    q("single", "繁体题干的简体()", ["甲", "乙"], [0], original_stem="繁體題幹的簡體()"),
    q("single", "特殊字符 { } = ~ # : \\ 与 50%", ["a=b", "c~d#e", "{f}"], [2], explanation="x:y"),
]


def comparable(question: ParsedQuestion, *drop: str) -> dict:
    data = dataclasses.asdict(question)
    for name in ("line", "number", *drop):
        data.pop(name)
    return data


def test_xlsx_round_trip_reproduces_every_type_with_all_fields():
    result = parse_questions(export_xlsx(EVERY_TYPE), "xlsx")
    assert result.errors == []
    assert [comparable(x) for x in result.questions] == [comparable(x) for x in EVERY_TYPE]


def test_xlsx_rows_are_numbered_from_two():
    result = parse_questions(export_xlsx(EVERY_TYPE[:3]), "xlsx")
    assert [x.line for x in result.questions] == [2, 3, 4]


GIFT_FIELDS_NOT_HELD = ("original_stem", "difficulty", "knowledge_points", "marking_guide")


def test_gift_round_trip_reproduces_every_type_gift_can_hold():
    expressible = [x for x in EVERY_TYPE if gift_problem(x) is None]
    assert {x.type for x in expressible} == {"single", "multiple", "true_false", "fill_blank", "short_answer"}
    result = parse_questions(export_gift(expressible).encode(), "gift")
    assert result.errors == []
    assert [comparable(x, *GIFT_FIELDS_NOT_HELD) for x in result.questions] == [
        comparable(x, *GIFT_FIELDS_NOT_HELD) for x in expressible]


@pytest.mark.parametrize("question", [x for x in EVERY_TYPE if gift_problem(x)], ids=lambda x: x.type)
def test_gift_export_refuses_what_gift_cannot_hold(question):
    with translation.override("en"), pytest.raises(ValueError, match="Cannot export to GIFT"):
        export_gift([question])


def seed_banks():
    paper = parse_questions((FIXTURES / "paper_teller_grade_bank.txt").read_bytes(), "paper").questions
    wjx = parse_questions((FIXTURES / "wjx_training_exam.txt").read_bytes()
                          + (FIXTURES / "wjx_digital_skills.txt").read_bytes(), "wjx").questions
    return paper + wjx


def test_both_seed_banks_round_trip_through_xlsx():
    questions = seed_banks()
    assert len(questions) == 60
    result = parse_questions(export_xlsx(questions), "xlsx")
    assert result.errors == []
    assert [comparable(x) for x in result.questions] == [comparable(x) for x in questions]


def test_both_seed_banks_round_trip_through_gift_where_gift_can_hold_them():
    questions = [x for x in seed_banks() if gift_problem(x) is None]
    assert len(questions) == 54  # not the ordering question and the 5 essays with model answers
    result = parse_questions(export_gift(questions).encode(), "gift")
    assert result.errors == []
    assert [comparable(x, *GIFT_FIELDS_NOT_HELD) for x in result.questions] == [
        comparable(x, *GIFT_FIELDS_NOT_HELD) for x in questions]
