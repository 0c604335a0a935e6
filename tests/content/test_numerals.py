"""Chinese numerals <-> int (content.regulations.numerals)."""

import pytest

from content.regulations.numerals import chinese_to_int, format_ordinal, int_to_chinese, parse_ordinal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百十", 110),
        ("一百二十三", 123),
        ("两百", 200),
        ("一千", 1000),
        ("一千零五", 1005),
        ("一千零一十", 1010),
        ("一千零五十", 1050),
        ("一万零一", 10001),
        ("三万二千", 32000),
        ("零", 0),
        ("〇", 0),
    ],
)
def test_chinese_to_int_reads_standard_numerals(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("１２", 12), ("105", 105), ("0", 0)])
def test_chinese_to_int_reads_arabic_digits_half_and_full_width(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("二○○六", 2006), ("二〇二四", 2024), ("一九九九", 1999), ("二零零五", 2005)]
)
def test_chinese_to_int_reads_years_written_digit_by_digit(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(
    "text", ["", "  ", "百", "十十", "二二十", "千百", "1百", "abc", "一百五", "第一", "两两"]
)
def test_chinese_to_int_rejects_what_is_not_a_numeral(text):
    with pytest.raises(ValueError):
        chinese_to_int(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (119, "一百一十九"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (20300, "二万零三百"),
    ],
)
def test_int_to_chinese_writes_numerals_as_legal_texts_do(value, text):
    assert int_to_chinese(value) == text


def test_int_to_chinese_and_chinese_to_int_round_trip_up_to_twenty_thousand():
    for n in range(0, 20001):
        assert chinese_to_int(int_to_chinese(n)) == n


@pytest.mark.parametrize("value", [-1, 1.5, True, "3", 100_000_000])
def test_int_to_chinese_rejects_negative_non_int_and_too_large(value):
    with pytest.raises(ValueError):
        int_to_chinese(value)


def test_format_ordinal_renders_article_chapter_and_section_labels():
    assert format_ordinal(12) == "第十二条"
    assert format_ordinal(105, "条") == "第一百零五条"
    assert format_ordinal(3, "章") == "第三章"
    assert format_ordinal(2, "节") == "第二节"


def test_parse_ordinal_reads_chinese_and_arabic_labels():
    assert parse_ordinal("第一百零五条") == (105, "条")
    assert parse_ordinal("第12条") == (12, "条")
    assert parse_ordinal(" 第 三 章 ") == (3, "章")


@pytest.mark.parametrize("text", ["", "第条", "一百条", "第X条", "第十二条款项"])
def test_parse_ordinal_rejects_non_ordinals(text):
    with pytest.raises(ValueError):
        parse_ordinal(text)
