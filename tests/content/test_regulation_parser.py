"""The regulation text parser (content.regulations.parser): pure, no Django.

Fixtures in fixtures/regulations/ are verbatim copies of seed lines (noise included):
  cbrc_ebanking_2006_copy1.txt       seeds/004 lines 2-12   电子银行业务管理办法, first copy (articles 1-8)
  cbrc_ebanking_2006_copy2.txt       seeds/004 lines 13-22  second copy with 令 header and dates (articles 1-5)
  cbrc_ebanking_2006_both_copies.txt seeds/004 lines 2-22   both copies, as the seed has them
  abc_ebanking_basic_rules.txt       seeds/004 lines 117-129 中国农业银行电子银行业务基本管理办法 (articles 1-6)
  xx_bank_official_card_rules.txt    seeds/000 lines 117-126 XX银行公务卡业务管理办法 (articles 1-6)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from content.regulations.numerals import int_to_chinese as cn
from content.regulations.parser import (
    ParsedRegulation,
    parse_regulation,
    parse_regulation_bytes,
    split_items,
)

FIXTURES = Path(__file__).parent / "fixtures" / "regulations"


def raw_lines(name: str) -> list[str]:
    """The fixture's lines, 1-based (index 0 is unused)."""
    return [""] + (FIXTURES / name).read_text(encoding="utf-8").split("\n")


def after(line: str, heading: str) -> str:
    """The text of a line after its (first) heading."""
    return line.split(heading, 1)[1].strip()


def parse_fixture(name: str, **kwargs) -> ParsedRegulation:
    return parse_regulation_bytes((FIXTURES / name).read_bytes(), **kwargs)


def outline(reg: ParsedRegulation):
    return (
        [(c.number, c.title, c.line) for c in reg.chapters],
        [(s.chapter, s.number, s.title, s.line) for s in reg.sections],
        [(a.number, a.chapter, a.section, a.line) for a in reg.articles],
    )


def codes(reg: ParsedRegulation) -> list[tuple[int, str]]:
    return [(e.line, e.code) for e in reg.errors]


# ------------------------------------------------------------------------------------ seed documents


def test_seed_cbrc_first_copy_parses_into_two_chapters_and_eight_articles():
    reg = parse_fixture("cbrc_ebanking_2006_copy1.txt")
    assert reg.errors == []
    assert reg.title == "电子银行业务管理办法"
    assert outline(reg) == (
        [(1, "总则", 2), (2, "申请与变更", 11)],
        [],
        [(1, 1, None, 2), (2, 1, None, 3), (3, 1, None, 5), (4, 1, None, 7), (5, 1, None, 8), (6, 1, None, 9),
         (7, 1, None, 10), (8, 2, None, 11)],
    )  # fmt: skip


def test_seed_cbrc_first_copy_article_texts_end_exactly_where_the_next_heading_begins():
    L = raw_lines("cbrc_ebanking_2006_copy1.txt")
    texts = [a.text for a in parse_fixture("cbrc_ebanking_2006_copy1.txt").articles]
    assert texts == [
        after(L[2], "第一条"),
        after(L[3], "第二条") + "\n" + L[4],
        after(L[5], "第三条") + "\n" + L[6],
        after(L[7], "第四条"),
        after(L[8], "第五条"),
        after(L[9], "第六条"),
        after(L[10], "第七条"),
        after(L[11], "第八条"),
    ]
    assert texts[0].startswith("为加强电子银行业务的风险管理") and texts[0].endswith("制定本办法。")
    assert texts[1].startswith("本办法所称电子银行业务") and "第三条" not in texts[1]
    assert texts[6] == "中国银监会负责对电子银行业务实施监督管理。"


def test_seed_cbrc_second_copy_reads_document_number_issuer_and_dates_from_the_header():
    reg = parse_fixture("cbrc_ebanking_2006_copy2.txt")
    assert reg.errors == []
    assert reg.title == "电子银行业务管理办法"
    assert reg.document_number == "中国银行业监督管理委员会令2006年第5号"
    assert reg.issuer == "中国银行业监督管理委员会"
    assert reg.adopted_date == date(2005, 11, 10)  # …2005年11月10日…第40次主席会议通过
    assert reg.promulgated_date == date(2006, 1, 26)  # 现予公布 … 主席刘明康二○○六年一月二十六日
    assert reg.effective_date == date(2006, 3, 1)  # 自2006年3月1日起施行


