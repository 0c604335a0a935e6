"""Exact marking of matching, numerical and weighted questions, and the 少选得分 policy (issue 16)."""

from decimal import Decimal

import pytest

from quizzes.exams.rules.numbers import parse_number
from quizzes.exams.rules.scoring import Key, Policies, clean_response, is_unanswered, score_answer

D = Decimal
# 多选：A、B 各 50%，C 错选 -100%，D 错选 -50%
WEIGHTED_MULTIPLE = Key("multiple", (0, 1), weights=(D("0.5"), D("0.5"), D("-1"), D("-0.5")))
# weights summing above 1 (60% + 60%) and below 1 (40% + 40%)
ABOVE_ONE = Key("multiple", (0, 1), weights=(D("0.6"), D("0.6"), D("-1")))
BELOW_ONE = Key("multiple", (0, 1), weights=(D("0.4"), D("0.4"), D("0")))
WEIGHTED_SINGLE = Key("single", (2,), weights=(D("0"), D("0.5"), D("1"), D("-0.25")))
MATCHING = Key("matching", (2, 0, 1))  # three items; the answers may have a fourth, unused one
INTEREST = Key("numerical", numeric=({"value": "1822", "tolerance": "0", "fraction": "1"},
                                      {"value": "1822", "tolerance": "2", "fraction": "0.5"}))
PI_RANGE = Key("numerical", numeric=({"low": "3.141", "high": "3.142", "fraction": "1"},))
FEE = Key("numerical", numeric=({"value": "1234.50", "tolerance": "0.01", "fraction": "1"},), unit="元")
RELATIVE = Key("numerical", numeric=({"value": "200", "tolerance": "0.05", "relative": True, "fraction": "1"},))
MISSING = Policies(multiple="missing_partial")
ALL_OR_NOTHING_MATCHING = Policies(matching="all_or_nothing")


def test_weighted_multiple_choice_adds_the_weights_of_the_chosen_options():
    assert score_answer(WEIGHTED_MULTIPLE, [0, 1], 4) == D("4.00")
    assert score_answer(WEIGHTED_MULTIPLE, [0], 4) == D("2.00")


def test_a_negative_weight_takes_credit_away():
    assert score_answer(WEIGHTED_MULTIPLE, [0, 1, 3], 4) == D("2.00")


def test_negative_weights_never_take_the_total_below_zero():
    assert score_answer(WEIGHTED_MULTIPLE, [0, 2], 4) == D("0.00")
    assert score_answer(WEIGHTED_MULTIPLE, [2, 3], 4) == D("0.00")


def test_weights_summing_above_one_never_give_more_than_full_points():
    assert score_answer(ABOVE_ONE, [0, 1], 5) == D("5.00")
    assert score_answer(ABOVE_ONE, [0], 5) == D("3.00")


def test_weights_summing_below_one_give_only_their_sum():
    assert score_answer(BELOW_ONE, [0, 1], 5) == D("4.00")


def test_weighted_single_choice_earns_the_weight_of_the_one_option():
    assert score_answer(WEIGHTED_SINGLE, [1], 3) == D("1.50")
    assert score_answer(WEIGHTED_SINGLE, [2], 3) == D("3.00")
    assert score_answer(WEIGHTED_SINGLE, [3], 3) == D("0.00")


def test_missing_partial_gives_the_share_of_right_choices_when_nothing_is_wrong():
    key = Key("multiple", (0, 1, 2))
    assert score_answer(key, [0, 1], 3, MISSING) == D("2.00")
    assert score_answer(key, [0, 1, 2], 3, MISSING) == D("3.00")


def test_missing_partial_gives_zero_for_any_wrong_choice():
    key = Key("multiple", (0, 1, 2))
    assert score_answer(key, [0, 1, 3], 3, MISSING) == D("0.00")


