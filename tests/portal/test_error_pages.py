"""Issue 13, item 5: friendly 400, 403, 404, 500 and CSRF-failure pages in both languages, without
internals (no URL list, no traceback, no exception text); 403, 404 and CSRF inside the site chrome."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories.people import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.error_urls")]


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


def test_a_missing_page_in_chinese_is_the_portals_page_without_the_url_list(client):
    response = client.get("/zh-hans/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and 'class="site-header"' in body
    assert "urlpatterns" not in body and "URLconf" not in body and "admin/" not in body.split("<main", 1)[1]


def test_a_missing_page_in_english_is_in_english(client):
    body = client.get("/en/no-such-page/").content.decode()

    assert "Page not found" in body and '<html lang="en">' in body


def test_a_server_error_shows_a_bilingual_page_without_the_traceback(quiet_client):
    response = quiet_client.get("/test-errors/boom/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器错误" in body and "Server error" in body
    assert "Traceback" not in body and "secret internals" not in body and "RuntimeError" not in body


def test_a_refusal_shows_the_portals_page_without_the_permission_name(quiet_client):
    response = quiet_client.get("/test-errors/refused/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body and 'class="site-header"' in body
    assert "exams.grade_attempt" not in body


def test_a_bad_request_shows_a_bilingual_page_without_the_reason(quiet_client):
    response = quiet_client.get("/test-errors/suspicious/")

    body = response.content.decode()
    assert response.status_code == 400
    assert "请求无效" in body and "Bad request" in body
    assert "X-Internal" not in body


def test_a_request_for_an_unknown_host_gets_the_bad_request_page(quiet_client):
    response = quiet_client.get("/zh-hans/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400 and "请求无效" in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "表单已过期"), ("en", "The form has expired")])
def test_a_failed_csrf_check_explains_in_the_pages_language(language, text):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    response = client.post(reverse("logout").replace("/zh-hans/", f"/{language}/"))

    body = response.content.decode()
    assert response.status_code == 403
    assert text in body and 'class="site-header"' in body
    assert "CSRF_FAILURE_VIEW" not in body and "Reason given" not in body


@override_settings(DEBUG=False)
def test_the_error_pages_have_the_content_security_policy(quiet_client):
    assert "script-src" in quiet_client.get("/test-errors/boom/")["Content-Security-Policy"]
