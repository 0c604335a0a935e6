"""The examiner's statistics page: figures from real attempts, computed in the background task, cached per
sitting and recomputed after a key correction; refused to the wrong roles; Excel export."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from portal.people.roles import EMPLOYEE
from quizzes.exams.rules.shuffle import to_display
from quizzes.exams.services import attempts, rescoring
from quizzes.exams.services import statistics as stats
from quizzes.exams.services.statistics_page import cached
from quizzes.services.questions import QuestionContent, revise_question
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, user_with_role

pytestmark = pytest.mark.django_db

# Four candidates × three single-choice questions (key: option 1). Rows are the original options chosen.
CHOICES = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sitting_with_results(now):
    people = [EmployeeFactory() for _ in CHOICES]
    sitting, questions = machine_marked_exam(employees=people, count=3, points="1", pass_mark=Decimal("2"))
    for person, row in zip(people, CHOICES, strict=True):
        attempt = attempts.start_attempt(sitting, person, now=now)
        for item in attempt.items.select_related("version"):
            choice = row[questions.index(item.version.question)]
            attempts.save_answer(attempt.pk, person, item.position, to_display("single", [choice], item.option_order), now=now)
        attempts.submit_attempt(attempt.pk, person, now=now)
    return sitting, questions


def test_figures_match_the_hand_worked_matrix(sitting_with_results):
    sitting, _questions = sitting_with_results
    data, fresh = cached(sitting)
    assert fresh
    assert data["n"] == 4
    assert data["alpha"] == pytest.approx(0.75)
    assert sorted(i["facility"] for i in data["items"]) == pytest.approx([0.25, 0.5, 0.75])


def test_figures_are_served_from_the_cache_until_the_results_change(sitting_with_results, django_assert_max_num_queries):
    sitting, _ = sitting_with_results
    cached(sitting)
    with django_assert_max_num_queries(3):  # the fingerprint and the cache read, no matrix query
        data, fresh = cached(sitting)
    assert fresh and data["n"] == 4


def test_a_key_correction_recomputes_the_figures(sitting_with_results, examiner, now):
    sitting, questions = sitting_with_results
    before, _ = cached(sitting)
    question = questions[0]
    content = QuestionContent.from_version(question.current_version)
    content.correct = [0]
    corrected = revise_question(question, content, change_note="答案更正")
    rescoring.apply(sitting, corrected, reason="答案更正为A", acting_user=examiner, now=now)
    after, fresh = cached(sitting)
    assert fresh
    assert after["computed_at"] >= before["computed_at"]
    first = next(i for i in after["items"] if i["question"] == question.pk)
    assert first["facility"] == pytest.approx(0.25)  # only the weakest candidate chose option 0


def test_figures_computed_for_older_results_are_not_stored(sitting_with_results):
    sitting, _ = sitting_with_results
    stats.store(sitting, first_only=True, print_="stale")
    assert cache.get(stats.cache_key(sitting.pk, True, stats.fingerprint(sitting))) is None


def test_examiner_sees_the_statistics_page_with_chart_data_and_items(client, examiner, sitting_with_results):
    sitting, _ = sitting_with_results
    client.force_login(examiner)
    response = client.get(reverse("exams_statistics:sitting", args=[sitting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="score-histogram-data"' in body and 'data-figure="alpha"' in body
    assert body.count("data-question=") == 3
    assert "<script>" not in body.replace('<script type="application/json"', "")


def test_items_under_thirty_responses_are_greyed(client, examiner, sitting_with_results):
    sitting, _ = sitting_with_results
    client.force_login(examiner)
    body = client.get(reverse("exams_statistics:sitting", args=[sitting.pk])).content.decode()
    assert body.count('class="stat-greyed" data-question=') == 3


def test_excel_export_has_the_items_sheet(client, examiner, sitting_with_results):
    sitting, _ = sitting_with_results
    client.force_login(examiner)
    response = client.get(reverse("exams_statistics:sitting", args=[sitting.pk]) + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    items = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(items) == 4  # heading + three questions
    assert sorted(row[4] for row in items[1:]) == pytest.approx([0.25, 0.5, 0.75])


def test_hr_without_the_key_permission_is_refused(client, hr, sitting_with_results):
    sitting, _ = sitting_with_results
    client.force_login(hr)
    response = client.get(reverse("exams_statistics:sitting", args=[sitting.pk]), follow=True)
    assert response.redirect_chain  # Wagtail sends a refused user back to the dashboard
    assert "data-figure" not in response.content.decode() and "stat-greyed" not in response.content.decode()


def test_a_candidate_is_refused_the_statistics(client, sitting_with_results):
    sitting, questions = sitting_with_results
    client.force_login(user_with_role(EMPLOYEE, username="stat_cand", employee=True))
    for url in (reverse("exams_statistics:sitting", args=[sitting.pk]),
                reverse("exams_statistics:question", args=[questions[0].pk])):
        response = client.get(url, follow=True)
        assert "data-figure" not in response.content.decode() and "stat-greyed" not in response.content.decode()


def test_hostile_parameters_do_not_cause_an_error(client, examiner, sitting_with_results):
    sitting, _ = sitting_with_results
    client.force_login(examiner)
    url = reverse("exams_statistics:sitting", args=[sitting.pk])
    assert client.get(url + "?attempts=%27;DROP&format=../../etc").status_code == 200
    assert client.get(reverse("exams_statistics:sitting", args=[999999]), follow=True).status_code == 404


def test_question_page_lists_the_sitting(client, examiner, sitting_with_results):
    sitting, questions = sitting_with_results
    client.force_login(examiner)
    response = client.get(reverse("exams_statistics:question", args=[questions[0].pk]))
    assert response.status_code == 200
    assert str(sitting) in response.content.decode()
