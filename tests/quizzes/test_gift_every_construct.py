"""A GIFT file with every construct of Moodle's GIFT documentation imports whole and exports back (issue 16)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from quizzes.importers import export_gift, parse_questions

FIXTURE = Path(__file__).parent / "fixtures" / "gift_every_construct.txt"


def parsed():
    return parse_questions(FIXTURE.read_bytes(), "gift")


def content(result):
    rows = []
    for q in result.questions:
        data = dataclasses.asdict(q)
        data.pop("line")
        rows.append(data)
    return rows


def test_every_construct_of_the_gift_documentation_imports_with_nothing_refused():
    result = parsed()
    assert result.errors == []
    assert len(result.questions) == 32


def test_every_type_of_the_gift_documentation_is_read():
    types = {q.type for q in parsed().questions}
    assert types == {"single", "multiple", "true_false", "fill_blank", "matching", "numerical", "short_answer"}


def test_export_reimports_to_exactly_the_same_questions():
    first = parsed()
    again = parse_questions(export_gift(first.questions, first.descriptions).encode("utf-8"), "gift")
    assert again.errors == []
    assert content(again) == content(first)


def test_export_of_the_reimport_is_identical_text():
    first = parsed()
    text = export_gift(first.questions, first.descriptions)
    again = parse_questions(text.encode("utf-8"), "gift")
    assert export_gift(again.questions, again.descriptions) == text


def test_description_items_are_read_with_their_place_name_and_format():
    first = parsed()
    assert [(d.name, d.text, d.before, d.section, d.text_format) for d in first.descriptions] == [
        ("Instructions", "You can use your pencil and paper for these next math questions: no calculators.", 0,
         "Grant", None),
        (None, "That is the **end** of the quiz.", 32, first.questions[-1].section, "markdown"),
    ]


def test_description_items_come_back_in_their_place_after_an_export():
    first = parsed()
    again = parse_questions(export_gift(first.questions, first.descriptions).encode("utf-8"), "gift")
    assert [dataclasses.asdict(d) | {"line": 0} for d in again.descriptions] == [
        dataclasses.asdict(d) | {"line": 0} for d in first.descriptions]


def test_dry_run_json_lists_the_description_items_beside_the_questions():
    payload = json.loads(json.dumps(parsed().to_json_dict()))
    assert set(payload) == {"questions", "errors", "descriptions"}
    assert payload["descriptions"][0]["name"] == "Instructions"


def test_a_stray_closing_brace_is_an_error_not_a_description():
    result = parse_questions(b"Some text } here", "gift")
    assert result.descriptions == [] and result.errors[0].code == "gift.unopened_brace"


def test_names_formats_categories_units_and_weights_are_kept():
    by_name = {q.name: q for q in parsed().questions if q.name}
    assert by_name["Q2"].text_format == "markdown"
    assert by_name["Jesus' hometown (Short answer ex.)"].weights == ["1", "0.75", "0.25"]
    assert by_name["柜台"].section == "tom/dick/harry"
    last = parsed().questions[-1]
    assert (last.type, last.unit, last.numeric) == ("numerical", "元", [{"value": "150", "tolerance": "0.01",
                                                                          "fraction": "1"}])


def test_escaped_control_characters_are_literal_options():
    q = next(q for q in parsed().questions if q.name == "GIFT Control Characters")
    assert q.options == ["~", "=", "#", "{", "}", "\\"]
    assert q.correct == [5]


def test_dry_run_json_adds_weights_pairs_and_numeric_per_question():
    rows = json.loads(json.dumps(parsed().to_json_dict()))["questions"]
    matching = next(r for r in rows if r["type"] == "matching" and r["stem"].startswith("将业务"))
    assert matching["pairs"] == [["个人开户", "对私柜台"], ["对公结算", "对公柜台"], ["外币兑换", "外汇柜台"]]
    assert matching["options"][-1] == "理财柜台"
    pi = next(r for r in rows if r["type"] == "numerical" and r["numeric"][0].get("low"))
    assert pi["numeric"] == [{"value": "3.1415", "tolerance": "0.0005", "low": "3.141", "high": "3.142",
                              "fraction": "1"}]
    tomb = next(r for r in rows if r["stem"] == "What two people are entombed in Grant's tomb?")
    assert tomb["weights"] == ["-1", "0.5", "0.5", "-1"]
    assert all(set(r) >= {"weights", "pairs", "numeric"} for r in rows)
