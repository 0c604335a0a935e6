"""Item analysis (``quizzes.exams.rules.statistics``) against values worked out independently.

The small matrices are worked by hand (fractions in the comments); the simulated one is checked against
the standard library's ``statistics`` module (population variance, Pearson's r), computed separately.
"""

import math
import random
import statistics as stdlib

import pytest

from quizzes.exams.rules.statistics import (
    DISTRACTOR_BEATS_KEY,
    NEGATIVE_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    distractor_analysis,
    group_size,
    histogram,
    item_analysis,
    item_flags,
)

# Four candidates, three 0/1 items: totals 3, 2, 1, 0.
HAND = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
ONES = [1, 1, 1]


def test_result_has_exactly_the_specified_keys():
    result = item_analysis(HAND, ONES)
    assert set(result) == {"n", "mean", "sd", "alpha", "sem", "items"}
    assert set(result["items"][0]) == {"facility", "discrimination", "point_biserial", "upper_lower", "alpha_if_deleted"}


def test_hand_worked_paper_figures_use_population_variance():
    result = item_analysis(HAND, ONES)
    # totals 3,2,1,0: mean 1.5, var 5/4; item variances 3/16 + 1/4 + 3/16 = 5/8; α = 3/2·(1 − 1/2) = 3/4
    assert result["n"] == 4
    assert result["mean"] == pytest.approx(1.5)
    assert result["sd"] == pytest.approx(math.sqrt(1.25))
    assert result["alpha"] == pytest.approx(0.75)
    assert result["sem"] == pytest.approx(math.sqrt(1.25) * 0.5)


def test_hand_worked_item_figures():
    first = item_analysis(HAND, ONES)["items"][0]
    assert first["facility"] == pytest.approx(0.75)
    assert first["point_biserial"] == pytest.approx(math.sqrt(3 / 5))  # cov 3/8 over √(3/16 · 5/4)
    assert first["discrimination"] == pytest.approx(math.sqrt(3 / 11))  # rest 2,1,0,0: cov 3/16, var 11/16
    assert first["alpha_if_deleted"] == pytest.approx(8 / 11)  # 2·(1 − (7/16)/(11/16))
    assert first["upper_lower"] == pytest.approx(1.0)  # groups of round(1.08) = 1: c0 and c3


def test_polytomous_items_are_divided_by_their_maximum():
    # marks out of 4 and 2: item 0 = 4,2,0 (mean 2 → 0.5), item 1 = 2,2,0 (mean 4/3 → 2/3)
    result = item_analysis([[4, 2], [2, 2], [0, 0]], [4, 2])
    assert result["items"][0]["facility"] == pytest.approx(0.5)
    assert result["items"][1]["facility"] == pytest.approx(2 / 3)
    # totals 6,4,0: var = 56/9; item variances 8/3 and 8/9 → α = 2·(1 − (32/9)/(56/9)) = 6/7
    assert result["alpha"] == pytest.approx(6 / 7)
    # upper group = 1 candidate (total 6), lower = 1 (total 0): (4 − 0)/4 and (2 − 0)/2
    assert result["items"][0]["upper_lower"] == pytest.approx(1.0)


def test_zero_variance_item_has_no_correlations_but_a_facility():
    matrix = [row + [1] for row in HAND]
    item = item_analysis(matrix, [1, 1, 1, 1])["items"][3]
    assert item["facility"] == 1.0
    assert item["discrimination"] is None
    assert item["point_biserial"] is None
    assert item["upper_lower"] == 0.0


def test_zero_variance_item_leaves_alpha_if_deleted_equal_to_the_paper_without_it():
    matrix = [row + [1] for row in HAND]
    item = item_analysis(matrix, [1, 1, 1, 1])["items"][3]
    assert item["alpha_if_deleted"] == pytest.approx(0.75)


def test_everyone_with_the_same_total_gives_none_not_an_exception():
    result = item_analysis([[1, 0], [0, 1], [1, 0]], [1, 1])
    assert result["sd"] == 0.0
    assert result["alpha"] is None
    assert result["sem"] is None


def test_single_candidate_gives_none_for_everything_that_needs_variance():
    result = item_analysis([[1, 0, 1]], ONES)
    assert result["n"] == 1
    assert result["mean"] == 2.0
    assert result["alpha"] is None and result["sem"] is None
    assert [i["facility"] for i in result["items"]] == [1.0, 0.0, 1.0]
    assert all(i["discrimination"] is None and i["point_biserial"] is None for i in result["items"])
    assert all(i["upper_lower"] == 0.0 for i in result["items"])


def test_no_candidates_gives_none_everywhere():
    result = item_analysis([], ONES)
    assert result["n"] == 0 and result["mean"] is None and result["sd"] is None
    assert result["items"][0] == {
        "facility": None, "discrimination": None, "point_biserial": None, "upper_lower": None,
        "alpha_if_deleted": None,
    }


def test_two_item_paper_has_no_alpha_if_deleted():
    result = item_analysis([[1, 1], [0, 1], [0, 0]], [1, 1])
    assert all(i["alpha_if_deleted"] is None for i in result["items"])


def test_group_size_is_27_percent_rounded_half_up_and_at_least_one():
    assert [group_size(n) for n in (1, 2, 4, 10, 50, 100, 150, 500)] == [1, 1, 1, 3, 14, 27, 41, 135]


