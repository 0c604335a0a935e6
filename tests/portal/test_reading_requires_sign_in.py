"""Issue 13, item 6: an intranet: the knowledge base (pages), its documents, its images and search need a
signed-in user by default; PORTAL_PUBLIC_READING opens them; certificate verification and the health
check stay public. (tests/settings turn PORTAL_PUBLIC_READING on for the rest of the suite.)"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.settings import base as base_settings
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db
SIGNED_IN_ONLY = override_settings(PORTAL_PUBLIC_READING=False)


@pytest.fixture(autouse=True)
def disk_media(settings, tmp_path, monkeypatch):
    """Files on disk, as in production (Wagtail serves a document from its local path). The default storage is
    swapped in place: overriding STORAGES would give every storage a new instance, and FileFields that hold the
    private storage (certificate PDFs) would then write where later tests' backups no longer look."""
    settings.MEDIA_ROOT = str(tmp_path)
    storage = FileSystemStorage(location=str(tmp_path))
    monkeypatch.setitem(storages._storages, "default", storage)
    monkeypatch.setattr(default_storage, "_wrapped", storage)


@pytest.fixture
def document():
    return get_document_model().objects.create(title="柜面操作规程", file=ContentFile(b"rules", name="rules.txt"))


@pytest.fixture
def rendition_url():
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(title="网点", file=ImageFile(io.BytesIO(buffer.getvalue()), name="o.png"))
    return image.get_rendition("fill-10x10").url


def _goes_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_default_setting_requires_sign_in():
    assert base_settings.PORTAL_PUBLIC_READING is False  # the module's default, not the test settings


@SIGNED_IN_ONLY
@pytest.mark.parametrize("url", ["/zh-hans/", "/en/", "/zh-hans/search/?q=存款"])
def test_an_anonymous_reader_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert _goes_to_sign_in(response)
    assert "next=" in response["Location"]


@SIGNED_IN_ONLY
def test_an_anonymous_download_of_a_document_is_sent_to_sign_in(client, document):
    assert _goes_to_sign_in(client.get(document.url))


@SIGNED_IN_ONLY
def test_an_anonymous_request_for_an_image_is_sent_to_sign_in(client, rendition_url):
    assert _goes_to_sign_in(client.get(rendition_url))


@SIGNED_IN_ONLY
def test_a_signed_in_employee_reads_pages_documents_and_images(client, document, rendition_url):
    client.force_login(UserFactory())

    assert client.get("/zh-hans/").status_code == 200
    assert b"".join(client.get(document.url).streaming_content) == b"rules"
    image = client.get(rendition_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


@SIGNED_IN_ONLY
@pytest.mark.parametrize("url", ["/healthz", "/zh-hans/verify/not-a-token/", "/zh-hans/accounts/login/"])
def test_verification_the_health_check_and_sign_in_stay_public(client, url):
    assert client.get(url).status_code in (200, 404, 503)
    assert not _goes_to_sign_in(client.get(url))


@override_settings(PORTAL_PUBLIC_READING=True)
def test_the_setting_opens_the_knowledge_base_to_anonymous_readers(client, document):
    assert client.get("/zh-hans/").status_code == 200
    assert client.get(document.url).status_code == 200


@pytest.mark.parametrize(
    "path", ["/media/documents/rules.txt", "/media/images/../documents/rules.txt", "/media/original_images/",
             "/media/private/certificates/x.pdf", "/media/images/%2e%2e/%2e%2e/etc/passwd"],
)
def test_the_media_view_serves_nothing_but_images(client, document, path):
    client.force_login(UserFactory())

    assert client.get(path, follow=True).status_code == 404
