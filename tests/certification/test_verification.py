"""The public verification page: no login, masked name, revoked / expired / superseded, tampering, rate limit."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from quizzes.certification.models import Certificate
from quizzes.certification.services.issuing import reissue_certificate, revoke_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def verify_url(token, language="zh-hans"):
    return f"/{language}/verify/{token}/"


def test_the_qr_code_points_at_the_verification_page(certificate):
    assert certificate.frozen["verify_url"] == f"http://testserver/zh-hans/verify/{certificate.token}/"


def test_a_valid_certificate_verifies_without_login_and_shows_a_masked_name(client, certificate):
    response = client.get(verify_url(certificate.token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "真实有效" in html
    assert "张*明" in html and "张晓明" not in html
    assert certificate.serial in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_verification_page_speaks_english_under_the_english_prefix(client, certificate):
    html = client.get(verify_url(certificate.token, "en")).content.decode()
    assert "Genuine and valid" in html and "Junior Teller" in html


def test_a_revoked_certificate_verifies_as_revoked(client, certificate, hr):
    revoke_certificate(certificate, acting_user=hr, reason="Issued in error")
    html = client.get(verify_url(certificate.token)).content.decode()
    assert "证书真实，但已撤销" in html
    assert "Issued in error" not in html  # the reason is internal


def test_an_expired_certificate_verifies_as_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2020, 1, 1))
    html = client.get(verify_url(certificate.token)).content.decode()
    assert "证书真实，但已过期" in html


def test_a_superseded_certificate_names_its_replacement(client, certificate, hr):
    new = reissue_certificate(certificate, acting_user=hr, reason="Lost")
    html = client.get(verify_url(certificate.token)).content.decode()
    assert "已被新证书取代" in html and new.serial in html


def test_a_modified_token_does_not_verify(client, certificate):
    token = certificate.token
    modified = token[:5] + ("x" if token[5] != "x" else "y") + token[6:]
    response = client.get(verify_url(modified))
    assert response.status_code == 404
    assert "非本行签发的有效证书" in response.content.decode()
    assert "张*明" not in response.content.decode()


def test_an_unknown_but_well_formed_token_does_not_verify(client, db):
    from quizzes.certification.tokens import make_token

    response = client.get(verify_url(make_token()))
    assert response.status_code == 404
    assert "不存在使用该核验码的证书" in response.content.decode()


@override_settings(PORTAL_CERTIFICATE_VERIFY_RATE=(3, 60))
def test_verification_is_rate_limited_per_client(client, certificate):
    statuses = [client.get(verify_url(certificate.token)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other_client = client.get(verify_url(certificate.token), REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200
