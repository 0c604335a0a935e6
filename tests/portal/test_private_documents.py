"""Wagtail documents are private files: kept in PRIVATE_MEDIA_ROOT (never under MEDIA_ROOT / MEDIA_URL), served
only by Wagtail's view after the sign-in requirement and the collection's privacy, handed to the web server with
X-Accel-Redirect in production; existing files are moved by a migration. Runs on real directories."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve as static_serve
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from portal.core.private_files import MediaStorage
from portal.ops.archive import storage_files
from portal.people.roles import COMPLIANCE_REVIEWER, EMPLOYEE
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

SECRET = "合规内部资料：反洗钱可疑交易名单".encode()


@pytest.fixture
def disk(settings, tmp_path, monkeypatch):
    """The production layout: MediaStorage on MEDIA_ROOT with documents in PRIVATE_MEDIA_ROOT; reading needs
    sign-in (the default outside the test settings). The default storage is swapped in place (overriding
    STORAGES would give every other test's storage a new instance)."""
    media, private = tmp_path / "media", tmp_path / "private"
    media.mkdir()
    private.mkdir()
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = str(media), str(private)
    settings.PORTAL_PUBLIC_READING = False
    storage = MediaStorage(location=str(media), private_location=str(private))
    monkeypatch.setitem(storages._storages, "default", storage)
    monkeypatch.setattr(default_storage, "_wrapped", storage)
    return media, private


@pytest.fixture
def restricted(disk):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="合规内部资料")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=COMPLIANCE_REVIEWER))
    document = Document(title="可疑交易名单", collection=collection)
    document.file.save("suspicious.txt", ContentFile(SECRET))
    document.save()
    return document


@pytest.fixture
def open_document(disk):
    document = Document(title="开户申请表")
    document.file.save("open-form.txt", ContentFile(b"form"))
    document.save()
    return document


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def direct_media(name):
    """What a server of MEDIA_ROOT under /media/ (nginx's alias, Django's static view in development) returns."""
    return static_serve(RequestFactory().get("/media/" + name), name, document_root=django_settings.MEDIA_ROOT)


def test_a_document_file_is_stored_in_the_private_root_not_under_media(restricted, disk):
    media, private = disk
    assert (private / restricted.file.name).read_bytes() == SECRET
    assert not (media / restricted.file.name).exists()
    assert not list(media.rglob("*.txt"))


def test_a_document_has_no_storage_url_only_the_serve_view(restricted):
    with pytest.raises(NotImplementedError):
        _ = restricted.file.url
    assert restricted.url.startswith("/documents/") and "/media/" not in restricted.url


def test_the_direct_media_path_of_a_document_is_404(restricted, open_document):
    for document in (restricted, open_document):
        with pytest.raises(Http404):
            direct_media(document.file.name)


def test_anonymous_is_sent_to_sign_in_for_a_restricted_document(client, restricted):
    response = client.get(restricted.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert SECRET not in response.content


def test_anonymous_is_sent_to_sign_in_for_any_document(client, open_document):
    response = client.get(open_document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_employee_gets_403_for_a_restricted_document(client, restricted):
    client.force_login(user_with_role(EMPLOYEE, username="doc_nosy", employee=True))
    response = client.get(restricted.url)
    assert response.status_code == 403
    assert SECRET not in response.content


def test_a_member_of_the_restricting_group_gets_the_document(client, restricted):
    client.force_login(user_with_role(COMPLIANCE_REVIEWER, username="doc_reviewer"))
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert body(response) == SECRET
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_employee_reads_an_unrestricted_document_after_sign_in(client, open_document):
    client.force_login(user_with_role(EMPLOYEE, username="doc_reader", employee=True))
    response = client.get(open_document.url)
    assert response.status_code == 200 and body(response) == b"form"


def test_with_an_accel_prefix_the_web_server_sends_the_document(client, restricted, settings):
    settings.PORTAL_PRIVATE_FILES_ACCEL_PREFIX = "/internal-private/"
    settings.SENDFILE_BACKEND = "portal.core.sendfile_accel"
    client.force_login(user_with_role(COMPLIANCE_REVIEWER, username="doc_reviewer2"))
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-private/" + restricted.file.name
    assert response.content == b""


def test_with_an_accel_prefix_a_stranger_still_gets_403(client, restricted, settings):
    settings.PORTAL_PRIVATE_FILES_ACCEL_PREFIX = "/internal-private/"
    settings.SENDFILE_BACKEND = "portal.core.sendfile_accel"
    client.force_login(user_with_role(EMPLOYEE, username="doc_nosy2", employee=True))
    response = client.get(restricted.url)
    assert response.status_code == 403 and "X-Accel-Redirect" not in response


def test_the_migration_moves_an_existing_public_document_into_the_private_root(disk):
    media, private = disk
    (media / "documents").mkdir()
    (media / "documents" / "old.txt").write_bytes(b"old public file")
    Document.objects.create(title="旧文件", file="documents/old.txt")
    migration = importlib.import_module("content.migrations.0007_documents_private_files")
    migration.move_documents_to_private(apps, None)
    assert not (media / "documents" / "old.txt").exists()
    assert (private / "documents" / "old.txt").read_bytes() == b"old public file"
    migration.move_documents_to_private(apps, None)  # idempotent
    assert (private / "documents" / "old.txt").read_bytes() == b"old public file"


def test_the_backup_walk_still_finds_documents_and_images(disk, restricted):
    storages["default"].save("images/logo.png", ContentFile(b"png"))
    assert isinstance(storages["default"], MediaStorage)
    names = storage_files(storages["default"])
    assert restricted.file.name in names and "images/logo.png" in names
    assert Path(disk[0], "images/logo.png").exists()
