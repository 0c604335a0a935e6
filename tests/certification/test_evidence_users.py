"""Evidence is never orphaned: whoever issued or revoked a certificate, awarded or withdrew a grade, entered or
confirmed a skill result cannot be deleted (ORM and admin refuse with a clear message; deactivate instead)."""

import pytest
from wagtail.models import ModelLogEntry

from portal.people.roles import HR
from quizzes.certification.models import SkillResult
from quizzes.certification.services.grading import withdraw_grade
from quizzes.certification.services.issuing import reissue_certificate, revoke_certificate
from tests.exams.test_evidence_users import assert_deletion_refused
from tests.factories.certification import SkillResultFactory
from tests.factories.people import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_deleting_the_issuer_of_a_certificate_is_refused(client, admin_user, certificate, hr):
    assert certificate.issued_by_id == hr.pk
    assert_deletion_refused(client, admin_user, hr, "issued certificates")


def test_deleting_whoever_revoked_a_certificate_is_refused(client, admin_user, certificate, hr):
    revoker = user_with_role(HR, username="hr_revoker")
    revoke_certificate(certificate, acting_user=revoker, reason="资料有误")
    assert_deletion_refused(client, admin_user, revoker, "revoked certificates")


def test_deleting_whoever_awarded_a_grade_is_refused(client, admin_user, award, hr):
    assert award.awarded_by_id == hr.pk
    assert_deletion_refused(client, admin_user, hr, "awarded grades")


def test_deleting_whoever_entered_a_skill_result_is_refused(client, admin_user, teller):
    entrant = UserFactory()
    SkillResultFactory(employee=teller, entered_by=entrant, status=SkillResult.Status.PENDING)
    assert_deletion_refused(client, admin_user, entrant, "entered skill results")


def test_deleting_whoever_confirmed_a_skill_result_is_refused(client, admin_user, teller):
    result = SkillResultFactory(employee=teller)
    assert_deletion_refused(client, admin_user, result.confirmed_by, "confirmed skill results")


def test_withdrawing_keeps_the_withdrawer_undeletable(client, admin_user, award, hr):
    withdrawer = user_with_role(HR, username="hr_withdrawer")
    withdraw_grade(award, acting_user=withdrawer, reason="离岗")
    assert_deletion_refused(client, admin_user, withdrawer, "withdrawn grades")


# --- before/after values of the admin's certificate and grade actions -----------------------------------------


def test_revoking_a_certificate_logs_the_status_before_and_after(certificate, hr):
    revoke_certificate(certificate, acting_user=hr, reason="资料有误")
    row = ModelLogEntry.objects.get(action="certification.certificate.revoke", object_id=str(certificate.pk))
    assert row.data["changes"]["status"] == {"before": "valid", "after": "revoked"}
    assert row.data["changes"]["revoked_by_id"] == {"before": None, "after": hr.pk}
    assert row.data["changes"]["revocation_reason"] == {"before": "", "after": "资料有误"}


def test_reissuing_logs_the_superseded_certificates_status_before_and_after(certificate, hr):
    reissue_certificate(certificate, acting_user=hr, reason="姓名更正")
    row = ModelLogEntry.objects.get(action="certification.certificate.supersede",
                                            object_id=str(certificate.pk))
    assert row.data["changes"]["status"] == {"before": "valid", "after": "superseded"}


def test_withdrawing_a_grade_logs_the_status_before_and_after(award, hr):
    withdraw_grade(award, acting_user=hr, reason="离岗")
    row = ModelLogEntry.objects.get(action="certification.grade.withdraw", object_id=str(award.pk))
    assert row.data["changes"]["status"] == {"before": "active", "after": "withdrawn"}
    assert row.data["changes"]["withdrawal_reason"] == {"before": "", "after": "离岗"}


def test_revoking_in_the_admin_logs_before_and_after(client, hr, certificate):
    client.force_login(hr)
    response = client.post(f"/admin/certification/certificates/{certificate.pk}/revoke/", {"reason": "作废"})
    assert response.status_code == 302
    row = ModelLogEntry.objects.get(action="certification.certificate.revoke", object_id=str(certificate.pk))
    assert row.data["changes"]["status"] == {"before": "valid", "after": "revoked"} and row.user_id == hr.pk
