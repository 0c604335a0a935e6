"""Results: theory results from the exam engine, skill results entered and confirmed under 双人复核."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import audit

from ..models import SkillResult, SkillTestType, TheoryResult
from ..rules import skill_confirmation

ENTER_PERMISSION = "certification.add_skillresult"
CONFIRM_PERMISSION = "certification.confirm_skillresult"


def require_permission(user, permission: str) -> None:
    """``user`` None means the system (a command or task run by an operator); anyone else needs the right."""
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(permission)


# --------------------------------------------------------------------------- theory (exam engine seam)


def record_theory_result(
    *,
    employee,
    exam_code: str,
    score,
    passed: bool,
    taken_at: datetime.datetime,
    source_attempt_id: int | None = None,
    exam_title: str = "",
    exam_title_en: str = "",
    sitting_id: int | None = None,
    sitting_title: str = "",
    max_score=None,
    evaluate: bool = True,
) -> TheoryResult:
    """Store (or update) a final exam result. Called by the exam engine; idempotent.

    The row is found by ``source_attempt_id``, else by (employee, sitting_id); a repeated call with the
    same values changes nothing, a changed score (re-scoring) updates the row and is audited with the old
    and new values. Afterwards the person's grades are re-evaluated (``evaluate=False`` to skip).
    """
    values = {
        "employee": employee,
        "exam_code": exam_code,
        "exam_title": exam_title,
        "exam_title_en": exam_title_en,
        "sitting_id": sitting_id,
        "sitting_title": sitting_title,
        "score": Decimal(str(score)),
        "max_score": None if max_score is None else Decimal(str(max_score)),
        "passed": bool(passed),
        "taken_at": taken_at,
        "source_attempt_id": source_attempt_id,
    }
    with transaction.atomic():
        existing = None
        if source_attempt_id is not None:
            existing = TheoryResult.objects.select_for_update().filter(source_attempt_id=source_attempt_id).first()
        if existing is None and sitting_id is not None:
            existing = TheoryResult.objects.select_for_update().filter(employee=employee, sitting_id=sitting_id).first()
        if existing is None:
            result = TheoryResult.objects.create(**values)
            audit.record(
                result,
                "certification.theory_result.record",
                acting_user=None,
                data={"employee_id": employee.pk, "exam_code": exam_code, "score": str(result.score), "passed": result.passed},
            )
        else:
            result = existing
            changes = {}
            for name, value in values.items():
                old = getattr(result, name)
                if name == "employee":
                    if old.pk != value.pk:
                        raise ValidationError(_("This exam attempt belongs to another person."))
                    continue
                if old != value:
                    changes[name] = {"old": _plain(old), "new": _plain(value)}
                    setattr(result, name, value)
            if changes:
                result.save()
                audit.record(
                    result,
                    "certification.theory_result.update",
                    acting_user=None,
                    data={**changes, "employee_id": employee.pk},
                )
    if evaluate:
        from .grading import award_by_rules

        award_by_rules(employee)
    return result


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | Decimal):
        return str(value)
    return value


# --------------------------------------------------------------------------- skills (双人复核)


def enter_skill_result(
    *,
    employee,
    test_type: SkillTestType,
    value,
    errors: int,
    taken_on: datetime.date,
    acting_user,
    session_label: str = "",
) -> SkillResult:
    """The first examiner enters a result; it counts only after a second examiner confirms it."""
    require_permission(acting_user, ENTER_PERMISSION)
    if acting_user is None:
        raise ValidationError(_("A skill result must be entered by a named examiner."))
    if taken_on > timezone.localdate():
        raise ValidationError(_("The test date cannot be in the future."))
    result = SkillResult.objects.create(
        employee=employee,
        test_type=test_type,
        value=Decimal(str(value)),
        errors=int(errors),
        taken_on=taken_on,
        session_label=session_label,
        entered_by=acting_user,
    )
    audit.record(
        result,
        "certification.skill_result.enter",
        acting_user=acting_user,
        data={"employee_id": employee.pk, "test": test_type.code, "value": str(result.value), "errors": result.errors, "taken_on": str(taken_on)},
    )
    return result


DUAL_CONTROL_MESSAGES = {
    skill_confirmation.SAME_EXAMINER: gettext_lazy(
        "The examiner who entered a result cannot confirm it; a second examiner must."
    ),
    skill_confirmation.NOT_PENDING: gettext_lazy("This result has already been confirmed or rejected."),
    skill_confirmation.NO_EXAMINER: gettext_lazy("A result must be confirmed by a named examiner."),
}


def _check_second_examiner(result: SkillResult, user) -> None:
    try:
        skill_confirmation.check_confirmation(
            entered_by_id=result.entered_by_id,
            confirming_id=getattr(user, "pk", None),
            status=result.status,
        )
    except skill_confirmation.MakerCheckerRefusal as error:
        raise ValidationError(str(DUAL_CONTROL_MESSAGES[error.code]), code=error.code)


def confirm_skill_result(result: SkillResult, *, acting_user, evaluate: bool = True) -> SkillResult:
    """The second examiner confirms; the same examiner is refused (and the database refuses it too)."""
    require_permission(acting_user, CONFIRM_PERMISSION)
    with transaction.atomic():
        result = SkillResult.objects.select_for_update().get(pk=result.pk)
        _check_second_examiner(result, acting_user)
        result.status = SkillResult.Status.CONFIRMED
        result.confirmed_by = acting_user
        result.confirmed_at = timezone.now()
        result.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit.record(
            result,
            "certification.skill_result.confirm",
            acting_user=acting_user,
            data={"employee_id": result.employee_id, "entered_by": result.entered_by_id},
        )
    if evaluate:
        from .grading import award_by_rules

        award_by_rules(result.employee)
    return result


def reject_skill_result(result: SkillResult, *, acting_user, reason: str) -> SkillResult:
    """The second examiner rejects a wrongly entered result (it never counts); a reason is required."""
    require_permission(acting_user, CONFIRM_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason."), code="reason_required")
    with transaction.atomic():
        result = SkillResult.objects.select_for_update().get(pk=result.pk)
        _check_second_examiner(result, acting_user)
        result.status = SkillResult.Status.REJECTED
        result.confirmed_by = acting_user
        result.confirmed_at = timezone.now()
        result.rejection_reason = reason.strip()
        result.save(update_fields=["status", "confirmed_by", "confirmed_at", "rejection_reason"])
        audit.record(
            result,
            "certification.skill_result.reject",
            acting_user=acting_user,
            reason=reason,
            data={"employee_id": result.employee_id},
        )
    return result