def test_seed_cbrc_second_copy_finds_chapter_one_after_the_signature_on_the_same_line():
    L = raw_lines("cbrc_ebanking_2006_copy2.txt")
    reg = parse_fixture("cbrc_ebanking_2006_copy2.txt")
    assert outline(reg) == (
        [(1, "总则", 4)],
        [],
        [(1, 1, None, 4), (2, 1, None, 5), (3, 1, None, 7), (4, 1, None, 9), (5, 1, None, 10)],
    )
    assert [a.text for a in reg.articles] == [
        after(L[4], "第一条"),
        after(L[5], "第二条") + "\n" + L[6],
        after(L[7], "第三条") + "\n" + L[8],
        after(L[9], "第四条"),
        after(L[10], "第五条"),
    ]


def test_seed_cbrc_second_copy_to_json_dict_has_exactly_the_agreed_shape():
    data = parse_fixture("cbrc_ebanking_2006_copy2.txt").to_json_dict()
    assert list(data) == [
        "title", "document_number", "effective_date", "chapters", "sections", "articles", "errors",
    ]  # fmt: skip
    assert data["title"] == "电子银行业务管理办法"
    assert data["document_number"] == "中国银行业监督管理委员会令2006年第5号"
    assert data["effective_date"] == "2006-03-01"
    assert data["chapters"] == [{"number": 1, "title": "总则"}]
    assert data["sections"] == []
    assert [list(a) for a in data["articles"]] == [["number", "chapter", "section", "text"]] * 5
    assert data["articles"][1]["number"] == 2
    assert data["articles"][1]["chapter"] == 1
    assert data["articles"][1]["section"] is None
    assert data["articles"][1]["text"].startswith("本办法所称电子银行业务")
    assert data["errors"] == []


def test_seed_cbrc_both_copies_stop_at_the_restart_with_a_duplicate_error_on_its_line():
    L = raw_lines("cbrc_ebanking_2006_both_copies.txt")
    reg = parse_fixture("cbrc_ebanking_2006_both_copies.txt")
    assert L[15].startswith("主席刘明康") and "第一章总则第一条" in L[15]
    assert codes(reg) == [(15, "document_restart")]
    assert "第一章再次出现" in reg.errors[0].message
    assert [a.number for a in reg.articles] == [1, 2, 3, 4, 5, 6, 7, 8]  # nothing merged from the copy
    assert [c.number for c in reg.chapters] == [1, 2]
    assert reg.articles[7].text.split("\n")[0] == after(L[11], "第八条")


def test_seed_abc_basic_rules_parse_into_two_chapters_and_six_articles():
    L = raw_lines("abc_ebanking_basic_rules.txt")
    reg = parse_fixture("abc_ebanking_basic_rules.txt")
    assert reg.errors == []
    assert reg.title == "中国农业银行电子银行业务基本管理办法"
    assert outline(reg) == (
        [(1, "总则", 2), (2, "管理职责", 11)],
        [],
        [
            (1, 1, None, 2),
            (2, 1, None, 3),
            (3, 1, None, 5),
            (4, 1, None, 6),
            (5, 1, None, 10),
            (6, 2, None, 11),
        ],
    )
    assert [a.text for a in reg.articles] == [
        after(L[2], "第一条"),
        after(L[3], "第二条") + "\n" + L[4],
        after(L[5], "第三条"),
        "\n".join([after(L[6], "第四条"), L[7], L[8], L[9]]),
        after(L[10], "第五条"),
        "\n".join([after(L[11], "第六条"), L[12], L[13]]),
    ]


def test_seed_abc_basic_rules_keep_in_text_references_to_other_regulations():
    first = parse_fixture("abc_ebanking_basic_rules.txt").articles[0]
    assert "《电子银行业务管理办法》" in first.text
    assert first.text.endswith("制定本办法。")


def test_seed_official_card_rules_parse_run_in_chapters_despite_image_noise():
    L = raw_lines("xx_bank_official_card_rules.txt")
    assert L[2].startswith("<") and L[2].split(">")[0].endswith("image")  # an image tag
    reg = parse_fixture("xx_bank_official_card_rules.txt")
    assert reg.errors == []
    assert reg.title == "XX银行公务卡业务管理办法"
    assert outline(reg) == (
        [(1, "总则", 3), (2, "公务卡管理职责", 5), (3, "公务卡岗位设置", 9)],
        [],
        [
            (1, 1, None, 3),
            (2, 1, None, 4),
            (3, 2, None, 5),
            (4, 2, None, 8),
            (5, 3, None, 9),
            (6, 3, None, 10),
        ],
    )
    assert [a.text for a in reg.articles] == [
        after(L[3], "第一条"),
        after(L[4], "第二条"),
        "\n".join([after(L[5], "第三条"), L[6], L[7]]),
        after(L[8], "第四条"),
        after(L[9], "第五条"),
        after(L[10], "第六条"),
    ]
    assert not any("image" in a.text for a in reg.articles)


