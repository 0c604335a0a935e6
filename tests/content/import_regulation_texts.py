"""Regulation texts for the import tests (content.services.regulation_import and its command and admin view)."""

REGULATION = """某某银行电子银行业务操作规程
某银发〔2024〕12号
2024年3月1日起施行
第一章 总则
第一条 为规范电子银行业务，制定本规程。
第二条 本规程适用于全行电子银行业务。
第二章 业务办理
第一节 开户
第三条 客户办理开户，应当提交下列资料：（一）身份证件；（二）申请表。
第四条 依照本规程第三条规定的资料不全的，不予办理。
第二节 变更
第五条 变更签约信息的，参照第三条办理。
第三章 附则
第六条 本规程自2024年3月1日起施行。
"""
TITLE = "某某银行电子银行业务操作规程"
DOCUMENT_NUMBER = "某银发〔2024〕12号"

# the same regulation, revised: article 2 and article 6 rewritten, article 7 added
REVISED = REGULATION.replace("第二条 本规程适用于全行电子银行业务。", "第二条 本规程适用于全行及所辖网点的电子银行业务。").replace(
    "第六条 本规程自2024年3月1日起施行。", "第六条 本规程由电子银行部负责解释。\n第七条 本规程自2024年6月1日起施行。"
)

# the revision drops article 6 (the last one): its row is removed on re-import
SHORTENED = REGULATION.replace("第三章 附则\n第六条 本规程自2024年3月1日起施行。\n", "")

NO_ARTICLES = "某某银行电子银行业务操作规程\n这是一段说明文字，没有任何条文。\n"
# 第三条 missing: the gap is reported on the line of 第四条 (line 9)
GAP = REGULATION.replace("第三条 客户办理开户，应当提交下列资料：（一）身份证件；（二）申请表。\n", "")
GAP_LINE = 9
# 第二条 twice: the second one (line 7) is a duplicate
DUPLICATE = REGULATION.replace("第二条 本规程适用于全行电子银行业务。\n", "第二条 本规程适用于全行电子银行业务。\n第二条 重复的条文。\n")
DUPLICATE_LINE = 7
EMPTY = "   \n\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
UNDECODABLE = b"\xff\xff\xfe\x81\x20\xff\xfe"  # neither UTF-8 nor GB18030, no NUL byte

BAD_INPUTS = {
    "no articles": (NO_ARTICLES.encode(), 1),
    "numbering gap": (GAP.encode(), GAP_LINE),
    "duplicate article": (DUPLICATE.encode(), DUPLICATE_LINE),
    "empty file": (EMPTY.encode(), 1),
    "binary file": (BINARY, 1),
    "not UTF-8 nor GB18030": (UNDECODABLE, 1),
}
