"""/healthz is public JSON, 200 when every component answers, 503 when one is down."""

import pytest
from django.core.files.storage import storages
from django.test import override_settings

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
