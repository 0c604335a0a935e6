"""The keyboard skill tests' pure rules, on hand-worked examples."""

import random
from decimal import Decimal

import pytest

from quizzes.certification.rules import skill_material, skill_scoring, skill_timing
from quizzes.certification.rules.skill_scoring import (
    align,
    edit_distance_table,
    normalise_amount,
    score_amounts,
    score_attempt,
    score_groups,
    score_passage,
)

# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize("typed", ["12,345.67", "12345.67", "１２，３４５．６７", "12 345.67", "￥12,345.67",
                                   "12345。67", "  12345.670 "])
def test_amount_normalisation_reads_separators_full_width_digits_and_decimal_points(typed):
    assert normalise_amount(typed) == Decimal("12345.67")


@pytest.mark.parametrize("typed", ["12.345.67", "-12.00", "12a45", "", "..", "1,234.5.6"])
def test_amount_normalisation_refuses_what_is_not_an_amount(typed):
    assert normalise_amount(typed) is None


def test_amounts_score_a_missing_decimal_point_as_wrong_and_a_dropped_trailing_zero_as_right():
    result = score_amounts(["1,234.50", "98,765.43"], ["1234.5", "9876543"])
    assert (result.correct, result.wrong) == (1, 1)


def test_amounts_count_a_skipped_item_as_an_error_and_items_not_reached_not_at_all():
    result = score_amounts(["1.00", "2.00", "3.00", "4.00"], ["1.00", "", "3.00"])
    assert (result.correct, result.skipped, result.wrong, result.reached) == (2, 1, 0, 3)
    assert result.marks[3].status == "not_reached"


# --------------------------------------------------------------------------- alignment


def test_alignment_counts_one_substitution_one_insertion_and_one_deletion():
    # 村 missed, 台 typed in extra, 曰 typed for 日: 11 of the 13 characters right
    result = align("中国农村信用社柜员每日营业", "中国农信用社柜台员每曰营业", free_tail=False)
    assert (result.substitutions, result.insertions, result.deletions) == (1, 1, 1)
    assert result.matches == 11


def test_alignment_with_a_free_tail_does_not_count_the_untyped_end_of_the_passage():
    result = align("第一条为了规范", "第一条为", free_tail=True)
    assert (result.errors, result.matches, result.reference_used) == (0, 4, 4)


def test_alignment_reports_where_each_edit_is():
    result = align("ABCD", "AXCD")
    assert result.ops == (("sub", 1, 1),)


def test_alignment_agrees_with_the_textbook_table_on_random_strings():
    rng = random.Random(7)
    for _ in range(500):
        a = "".join(rng.choice("甲乙丙") for _ in range(rng.randint(0, 15)))
        b = "".join(rng.choice("甲乙丙") for _ in range(rng.randint(0, 15)))
        for free_tail in (False, True):
            assert align(a, b, free_tail=free_tail).errors == edit_distance_table(a, b, free_tail=free_tail)


def test_passage_score_ignores_whitespace_and_half_width_punctuation_for_full_width():
    result = score_passage("为了规范，制定本办法。", "为了 规范,制定本办法。")
    assert (result.correct, result.errors) == (11, 0)


def test_number_groups_are_aligned_digit_by_digit_with_the_last_group_partial():
    result = score_groups(["1234567890", "5555555555", "0000000000"], ["1234567800", "55555"])
    assert (result.correct, result.substitutions, result.errors) == (14, 1, 1)


# --------------------------------------------------------------------------- speed, accuracy, pass marks


def test_net_characters_per_minute_deduct_the_penalty_per_error():
    score = score_attempt({"kind": "passage", "text": "甲乙丙丁" * 30}, {"text": "甲乙丙丁" * 14 + "甲乙丙戊"},
                          rule="net_per_minute", penalty=Decimal("2"), elapsed_seconds=60)
    # 60 typed, 59 right, 1 substitution → 59 - 2 = 57 per minute in one minute
    assert (score["value"], score["errors"], score["accuracy"]) == (Decimal("57.00"), 1, Decimal("0.9833"))


def test_correct_items_rule_scores_vouchers_by_right_amounts():
    score = score_attempt({"kind": "amounts", "items": ["1.00", "2.00", "3.00"]}, {"items": ["1", "2.01", "3"]},
                          rule="correct_items", penalty=Decimal("0"), elapsed_seconds=30)
    assert (score["value"], score["errors"], score["speed"]) == (Decimal("2.00"), 1, Decimal("4.00"))


def test_levels_reached_need_the_value_and_no_more_errors_than_allowed():
    marks = [skill_scoring.PassMark("T1", Decimal("100"), 1), skill_scoring.PassMark("T2", Decimal("150"), 0)]
    assert skill_scoring.levels_reached(Decimal("160"), 1, marks) == ["T1"]


# --------------------------------------------------------------------------- material


def test_amounts_follow_the_digit_mix_and_the_same_seed_gives_the_same_vouchers():
    first = skill_material.amounts(42, 100, "4:10,5:20,6:30,7:25,8:15")
    assert first == skill_material.amounts(42, 100, "4:10,5:20,6:30,7:25,8:15")
    lengths = [sum(c.isdigit() for c in a) for a in first]
    assert {d: lengths.count(d) for d in set(lengths)} == {4: 10, 5: 20, 6: 30, 7: 25, 8: 15}


def test_a_bad_digit_mix_is_refused():
    with pytest.raises(skill_material.MaterialError):
        skill_material.parse_digit_mix("4=10")


def test_a_passage_starts_at_an_article_and_has_the_length_asked():
    source = skill_material.Source("regulation:1", "办法", ("第一条 甲乙丙。", "第二条 丁戊己。", "第三条 庚辛壬。"))
    drawn = skill_material.passage(3, [source], 12)
    assert len(drawn["text"]) == 12 and drawn["text"].startswith("第")


# --------------------------------------------------------------------------- timing flags


def _keys(times):
    return [skill_timing.Event(t, "key") for t in times]


def test_key_intervals_below_the_human_limit_are_flagged():
    flags = skill_timing.timing_flags(_keys(range(0, 300, 5)), [], final_chars=0, elapsed_seconds=10)
    assert [f["code"] for f in flags] == ["fast_keys"]


def test_a_normal_typist_raises_no_flag():
    events = _keys(range(0, 60000, 180)) + [skill_timing.Event(t, "input", 1) for t in range(0, 60000, 180)]
    batches = [skill_timing.Batch(s, int(s / 0.18)) for s in range(2, 61, 2)]
    assert skill_timing.timing_flags(events, batches, final_chars=333, elapsed_seconds=61) == []


def test_a_burst_of_committed_characters_is_flagged():
    events = [skill_timing.Event(1000, "compose", 20), skill_timing.Event(1400, "compose", 10)]
    assert "burst" in [f["code"] for f in skill_timing.timing_flags(events, [], final_chars=30, elapsed_seconds=5)]


def test_characters_arriving_faster_than_a_person_types_by_the_servers_clock_are_flagged():
    batches = [skill_timing.Batch(1.0, 100)]
    events = [skill_timing.Event(t * 1000, "input", 1) for t in range(100)]  # a forged, slow-looking timeline
    flags = skill_timing.timing_flags(events, batches, final_chars=100, elapsed_seconds=1.0)
    assert {"server_rate", "clock_skew"} <= {f["code"] for f in flags}


def test_text_that_no_recorded_input_put_there_is_flagged():
    flags = skill_timing.timing_flags([skill_timing.Event(0, "input", 1)], [], final_chars=50, elapsed_seconds=60)
    assert flags[0]["code"] == "unexplained_text"
