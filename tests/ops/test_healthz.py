"""/healthz is public JSON, 200 when every component answers, 503 when one is down."""

import datetime
import socket

import pytest
from django.core.files.storage import storages
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.ops import health
from portal.ops.models import JobRun
from quizzes.certification.tasks import expiry_reminders_task

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_component_to_an_anonymous_caller(client):
    response = client.get("/healthz")
    body = response.json()
    assert (response.status_code, body["status"], set(body["checks"])) == (
        200, "ok", {"database", "cache", "tasks", "scheduler", "files"})


@override_settings(OPS_HEALTHZ_REQUIRE_SCHEDULER=True)
def test_healthz_is_503_when_the_required_scheduler_never_ran(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["scheduler"]["status"]) == (503, "down")


def test_healthz_is_503_when_the_file_store_is_not_writable(client, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(storages["private"], "save", refuse)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["files"]["private"]) == (503, "PermissionError")


def test_healthz_refuses_a_post(client):
    assert client.post("/healthz", data="x" * 10_000, content_type="application/json").status_code == 405


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", AUTH_LDAP_SERVER_URI="ldap://127.0.0.1:9")
def test_healthz_reports_unreachable_directory_and_search_without_their_addresses(client):
    response = client.get("/healthz")
    body = response.content.decode()
    assert response.status_code == 503 and "127.0.0.1" not in body
    assert response.json()["checks"]["directory"]["status"] == "down"


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["database"]) == (
        503, {"status": "down", "error": "OperationalError"})


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                       "LOCATION": "cache_table_never_created"}})
def test_healthz_is_503_when_the_cache_is_down(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["cache"]["status"]) == (503, "down")
    assert response.json()["checks"]["database"]["status"] == "ok"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}},
                   OPS_TASK_BACKLOG_MAX_AGE=900)
def test_healthz_is_503_when_queued_tasks_wait_longer_than_allowed(client):
    expiry_reminders_task.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/healthz")
    tasks = response.json()["checks"]["tasks"]
    assert (response.status_code, tasks["status"], tasks["ready"], tasks["oldest_seconds"] >= 3600) == (
        503, "down", 1, True)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}})
def test_healthz_counts_a_fresh_backlog_as_healthy(client):
    expiry_reminders_task.enqueue()
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["tasks"]["ready"]) == (200, 1)


@override_settings(OPS_HEALTHZ_REQUIRE_SCHEDULER=True, OPS_SCHEDULER_STALE_AFTER=300)
def test_healthz_is_503_when_the_scheduler_stopped_running(client):
    JobRun.objects.create(name="publish_scheduled", next_due=timezone.now(),
                          last_finished=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["scheduler"]["fresh"]) == (503, False)


@override_settings(OPS_HEALTHZ_REQUIRE_SCHEDULER=True)
def test_healthz_is_200_when_the_scheduler_ran_recently(client):
    JobRun.objects.create(name="publish_scheduled", next_due=timezone.now(), last_finished=timezone.now())
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["scheduler"]["status"]) == (200, "ok")


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_healthz_is_503_when_elasticsearch_is_configured_and_down(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["elasticsearch"]["status"]) == (503, "down")


def test_healthz_reports_a_configured_directory_that_answers(client):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with override_settings(AUTH_LDAP_SERVER_URI=f"ldap://127.0.0.1:{listener.getsockname()[1]}"):
            response = client.get("/healthz")
    assert (response.status_code, response.json()["checks"]["directory"]["status"]) == (200, "ok")
