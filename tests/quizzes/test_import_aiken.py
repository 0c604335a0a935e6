"""Aiken: question, lettered options, ANSWER line."""

from __future__ import annotations

from quizzes.importers import parse_questions

SAMPLE = """手机银行的登录地址为()
A. wap.boc.cn
B) mbs.boc.cn
C、mbs.boc.com
ANSWER: B

我行企业网银安全认证工具包括()
A. 动态口令
B. CA证书
C. 手机短信
ANSWER: A, B
網上銀行的優勢之一為
平台整合,即:
A. 個人與企業整合
B. 國內與海外整合
ANSWER: A
"""


def parse(text: str):
    return parse_questions(text.encode(), "aiken")


def test_sample_parses_every_question():
    result = parse(SAMPLE)
    assert result.errors == []
    first, second, third = result.questions
    assert (first.line, first.type, first.options, first.correct) == (
        1, "single", ["wap.boc.cn", "mbs.boc.cn", "mbs.boc.com"], [1])
    assert (second.line, second.type, second.correct) == (7, "multiple", [0, 1])
    assert (third.line, third.stem, third.options) == (12, "网上银行的优势之一为\n平台整合,即:", ["个人与企业整合", "国内与海外整合"])
    assert third.original_stem == "網上銀行的優勢之一為\n平台整合,即:"


def test_question_without_answer_line_is_an_error_on_its_first_line():
    result = parse("甲\nA. 一\nB. 二\n\n乙\nA. 一\nB. 二\nANSWER: A\n")
    assert [q.stem for q in result.questions] == ["乙"]
    assert [(e.line, e.code) for e in result.errors] == [(1, "aiken.missing_answer")]


def test_answer_naming_a_missing_option_is_an_error_on_the_answer_line():
    result = parse("甲\nA. 一\nB. 二\nANSWER: D\n")
    assert [(e.line, e.code) for e in result.errors] == [(4, "aiken.answer_not_an_option")]


def test_options_out_of_order_are_an_error_on_that_line():
    result = parse("甲\nA. 一\nC. 三\nANSWER: A\n")
    assert [(e.line, e.code) for e in result.errors] == [(3, "aiken.unexpected_line")]


def test_single_option_question_is_an_error():
    result = parse("甲\nA. 一\nANSWER: A\n")
    assert result.questions == [] and result.errors[0].code == "question.too_few_options"


def test_empty_answer_is_an_error():
    result = parse("甲\nA. 一\nB. 二\nANSWER:\n")
    assert [(e.line, e.code) for e in result.errors] == [(4, "aiken.empty_answer")]
