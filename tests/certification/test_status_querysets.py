"""The derived statuses are computed by the database, with one definition each: certificates' and grade
awards' valid/expired/expiring (``with_status``, ``valid``/``current``, ``expired``, ``expiring``,
``with_effective_status``), agreeing with the models' own ``effective_status``."""

import datetime

import pytest

from quizzes.certification.models import Certificate, GradeAward

pytestmark = pytest.mark.django_db


def _days(date, n):
    return date + datetime.timedelta(days=n)


def test_a_certificate_is_valid_until_its_expiry_day_and_expired_the_day_after(certificate):
    last = certificate.expires_on
    assert last is not None
    assert list(Certificate.objects.valid(last)) == [certificate]
    assert not Certificate.objects.expired(last).exists()
    assert list(Certificate.objects.expired(_days(last, 1))) == [certificate]
    assert not Certificate.objects.valid(_days(last, 1)).exists()


def test_a_certificate_is_expiring_only_within_the_window_before_its_expiry(certificate):
    last = certificate.expires_on
    assert list(Certificate.objects.expiring(30, _days(last, -30))) == [certificate]
    assert not Certificate.objects.expiring(30, _days(last, -31)).exists()
    assert not Certificate.objects.expiring(30, _days(last, 1)).exists()


def test_the_annotated_certificate_status_matches_the_models_effective_status(certificate):
    for on in (certificate.expires_on, _days(certificate.expires_on, 1)):
        row = Certificate.objects.with_status(on).get(pk=certificate.pk)
        assert row.current_status == certificate.effective_status(on)
    assert Certificate.objects.with_status(_days(certificate.expires_on, 1)).get().current_status == Certificate.EXPIRED


def test_a_revoked_certificate_is_neither_valid_nor_expired_nor_expiring(certificate, hr):
    from quizzes.certification.services.issuing import revoke_certificate

    revoke_certificate(certificate, acting_user=hr, reason="Issued in error")
    after = _days(certificate.expires_on, 1)
    assert Certificate.objects.with_status(after).get().current_status == Certificate.Status.REVOKED
    assert not Certificate.objects.expired(after).exists()
    assert not Certificate.objects.expiring(3650).exists()
    assert Certificate.objects.with_effective_status(Certificate.Status.REVOKED).count() == 1


def test_filtering_certificates_by_effective_status_splits_valid_from_expired(certificate):
    after = _days(certificate.expires_on, 1)
    assert not Certificate.objects.with_effective_status(Certificate.Status.VALID, after).exists()
    assert Certificate.objects.with_effective_status(Certificate.EXPIRED, after).count() == 1


def test_an_award_is_current_until_its_expiry_and_expired_after(award):
    last = award.expires_on
    assert list(GradeAward.objects.current(last)) == [award]
    assert list(GradeAward.objects.expired(_days(last, 1))) == [award]
    assert list(GradeAward.objects.expiring(10, _days(last, -10))) == [award]
    assert GradeAward.objects.with_status(_days(last, 1)).get().current_status == GradeAward.EXPIRED
    assert GradeAward.objects.with_status(last).get().current_status == GradeAward.Status.ACTIVE


def test_a_withdrawn_award_keeps_its_status_in_the_annotation_and_is_not_expired(award):
    GradeAward.objects.filter(pk=award.pk).update(status=GradeAward.Status.WITHDRAWN)
    after = _days(award.expires_on, 1)
    assert GradeAward.objects.with_status(after).get().current_status == GradeAward.Status.WITHDRAWN
    assert not GradeAward.objects.expired(after).exists()
    assert GradeAward.objects.with_effective_status(GradeAward.Status.WITHDRAWN).count() == 1


def test_an_annotated_row_reports_its_status_without_recomputing(certificate):
    row = Certificate.objects.with_status().get(pk=certificate.pk)
    assert row.get_effective_status_display() == certificate.get_effective_status_display()
