"""Issue 13, item 4: a Content-Security-Policy on every response (portal: scripts from the portal or with the
request's nonce, never 'unsafe-inline'; admin: Wagtail's policy), Referrer-Policy, X-Content-Type-Options,
Permissions-Policy, and no avatar from the internet. The crawl of every page by role is in
test_hardening_on_demo.py."""

import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from portal.core.middleware import PortalCSPMiddleware
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def _script_src(response) -> str:
    return re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize(
    "url",
    ["/zh-hans/", "/en/", "/", "/zh-hans/accounts/login/", "/zh-hans/no-such-page/", "/healthz",
     "/static/css/portal.css", "/zh-hans/verify/not-a-token/", "/media/images/missing.png", "/documents/999/x.pdf"],
)
def test_every_kind_of_portal_response_has_the_strict_script_policy(client, url):
    response = client.get(url)

    assert "'self'" in _script_src(response)
    assert "unsafe-inline" not in _script_src(response) and "unsafe-eval" not in _script_src(response)
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_an_admin_page_has_the_admin_policy(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_the_admin_sign_in_page_has_a_policy(client):
    assert "default-src 'self'" in client.get("/admin/login/")["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/zh-hans/", "/zh-hans/accounts/login/", "/admin/login/"])
def test_the_other_security_headers_are_on_every_response(client, url):
    response = client.get(url)

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_a_nonce_a_template_uses_is_the_one_the_policy_allows(client):
    request = RequestFactory().get("/")
    middleware = PortalCSPMiddleware(lambda r: None)
    middleware.process_request(request)
    html = Template('<script nonce="{{ request.csp_nonce }}">1</script>').render(Context({"request": request}))
    response = middleware.process_response(request, HttpResponse(html))

    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in _script_src(response)


def test_avatars_never_come_from_gravatar(client):
    user = UserFactory(is_superuser=True, is_staff=True, email="someone@bank.invalid")
    client.force_login(user)

    html = client.get("/admin/").content.decode()

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "gravatar" not in html
