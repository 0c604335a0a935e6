"""A graded skill test attempt becomes an ordinary skill result (双人复核 as for an entered one).

* Invigilated sittings: the invigilator confirms the finished attempt (having seen its timing flags); that
  enters the result in the invigilator's name, pending; a second, different examiner confirms it through
  ``services.results.confirm_skill_result`` exactly as for a result typed in.
* Sittings without an invigilator: the sitting's responsible examiner is the one who enters the result, at
  the finish; the second examiner confirms it the same way.
Practice attempts never become results.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.core import audit

from ..models import SkillAttempt
from .results import enter_skill_result, require_permission
from .skill_evidence import SkillTestError

INVIGILATE_PERMISSION = "certification.invigilate_skillattempt"


def enter_result(attempt: SkillAttempt, *, acting_user, now=None):
    """Turn a finished sitting attempt into a pending ``SkillResult`` entered by ``entered_by``."""
    now = now or timezone.now()
    if attempt.skill_result_id is not None:
        return attempt.skill_result
    session = attempt.sitting.display_title if attempt.sitting_id else ""
    result = enter_skill_result(
        employee=attempt.employee, test_type=attempt.definition.test_type, value=attempt.value,
        errors=min(attempt.errors or 0, 32767), taken_on=timezone.localdate(attempt.started_at),
        acting_user=acting_user, session_label=session[:100])
    attempt.skill_result = result
    attempt.save(update_fields=["skill_result"])
    audit.record(attempt, "result_entered", at=now, acting_user=acting_user, data={"skill_result": result.pk})
    return result


def confirm_as_invigilator(attempt_id: int, *, acting_user, note: str = "", now=None):
    """The invigilator vouches for a finished invigilated attempt; its result is entered for 双人复核."""
    now = now or timezone.now()
    require_permission(acting_user, INVIGILATE_PERMISSION)
    with transaction.atomic():
        attempt = (SkillAttempt.objects.select_for_update(of=("self",)).select_related("sitting", "employee",
                                                                           "definition__test_type")
                   .get(pk=attempt_id))
        if attempt.mode != SkillAttempt.Mode.SITTING or not attempt.sitting.invigilated:
            raise SkillTestError("not_invigilated")
        if attempt.is_in_progress:
            raise SkillTestError("not_finished")
        if attempt.invigilator_id is not None:
            raise SkillTestError("already_confirmed")
        if attempt.employee.user_id is not None and attempt.employee.user_id == acting_user.pk:
            raise SkillTestError("own_attempt", status=403)
        attempt.invigilator, attempt.invigilator_confirmed_at = acting_user, now
        attempt.invigilator_note = (note or "").strip()[:2000]
        attempt.save(update_fields=["invigilator", "invigilator_confirmed_at", "invigilator_note"])
        audit.record(attempt, "invigilator_confirm", at=now, acting_user=acting_user,
            data={"note": attempt.invigilator_note, "flags": [f["code"] for f in attempt.flags]})
        return enter_result(attempt, acting_user=acting_user, now=now)
