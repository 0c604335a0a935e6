"""The holder's own page (grades, what is missing, certificates) and PDF downloads."""

import pytest
from django.test import Client

from quizzes.certification.models import Certificate
from tests.factories.certification import TheoryResultFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_my_page_shows_what_is_still_missing_for_the_next_grade(client, award, teller):
    client.force_login(teller.user)
    html = client.get("/zh-hans/certification/").content.decode()
    assert "初级柜员" in html  # held
    assert "中级柜员" in html and "尚无成绩" in html  # missing, with the reason
    assert "持有初级柜员满 12 个月" in html


def test_holder_downloads_the_pdf_exactly_as_stored(client, certificate, teller):
    client.force_login(teller.user)
    response = client.get(f"/zh-hans/certification/certificates/{certificate.serial}/pdf/")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import hashlib

    assert hashlib.sha256(body).hexdigest() == certificate.content_hash


def test_another_employee_cannot_download_someones_certificate(client, certificate, org_tree):
    stranger = EmployeeFactory(org_unit=org_tree["BR01"])
    client.force_login(stranger.user)
    assert client.get(f"/zh-hans/certification/certificates/{certificate.serial}/pdf/").status_code == 403


def test_exam_certificate_is_issued_by_the_get_my_certificate_post_and_only_once(client, teller):
    result = TheoryResultFactory(employee=teller, score=88)
    client.force_login(teller.user)
    url = f"/zh-hans/certification/results/{result.pk}/certificate.pdf"
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 200
    certificate = Certificate.objects.get()
    assert certificate.kind == Certificate.Kind.EXAM and certificate.theory_result == result
    assert "88" in certificate.frozen["texts"]["zh-hans"]["body"]
    assert client.get(url).status_code == 200


def test_a_get_never_issues_a_certificate(client, teller):
    result = TheoryResultFactory(employee=teller, score=88)
    client.force_login(teller.user)
    assert client.get(f"/zh-hans/certification/results/{result.pk}/certificate.pdf").status_code == 404
    assert not Certificate.objects.exists()


def test_issuing_needs_the_csrf_token(teller):
    result = TheoryResultFactory(employee=teller, score=88)
    client = Client(enforce_csrf_checks=True)
    client.force_login(teller.user)
    assert client.post(f"/zh-hans/certification/results/{result.pk}/certificate.pdf").status_code == 403
    assert not Certificate.objects.exists()


def test_a_failed_exam_gets_no_certificate(client, teller):
    result = TheoryResultFactory(employee=teller, score=40, passed=False)
    client.force_login(teller.user)
    assert client.post(f"/zh-hans/certification/results/{result.pk}/certificate.pdf").status_code == 409
    assert not Certificate.objects.exists()
