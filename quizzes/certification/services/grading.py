"""Awarding grades: by the rules when every requirement is met, or by hand (HR) with a reason."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core import audit
from portal.core.audited_edits import changes, snapshot

from ..models import Certificate, GradeAward, GradeLevel
from ..rules.dates import expiry_date
from ..sources import evaluate_level
from .results import require_permission

MANUAL_PERMISSION = "certification.award_grade_manually"


def level_snapshot(level: GradeLevel) -> dict:
    """What the level looked like when awarded (names, validity, requirement labels in both languages)."""
    from ..presentation import requirement_labels

    labels = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels[language] = requirement_labels(level)
    return {
        "scheme": level.scheme.name,
        "scheme_en": level.scheme.name_en,
        "name": level.name,
        "name_en": level.name_en,
        "order": level.order,
        "validity_months": level.validity_months,
        "labels": labels,
    }


def levels_in_order():
    return GradeLevel.objects.filter(scheme__is_active=True).select_related("scheme", "prerequisite").order_by(
        "scheme__code", "order"
    )


def current_award(employee, level, on: datetime.date | None = None) -> GradeAward | None:
    return GradeAward.objects.current(on).filter(employee=employee, level=level).first()


def _retire_expired(employee, level, on, user) -> None:
    """An active award that has run out is marked renewed when a new award of the level is made."""
    for old in GradeAward.objects.expired(on).filter(employee=employee, level=level):
        before = snapshot(old)
        old.status = GradeAward.Status.RENEWED
        old.save(update_fields=["status"])
        audit.record(
            old,
            "certification.grade.renew",
            acting_user=user,
            data={"employee_id": employee.pk, "expired_on": str(old.expires_on),
                  "changes": changes(before, snapshot(old))},
        )


def award_by_rules(employee, *, on: datetime.date | None = None, levels=None) -> list[GradeAward]:
    """Award every level whose requirements ``employee`` now meets and does not currently hold."""
    on = on or timezone.localdate()
    made = []
    for level in levels if levels is not None else levels_in_order():
        if current_award(employee, level, on):
            continue
        evaluation = evaluate_level(employee, level, on)
        if not evaluation.awarded:
            continue
        try:
            with transaction.atomic():
                _retire_expired(employee, level, on, None)
                award = GradeAward.objects.create(
                    employee=employee,
                    level=level,
                    awarded_on=on,
                    expires_on=expiry_date(on, level.validity_months),
                    method=GradeAward.Method.RULES,
                    trace=evaluation.trace(),
                    level_snapshot=level_snapshot(level),
                )
                audit.record(
                    award,
                    "certification.grade.award",
                    acting_user=None,
                    data={"employee_id": employee.pk, "level": level.pk, "trace": award.trace},
                )
        except IntegrityError:
            continue  # awarded concurrently
        made.append(award)
    return made


def award_grade_manually(employee, level: GradeLevel, *, acting_user, reason: str, awarded_on: datetime.date | None = None):
    """HR awards a grade by hand. A reason is required; what the rules said at the time is kept."""
    require_permission(acting_user, MANUAL_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for awarding the grade by hand."), code="reason_required")
    awarded_on = awarded_on or timezone.localdate()
    if current_award(employee, level, awarded_on):
        raise ValidationError(_("%(name)s already holds %(grade)s.") % {"name": employee.name, "grade": level},
                              code="already_held")
    evaluation = evaluate_level(employee, level, awarded_on)
    try:
        with transaction.atomic():
            _retire_expired(employee, level, awarded_on, acting_user)
            award = GradeAward.objects.create(
                employee=employee,
                level=level,
                awarded_on=awarded_on,
                expires_on=expiry_date(awarded_on, level.validity_months),
                method=GradeAward.Method.MANUAL,
                reason=reason.strip(),
                trace=evaluation.trace(),
                level_snapshot={**level_snapshot(level), "missing_at_award": evaluation.missing_list()},
                awarded_by=acting_user,
            )
            audit.record(
                award,
                "certification.grade.award_manual",
                acting_user=acting_user,
                reason=reason,
                data={"employee_id": employee.pk, "level": level.pk, "missing_at_award": evaluation.missing_list()},
            )
    except IntegrityError:
        raise ValidationError(_("%(name)s already holds %(grade)s.") % {"name": employee.name, "grade": level},
                              code="already_held")
    return award


def withdraw_grade(award: GradeAward, *, acting_user, reason: str) -> GradeAward:
    """HR withdraws a grade with a reason; its valid certificates are revoked with the same reason."""
    from .issuing import revoke_certificate

    require_permission(acting_user, MANUAL_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for withdrawing the grade."), code="reason_required")
    with transaction.atomic():
        award = GradeAward.objects.select_for_update().get(pk=award.pk)
        if award.status != GradeAward.Status.ACTIVE:
            raise ValidationError(_("Only an active grade can be withdrawn."), code="not_active")
        before = snapshot(award)
        award.status = GradeAward.Status.WITHDRAWN
        award.withdrawn_at = timezone.now()
        award.withdrawn_by = acting_user
        award.withdrawal_reason = reason.strip()
        award.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit.record(
            award,
            "certification.grade.withdraw",
            acting_user=acting_user,
            reason=reason,
            data={"employee_id": award.employee_id, "changes": changes(before, snapshot(award))},
        )
        for certificate in award.certificates.filter(status=Certificate.Status.VALID):
            revoke_certificate(certificate, acting_user=acting_user, reason=reason, check_permission=False)
    return award
