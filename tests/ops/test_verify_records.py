"""verify_records lists evidence that no longer holds together and exits non-zero."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_verify_records_passes_on_intact_records(issued_certificate, handed_in_attempt):
    out = io.StringIO()
    call_command("verify_records", stdout=out)
    assert "all records verified" in out.getvalue()


def test_verify_records_finds_a_certificate_pdf_changed_on_disk(issued_certificate):
    storage, name = issued_certificate.pdf.storage, issued_certificate.pdf.name
    data = storage.open(name).read()
    storage.delete(name)
    storage.save(name, ContentFile(data[:-1] + b"X"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_records", stdout=out)
    assert f"certificate {issued_certificate.serial}: PDF does not match" in out.getvalue()
