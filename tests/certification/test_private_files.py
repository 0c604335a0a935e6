"""Certificate PDFs are private files: kept in the private storage under names nobody can guess, and
handed out only by permission-checked views (streamed, or by the web server through X-Accel-Redirect)."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from portal.core.private_files import PrivateFileSystemStorage
from portal.settings import base as base_settings
from quizzes.certification.models import Certificate
from tests.factories.certification import TheoryResultFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def pdf_url(certificate):
    return f"/zh-hans/certification/certificates/{certificate.serial}/pdf/"


def test_a_certificate_pdf_lives_in_the_private_storage(certificate):
    assert certificate.pdf.storage is storages["private"]
    assert storages["private"].exists(certificate.pdf.name)
    assert not storages["default"].exists(certificate.pdf.name)


def test_a_certificate_file_name_cannot_be_guessed_from_its_serial(certificate):
    name = certificate.pdf.name.rsplit("/", 1)[-1]
    assert name.startswith(certificate.serial + "-")
    assert len(name) > len(certificate.serial) + 20


def test_the_private_storage_gives_no_public_url(tmp_path):
    with pytest.raises(ValueError):
        PrivateFileSystemStorage(location=tmp_path).url("certificates/2026/x.pdf")


def test_production_settings_keep_private_files_in_the_private_storage_class():
    assert base_settings.STORAGES["private"]["BACKEND"] == "portal.core.private_files.PrivateFileSystemStorage"


def test_anonymous_gets_no_certificate_pdf(client, certificate):
    response = client.get(pdf_url(certificate))
    assert response.status_code in (302, 403, 404)
    assert b"%PDF" not in response.content


def test_another_employee_gets_neither_certificate_url(client, certificate, org_tree):
    stranger = EmployeeFactory(org_unit=org_tree["BR01"])
    result = TheoryResultFactory(employee=certificate.holder, score=90)
    client.force_login(stranger.user)
    assert client.get(pdf_url(certificate)).status_code == 403
    assert client.get(f"/zh-hans/certification/results/{result.pk}/certificate.pdf").status_code == 403
    assert client.post(f"/zh-hans/certification/results/{result.pk}/certificate.pdf").status_code == 403
    assert Certificate.objects.count() == 1


def test_hr_downloads_the_stored_bytes(client, certificate, hr):
    client.force_login(hr)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_with_an_accel_prefix_the_web_server_sends_the_file(client, certificate, hr, settings):
    settings.PORTAL_PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    client.force_login(hr)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/" + certificate.pdf.name
    assert response.content == b""


def test_the_release_migration_moves_public_pdfs_into_private_storage(certificate):
    public_name = f"certificates/2026/{certificate.serial}.pdf"
    storages["default"].save(public_name, ContentFile(b"%PDF-old"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=public_name)
    migration = importlib.import_module("quizzes.certification.migrations.0005_certificate_pdfs_private")
    migration.move_to_private_storage(apps, None)
    certificate.refresh_from_db()
    assert not storages["default"].exists(public_name)
    assert certificate.pdf.name != public_name
    assert storages["private"].open(certificate.pdf.name).read() == b"%PDF-old"
