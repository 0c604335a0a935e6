"""The rule for a candidate's weakest knowledge points (quizzes/exams/rules/weak_points.py), on plain numbers."""

from __future__ import annotations

import pytest

from quizzes.exams.rules.weak_points import QuestionMark, weakest_points

A = "《电子银行业务管理办法》第十条"
B = "《反洗钱管理办法》第五条"
C = "现金业务操作规程"


def _names(points):
    return [p.knowledge_point for p in points]


def test_points_are_ranked_by_the_share_of_marks_lost():
    marks = [
        QuestionMark([A], 0, 2), QuestionMark([A], 1, 2),  # lost 3 of 4: 0.75
        QuestionMark([B], 0, 1), QuestionMark([B], 0, 1),  # lost 2 of 2: 1.0
        QuestionMark([C], 1, 2), QuestionMark([C], 1, 2),  # lost 2 of 4: 0.5
    ]
    points = weakest_points(marks)
    assert _names(points) == [B, A, C]
    assert points[1].loss_ratio == pytest.approx(0.75)
    assert (points[1].questions, points[1].scored, points[1].available) == (2, 1.0, 4.0)


def test_a_point_tested_by_fewer_than_the_minimum_of_questions_is_not_ranked():
    marks = [QuestionMark([A], 0, 5), QuestionMark([B], 0, 1), QuestionMark([B], 0, 1)]
    assert _names(weakest_points(marks)) == [B]
    assert _names(weakest_points(marks, min_questions=1)) == [A, B]


def test_a_point_that_lost_less_than_the_minimum_share_is_not_weak():
    marks = [QuestionMark([A], 2, 2), QuestionMark([A], 1, 2)]  # lost 1 of 4
    assert weakest_points(marks) == []
    assert _names(weakest_points(marks, min_loss=0.25)) == [A]


def test_a_question_tagged_with_several_points_counts_for_each_and_a_repeated_tag_once():
    marks = [QuestionMark([A, B, A], 0, 1), QuestionMark([A, B], 0, 1)]
    points = weakest_points(marks)
    assert sorted(_names(points)) == sorted([A, B])
    assert all(p.questions == 2 for p in points)


def test_untagged_and_zero_mark_questions_are_ignored_and_marks_are_clamped():
    marks = [QuestionMark([], 0, 3), QuestionMark([A], 0, 0), QuestionMark([A], -1, 1), QuestionMark([A], 5, 1)]
    points = weakest_points(marks, min_questions=1, min_loss=0)
    assert len(points) == 1
    assert (points[0].questions, points[0].scored, points[0].available) == (2, 1.0, 2.0)


def test_ties_are_broken_by_marks_lost_then_text_whatever_the_input_order():
    marks = [QuestionMark(["K3"], 0, 1), QuestionMark(["K3"], 0, 1),
             QuestionMark(["K2"], 0, 2), QuestionMark(["K2"], 0, 2),
             QuestionMark(["K1"], 0, 1), QuestionMark(["K1"], 0, 1)]
    assert _names(weakest_points(marks)) == ["K2", "K1", "K3"]
    assert _names(weakest_points(list(reversed(marks)))) == ["K2", "K1", "K3"]


def test_at_most_limit_points_are_returned_and_no_marks_give_none():
    marks = [QuestionMark([f"K{i}"], 0, 1) for i in range(10) for _ in range(2)]
    assert len(weakest_points(marks)) == 5
    assert len(weakest_points(marks, limit=3)) == 3
    assert weakest_points([]) == []
