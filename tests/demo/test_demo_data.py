"""The demo dataset read by the real parsers, without a database: every regulation text and both seed
question files give exactly the structure the loader relies on."""

import json
from pathlib import Path

from django.conf import settings

from content.demo.english import parse_english_regulation
from content.regulations.parser import parse_regulation
from quizzes.importers import parse_questions

CONTENT = Path(settings.BASE_DIR) / "content" / "demo" / "data"
QUIZZES = Path(settings.BASE_DIR) / "quizzes" / "demo" / "data"
FIXTURES = Path(settings.BASE_DIR) / "tests" / "quizzes" / "fixtures"

# regulation code → (chapters (number, title), (article number, chapter) pairs)
STRUCTURE = {
    "REG-EB-2006": ([(1, "总则"), (2, "申请与变更")], [(n, 1) for n in range(1, 8)] + [(8, 2)]),
    "REG-EB-BASIC": ([(1, "总则"), (2, "管理职责")], [(n, 1) for n in range(1, 6)] + [(6, 2)]),
    "REG-GWK": ([(1, "总则"), (2, "公务卡管理职责"), (3, "公务卡岗位设置")],
                [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3)]),
}


def regulations():
    return {spec["code"]: spec for spec in json.loads((CONTENT / "regulations.json").read_text(encoding="utf-8"))}


def test_every_demo_regulation_text_parses_exactly_without_errors():
    for code, spec in regulations().items():
        parsed = parse_regulation((CONTENT / spec["file"]).read_text(encoding="utf-8"))
        chapters, articles = STRUCTURE[code]
        assert parsed.errors == [], code
        assert parsed.title == spec["title"]
        assert [(c.number, c.title) for c in parsed.chapters] == chapters, code
        assert [(a.number, a.chapter) for a in parsed.articles] == articles, code
        assert len(parsed.articles) == spec["article_count"]


def test_article_texts_end_where_the_next_heading_begins():
    parsed = parse_regulation((CONTENT / "regulations/eb_2006.txt").read_text(encoding="utf-8"))
    texts = {a.number: a.text for a in parsed.articles}
    assert texts[7] == "中国银监会负责对电子银行业务实施监督管理。"
    assert texts[2].startswith("本办法所称电子银行业务") and texts[2].count("\n") == 1
    assert str(parsed.effective_date) == "2006-03-01"
    assert parsed.document_number == "中国银行业监督管理委员会令2006年第5号"


def test_the_english_main_regulation_mirrors_the_chinese_structure():
    spec = regulations()["REG-EB-2006"]
    parsed, header = parse_english_regulation((CONTENT / spec["english_file"]).read_text(encoding="utf-8"))
    assert parsed.errors == []
    assert parsed.title == spec["title_en"]
    assert [c.number for c in parsed.chapters] == [1, 2]
    assert [(a.number, a.chapter) for a in parsed.articles] == STRUCTURE["REG-EB-2006"][1]
    assert header[-1] == "26 January 2006"


def test_the_demo_teller_bank_is_the_seed_verbatim_with_the_same_four_defects():
    demo = parse_questions((QUIZZES / "seed_teller_bank.txt").read_bytes(), "paper")
    seed = parse_questions((FIXTURES / "paper_teller_grade_bank.txt").read_bytes(), "paper")

    def content(result):
        return [(q.type, q.stem, q.options, q.correct, q.blanks, q.model_answer, q.explanation) for q in result.questions]

    assert len(demo.questions) == 46 and content(demo) == content(seed)
    assert [e.line for e in demo.errors] == [7, 17, 171, 315]
    assert [e.line - 2 for e in seed.errors] == [7, 17, 171, 315]  # the fixture starts two lines earlier


def test_the_demo_survey_export_is_both_seed_exports():
    demo = parse_questions((QUIZZES / "seed_wjx_quiz.txt").read_bytes(), "wjx")
    seeds = [parse_questions((FIXTURES / name).read_bytes(), "wjx")
             for name in ("wjx_training_exam.txt", "wjx_digital_skills.txt")]
    assert demo.errors == []
    assert [q.stem for q in demo.questions] == [q.stem for s in seeds for q in s.questions]
    assert [q.type for q in demo.questions].count("true_false") == 3 and len(demo.questions) == 14