def test_ties_at_the_group_border_are_kept_in_input_order():
    # totals 1,1,1,0 (n = 4 → groups of 1): upper is the first candidate with 1; lower the one with 0.
    # Item 0 is right only for candidate 1, so the upper group (candidate 0) has it wrong.
    matrix = [[0, 1], [1, 0], [0, 1], [0, 0]]
    item = item_analysis(matrix, [1, 1])["items"][0]
    assert item["upper_lower"] == 0.0


def test_simulated_matrix_matches_the_standard_library():
    rng = random.Random(20261202)
    ability = [rng.gauss(0, 1) for _ in range(120)]
    difficulty = [rng.uniform(-1.5, 1.5) for _ in range(12)]
    matrix = [[1 if rng.random() < 1 / (1 + math.exp(d - a)) else 0 for d in difficulty] for a in ability]
    result = item_analysis(matrix, [1] * 12)

    totals = [sum(row) for row in matrix]
    columns = [[row[i] for row in matrix] for i in range(12)]
    kr20 = 12 / 11 * (1 - sum(stdlib.pvariance(c) for c in columns) / stdlib.pvariance(totals))
    assert result["mean"] == pytest.approx(stdlib.fmean(totals))
    assert result["sd"] == pytest.approx(stdlib.pstdev(totals))
    assert result["alpha"] == pytest.approx(kr20)
    assert result["sem"] == pytest.approx(stdlib.pstdev(totals) * math.sqrt(1 - kr20))
    for i, item in enumerate(result["items"]):
        rest = [t - x for t, x in zip(totals, columns[i], strict=True)]
        assert item["facility"] == pytest.approx(stdlib.fmean(columns[i]))
        assert item["discrimination"] == pytest.approx(stdlib.correlation(columns[i], rest))
        assert item["point_biserial"] == pytest.approx(stdlib.correlation(columns[i], totals))
        others = [c for j, c in enumerate(columns) if j != i]
        rest_var = stdlib.pvariance(rest)
        expected = 11 / 10 * (1 - sum(stdlib.pvariance(c) for c in others) / rest_var)
        assert item["alpha_if_deleted"] == pytest.approx(expected)


def test_simulated_upper_lower_matches_a_direct_count():
    rng = random.Random(7)
    matrix = [[rng.randint(0, 1) for _ in range(5)] for _ in range(37)]
    totals = [sum(row) for row in matrix]
    g = round(0.27 * 37)  # 9.99 → 10
    upper = sorted(range(37), key=lambda c: -totals[c])[:g]
    lower = sorted(range(37), key=lambda c: totals[c])[:g]
    result = item_analysis(matrix, [1] * 5)
    for i, item in enumerate(result["items"]):
        expected = sum(matrix[c][i] for c in upper) / g - sum(matrix[c][i] for c in lower) / g
        assert item["upper_lower"] == pytest.approx(expected)


def _miskeyed():
    """Ten candidates, items 0-2 keyed right; item 3's key says option 0 but strong candidates choose 1."""
    strong = [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 0], [1, 0, 1]]
    weak = [[0, 0, 0], [1, 0, 0], [0, 0, 0], [0, 1, 0], [0, 0, 0]]
    scores, choices = [], []
    for row in strong:
        scores.append(row + [0])
        choices.append([[0] if m else [2] for m in row] + [[1]])
    for row in weak:
        scores.append(row + [1])
        choices.append([[0] if m else [2] for m in row] + [[0]])
    return scores, choices


def test_miskeyed_item_is_flagged_as_a_distractor_beating_the_key():
    scores, choices = _miskeyed()
    result = distractor_analysis(scores, choices, [4, 4, 4, 4], [[0], [0], [0], [0]])
    assert result[3]["distractor_beats_key"] is True
    assert result[0]["distractor_beats_key"] is False


def test_miskeyed_item_shares_by_group_and_option_correlations():
    scores, choices = _miskeyed()
    options = distractor_analysis(scores, choices, [4, 4, 4, 4], [[0], [0], [0], [0]])[3]["options"]
    # n = 10 → groups of 3: the three strong candidates with 3 (+0) chose option 1; the lower three chose 0.
    assert [(o["share"], o["upper"], o["lower"]) for o in options[:2]] == [(0.5, 0.0, 1.0), (0.5, 1.0, 0.0)]
    assert options[0]["is_key"] and not options[1]["is_key"]
    assert options[1]["rest_correlation"] > 0 > options[0]["rest_correlation"]
    assert options[2]["rest_correlation"] is None  # nobody chose it


def test_miskeyed_item_carries_both_flags():
    scores, choices = _miskeyed()
    item = item_analysis(scores, [1, 1, 1, 1])["items"][3]
    distractors = distractor_analysis(scores, choices, [4, 4, 4, 4], [[0], [0], [0], [0]])[3]
    assert item_flags(item, distractors) == [NEGATIVE_DISCRIMINATION, DISTRACTOR_BEATS_KEY]


def test_non_choice_items_have_no_distractor_analysis():
    assert distractor_analysis([[1], [0]], [[None], [None]], [None], [[]]) == [None]


def test_facility_flags_at_the_thresholds():
    def item(f):
        return {"facility": f, "discrimination": None}

    assert item_flags(item(0.96)) == [TOO_EASY]
    assert item_flags(item(0.95)) == []
    assert item_flags(item(0.19)) == [TOO_HARD]
    assert item_flags(item(0.2)) == []


def test_histogram_puts_the_maximum_in_the_last_bin():
    bins = histogram([0, 9.9, 10, 55, 100], 100, bins=10)
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