def test_seed_official_card_rules_split_items_including_one_run_into_the_previous_item():
    L = raw_lines("xx_bank_official_card_rules.txt")
    articles = parse_fixture("xx_bank_official_card_rules.txt").articles
    third, seventh_line = articles[2], L[7]
    split_at = seventh_line.index("(四)")
    assert third.items == [
        "(一)" + after(L[5], "(一)"),
        L[6],
        seventh_line[:split_at],
        seventh_line[split_at:],
    ]
    assert articles[5].items == ["(一)" + after(L[10], "(一)")]
    assert articles[3].items == []  # 分(支)行 is not an item


# ------------------------------------------------------------------------------ synthetic regulation


@dataclass
class Expected:
    text: str = ""
    title: str = ""
    document_number: str = ""
    issuer: str = ""
    adopted: date | None = None
    effective: date | None = None
    chapters: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    articles: list = field(default_factory=list)  # (number, chapter, section, line, text, items)


# (chapter, title, heading style, [(section, title, style, first article, last article)])
LAYOUT = [
    (1, "总则", "own", [(None, None, None, 1, 8)]),
    (2, "机构与职责", "run-in at line start", [(1, "总行职责", "run-in", 9, 15), (2, "分支机构职责", "own", 16, 22)]),
    (3, "业务准入与变更", "run-in after sentence", [(None, None, None, 23, 40)]),
    (4, "风险管理", "own, full-width space", [
        (1, "一般规定", "own", 41, 55),
        (2, "信息安全", "run-in after sentence", 56, 70),
        (3, "外包管理", "run-in at line start", 71, 80),
    ]),
    (5, "客户服务", "own, no space", [(None, None, None, 81, 95)]),
    (6, "监督检查", "run-in after sentence", [(1, "检查", "run-in", 96, 104), (2, "罚则", "own", 105, 112)]),
    (7, "附则", "title on next line", [(None, None, None, 113, 120)]),
]  # fmt: skip


def article_body(n: int, chapter: int) -> tuple[list[str], list[str]]:
    """(paragraphs, items) of article n; full of cross-references to the next numbers (the dangerous ones)."""
    k, k2, next_ch = cn(n + 1), cn(n + 2), cn(chapter + 1)
    templates = [
        ([f"为规范电子银行业务，依照本办法第{k}条规定，制定本条。"], []),
        ([f"违反第{k}条规定的，依照第{k2}条处理。", f"第{k}条、第{k2}条另有规定的，从其规定。"], []),
        (
            [
                "金融机构应当履行下列职责：",
                "（一）建立健全内部控制制度；",
                f"（二）根据第{k}条，制定业务发展计划；",
                "（三）法律、行政法规规定的其他职责。",
                f"有前款第（一）项情形的，适用本办法第{k}条。",
            ],
            ["（一）建立健全内部控制制度；", f"（二）根据第{k}条，制定业务发展计划；", "（三）法律、行政法规规定的其他职责。"],
        ),
        (
            [f"下列行为应当禁止：(一)泄露客户信息；(二)违反本办法第{k}条、第{k2}条规定的行为；(三)其他损害客户权益的行为。"],
            ["(一)泄露客户信息；", f"(二)违反本办法第{k}条、第{k2}条规定的行为；", "(三)其他损害客户权益的行为。"],
        ),
        ([f"本条所称机构，是指依照《中华人民共和国商业银行法》第{k}条设立的机构。第{k}条所称业务，依照前款执行。"], []),
        ([f"金融机构应当建立报告制度。第{k}条的规定同样适用于本条；", f"前款规定的报告，应当按照第{k}条第二款的要求报送。"], []),
        ([f"根据第{k}条，金融机构应当于每年第一季度报送上年度报告（以下简称“年报”）。", "年报格式另行规定，本办法第三章另有规定的除外。"], []),
        ([f"总行依据第{k}条和第{k2}条对分支机构进行考核：第{k}条规定的指标，按季度考核。"], []),
        ([f"本办法第{cn(n)}条至第{k2}条规定的事项，由总行电子银行部负责解释。"], []),
        ([f"依照《电子银行业务管理办法》第{k}条的规定，金融机构开办网上银行业务，应当报告。"], []),
        ([f"违反第{n + 1}条规定的，按照第{n + 2}条处罚。"], []),
        ([f"金融机构应当遵守本办法。第{next_ch}章规定的检查，由总行组织实施。"], []),
        ([f"本条的适用范围以本办法为准。第{next_ch}章第{k}条另有规定的除外。"], []),
    ]  # fmt: skip
    if n == 120:
        return ["本办法自2024年4月1日起施行。"], []
    return templates[n % len(templates)]


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.open = False

    def new(self, text: str) -> int:
        self.lines.append(text)
        self.open = True
        return len(self.lines)

    def append(self, text: str) -> int:
        assert self.open
        self.lines[-1] += text
        return len(self.lines)


