"""Bulk issue as a background task with progress, expiry reminders, management commands, the catalog."""

import datetime
import io
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from quizzes.certification.models import Certificate, CertificateBatch, GradeLevel
from quizzes.certification.services.reminders import send_expiry_reminders
from quizzes.certification.tasks import queue_bulk_issue
from tests.factories.certification import TheoryResultFactory
from tests.factories.people import EmployeeFactory

LOCALE = Path(settings.BASE_DIR) / "quizzes" / "certification" / "locale"


@pytest.mark.django_db
def test_bulk_issue_for_a_sitting_runs_as_a_task_and_records_its_progress(org_tree, hr):
    for n in range(3):
        TheoryResultFactory(employee=EmployeeFactory(org_unit=org_tree["BR01"]), sitting_id=77, passed=n < 2)
    batch = queue_bulk_issue({"sitting_id": 77}, acting_user=hr)
    assert (batch.status, batch.total, batch.processed, batch.issued, batch.percent) == (
        CertificateBatch.Status.FINISHED, 2, 2, 2, 100)
    assert Certificate.objects.filter(batch=batch).count() == 2
    again = queue_bulk_issue({"sitting_id": 77}, acting_user=hr)
    assert (again.issued, again.skipped) == (0, 2)


@pytest.mark.django_db
def test_bulk_issue_progress_is_served_as_json_to_the_progress_bar(client, org_tree, hr):
    TheoryResultFactory(employee=EmployeeFactory(org_unit=org_tree["BR01"]), sitting_id=5)
    client.force_login(hr)
    response = client.post("/admin/certification/bulk-issue/", {"sitting_id": "5"})
    batch = CertificateBatch.objects.get()
    assert response["Location"].endswith(f"/bulk-issue/{batch.pk}/")
    assert client.get(response["Location"]).status_code == 200
    status = client.get(f"/admin/certification/bulk-issue/{batch.pk}/status/").json()
    assert status["done"] and status["issued"] == 1 and status["percent"] == 100


@pytest.mark.django_db
def test_expiry_reminders_go_to_the_holder_once_per_window_and_a_digest_to_hr(certificate, hr, teller):
    teller.user.email = "teller@bank.example"
    teller.user.save()
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + datetime.timedelta(days=25))
    first = send_expiry_reminders()
    second = send_expiry_reminders()
    assert len(first.reminded) == 1 and first.hr_notified
    assert second.reminded == []
    holder_mail, hr_mail = mail.outbox
    assert holder_mail.to == ["teller@bank.example"] and certificate.serial in holder_mail.subject
    assert "hr@bank.example" in hr_mail.to and certificate.serial in hr_mail.body
    certificate.refresh_from_db()
    assert certificate.reminders_sent == [90, 60, 30]


@pytest.mark.django_db
def test_load_scheme_command_is_idempotent():
    call_command("certification_load_scheme", stdout=io.StringIO())
    call_command("certification_load_scheme", stdout=io.StringIO())
    assert list(GradeLevel.objects.values_list("code", flat=True)) == ["T1", "T2", "T3"]


@pytest.mark.django_db
def test_issue_and_export_commands(tmp_path, award):
    out = io.StringIO()
    call_command("certification_issue", "--level", str(award.level_id), "--workers", "1", stdout=out)
    assert "1 issued" in out.getvalue()
    target = tmp_path / "register.csv"
    call_command("certification_export", "certificates", str(target), "--org-unit", "BR01", stdout=io.StringIO())
    text = target.read_text(encoding="utf-8-sig")
    assert "张晓明" in text and Certificate.objects.get().serial in text


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_certification_catalog_is_complete_and_compiled(language):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo"))) if not e.msgid_plural}
    assert compiled == {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}
