"""The exam-paper format: every question of the teller-grade bank in seed 003 (柜员等级评定题库), exactly.

The fixture is seed 003 from line 664 to the end, verbatim: Traditional characters with pinyin ruby,
options that run into the next question, the answer key at the end and a web page's footer after it.
Fixture line n is seed line n + 663.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizzes.importers import parse_questions

FIXTURE = Path(__file__).parent / "fixtures" / "paper_teller_grade_bank.txt"
SINGLE, MULTIPLE, FILL, SHORT = "单选题", "多选题", "填空题", "问答题"


@pytest.fixture(scope="module")
def bank():
    return parse_questions(FIXTURE.read_bytes(), "paper")


def by_key(result):
    return {(q.section, q.number): q for q in result.questions}


# ------------------------------------------------------------------ choice questions: (number, line, stem, options, correct)
SINGLES = [
    (3, 21, "以下说法错误的是()",
     ["是否开通手机交易码认证功能应根据客户意愿决定。",
      "新客户开通网银/手机银行业务时,柜员须提示客户预留正确手机号并开通手机交易码认证功能。",
      "存量客户已开通网银/手机银行服务的,柜员应积极引导客户开通手机交易码认证功能。",
      "海外客户取消手机交易码需由总行客服中心按照流程统一受理。"], [0]),
    (4, 31, "网银业务对账的基本要求是:()",
     ["将客户申请表、业务凭条进行核对。", "将客户申请表、业务凭条及通过ERMS系统打印的网银柜台业务清单进行核对。",
      "将客户申请表及通过ERMS系统打印的网银柜台业务清单进行核对。", "将业务凭条及通过ERMS系统打印的网银柜台业务清单进行核对。"],
     [1]),
    (5, 41, "新开户账户开立网银后,客户可以查询当日交易但无法查询历史交易的可能原因是:()",
     ["柜台未通过7495交易对新增账户进行打标处理", "柜台未进行E20123企业操作员修改交易", "柜台未进行E-TOKEN的申请",
      "柜台未进行CA绑定的操作"], [0]),
    (6, 51, "中国银行网上银行的优势之一为平台整合,平台整合即:()",
     ["个人网银与企业网银整合在一个平台", "国内网银与海外网银整合在一个平台", "A和B均正确", "以上均不正确"], [2]),
    (7, 57, "中国银行企业网银服务渠道为:()", ["浏览器渠道", "银企对接渠道", "A和B均不正确", "A和B均正确"], [3]),
    (8, 61, "关于企业网银打包开户制度,下列哪项说法有误?()",
     ["对于存量客户,开户行柜员应按BOCNET规章制度要求客户提供网银申请资料。",
      "对于新增客户开立账户同时开通网银服务均需提供的证明材料,可共用一套开户证明材料,无需要求客户另行提供。",
      "开户行柜员可在确认账户已获批开立前,为客户办理网银柜台注册业务。", "暂存企业客户网银申请资料应封包保存入保险柜保管。"],
     [2]),
    (9, 71, "目前小额结售汇功能仅针对哪类客户提供服务()",
     ["持军官证类网银客户", "持身份证类网银客户", "持港澳台证件类型客户", "持护照类客户"], [1]),
    (10, 77, "目前,个人客户可以关联在BOCNET中的账户介质的类型包括():",
     ["长城电子借记卡", "长城电子借记卡 活期一本通 普通活期", "长城电子借记卡 长城人民币信用卡 活期一本通 普通活期",
      "长城电子借记卡 长城人民币信用卡 中银系列信用卡 活期一本通 普通活期 定期一本通"], [3]),
    (11, 85, "手机银行用户密码设置原则为()。",
     ["可以使用简单密码,如:123456等", "密码长度为8-20位的数字及/或英文字母组成", "密码可以为空", "密码不区分大小写"], [1]),
    (12, 89, "使用手机银行手机号转账服务的要求是()。",
     ["收付款双方必须都是我行手机银行用户", "收付款双方都不必是我行手机银行用户", "收付款双方必须都是我行网上银行用户",
      "收付款双方不必是我行网上银行用户"], [0]),
    (13, 95, "以下关于手机银行和网银关系说法错误的是:()", ["共享账户信息", "共享客户信息", "共享认证工具", "共享用户名"], [3]),
    (14, 101, "为企业客户提供网银代收服务,以下说法正确的是()。\n注:以下8534内部账户在BANCS行为BGL内部账户。",
     ["代收中行账户时,主办行和所有经办行必须开立8534账户", "代收中行账户时,主办行必须开立8534账户,经办行无需开立8534内部账户",
      "代收中行账户时,经办行必须开立8534账户,主办行无需开立8534内部账户", "代收中行账户时,主办行和经办行均无需开立8534内部账户"],
     [0]),
    (15, 113, "B2B监管支付产品中发生的交易涉及以下哪些交易方():",
     ["银行、买方企业、卖方企业、中间商户、银监会", "银行、买方企业、商户", "银行、买方企业、卖方企业、中间商户",
      "银行、买方企业、卖方企业、银监会"], [2]),
]

MULTIPLES = [
    (1, 125, "在与企业客户电话核实过程中,应核实哪些内容?()", ["企业申请意愿", "操作员姓名", "领取E-TOKEN情况", "法人姓名"], [0, 2]),
    (2, 129, "企业客户办理网银,应提供哪些人员的身份证件?()", ["法定代表人", "汇划经办操作员", "办理人员", "所有操作员"], [0, 2, 3]),
    (3, 133, "以下哪项属于电子银行风险分类内容?()", ["准入风险", "管理风险", "操作风险", "系统风险"], [0, 1, 2, 3]),
    (4, 137, "目前个人网银交易中要求进行风险评估的理财功能包括:()", ["中银理财计划Ⅰ", "中银理财计划Ⅱ", "基金", "黄金"], [0, 1, 2]),
    (5, 141, "目前VIP客户对于以下哪些服务享有优惠专享服务():",
     ["中行系统内卡折转账", "中行系统内卡卡转账", "跨行转账服务", "投资限额参数"], [0, 2, 3]),
    (6, 147, "下列描述中,哪些属于B2B网上支付商户开通过程中银行的工作内容?()",
     ["银行接受商户申请后,需要对商户的资信和经营情况进行评估", "配合商户进行系统测试,并提交测试报告", "商户开通后,通知商户已开通",
      "商户开通后,协助客户进行生产测试,然后投产"], [0, 1, 2, 3]),
    (7, 157, "下列选项中,哪些属于企业客户申请网上银行代收业务流程中必须要做的工作?()",
     ["签署《代收付业务服务协议(网银服务版》)", "签署网银渠道服务协议", "开立8534内部中间过渡账户",
      "由银行与所有代收个人客户方签署网上银行个人综合服务协议"], [0, 1, 2]),
    (8, 165, "蓝图新线哪种查询功能的申请签约需要在BANCS LINK中进行动户通知标志的签约()",
     ["历史交易查询", "当日交易查询", "来账信息查询", "大客户交易查询"], [0, 2, 3]),
    (9, 169, "柜台签约定向收款人包括()", ["新增定向收款人", "查询定向收款人", "删除定向收款人", "修改定向收款人"], [0, 1, 2]),
    (12, 185, "柜员为客户在核心系统中变更证件信息时,应针对网银进行哪些操作()",
     ["E20207同步网银证件信息", "无需操作,系统自动更新", "E20221个人资料变更", "E20315 E-TOKEN客户资料变更"], [0, 3]),
    (13, 191, "手机银行的开通方式包括()", ["柜台开通", "在网上银行自助开通", "登录手机银行网址自助开通", "致电95566开通"], [0, 1, 2]),
    (14, 197, "我行企业网银安全认证工具包括()", ["动态口令", "CA证书", "软证书", "手机短信"], [0, 1, 2, 3]),
    (15, 201, "客户在使用网上银行服务进行()交易时,需输入手机交易码。",
     ["自助开通手机银行服务", "向他人账户转账", "购买理财产品", "修改手机银行用户名"], [0, 1, 3]),
]

# ------------------------------------------------------------------ fill-in: (number, line, stem, blanks)
FILL_INS = [
    (2, 211, "在与企业客户电话核实过程中应核实的内容是()的领用情况。", [["E-TOKEN"]]),
    (3, 213, "通过批量代办方式开立个人网银服务,自开办之日起满()个月未发出的E-TOKEN,需由开户行逐笔进行E-TOKEN解绑与注销、"
             "网银注销,并编写批量销户说明。", [["三"]]),
    (4, 215, "为防止电子银行外部欺诈,防范网银业务风险,客户在我行申请个人网银服务或申请定向转账收款人签约服务,需本人签署"
             "《中国银行股份有限公司个人网上银行()》一式二份,银行、客户各执一份。", [["风险提示"]]),
    (5, 217, "目前我行网银BOCNET的版本号是()。", [["BOCNET5.0"]]),
    (6, 219, "通过直销方式为客户开立个人网银服务只能开通()版本。", [["查询"]]),
    (7, 221, "收款人管理中最多支持()个收款人,收款人在手机和网上银行两个渠道通用。", [["80"]]),
    (8, 223, "自银行接收订单之日起,订单有效期为()天,过期后将无法进行复核、授权或重新支付等操作。", [["15"]]),
    (9, 225, "订单查询功能下,订单查询的时限范围为()年。", [["一"]]),
    (10, 227, "开户行柜员在为企业客户注册网银时,需同时做()交易,进行动户通知签约。", [["7495"]]),
    (11, 229, "企业结算账户未获批开立前,()(能、不能)为客户办理网银注册业务。", [["不能"]]),
    (12, 231, "网银柜台签约报表中对于VIP客户的标识是()。", [["88"]]),
    (13, 233, "手机银行()(支持、不支持)第三方存管服务。", [["支持"]]),
    (14, 235, "目前,代收业务中可代收的账户类型包括借记卡、活期一本通、普通活期,其中活期一本通和普通活期必须是个人()账户。",
     [["结算"]]),
    (15, 237, "B2B监管支付商户可以不进行()签约。", [["CSPB"]]),
]

# ------------------------------------------------------------------ short answers: (number, line, stem, model answer, marking guide)
SHORT_ANSWERS = [
    (1, 241, "请列举出中行网银安全措施“八重防护”中的任意三重,并做简单解释。",
     "第一重:安全控件防范恶意程序攻击,如木马程序等;\n"
     "第二重:预留“欢迎信息”辨别钓鱼网站,客户在网银自助设定“欢迎信息“,每次登录后将显示在欢迎页面上,帮助甄别真假网站;\n"
     "第三重:会话超时控制,登录网银超过一定时间后未做任何操作,系统将自动退出网银; "
     "第四重:网银交易手机短信免费通知,即中银e信服务,免费为客户提供如登录、转账、修改密码等七类关键交易短信通知服务;\n"
     "第五重:控制交易限额降低风险,客户在网上银行中自助设置转账汇款等交易的每日最高限额,有效控制风险。\n"
     "第六重:成功/不成功登录记录,网上银行系统保存客户每次登录记录,协助客户检查上次登录时间;\n"
     "第七重:用户登录保护,连续错误输入用户口令五次,当天即锁定客户登录资格,累计错误输入用户口令十五次,需到柜台解锁;\n"
     "第八重:关键信息屏蔽,对卡号等交易关键信息进行部分屏蔽,保护客户信息安全。", "任意三重"),
    (2, 243, "请列举个人网上银行的一级菜单中任意五项功能模块。",
     "账户查询、转账汇款、投资理财、信用卡、网上支付、代缴费(或账单缴付)、贷款查询、结售汇、个人设定、服务记录。", None),
    (3, 245, "我行企业网银安全控制的三道防线是什么?",
     "第一道防线:网上银行用户名和静态密码\n第二道防线:动态密码保护安全\n第三道防线:转账等金融交易需再次输入动态口令", None),
    (4, 247, "我行报关即时通业务的优势?", "1)加快报关速度\n2)简化通关手续\n3)提升资金使用效率\n4)便利异地报关", None),
    (5, 249, "我行企业网银对账服务功能有哪些?", "1)对账单核对\n2)对账单下载\n3)对账单查询", None),
]

# --------------------------------------------------- the seed's own defects: (line, code, what the message quotes)
SEED_DEFECTS = [
    (9, "paper.empty_option", "一、单选题"),  # 一、单选题 question 1: "A、B、wap.boc.cn" (seed line 672)
    (19, "question.garbled", "?zhèn)€"),  # 一、单选题 question 2, option D "申請貴賓版?zhèn)€人網銀" (seed line 682)
    (173, "question.garbled", "?jìng)€"),  # 二、多选题 question 10: "定向轉賬是指?jìng)€人客戶" (seed line 836)
    (317, "paper.answer_truncated", "http://"),  # 三、填空题 question 1: key "1.http://" (seed line 980)
]


def test_bank_yields_46_questions_and_the_4_seed_defects(bank):
    assert len(bank.questions) == 46
    assert [(e.line, e.code) for e in bank.errors] == [(line, code) for line, code, _quoted in SEED_DEFECTS]
    assert all(quoted in e.message for e, (_line, _code, quoted) in zip(bank.errors, SEED_DEFECTS, strict=True))


def test_sections_hold_15_15_15_and_5_questions_counting_the_defective_ones(bank):
    counts = {}
    for q in bank.questions:
        counts[q.section] = counts.get(q.section, 0) + 1
    assert counts == {SINGLE: 13, MULTIPLE: 14, FILL: 14, SHORT: 5}  # + 1, 1, 1, 0 reported as defects


def test_defective_questions_are_not_also_returned(bank):
    keys = by_key(bank)
    for key in [(SINGLE, 1), (SINGLE, 2), (MULTIPLE, 10), (FILL, 1)]:
        assert key not in keys


@pytest.mark.parametrize("expected", SINGLES, ids=lambda e: f"single-{e[0]}")
def test_single_choice_question_is_read_exactly(bank, expected):
    number, line, stem, options, correct = expected
    q = by_key(bank)[(SINGLE, number)]
    assert (q.type, q.line, q.stem, q.options, q.correct) == ("single", line, stem, options, correct)
    assert (q.blanks, q.model_answer, q.explanation) == ([], None, None)


@pytest.mark.parametrize("expected", MULTIPLES, ids=lambda e: f"multiple-{e[0]}")
def test_multiple_choice_question_is_read_exactly(bank, expected):
    number, line, stem, options, correct = expected
    q = by_key(bank)[(MULTIPLE, number)]
    assert (q.type, q.line, q.stem, q.options, q.correct) == ("multiple", line, stem, options, correct)
    assert (q.blanks, q.model_answer, q.explanation) == ([], None, None)


def test_multiple_choice_11_whose_order_counts_is_an_ordering_question(bank):
    q = by_key(bank)[(MULTIPLE, 11)]
    assert (q.type, q.line) == ("ordering", 179)
    assert q.stem == "E-TOKEN到期更换的操作步骤为()(注:顺序错误不得分)"
    assert q.options == ["申请新的E-TOKEN", "将原来的E-TOKEN解除绑定", "注销原来的E-TOKEN", "重新进行绑定"]
    assert q.correct == [1, 2, 0, 3]  # key "BCAD"


@pytest.mark.parametrize("expected", FILL_INS, ids=lambda e: f"fill-{e[0]}")
def test_fill_in_question_is_read_exactly(bank, expected):
    number, line, stem, blanks = expected
    q = by_key(bank)[(FILL, number)]
    assert (q.type, q.line, q.stem, q.blanks) == ("fill_blank", line, stem, blanks)
    assert (q.options, q.correct, q.model_answer, q.explanation) == ([], [], None, None)


@pytest.mark.parametrize("expected", SHORT_ANSWERS, ids=lambda e: f"short-{e[0]}")
def test_short_answer_question_is_read_exactly(bank, expected):
    number, line, stem, model_answer, marking_guide = expected
    q = by_key(bank)[(SHORT, number)]
    assert (q.type, q.line, q.stem) == ("short_answer", line, stem)
    assert q.model_answer == model_answer
    assert q.marking_guide == marking_guide
    assert (q.options, q.correct, q.blanks, q.explanation) == ([], [], [], None)


def test_every_question_keeps_its_traditional_original_without_ruby(bank):
    assert by_key(bank)[(SINGLE, 3)].original_stem == "以下說法錯誤的是()"
    assert by_key(bank)[(FILL, 13)].original_stem == "手機銀行()(支持、不支持)第三方存管服務。"
    assert all(q.original_stem for q in bank.questions)
    assert not any(re.search("[āáǎàēéěèīíǐìōóǒòūúǔù]", q.original_stem + q.stem) for q in bank.questions)


def test_option_running_into_the_next_question_number_ends_there(bank):
    # "C、mbs.boc.cnD、mbs.boc.com2、下列哪項…": question 2 starts inside question 1's line
    assert [e.line for e in bank.errors][:2] == [9, 19]
    assert "mbs.boc.com" not in by_key(bank)[(SINGLE, 3)].stem


def test_stray_section_label_in_the_key_does_not_hide_the_answer(bank):
    assert by_key(bank)[(SINGLE, 3)].correct == [0]  # key line "3.A 單選題"


def test_footer_after_the_key_is_not_part_of_the_last_model_answer(bank):
    assert by_key(bank)[(SHORT, 5)].model_answer.endswith("3)对账单查询")


# ------------------------------------------------------------------------------- bad papers
PAPER = """一、单选题(2题)
1、甲是()
A、一B、二
2、乙是()
A、一
B、二
C、三
二、填空题
1、丙是____。
答案
一、1.A
2.C
二、1.北京/北平
"""


def test_small_paper_in_simplified_parses_without_original():
    result = parse_questions(PAPER.encode(), "paper")
    assert result.errors == []
    first, second, fill = result.questions
    assert (first.options, first.correct, first.original_stem) == (["一", "二"], [0], None)
    assert second.correct == [2]
    assert fill.blanks == [["北京", "北平"]]


def test_answer_key_naming_a_question_that_does_not_exist_is_an_error_on_the_key_line():
    result = parse_questions(PAPER.replace("2.C\n", "2.C\n3.B\n").encode(), "paper")
    assert [(e.line, e.code) for e in result.errors] == [(13, "paper.key_unknown_question")]


def test_answer_naming_a_missing_option_is_an_error_on_the_key_line():
    result = parse_questions(PAPER.replace("2.C", "2.D").encode(), "paper")
    assert len(result.questions) == 2
    assert (result.errors[0].line, result.errors[0].code) == (12, "paper.answer_not_an_option")


def test_question_without_an_answer_in_the_key_is_an_error_on_its_line():
    result = parse_questions(PAPER.replace("2.C\n", "").encode(), "paper")
    assert [(e.line, e.code) for e in result.errors] == [(4, "paper.no_answer")]


def test_multiple_choice_with_one_option_is_an_error():
    paper = "一、多选题\n1、甲是()\nA、一\n答案\n一、1.A\n"
    result = parse_questions(paper.encode(), "paper")
    assert result.questions == []
    assert (result.errors[0].line, result.errors[0].code) == (2, "question.too_few_options")


def test_section_count_that_does_not_match_is_an_error_on_the_header():
    result = parse_questions(PAPER.replace("(2题)", "(3题)").encode(), "paper")
    assert [(e.line, e.code) for e in result.errors] == [(1, "paper.count_mismatch")]


def test_paper_without_answer_key_is_one_clear_error():
    result = parse_questions(PAPER.split("答案")[0].encode(), "paper")
    assert result.questions == [] and result.errors[0].code == "paper.no_answer_key"


def test_text_without_section_headers_is_the_wrong_format():
    result = parse_questions("1、题一() [单选题] *A.甲(正确答案)B.乙".encode(), "paper")
    assert result.questions == [] and result.errors[0].line == 1 and "一、单选题" in result.errors[0].message