def build_synthetic(*, skip: frozenset = frozenset(), duplicate: frozenset = frozenset()) -> Expected:
    """A 120-article regulation with every heading style; returns its text and the expected parse."""
    exp = Expected(
        title="浙江某某农村商业银行电子银行业务综合管理办法",
        document_number="浙农商银发〔2024〕12号",
        issuer="浙江某某农村商业银行",
        adopted=date(2024, 3, 5),
        effective=date(2024, 4, 1),
    )
    w = _Writer()
    w.new(exp.title)
    w.new("浙江某某农村商业银行")
    w.new(exp.document_number)
    w.new("（2024年3月5日浙江某某农村商业银行董事会第八次会议通过，自2024年4月1日起施行）")
    prev_was_article = False
    for ch, ch_title, ch_style, sections in LAYOUT:
        heading = f"第{cn(ch)}章"
        run_in = False
        if ch_style == "own":
            line = w.new(f"{heading} {ch_title}")
        elif ch_style == "own, full-width space":
            line = w.new(f"{heading}\u3000{ch_title}")
        elif ch_style == "own, no space":
            line = w.new(f"{heading}{ch_title}")
        elif ch_style == "title on next line":
            line = w.new(heading)
            w.new(ch_title)
        elif ch_style == "run-in at line start":
            line, run_in = w.new(heading + ch_title), True
        else:  # run-in after the previous article's last sentence
            assert prev_was_article
            line, run_in = w.append(heading + ch_title), True
        exp.chapters.append((ch, ch_title, line))
        prev_was_article = False
        for sec, sec_title, sec_style, first, last in sections:
            if sec is not None:
                heading = f"第{cn(sec)}节"
                if sec_style == "run-in":  # right after the chapter title
                    assert run_in
                    line = w.append(heading + sec_title)
                elif sec_style == "own":
                    line, run_in = w.new(f"{heading} {sec_title}"), False
                elif sec_style == "run-in at line start":
                    line, run_in = w.new(heading + sec_title), True
                else:
                    assert prev_was_article
                    line, run_in = w.append(heading + sec_title), True
                exp.sections.append((ch, sec, sec_title, line))
                prev_was_article = False
            for n in range(first, last + 1):
                if n in skip:
                    continue
                for _copy in range(2 if n in duplicate else 1):
                    paragraphs, items = article_body(n, ch)
                    heading = f"第{cn(n)}条"
                    if run_in:
                        line = w.append(heading + paragraphs[0])
                    elif n == 57:
                        line = w.new(f"第{n}条 {paragraphs[0]}")
                    elif n % 10 == 3:
                        line = w.new(heading)
                        w.new(paragraphs[0])
                    elif n % 4 == 0 and prev_was_article:
                        line = w.append(heading + paragraphs[0])
                    elif n % 4 == 1:
                        line = w.new(f"{heading}\u3000{paragraphs[0]}")
                    elif n % 4 == 2:
                        line = w.new(f"{heading} {paragraphs[0]}")
                    else:
                        line = w.new(heading + paragraphs[0])
                    for p in paragraphs[1:]:
                        w.new(p)
                    run_in, prev_was_article = False, True
                    exp.articles.append((n, ch, sec, line, "\n".join(paragraphs), items))
    exp.text = "\n".join(w.lines) + "\n"
    return exp


