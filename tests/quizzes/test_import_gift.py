"""Moodle GIFT: every question type it can hold, comments, escapes, feedback; unsupported kinds reported."""

from __future__ import annotations

from quizzes.importers import parse_questions

SAMPLE = r"""// 电子银行题库 (a comment)
$CATEGORY: $course$/top/电子银行

::Q1:: 手机银行的登录地址为() {
~wap.boc.cn#旧地址
=mbs.boc.cn#新地址
~mbs.boc.com
}

// [tag:网银] [tag:安全]
我行企业网银安全认证工具包括() {~%50%动态口令 ~%50%CA证书 ~%-100%手机短信 ####动态口令与证书}

電子銀行中心屬於省聯社前台部門。{F####它属于前台部门。}

网银需要U盾。{TRUE}

订单有效期为 {=15 =十五} 天。

请列举个人网银的一级菜单。{}

比例 50\% 用 \{ \} \= \~ \# \: 与 \\ 转义 {=a\=b ~c\~d}
"""


def parse(text: str):
    return parse_questions(text.encode(), "gift")


def test_sample_parses_every_question_without_errors():
    result = parse(SAMPLE)
    assert result.errors == []
    assert [q.type for q in result.questions] == ["single", "multiple", "true_false", "true_false", "fill_blank",
                                                  "short_answer", "single"]


def test_single_choice_marks_the_equals_answer_and_takes_its_feedback_as_explanation():
    q = parse(SAMPLE).questions[0]
    assert (q.line, q.stem, q.options, q.correct) == (4, "手机银行的登录地址为()", ["wap.boc.cn", "mbs.boc.cn", "mbs.boc.com"],
                                                      [1])
    assert q.explanation == "新地址"
    assert q.section == "电子银行"


def test_positive_weights_make_a_multiple_choice_and_general_feedback_is_the_explanation():
    q = parse(SAMPLE).questions[1]
    assert (q.options, q.correct) == (["动态口令", "CA证书", "手机短信"], [0, 1])
    assert q.explanation == "动态口令与证书"
    assert q.tags == ["网银", "安全"]


def test_true_false_maps_to_dui_cuo_and_traditional_is_simplified():
    false_q, true_q = parse(SAMPLE).questions[2:4]
    assert (false_q.options, false_q.correct, false_q.explanation) == (["对", "错"], [1], "它属于前台部门。")
    assert (false_q.stem, false_q.original_stem) == ("电子银行中心属于省联社前台部门。", "電子銀行中心屬於省聯社前台部門。")
    assert true_q.correct == [0]


def test_short_answer_block_in_the_middle_is_a_fill_in_with_alternatives():
    q = parse(SAMPLE).questions[4]
    assert (q.stem, q.blanks) == ("订单有效期为 ____ 天。", [["15", "十五"]])


def test_empty_block_is_a_short_answer_without_model_answer():
    q = parse(SAMPLE).questions[5]
    assert (q.type, q.stem, q.model_answer) == ("short_answer", "请列举个人网银的一级菜单。", None)


def test_escaped_characters_are_literal():
    q = parse(SAMPLE).questions[6]
    assert q.stem == r"比例 50\% 用 { } = ~ # : 与 \ 转义"
    assert q.options == ["a=b", "c~d"]


def test_question_without_a_correct_answer_is_an_error():
    result = parse("甲\n{~一 ~二}\n\n乙 {=一 ~二}")
    assert [q.stem for q in result.questions] == ["乙"]
    assert [(e.line, e.code) for e in result.errors] == [(1, "gift.no_correct_answer")]


def test_multiple_choice_with_one_option_is_an_error():
    result = parse("甲 {~%100%一}")
    assert result.questions == [] and result.errors[0].code == "question.too_few_options"


def test_two_equals_answers_with_wrong_ones_is_an_error():
    result = parse("甲 {=一 =二 ~三}")
    assert result.questions == [] and result.errors[0].code == "gift.several_right_answers"


def test_matching_and_numeric_questions_are_read():
    result = parse("配对 {=甲 -> 一 =乙 -> 二}\n\n数字 {#3:1}")
    assert result.errors == []
    assert [(q.type, q.prompts, q.numeric) for q in result.questions] == [
        ("matching", ["甲", "乙"], []), ("numerical", [], [{"value": "3", "tolerance": "1", "fraction": "1"}])]


def test_a_numeric_answer_that_is_not_a_number_is_an_error():
    result = parse("数字 {#三}")
    assert result.errors[0].code == "gift.unreadable_number"


def test_unclosed_answer_block_is_an_error_on_its_first_line():
    result = parse("\n\n甲\n{=一 ~二")
    assert [(e.line, e.code) for e in result.errors] == [(3, "gift.unclosed_brace")]


def test_text_without_answer_blocks_is_the_wrong_format():
    # Text without an answer block is a description item, but a file with no question at all is not GIFT.
    result = parse("1、题一() [单选题] *A.甲(正确答案)B.乙")
    assert result.questions == []
    assert [(e.line, e.code) for e in result.errors] == [(1, "gift.no_questions")]