def test_matching_per_pair_earns_the_share_of_right_pairs():
    assert score_answer(MATCHING, [2, 0, 3], 3) == D("2.00")
    assert score_answer(MATCHING, [2, 0, 1], 3) == D("3.00")


def test_matching_with_an_unanswered_item_counts_only_the_answered_right_pairs():
    assert score_answer(MATCHING, [2, None, None], 3) == D("1.00")


def test_matching_all_or_nothing_gives_zero_unless_every_pair_is_right():
    assert score_answer(MATCHING, [2, 0, 3], 3, ALL_OR_NOTHING_MATCHING) == D("0.00")
    assert score_answer(MATCHING, [2, 0, 1], 3, ALL_OR_NOTHING_MATCHING) == D("3.00")


def test_numerical_exact_value_earns_full_credit_and_a_near_one_the_partial_credit():
    assert score_answer(INTEREST, "1822", 2) == D("2.00")
    assert score_answer(INTEREST, "1824", 2) == D("1.00")
    assert score_answer(INTEREST, "1824.01", 2) == D("0.00")


def test_numerical_range_includes_both_edges_only():
    assert score_answer(PI_RANGE, "3.141", 1) == D("1.00")
    assert score_answer(PI_RANGE, "3.142", 1) == D("1.00")
    assert score_answer(PI_RANGE, "3.1409", 1) == D("0.00")
    assert score_answer(PI_RANGE, "3.1421", 1) == D("0.00")


def test_numerical_absolute_tolerance_edges_are_inside():
    assert score_answer(FEE, "1234.49", 1) == D("1.00")
    assert score_answer(FEE, "1234.51", 1) == D("1.00")
    assert score_answer(FEE, "1234.52", 1) == D("0.00")


def test_numerical_relative_tolerance_is_a_fraction_of_the_value():
    assert score_answer(RELATIVE, "210", 1) == D("1.00")
    assert score_answer(RELATIVE, "190", 1) == D("1.00")
    assert score_answer(RELATIVE, "210.01", 1) == D("0.00")


@pytest.mark.parametrize("typed", ["1234.5", "1,234.50", "１２３４．５", "１，２３４．５０", "1 234.5", "1234.5元",
                                   "1,234.50 元", "＋1234.5"])
def test_numerical_accepts_full_width_digits_thousands_separators_and_the_unit(typed):
    assert score_answer(FEE, typed, 1) == D("1.00")


@pytest.mark.parametrize("typed", ["1234.5美元", "12,34.5", "1234.5.0", "一千二百三十四", "1234.5 USD", "0x4d2", "nan"])
def test_numerical_refuses_another_unit_or_a_malformed_number(typed):
    assert score_answer(FEE, typed, 1) == D("0.00")


def test_parse_number_reads_a_minus_sign_in_any_width():
    assert parse_number("−12.5") == D("-12.5")
    assert parse_number("－12.5") == D("-12.5")


def test_clean_response_keeps_a_matching_answer_per_item_and_pads_it():
    assert clean_response("matching", [1, None], option_count=4, prompt_count=3) == [1, None, None]


def test_clean_response_refuses_a_matching_answer_outside_the_answers():
    with pytest.raises(ValueError):
        clean_response("matching", [4, 0, 1], option_count=4, prompt_count=3)
    with pytest.raises(ValueError):
        clean_response("matching", [0, 1, 2, 3], option_count=4, prompt_count=3)
    with pytest.raises(ValueError):
        clean_response("matching", [True, 0, 1], option_count=4, prompt_count=3)


def test_clean_response_refuses_a_numerical_answer_that_is_not_short_text():
    with pytest.raises(ValueError):
        clean_response("numerical", {"x": 1})
    with pytest.raises(ValueError):
        clean_response("numerical", "9" * 65)


def test_an_all_none_matching_answer_is_unanswered():
    assert is_unanswered([None, None]) is True
    assert clean_response("matching", [None, None], option_count=3, prompt_count=2) is None
