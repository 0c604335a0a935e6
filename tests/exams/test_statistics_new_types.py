"""Item statistics of matching (per pair), numerical and weighted questions (issue 16)."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from quizzes.exams.rules.statistics import (
    DISTRACTOR_BEATS_KEY,
    distractor_analysis,
    item_analysis,
    item_flags,
    numeric_analysis,
    pair_analysis,
)
from quizzes.exams.services import attempts
from quizzes.exams.services.statistics_page import cached
from tests.factories.exams import matching_numerical_exam
from tests.factories.people import EmployeeFactory

# ------------------------------------------------------------------------------------------ rules (pure)


def test_partial_marks_give_the_mean_share_of_the_points_as_facility():
    result = item_analysis([[2.0], [1.0], [0.5], [0.5]], [2])
    assert result["items"][0]["facility"] == pytest.approx(0.5)


def test_pair_analysis_gives_each_pair_its_share_of_right_matches_and_commonest_wrong_answer():
    scores = [[3, 1], [2, 1], [1, 0], [0, 0]]
    picks = [[[0, 1, 2]], [[0, 1, 3]], [[1, 0, 2]], [None]]
    rows = pair_analysis([[s[0]] for s in scores], picks, [[0, 1, 2]])[0]["pairs"]
    assert [r["right"] for r in rows] == [0.5, 0.5, 0.5]
    assert [r["commonest_wrong"] for r in rows] == [1, 0, 3]
    assert rows[0]["upper"] == 1.0 and rows[0]["lower"] == 0.0  # groups of one: the best and the worst


def test_pair_analysis_leaves_other_items_out():
    assert pair_analysis([[1, 1]], [[[0], [0]]], [None, [0]])[0] is None


def test_a_pair_nobody_got_wrong_has_no_commonest_wrong_answer():
    rows = pair_analysis([[1], [1]], [[[0, 1]], [[0, 1]]], [[0, 1]])[0]["pairs"]
    assert [r["commonest_wrong"] for r in rows] == [None, None]
    assert rows[0]["rest_correlation"] is None  # no variance


def test_numeric_analysis_sorts_answers_into_full_partial_wrong_and_unanswered():
    scores = [[2], [2], [1], [0], [0], [0]]
    answers = [["150"], ["150"], ["151"], ["15"], ["15"], [None]]
    row = numeric_analysis(scores, [2], answers, [True])[0]
    assert (row["full"], row["partial"], row["wrong"], row["unanswered"]) == pytest.approx((2 / 6, 1 / 6, 2 / 6, 1 / 6))
    assert row["common_wrong"] == [{"answer": "15", "count": 2}]


def test_numeric_analysis_leaves_other_items_out():
    assert numeric_analysis([[1]], [1], [[None]], [False]) == [None]


def test_a_partial_credit_option_chosen_more_than_the_key_is_not_a_distractor_beating_it():
    # Item 0: weighted single choice, key B (100%), A earns 50%. Item 1 puts the A choosers on top, so the
    # upper group (one candidate) chose A.
    scores = [[0.5, 1], [0.5, 1], [1, 0], [0, 0]]
    choices = [[[0], None], [[0], None], [[1], None], [[2], None]]
    weighted = distractor_analysis(scores, choices, [3, None], [[1], []], [[0.5, 1, 0], None])
    assert [r["weight"] for r in weighted[0]["options"]] == [0.5, 1.0, 0.0] and weighted[1] is None
    assert weighted[0]["distractor_beats_key"] is False
    plain = distractor_analysis(scores, choices, [3, None], [[1], []])[0]
    assert plain["distractor_beats_key"] is True
    assert DISTRACTOR_BEATS_KEY in item_flags({"discrimination": None, "facility": 0.5}, plain)


# ----------------------------------------------------------------------------- real attempts, the page

# (matching picks in original positions, numerical answer) of four candidates; key [0, 1, 2] and 150 元.
ANSWERS = [([0, 1, 2], "150"), ([0, 1, 3], "１５０元"), ([1, 0, 2], "15"), (None, "15.0")]


@pytest.fixture
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sitting_with_new_types(db, now, _clear_cache):
    people = [EmployeeFactory() for _ in ANSWERS]
    sitting, questions = matching_numerical_exam(employees=people)
    for person, (pairs, number) in zip(people, ANSWERS, strict=True):
        attempt = attempts.start_attempt(sitting, person, now=now)
        if pairs is not None:
            attempts.save_answer(attempt.pk, person, 1, pairs, now=now)
        attempts.save_answer(attempt.pk, person, 2, number, now=now)
        attempts.submit_attempt(attempt.pk, person, now=now)
    return sitting, questions


def test_matching_figures_are_given_per_pair_from_real_attempts(sitting_with_new_types):
    sitting, questions = sitting_with_new_types
    data, _fresh = cached(sitting)
    item = next(i for i in data["items"] if i["question"] == questions[0].pk)
    assert item["distractors"] is None
    assert [p["right"] for p in item["pairs"]["pairs"]] == [0.5, 0.5, 0.5]
    assert [item["right_answers"][p["commonest_wrong"]] for p in item["pairs"]["pairs"]] == [
        "对公柜台", "对私柜台", "理财柜台"]


def test_numerical_figures_read_full_width_and_units_and_group_wrong_numbers(sitting_with_new_types):
    sitting, questions = sitting_with_new_types
    data, _fresh = cached(sitting)
    item = next(i for i in data["items"] if i["question"] == questions[1].pk)
    assert (item["answers"]["full"], item["answers"]["wrong"], item["answers"]["unanswered"]) == (0.5, 0.5, 0.0)
    assert item["answers"]["common_wrong"] == [{"answer": "15", "count": 2}]  # "15" and "15.0" are one number
    assert item["facility"] == pytest.approx(0.5)


def test_the_statistics_page_shows_the_pairs_and_the_numerical_answers(client, examiner, sitting_with_new_types):
    sitting, _questions = sitting_with_new_types
    client.force_login(examiner)
    body = client.get(reverse("exams_statistics:sitting", args=[sitting.pk])).content.decode()
    assert "个人开户" in body and "理财柜台" in body
    assert "15 ×2" in body


def test_the_statistics_excel_has_a_sheet_per_pair_and_per_numerical_answer(client, examiner, sitting_with_new_types):
    sitting, _questions = sitting_with_new_types
    client.force_login(examiner)
    response = client.get(reverse("exams_statistics:sitting", args=[sitting.pk]) + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    pairs = list(book.worksheets[3].iter_rows(values_only=True))
    numeric = list(book.worksheets[4].iter_rows(values_only=True))
    assert [row[2] for row in pairs[1:]] == ["个人开户", "对公结算", "外币兑换"]
    assert numeric[1][2:6] == (0.5, 0.0, 0.5, 0.0)
