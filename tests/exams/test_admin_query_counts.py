"""Staff pages do not run more queries as the tables grow (issue 19 item 6): the same count with a few rows
and with many. bench/admin/bench_listings.py measures every page; these pin the ones it found growing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.exams.services import attempts
from tests.factories.exams import exam_with_all_types
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
