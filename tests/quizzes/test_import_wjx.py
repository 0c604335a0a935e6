"""The survey-tool (问卷星) export: every question of both exams in seed 004, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzes.importers import parse_questions

FIXTURES = Path(__file__).parent / "fixtures"
# wjx_training_exam.txt is seed 004 lines 130–136, wjx_digital_skills.txt is seed 004 lines 265–274 (verbatim)
EXAM = "电子银行中心内部业务培训考试"
SKILLS = "2023年电子银行中心员工“数商提升”培训(第二期)"


def parse_fixture(name: str):
    return parse_questions((FIXTURES / name).read_bytes(), "wjx")


# (number, line, type, stem, options, correct, explanation)
TRAINING_EXAM = [
    (1, 2, "single", "2023年行社经营考评电子银行指标不包括()",
     ["惠支付客户净增", "场景业务客户净增", "活跃农村金融综合服务站净增", "惠支付客户结算存款余额净增"], [3],
     "惠支付客户结算存款余额净增是省联社对中心考核指标"),
    (2, 2, "single", "对百日攻坚活动的意义表述不正确的是()",
     ["从“行商”思维向“坐商”思维转变", "进一步破解“唯考核论”", "从“就业务论业务”向服务实体经济转变",
      "从碎片化思维向系统化思维转变"], [0],
     "A.从“坐商”思维向“行商”思维转变"),
    (3, 2, "single", "“三个面向”不包括()", ["面向市场", "面向同业", "面向未来", "面向客户"], [3],
     "三个面向是指:面向市场、面向同业、面向未来"),
    (4, 2, "single", "“三个结合”不包括()", ["上下结合", "内外结合", "长短结合", "快慢结合"], [3],
     "三个结合是指:上下结合、内外结合、长短结合"),
    (5, 2, "single", "“四千精神”不包括()",
     ["走遍千山万水", "说遍千言万语", "想尽千方百计", "吃尽千辛万苦", "走进千企万家"], [4],
     "四千精神是指:走遍千山万水、说遍千言万语、想尽千方百计、吃尽千辛万苦"),
    (6, 2, "true_false", "电子银行中心不属于省联社前台部门。\n()", ["对", "错"], [1],
     "电子银行中心属于省联社前台部门。"),
    (7, 4, "true_false", "开展工作时,应少作“应不应该办”的价值判断,多作“可不可以办”的技术判断。\n()", ["对", "错"], [1],
     "想尽千方百计,就是要充分发挥专业能力,聚焦客户所需所急所盼,在合法合规的范围内,多作“应不应该办”的价值判断,"
     "不能简单地只作“可不可以办”的技术判断,不断提高服务经济社会发展的能力和水平。"),
    (8, 6, "true_false", "面向同业,就是要彻底改变“坐商”思维,进一步破解“唯考核论”,不唯目标任务,不止于目标任务。\n()",
     ["对", "错"], [1], "面向同业,增强竞争意识和危机意识,着力提升农信各重点客群的市场份额。"),
]

DIGITAL_SKILLS = [
    (1, 2, "single", "以个人或对公账户作为结算账户,需要提供简单的收费、缴费服务,选择哪种数字化产品或工具()?",
     ["开放银行服务", "蜀信e·缴费", "银企直连", "特色业务平台"], [1], "蜀信e·缴费支持个人账户或对公账户作为结算账户。"),
    (2, 3, "single", "拓展场景业务对银行有什么好处()?",
     ["降低商户管理成本", "单纯增加商户数量", "通过绑定优质客户,掌握数据,精准营销存贷款、理财产品。", "仅仅是吸纳存款"],
     [2], "开展场景业务,对商户和银行而言是双赢关系,降低商户在日常经营管理中的成本,"
          "同时让银行以场景来绑定优质客户,掌握数据,精准营销存贷款、理财产品。"),
    (3, 5, "single", "以下可以提供“银企直连”数字工具()?",
     ["新都区某商场地下停车场需要“无感停车”服务", "绵阳市某家小型便利店想使用收银系统",
      "舍得酒业集团公司,该公司有完善的财务管理ERP系统。", "会理市某家“石榴”土特产商户"], [2],
     "银企直连需要公司方自身具备完善的财务管理ERP系统。"),
    (4, 7, "single", "针对场景业务潜在商户,如何寻找营销切入点()?",
     ["分析商户需求及痛点", "与商户保持亲密的朋友关系", "无条件给予优惠的贷款利率", "无条件给予一定的授信额度"], [0],
     "通过分析商户日常经营中的难点、痛点,对症下药地寻找营销切入点。"),
    (5, 8, "single", "部分商户未计入场景业务有效客户是因为()?",
     ["系统取数出错", "商户的交易流水很大",
      "在考核口径的基础上,省联社工作人员会逐一根据场景业务的具体类型,对是否“刷单交易”进行判断,剔除存在虚假交易的商户。",
      "商户的交易流水很小"], [2],
     "部分商户未计入有效场景业务商户数,是因为存在“刷单”等虚假交易被省联社剔除。"),
    (6, 10, "single", "在拓展场景业务时,应当做好什么样的思维转变?",
     ["“坐商”思维向“行商”思维转变", "“行商”向“坐商”转变", "各类业务综合营销向场景业务专项营销的转换",
      "商户收单手续费实行“0费率”向“高费率”的转换"], [0],
     "“坐商”向“行商”思维的转变,是面向市场积极创新的基本要求,应当主动出击寻找商户。"),
]


def assert_question(q, expected, section):
    number, line, qtype, stem, options, correct, explanation = expected
    assert (q.number, q.line, q.type, q.stem) == (number, line, qtype, stem)
    assert q.options == options
    assert q.correct == correct
    assert q.blanks == [] and q.model_answer is None
    assert q.explanation == explanation
    assert q.section == section
    assert q.original_stem is None  # the export is already Simplified


def test_training_exam_has_eight_questions_and_no_errors():
    result = parse_fixture("wjx_training_exam.txt")
    assert result.errors == []
    assert len(result.questions) == len(TRAINING_EXAM) == 8


@pytest.mark.parametrize("expected", TRAINING_EXAM, ids=lambda e: f"q{e[0]}")
def test_training_exam_question_is_read_exactly(expected):
    result = parse_fixture("wjx_training_exam.txt")
    assert_question(result.questions[expected[0] - 1], expected, EXAM)


def test_digital_skills_exam_has_six_questions_and_no_errors():
    result = parse_fixture("wjx_digital_skills.txt")
    assert result.errors == []
    assert len(result.questions) == len(DIGITAL_SKILLS) == 6


@pytest.mark.parametrize("expected", DIGITAL_SKILLS, ids=lambda e: f"q{e[0]}")
def test_digital_skills_question_is_read_exactly(expected):
    result = parse_fixture("wjx_digital_skills.txt")
    assert_question(result.questions[expected[0] - 1], expected, SKILLS)


def test_two_exports_in_one_file_restart_numbering_under_their_own_titles():
    data = (FIXTURES / "wjx_training_exam.txt").read_bytes() + (FIXTURES / "wjx_digital_skills.txt").read_bytes()
    result = parse_questions(data, "wjx")
    assert result.errors == []
    assert [(q.section, q.number) for q in result.questions] == (
        [(EXAM, n) for n in range(1, 9)] + [(SKILLS, n) for n in range(1, 7)]
    )
    # the second survey's title lines do not leak into the last explanation of the first
    assert result.questions[7].explanation == TRAINING_EXAM[7][6]


def test_explanation_mentioning_an_option_letter_is_not_split_into_options():
    q = parse_fixture("wjx_training_exam.txt").questions[1]
    assert len(q.options) == 4 and q.explanation.startswith("A.从")


def test_correct_mark_on_the_line_after_its_option_marks_that_option():
    q = parse_fixture("wjx_digital_skills.txt").questions[1]
    assert q.correct == [2] and "正确答案" not in "".join(q.options)


def test_multiple_choice_question_collects_every_marked_option():
    text = "1、下列属于电子渠道的有() [多选题] *A.网上银行(正确答案)B.柜台C、手机银行(正确答案)D．自助终端(正确答案)"
    [q] = parse_questions(text.encode(), "wjx").questions
    assert (q.type, q.options, q.correct) == ("multiple", ["网上银行", "柜台", "手机银行", "自助终端"], [0, 2, 3])
    assert q.explanation is None


def test_options_up_to_h_are_read():
    text = "1、选一个() [单选题] *A.一B.二C.三D.四E.五F.六G.七H.八(正确答案)答案解析:最后一个"
    [q] = parse_questions(text.encode(), "wjx").questions
    assert q.options == list("一二三四五六七八") and q.correct == [7]


def test_true_false_with_the_first_option_marked_is_true():
    [q] = parse_questions("1、网银需要U盾。() [判断题] *对(正确答案)错".encode(), "wjx").questions
    assert q.correct == [0] and q.options == ["对", "错"]


def test_question_without_correct_mark_is_an_error_on_its_line():
    text = "说明\n1、题一() [单选题] *A.甲B.乙(正确答案)\n2、题二() [单选题] *A.甲B.乙答案解析:无"
    result = parse_questions(text.encode(), "wjx")
    assert [q.number for q in result.questions] == [1]
    assert [(e.line, e.code) for e in result.errors] == [(3, "wjx.no_mark")]


def test_correct_mark_before_any_option_is_an_error():
    result = parse_questions("1、题一() [单选题] *(正确答案)".encode(), "wjx")
    assert result.questions == []
    assert (result.errors[0].line, result.errors[0].code) == (1, "wjx.stray_mark")


def test_single_choice_with_two_marks_is_an_error():
    result = parse_questions("1、题一() [单选题] *A.甲(正确答案)B.乙(正确答案)".encode(), "wjx")
    assert result.questions == [] and result.errors[0].code == "question.single_needs_one_answer"


def test_multiple_choice_with_one_option_is_an_error():
    result = parse_questions("1、题一() [多选题] *A.甲(正确答案)".encode(), "wjx")
    assert result.questions == []
    assert (result.errors[0].line, result.errors[0].code) == (1, "question.too_few_options")


def test_unsupported_survey_question_type_is_reported():
    result = parse_questions("1、请填写姓名 [填空题] *\n2、题() [单选题] *A.甲(正确答案)B.乙".encode(), "wjx")
    assert [q.number for q in result.questions] == [2]
    assert result.errors[0].line == 1 and "填空题" in result.errors[0].message


def test_file_without_type_markers_is_the_wrong_format():
    result = parse_questions(b"::Q1:: 1+1=? {=2 ~3}", "wjx")
    assert result.questions == [] and result.errors[0].line == 1
    assert "[单选题]" in result.errors[0].message


def test_json_dict_has_exactly_the_agreed_keys():
    data = parse_fixture("wjx_training_exam.txt").to_json_dict()
    assert set(data) == {"questions", "errors"}
    assert set(data["questions"][0]) == {"line", "type", "stem", "options", "correct", "blanks", "model_answer",
                                         "explanation", "weights", "pairs", "numeric"}
    assert data["questions"][5]["options"] == ["对", "错"] and data["questions"][5]["correct"] == [1]