def test_synthetic_generator_really_produces_run_in_headings_and_cross_references():
    text = build_synthetic().text
    assert "。第三章业务准入与变更第二十三条" in text
    assert "\n第二章机构与职责第一节总行职责第九条" in text
    assert "。第二节信息安全第五十六条" in text
    assert "依照本办法第十四条规定" in text
    assert "\n第十五条、第十六条另有规定的" in text  # a cross-reference at the start of a line
    assert "。第五条所称业务" in text  # a cross-reference at a sentence boundary
    assert "。第三章规定的检查" in text  # a chapter reference at a sentence boundary
    assert "第57条" in text and "\n第七章\n附则\n" in text


def test_synthetic_regulation_of_120_articles_parses_every_number_and_boundary():
    exp = build_synthetic()
    reg = parse_regulation(exp.text)
    assert reg.errors == []
    assert [(c.number, c.title, c.line) for c in reg.chapters] == exp.chapters
    assert [(s.chapter, s.number, s.title, s.line) for s in reg.sections] == exp.sections
    got = [(a.number, a.chapter, a.section, a.line, a.text, a.items) for a in reg.articles]
    assert len(got) == 120
    for g, e in zip(got, exp.articles, strict=True):
        assert g == e


def test_synthetic_regulation_header_gives_title_document_number_issuer_and_dates():
    exp = build_synthetic()
    reg = parse_regulation(exp.text)
    assert (reg.title, reg.document_number, reg.issuer) == (exp.title, exp.document_number, exp.issuer)
    assert (reg.adopted_date, reg.effective_date, reg.promulgated_date) == (exp.adopted, exp.effective, None)


def test_synthetic_regulation_missing_article_is_reported_on_the_line_where_the_gap_shows():
    exp = build_synthetic(skip=frozenset({13}))
    reg = parse_regulation(exp.text)
    line_of_14 = next(a[3] for a in exp.articles if a[0] == 14)
    assert [(e.line, e.message) for e in reg.errors] == [
        (line_of_14, "第十二条之后出现第十四条：缺少第十三条")
    ]
    assert reg.errors[0].code == "article_gap"
    assert [a.number for a in reg.articles] == [n for n in range(1, 121) if n != 13]


def test_synthetic_regulation_missing_run_of_articles_names_the_whole_range():
    reg = parse_regulation(build_synthetic(skip=frozenset({104, 105, 106})).text)
    assert [e.message for e in reg.errors] == [
        "第一百零三条之后出现第一百零七条：缺少第一百零四条至第一百零六条"
    ]


def test_synthetic_regulation_duplicated_article_is_reported_and_not_merged():
    exp = build_synthetic(duplicate=frozenset({50}))
    reg = parse_regulation(exp.text)
    second_50 = [a[3] for a in exp.articles if a[0] == 50][1]
    assert [(e.line, e.code, e.message) for e in reg.errors] == [
        (second_50, "article_duplicate", "第五十条重复出现")
    ]
    assert [a.number for a in reg.articles].count(50) == 2
    assert len(reg.articles) == 121


def test_synthetic_regulation_with_first_chapter_text_repeated_stops_at_the_restart():
    exp = build_synthetic()
    lines = exp.text.split("\n")
    copy = "\n".join(lines[:4] + lines[4:20])  # header + start of chapter 1 again
    reg = parse_regulation(exp.text + copy)
    restart_line = len(lines) + 4  # the first line after the header of the second copy
    assert codes(reg) == [(restart_line, "document_restart")]
    assert len(reg.articles) == 120


# ------------------------------------------------------------------------------- heading heuristics


def test_run_in_article_after_full_stop_is_a_heading():
    reg = parse_regulation("某办法\n第一条为了规范管理，制定本办法。第二条本办法所称业务，是指电子银行业务。")
    assert [(a.number, a.text) for a in reg.articles] == [
        (1, "为了规范管理，制定本办法。"),
        (2, "本办法所称业务，是指电子银行业务。"),
    ]


@pytest.mark.parametrize(
    "reference",
    [
        "依照本办法第二条规定",
        "违反第二条规定的",
        "根据第二条",
        "按照第二条的规定",
        "依据第二条",
        "本办法第二条、第三条",
        "《商业银行法》第二条",
        "适用第二条第一款",
        "第二条所称",
        "第二条规定",
        "第二条的规定",
        "第二条、第三条",
        "第二条至第五条",
        "第二条第二款",
        "第二条另有规定的",
        "第二条和第三条",
    ],
)
def test_cross_reference_to_the_next_article_is_not_a_heading(reference):
    text = f"某办法\n第一条总则性规定。{reference}，从其规定。\n{reference}适用。\n第二条其他事项。"
    reg = parse_regulation(text)
    assert reg.errors == []
    assert [a.number for a in reg.articles] == [1, 2]
    assert reg.articles[0].text == f"总则性规定。{reference}，从其规定。\n{reference}适用。"


