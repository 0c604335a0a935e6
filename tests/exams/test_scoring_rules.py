"""Marking every question type under every blueprint policy (``quizzes.exams.rules.scoring``)."""

from decimal import Decimal

import pytest

from quizzes.exams.rules.scoring import Key, Policies, clean_response, is_correct, score_answer

SINGLE = Key("single", (1,))
TRUE_FALSE = Key("true_false", (1,))
MULTIPLE = Key("multiple", (0, 1, 2))
ORDERING = Key("ordering", (1, 0, 2, 3))
FILL = Key("fill_blank", blanks=(("网上银行", "网银"), ("手机银行",)))
SHORT = Key("short_answer")
PARTIAL = Policies(multiple="partial")
PER_POSITION = Policies(ordering="per_position")


def test_single_choice_scores_full_points_for_the_right_option():
    assert score_answer(SINGLE, [1], 2) == Decimal("2.00")


def test_single_choice_scores_zero_for_a_wrong_option():
    assert score_answer(SINGLE, [0], 2) == Decimal("0.00")


def test_true_false_is_marked_exactly():
    assert score_answer(TRUE_FALSE, [1], 1) == Decimal("1.00")
    assert score_answer(TRUE_FALSE, [0], 1) == Decimal("0.00")


def test_unanswered_question_scores_zero():
    assert score_answer(SINGLE, None, 2) == Decimal("0.00")
    assert score_answer(MULTIPLE, [], 2) == Decimal("0.00")


def test_multiple_choice_all_or_nothing_needs_exactly_the_right_set():
    assert score_answer(MULTIPLE, [2, 0, 1], 4) == Decimal("4.00")
    assert score_answer(MULTIPLE, [0, 1], 4) == Decimal("0.00")
    assert score_answer(MULTIPLE, [0, 1, 2, 3], 4) == Decimal("0.00")


def test_multiple_choice_partial_credit_is_right_minus_wrong_over_right_count():
    assert score_answer(MULTIPLE, [0, 1], 3, PARTIAL) == Decimal("2.00")
    assert score_answer(MULTIPLE, [0, 1, 3], 3, PARTIAL) == Decimal("1.00")
    assert score_answer(MULTIPLE, [0, 1, 2], 3, PARTIAL) == Decimal("3.00")


def test_multiple_choice_partial_credit_never_goes_below_zero():
    assert score_answer(Key("multiple", (0,)), [1, 2, 3], 3, PARTIAL) == Decimal("0.00")


def test_partial_credit_rounds_half_up_to_the_cent():
    assert score_answer(MULTIPLE, [0], 2, PARTIAL) == Decimal("0.67")


def test_ordering_scores_full_points_for_the_exact_order():
    assert score_answer(ORDERING, [1, 0, 2, 3], 4) == Decimal("4.00")


def test_ordering_in_a_wrong_order_scores_zero_by_default():
    assert score_answer(ORDERING, [1, 0, 3, 2], 4) == Decimal("0.00")


def test_ordering_per_position_gives_each_item_in_place_its_share():
    assert score_answer(ORDERING, [1, 0, 3, 2], 4, PER_POSITION) == Decimal("2.00")


def test_fill_blank_accepts_any_accepted_answer_per_blank():
    assert score_answer(FILL, ["网银", "手机银行"], 2) == Decimal("2.00")


def test_fill_blank_normalises_full_width_spaces_and_case():
    key = Key("fill_blank", blanks=(("ATM",), ("95566",)))
    assert score_answer(key, ["ａｔｍ", " ９５５ ６６ "], 2) == Decimal("2.00")


def test_fill_blank_gives_each_right_blank_its_share():
    assert score_answer(FILL, ["网上银行", "电话银行"], 2) == Decimal("1.00")


def test_fill_blank_with_an_empty_blank_does_not_match_anything():
    assert score_answer(Key("fill_blank", blanks=(("甲",),)), [""], 2) == Decimal("0.00")


def test_short_answer_is_left_for_an_examiner():
    assert score_answer(SHORT, "操作风险", 5) is None
    assert is_correct(SHORT, "操作风险") is None


def test_is_correct_is_true_only_for_a_fully_right_answer():
    assert is_correct(MULTIPLE, [0, 1, 2]) is True
    assert is_correct(MULTIPLE, [0, 1]) is False


@pytest.mark.parametrize("qtype,response,kwargs", [
    ("single", [0, 1], {"option_count": 4}),
    ("single", [7], {"option_count": 4}),
    ("multiple", [1, 1], {"option_count": 4}),
    ("ordering", [0, 1], {"option_count": 4}),
    ("multiple", "A", {"option_count": 4}),
    ("fill_blank", ["a", "b", "c"], {"blank_count": 2}),
    ("short_answer", ["x"], {}),
    ("single", [True], {"option_count": 4}),
])
def test_clean_response_refuses_an_answer_that_cannot_fit_the_question(qtype, response, kwargs):
    with pytest.raises(ValueError):
        clean_response(qtype, response, **kwargs)


def test_clean_response_pads_missing_blanks_and_treats_empty_as_cleared():
    assert clean_response("fill_blank", ["网银"], blank_count=2) == ["网银", ""]
    assert clean_response("multiple", [], option_count=4) is None
