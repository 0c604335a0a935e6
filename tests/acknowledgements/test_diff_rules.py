"""The article diff (pure rules): matching across versions and character-level marking."""

from content.acknowledgements.rules.diff import (
    ADDED,
    CHANGED,
    DELETE,
    EQUAL,
    INSERT,
    REMOVED,
    Segment,
    Unit,
    compare,
    inline_diff,
    tokenize,
)


def unit(key, number, text, label=None):
    return Unit(key=key, label=label or f"第{number}条", text=text, number=number)


def test_chinese_text_is_tokenized_character_by_character_and_english_by_word():
    assert tokenize("网银盾") == ["网", "银", "盾"]
    assert tokenize("USB key 2") == ["USB", " ", "key", " ", "2"]


def test_inline_diff_marks_only_the_changed_characters():
    segments = inline_diff("客户应在三个工作日内办理。", "客户应在五个工作日内办理。")
    assert segments == [
        Segment(EQUAL, "客户应在"),
        Segment(DELETE, "三"),
        Segment(INSERT, "五"),
        Segment(EQUAL, "个工作日内办理。"),
    ]


def test_inline_diff_of_an_english_translation_marks_whole_words():
    segments = inline_diff("within three working days", "within five working days")
    assert Segment(DELETE, "three") in segments and Segment(INSERT, "five") in segments


def test_unchanged_articles_are_counted_not_listed():
    old = [unit("a", 1, "甲"), unit("b", 2, "乙")]
    result = compare(old, list(old))
    assert not result.has_changes and result.unchanged == 2


def test_added_removed_and_changed_articles_are_told_apart():
    old = [unit("a", 1, "第一条原文"), unit("b", 2, "第二条原文"), unit("c", 3, "第三条原文")]
    new = [unit("a", 1, "第一条原文"), unit("b", 2, "第二条新文"), unit("d", 4, "第四条")]
    result = compare(old, new)
    assert [(c.kind, c.unit.key) for c in result.changes] == [(CHANGED, "b"), (REMOVED, "c"), (ADDED, "d")]
    assert result.unchanged == 1
    assert result.changed[0].segments == [
        Segment(EQUAL, "第二条"),
        Segment(DELETE, "原"),
        Segment(INSERT, "新"),
        Segment(EQUAL, "文"),
    ]


def test_a_renumbered_article_is_matched_by_its_key():
    old = [unit("a", 1, "甲"), unit("b", 2, "乙")]
    new = [unit("a", 1, "甲"), unit("x", 2, "新插入"), unit("b", 3, "乙")]
    result = compare(old, new)
    assert [(c.kind, c.unit.key) for c in result.changes] == [(ADDED, "x"), (CHANGED, "b")]
    moved = result.changed[0]
    assert moved.renumbered and not moved.text_changed and moved.old.label == "第2条"


def test_an_article_retyped_under_the_same_number_is_a_change_not_a_removal():
    old = [unit("old-key", 5, "原来的第五条")]
    new = [unit("new-key", 5, "改过的第五条")]
    result = compare(old, new)
    assert [c.kind for c in result.changes] == [CHANGED]


def test_removed_articles_are_listed_where_they_stood():
    old = [unit("a", 1, "甲"), unit("b", 2, "乙"), unit("c", 3, "丙")]
    new = [unit("a", 1, "甲改"), unit("c", 2, "丙")]
    result = compare(old, new)
    assert [(c.kind, c.unit.key) for c in result.changes] == [(CHANGED, "a"), (REMOVED, "b"), (CHANGED, "c")]


def test_everything_is_added_against_no_earlier_version():
    result = compare([], [unit("a", 1, "甲"), unit("b", 2, "乙")])
    assert [c.kind for c in result.changes] == [ADDED, ADDED]
    assert result.added[0].segments == [Segment(INSERT, "甲")]


def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion():
    segments = inline_diff("第2条的内容。", "客户应在三个工作日内办理。")
    assert segments == [
        Segment(DELETE, "第2条的内容"),
        Segment(INSERT, "客户应在三个工作日内办理"),
        Segment(EQUAL, "。"),
    ]


def test_a_long_kept_stretch_between_two_changes_stays_kept():
    segments = inline_diff("甲方应当在三个工作日内通知乙方。", "丙方应当在三个工作日内通知丁方。")
    assert Segment(EQUAL, "方应当在三个工作日内通知") in segments
