"""Staff pages do not run more queries as the tables grow (issue 19 item 6): the same count with a few rows
and with many. bench/admin/bench_listings.py measures every page; these pin the ones it found growing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import RegulationArticle
from quizzes.exams.services import attempts
from tests.factories import content as f
from tests.factories.exams import exam_with_all_types, machine_marked_exam
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_sittings_page_runs_as_many_queries_with_many_employees_as_with_few(client, examiner, candidate, now):
    sitting, _questions = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    client.force_login(examiner)
    url = reverse("exams_sittings:inspect", args=[sitting.pk])
    _queries(client, url)  # warm caches (content types, permissions)

    few = _queries(client, url)
    EmployeeFactory.create_batch(25)
    many = _queries(client, url)

    assert many == few
    assert many <= MAX_QUERIES


def _attempt_on(sitting, employee, now):
    attempt = attempts.start_attempt(sitting, employee, now=now)
    attempts.submit_attempt(attempt.pk, employee, now=now)
    return attempt


def test_a_sittings_page_runs_as_many_queries_with_many_attempts_and_candidates_as_with_few(client, examiner,
                                                                                          candidate, now):
    sitting, _questions = exam_with_all_types(employees=[candidate])
    _attempt_on(sitting, candidate, now)
    client.force_login(examiner)
    url = reverse("exams_sittings:inspect", args=[sitting.pk])
    _queries(client, url)  # warm caches (content types, permissions)

    few = _queries(client, url)
    more = EmployeeFactory.create_batch(6)
    sitting.eligible_employees.add(*more)
    for employee in more:
        _attempt_on(sitting, employee, now)
    many = _queries(client, url)

    assert many == few
    assert many <= MAX_QUERIES


def test_a_sittings_page_gives_the_number_of_candidates_and_links_to_their_page_instead_of_listing_them(
        client, examiner, candidate):
    others = EmployeeFactory.create_batch(3)
    sitting, _questions = exam_with_all_types(employees=[candidate, *others])
    client.force_login(examiner)

    content = client.get(reverse("exams_sittings:inspect", args=[sitting.pk])).content.decode()

    assert reverse("exams_paper_candidates", args=[sitting.pk]) in content
    assert "4 candidates" in content or "4 名考生" in content
    for employee in (candidate, *others):
        assert reverse("exams_paper_enter", args=[sitting.pk, employee.pk]) not in content


def _linked_exam(count, employees):
    """A sitting of ``count`` questions, each testing a regulation article and a procedure."""
    sitting, questions = machine_marked_exam(employees=employees, count=count)
    regulation = f.simple_regulation(f.regulation_index(), n_articles=count)
    articles = list(RegulationArticle.objects.filter(page=regulation).order_by("pk"))
    procedure = f.procedure(f.department(title=f"部门{count}"), title=f"操作规程{count}")
    for question, article in zip(questions, articles, strict=True):
        question.regulation_articles.add(article)
        question.procedures.add(procedure)
    return sitting


def test_an_attempts_page_runs_as_many_queries_with_many_questions_as_with_few(client, examiner, candidate, now):
    short = _attempt_on(_linked_exam(2, [candidate]), candidate, now)
    long = _attempt_on(_linked_exam(12, [candidate]), candidate, now)
    client.force_login(examiner)
    _queries(client, reverse("exams_results:inspect", args=[short.pk]))  # warm caches

    few = _queries(client, reverse("exams_results:inspect", args=[short.pk]))
    many = _queries(client, reverse("exams_results:inspect", args=[long.pk]))

    assert long.items.count() == 12
    assert many == few
    assert many <= MAX_QUERIES