def test_reference_to_the_next_chapter_is_not_a_chapter_heading():
    text = "某办法\n第一章总则\n第一条依照本办法第二章规定执行。第二章第二条另有规定的除外。\n第二章附则\n第二条本办法自公布之日起施行。"
    reg = parse_regulation(text)
    assert reg.errors == []
    assert [(c.number, c.title, c.line) for c in reg.chapters] == [(1, "总则", 2), (2, "附则", 4)]
    assert reg.articles[0].text == "依照本办法第二章规定执行。第二章第二条另有规定的除外。"


def test_arabic_article_numbers_are_tolerated():
    reg = parse_regulation("某办法\n第1条 总则。\n第2条 适用范围。\n第３条 附则。")
    assert [(a.number, a.text) for a in reg.articles] == [(1, "总则。"), (2, "适用范围。"), (3, "附则。")]


def test_article_numbers_in_the_hundreds_are_read():
    body = "".join(f"第{cn(n)}条内容{n}。" for n in range(1, 112))
    reg = parse_regulation("某办法\n" + body)
    assert reg.errors == []
    assert [a.number for a in reg.articles] == list(range(1, 112))
    assert reg.articles[104].number == 105 and reg.articles[104].text == "内容105。"


def test_document_without_chapters_gives_articles_with_no_chapter():
    reg = parse_regulation("某某规定\n第一条为了规范管理。\n第二条本规定自发布之日起施行。")
    assert reg.errors == [] and reg.chapters == []
    assert [(a.number, a.chapter, a.section) for a in reg.articles] == [(1, None, None), (2, None, None)]


def test_title_running_into_the_first_article_is_split_off():
    reg = parse_regulation("某某银行员工行为守则实施细则第一条为了规范员工行为。第二条本细则适用于全体员工。")
    assert reg.title == "某某银行员工行为守则实施细则"
    assert [a.text for a in reg.articles] == ["为了规范员工行为。", "本细则适用于全体员工。"]


def test_given_title_wins_over_the_inferred_one():
    reg = parse_regulation("某某规定\n第一条内容。", title="正式标题")
    assert reg.title == "正式标题"


def test_sections_are_numbered_within_their_chapter():
    text = (
        "某办法\n第一章总则第一条总则。\n第二章业务\n第一节开户\n第二条开户。\n第二节销户第三条销户。\n"
        "第三章检查第一节检查程序第四条检查。"
    )
    reg = parse_regulation(text)
    assert reg.errors == []
    assert [(s.chapter, s.number, s.title, s.line) for s in reg.sections] == [
        (2, 1, "开户", 4), (2, 2, "销户", 6), (3, 1, "检查程序", 7),
    ]  # fmt: skip
    assert [(a.number, a.chapter, a.section) for a in reg.articles] == [
        (1, 1, None),
        (2, 2, 1),
        (3, 2, 2),
        (4, 3, 1),
    ]


def test_traditional_chinese_text_is_parsed_into_simplified():
    reg = parse_regulation(
        "電子銀行業務管理辦法\n第一章 總則\n第一條 為加強電子銀行業務的風險管理，制定本辦法。\n第二條 本辦法所稱電子銀行業(yè)務(wù)，是指網上銀行。"
    )
    assert reg.title == "电子银行业务管理办法"
    assert [(c.number, c.title) for c in reg.chapters] == [(1, "总则")]
    assert [a.text for a in reg.articles] == [
        "为加强电子银行业务的风险管理，制定本办法。",
        "本办法所称电子银行业务，是指网上银行。",
    ]


def test_continuation_lines_are_stripped_and_joined_with_newlines_and_blank_lines_dropped():
    reg = parse_regulation(
        "某办法\n第一条  甲款内容。  \n\n   乙款内容。\n\u3000\u3000丙款内容。\n第二条 下一条。"
    )
    assert reg.articles[0].text == "甲款内容。\n乙款内容。\n丙款内容。"


