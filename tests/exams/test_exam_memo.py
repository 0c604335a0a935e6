"""What the exam's hot calls keep of immutable rows (issue 19): a started paper's metadata and frozen question
versions, in the process's own cache or — where the cache is shared between servers — per process, never
written to the shared cache."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.exams.models import Attempt, AttemptStatus
from quizzes.exams.services import answers, memo, papers
from quizzes.models import QuestionVersion
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(monkeypatch):
    """As with production's DatabaseCache: the copies are kept per process."""
    monkeypatch.setattr(memo, "_in_process_cache", lambda: False)
    answers._PAPERS.clear()
    papers._VERSIONS.clear()
    yield
    answers._PAPERS.clear()
    papers._VERSIONS.clear()


def start(client, user, candidate, count=5):
    sitting, _ = machine_marked_exam(employees=[candidate], count=count)
    client.force_login(user)
    assert client.post(reverse("exams:sitting", args=[sitting.pk])).status_code == 302
    return Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS)


def version_reads(ctx) -> int:
    return sum(1 for q in ctx.captured_queries if 'FROM "quizzes_questionversion"' in q["sql"])


def test_with_a_shared_cache_the_paper_loads_its_versions_from_the_copies_kept(client, candidate_user, candidate,
                                                                               shared_cache):
    attempt = start(client, candidate_user, candidate)
    with CaptureQueriesContext(connection) as ctx:
        paper = client.get(reverse("exams:api_attempt", args=[attempt.pk])).json()
    assert len(paper["questions"]) == 5 and version_reads(ctx) == 0


def test_with_a_shared_cache_a_process_that_has_not_seen_the_paper_reads_it_and_saves(client, candidate_user,
                                                                                       candidate, shared_cache):
    attempt = start(client, candidate_user, candidate)
    answers._PAPERS.clear()
    papers._VERSIONS.clear()  # as on the other server
    response = client.post(reverse("exams:api_save", args=[attempt.pk, 1]), json.dumps({"response": [0], "seq": 1}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["saved"]
    assert attempt.items.get(position=1).response_seq == 1


def test_with_a_shared_cache_nothing_of_the_paper_is_written_to_it(client, candidate_user, candidate, shared_cache):
    attempt = start(client, candidate_user, candidate)
    client.get(reverse("exams:api_attempt", args=[attempt.pk]))
    assert cache.get(f"exams:paper-meta:v2:{attempt.pk}") is None and attempt.pk in answers._PAPERS.local


def test_a_version_not_yet_frozen_is_never_kept(shared_cache):
    _sitting, questions = machine_marked_exam(count=1)
    version_id = questions[0].current_version_id
    QuestionVersion.objects.filter(pk=version_id).update(frozen_at=None)
    assert papers.versions_by_id([version_id])[version_id].frozen_at is None
    assert version_id not in papers._VERSIONS.local
