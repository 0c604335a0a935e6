"""Issuing: readable serials, idempotency, re-issue, revocation, immutability, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.models import ModelLogEntry

from quizzes.certification import serials
from quizzes.certification.models import Certificate, CertificateImmutable
from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually, withdraw_grade
from quizzes.certification.services.issuing import (
    bulk_issue,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
    subjects_for_level,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _pdf_bytes(certificate):
    certificate.pdf.open("rb")
    try:
        return certificate.pdf.read()
    finally:
        certificate.pdf.close()


def test_serial_is_year_branch_and_sequence(certificate):
    year, branch, sequence = serials.parse_serial(certificate.serial)
    assert (year, branch) == (certificate.issued_on.year, "BR01")
    assert certificate.serial == f"{year}-BR01-{sequence:06d}"


def test_serials_of_one_branch_and_year_are_consecutive(db, org_tree):
    with transaction.atomic():
        first = serials.allocate(2026, "BR01", 3)
        second = serials.allocate(2026, "BR01")
        other = serials.allocate(2026, "HO")
    assert first == ["2026-BR01-000001", "2026-BR01-000002", "2026-BR01-000003"]
    assert second == ["2026-BR01-000004"]
    assert other == ["2026-HO-000001"]


def test_branch_code_comes_from_the_nearest_branch_or_the_head_office(org_tree):
    assert serials.branch_code_for(org_tree["BR01-01"]) == "BR01"
    assert serials.branch_code_for(org_tree["HO-EB-CS"]) == "HO"


def test_issuing_twice_returns_the_same_certificate(certificate, award, hr):
    again, created = issue_certificate(Subject.for_award(award), acting_user=hr)
    assert not created and again.pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_issuing_needs_the_issue_permission(award, examiner_a):
    with pytest.raises(PermissionDenied):
        issue_certificate(Subject.for_award(award), acting_user=examiner_a)


def test_bulk_issue_twice_creates_no_duplicates(org_tree, levels, hr):
    for n in range(5):
        employee = EmployeeFactory(org_unit=org_tree["BR01-01"] if n % 2 else org_tree["HO-EB"])
        award_grade_manually(employee, levels["T1"], acting_user=hr, reason="Imported")
    first = bulk_issue(subjects_for_level(levels["T1"].pk), acting_user=hr, workers=1)
    second = bulk_issue(subjects_for_level(levels["T1"].pk), acting_user=hr, workers=1)
    assert (len(first.issued), first.skipped) == (5, 0)
    assert (len(second.issued), second.skipped) == (0, 5)
    assert Certificate.objects.count() == 5
    assert len(set(Certificate.objects.values_list("serial", flat=True))) == 5
    assert ModelLogEntry.objects.filter(action="certification.certificate.issue").count() == 5


def test_bulk_issue_does_not_reissue_a_revoked_certificate(certificate, levels, hr):
    revoke_certificate(certificate, acting_user=hr, reason="Issued in error")
    outcome = bulk_issue(subjects_for_level(levels["T1"].pk), acting_user=hr, workers=1)
    assert (len(outcome.issued), outcome.skipped) == (0, 1)


def test_issued_certificate_is_unchanged_after_the_holder_is_renamed(certificate, teller):
    pdf_before, frozen_before = _pdf_bytes(certificate), dict(certificate.frozen)
    teller.name = "张小明"
    teller.save()
    certificate.refresh_from_db()
    assert _pdf_bytes(certificate) == pdf_before
    assert certificate.frozen == frozen_before
    assert certificate.holder_name == "张晓明"


def test_issued_certificate_is_unchanged_after_the_grade_is_renamed(certificate, levels):
    level = levels["T1"]
    level.name = "一级柜员"
    level.save()
    certificate.refresh_from_db()
    assert certificate.frozen["grade"] == "初级柜员"
    assert "初级柜员" in certificate.frozen["texts"]["zh-hans"]["body"]


def test_an_issued_certificate_refuses_changes_to_its_data(certificate):
    certificate.title = "Forged"
    with pytest.raises(CertificateImmutable):
        certificate.save()
    with pytest.raises(CertificateImmutable):
        certificate.save(update_fields=["title"])


def test_a_certificate_is_never_deleted(certificate):
    with pytest.raises(CertificateImmutable):
        certificate.delete()
    with pytest.raises(CertificateImmutable):
        Certificate.objects.all().delete()


def test_reissue_makes_a_new_serial_that_supersedes_the_old(certificate, hr, teller):
    teller.name = "张小明"
    teller.save()
    new = reissue_certificate(certificate, acting_user=hr, reason="Name corrected")
    certificate.refresh_from_db()
    assert new.serial != certificate.serial and new.token != certificate.token
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert new.supersedes_id == certificate.pk
    assert new.frozen["holder_name"] == "张小明"
    assert certificate.serial in new.frozen["texts"]["zh-hans"]["supersedes"]


def test_revocation_needs_a_reason_and_keeps_the_certificate(certificate, hr):
    with pytest.raises(ValidationError):
        revoke_certificate(certificate, acting_user=hr, reason="  ")
    revoke_certificate(certificate, acting_user=hr, reason="Obtained by fraud")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Obtained by fraud"
    entry = ModelLogEntry.objects.get(action="certification.certificate.revoke")
    assert (entry.user, entry.data["reason"], entry.data["employee_id"]) == (hr, "Obtained by fraud", certificate.holder_id)


def test_withdrawing_a_grade_revokes_its_certificate(certificate, award, hr):
    withdraw_grade(award, acting_user=hr, reason="Misconduct")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Misconduct"


def test_bulk_issue_renders_in_worker_processes(org_tree, levels, hr):
    for _n in range(6):
        award_grade_manually(EmployeeFactory(org_unit=org_tree["BR01"]), levels["T1"], acting_user=hr, reason="Imported")
    outcome = bulk_issue(subjects_for_level(levels["T1"].pk), acting_user=hr, workers=2, chunk_size=4)
    assert len(outcome.issued) == 6
    for certificate in outcome.issued:
        assert _pdf_bytes(certificate).startswith(b"%PDF")
    assert [c.serial for c in outcome.issued] == sorted(c.serial for c in outcome.issued)