def test_header_reads_bracketed_document_number_and_chinese_numeral_dates():
    text = "关于印发某某管理办法的通知\n银监发〔2006〕5号\n二○○六年一月二十六日印发\n第一条内容。"
    reg = parse_regulation(text)
    assert reg.document_number == "银监发〔2006〕5号"
    assert reg.promulgated_date == date(2006, 1, 26)
    assert reg.title == "关于印发某某管理办法的通知"


def test_header_effective_on_publication_takes_the_publication_date():
    reg = parse_regulation("某办法\n银发[2010]12号\n2010年5月1日发布，自发布之日起施行。\n第一条内容。")
    assert reg.document_number == "银发[2010]12号"
    assert reg.promulgated_date == reg.effective_date == date(2010, 5, 1)


def test_table_of_contents_before_the_body_is_not_taken_for_chapters():
    text = (
        "某办法\n目录\n第一章 总则\n第二章 业务管理\n第一节 开户\n第三章 附则\n"
        "第一章 总则\n第一条 甲。\n第二章 业务管理\n第一节 开户\n第二条 乙。\n第三章 附则\n第三条 丙。"
    )
    reg = parse_regulation(text)
    assert reg.errors == []
    assert [(c.number, c.title, c.line) for c in reg.chapters] == [
        (1, "总则", 7),
        (2, "业务管理", 9),
        (3, "附则", 12),
    ]
    assert [(s.chapter, s.number, s.line) for s in reg.sections] == [(2, 1, 10)]
    assert [(a.number, a.chapter, a.section) for a in reg.articles] == [(1, 1, None), (2, 2, 1), (3, 3, None)]


def test_articles_numbered_again_from_one_in_each_chapter_are_reported():
    reg = parse_regulation(
        "某办法\n第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 业务\n第一条 丙。\n第二条 丁。"
    )
    assert codes(reg) == [(6, "article_restart")]
    assert "第二章又从第一条开始编号" in reg.errors[0].message
    assert [a.number for a in reg.articles] == [1, 2]


def test_article_headings_followed_by_a_bracketed_caption_are_headings():
    reg = parse_regulation("某办法\n第一条（目的）为了规范。\n第二条【定义】本办法所称业务。")
    assert [(a.number, a.text) for a in reg.articles] == [
        (1, "（目的）为了规范。"),
        (2, "【定义】本办法所称业务。"),
    ]


def test_heading_inside_a_book_title_is_not_a_heading():
    reg = parse_regulation("某办法\n第一条 甲。依照《关于第二条的解释》执行。\n第二条 乙。")
    assert [(a.number, a.line) for a in reg.articles] == [(1, 2), (2, 3)]


def test_title_of_an_issuing_notice_is_the_regulation_in_its_book_title_marks():
    text = "某银行关于印发《某银行电子银行业务管理办法》的通知\n各分行：\n现将办法印发给你们。\n2020年1月2日\n第一条 甲。"
    reg = parse_regulation(text)
    assert reg.title == "某银行电子银行业务管理办法"
    assert reg.promulgated_date == date(2020, 1, 2)


def test_split_items_ignores_references_to_items_and_unnumbered_brackets():
    text = "应当做到：\n(一)甲；\n(二)乙，但有第(一)项情形的除外；\n（三）丙（以下简称“丙”）。\n有前款第（二）项情形的，从重处理。"
    assert split_items(text) == ["(一)甲；", "(二)乙，但有第(一)项情形的除外；", "（三）丙（以下简称“丙”）。"]


def test_split_items_starts_a_second_list_at_a_new_item_one():
    assert split_items("甲：(一)a；(二)b。\n乙：(一)c；(二)d。") == [
        "(一)a；",
        "(二)b。",
        "(一)c；",
        "(二)d。",
    ]


# ------------------------------------------------------------------------------------------ bad input


def test_text_without_articles_reports_an_error_and_no_exception():
    reg = parse_regulation("电子银行建议\n电子银行应该加强安全措施。\n其次，应当增加服务项目。")
    assert reg.articles == []
    assert codes(reg) == [(1, "no_articles")]


def test_empty_file_reports_an_error():
    assert codes(parse_regulation("")) == [(1, "empty")]
    assert codes(parse_regulation_bytes(b"  \n\r\n\t")) == [(1, "empty")]


def test_gap_in_article_numbers_is_reported_with_its_line():
    reg = parse_regulation("某办法\n第一条甲。\n第二条乙。\n第四条丁。\n第五条戊。")
    assert [(e.line, e.code, e.message) for e in reg.errors] == [
        (4, "article_gap", "第二条之后出现第四条：缺少第三条")
    ]
    assert [a.number for a in reg.articles] == [1, 2, 4, 5]


def test_duplicate_article_is_reported_with_its_line():
    reg = parse_regulation("某办法\n第一条甲。\n第二条乙。\n第二条乙乙。\n第三条丙。")
    assert [(e.line, e.code) for e in reg.errors] == [(4, "article_duplicate")]
    assert [(a.number, a.text) for a in reg.articles] == [
        (1, "甲。"),
        (2, "乙。"),
        (2, "乙乙。"),
        (3, "丙。"),
    ]


def test_restart_at_article_one_is_a_duplicate_copy_error_not_a_merge():
    reg = parse_regulation("某办法\n第一条甲。\n第二条乙。\n某办法\n第一条甲。\n第二条乙。")
    assert codes(reg) == [(5, "document_restart")]
    assert [(a.number, a.text) for a in reg.articles] == [(1, "甲。"), (2, "乙。\n某办法")]


def test_chapter_and_section_gaps_and_duplicates_are_reported_with_their_lines():
    text = "某办法\n第一章总则\n第一条甲。\n第三章监督\n第一节检查\n第二条乙。\n第三节处罚\n第三条丙。\n第三章附则\n第四条丁。"
    reg = parse_regulation(text)
    assert [(e.line, e.code, e.message) for e in reg.errors] == [
        (4, "chapter_gap", "第一章之后出现第三章：缺少第二章"),
        (7, "section_gap", "第三章中第一节之后出现第三节：缺少第二节"),
        (9, "chapter_duplicate", "第三章重复出现"),
    ]


def test_binary_file_reports_an_error_and_no_exception():
    reg = parse_regulation_bytes(b"\x00\x01\x02binary\x00\xff\xfe\x00" * 10)
    assert codes(reg) == [(1, "binary")]
    assert reg.articles == []


@pytest.mark.parametrize(
    "magic", [b"%PDF-1.4\n", b"PK\x03\x04\x14\x00", b"\xd0\xcf\x11\xe0\xa1\xb1", b"\x89PNG\r\n"]
)
def test_office_pdf_and_image_files_are_reported_as_not_plain_text(magic):
    with translation.override("zh-hans"):
        reg = parse_regulation_bytes(magic + b"\x00" * 20 + "第一条".encode())
        assert codes(reg) == [(1, "binary")]
        assert "不是纯文本" in str(reg.errors[0].message)


def test_undecodable_bytes_that_are_not_gbk_either_are_reported_as_binary():
    reg = parse_regulation_bytes(b"\x80\x81\xfe\xff\xc0\xc1" * 5)
    assert codes(reg) == [(1, "binary")]


def test_gbk_encoded_file_reports_not_utf8_on_the_first_bad_line():
    data = "Title line\nascii only\n第一条 为了规范管理，制定本办法。\n".encode("gbk")
    reg = parse_regulation_bytes(data)
    assert codes(reg) == [(3, "not_utf8")]
    assert "UTF-8" in reg.errors[0].message and "GBK" in reg.errors[0].message
    assert reg.articles == []


def test_utf8_with_bom_and_utf16_with_bom_are_decoded():
    text = "某办法\r\n第一条甲。\r\n第二条乙。\r\n"
    for data in (text.encode("utf-8-sig"), text.encode("utf-16")):
        reg = parse_regulation_bytes(data)
        assert reg.errors == [] and reg.title == "某办法"
        assert [(a.number, a.text, a.line) for a in reg.articles] == [(1, "甲。", 2), (2, "乙。", 3)]


def test_missing_title_is_reported_when_none_is_given():
    reg = parse_regulation("第一条甲。\n第二条乙。")
    assert codes(reg) == [(1, "no_title")]
    assert parse_regulation("第一条甲。\n第二条乙。", title="某办法").errors == []


def test_non_text_input_is_reported_not_raised():
    assert codes(parse_regulation(None)) == [(1, "not_text")]  # type: ignore[arg-type]
    assert codes(parse_regulation(12345)) == [(1, "not_text")]  # type: ignore[arg-type]


@pytest.mark.parametrize("number", ["X农信联发〔2026〕7号", "ＸＹ农信发〔2025〕12号", "银监发〔2006〕5号"])
def test_a_document_number_keeps_its_leading_latin_letters(number):
    reg = parse_regulation(f"柜面业务管理办法\n{number}\n第一条 为规范柜面业务，制定本办法。\n")
    assert reg.document_number == number
