"""Evidence is never orphaned: a user whose name stands on evidence — graded answers, compliance reviews,
acknowledgements, issued or revoked certificates, awarded or withdrawn grades, entered or confirmed skill results,
paper answer entries, invigilated skill tests, re-scorings, overrides, post assignments, archives — cannot be
deleted (deactivate instead).

Two guards, one list: the admin's delete-user view (``before_delete_user`` hook) refuses with the translated
message below instead of a 500, and a ``pre_delete`` receiver refuses every other path (ORM, shell, commands) with
the same message, also for Wagtail's own SET_NULL fields (a compliance review's ``TaskState.finished_by``). The
portal's own evidence foreign keys are ``PROTECT``, never ``SET_NULL``.
A refused payload is kept as evidence only as a bounded excerpt (``excerpt``).
"""

from __future__ import annotations

import json

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from content.acknowledgements.models import Acknowledgement, ComplianceApprovalTask
from content.models import PostAssignment
from portal.people.models import Employee
from quizzes.certification.models import Certificate, GradeAward, SkillAttempt, SkillResult

from ..models import AttemptItem, PaperEntry, RescoreRun, SittingArchive, SittingOverride


def _checks(user):
    """(label, queryset) for each kind of evidence, in the order the refusal names them."""
    employee_id = Employee.objects.filter(user=user).values_list("pk", flat=True).first()
    reviews = TaskState.objects.filter(finished_by=user, task__in=ComplianceApprovalTask.objects.all())
    return [
        (_("graded exam answers"), AttemptItem.objects.filter(graded_by=user)),
        (_("compliance reviews"), reviews),
        (_("acknowledgements"), Acknowledgement.objects.filter(employee_id=employee_id)
         if employee_id else Acknowledgement.objects.none()),
        (_("issued certificates"), Certificate.objects.filter(issued_by=user)),
        (_("revoked certificates"), Certificate.objects.filter(revoked_by=user)),
        (_("awarded grades"), GradeAward.objects.filter(awarded_by=user)),
        (_("withdrawn grades"), GradeAward.objects.filter(withdrawn_by=user)),
        (_("entered skill results"), SkillResult.objects.filter(entered_by=user)),
        (_("confirmed skill results"), SkillResult.objects.filter(confirmed_by=user)),
        (_("invigilated skill tests"), SkillAttempt.objects.filter(invigilator=user)),
        (_("entered paper answer sheets"), PaperEntry.objects.filter(examiner=user)),
        (_("re-scorings"), RescoreRun.objects.filter(created_by=user)),
        (_("sitting overrides"), SittingOverride.objects.filter(created_by=user)
         | SittingOverride.objects.filter(revoked_by=user)),
        (_("post assignments"), PostAssignment.objects.filter(assigned_by=user)),
        (_("sitting archives"), SittingArchive.objects.filter(created_by=user)),
    ]

EXCERPT_CHARS = 500  # of a refused payload kept as evidence


def excerpt(response) -> dict:
    """A refused answer as evidence: whole when small, else its first characters, marked as cut (a refused
    save must not let anyone grow the evidence table without bound)."""
    text = json.dumps(response, ensure_ascii=False, default=str)
    if len(text) <= EXCERPT_CHARS:
        return {"response": response}
    return {"response_excerpt": text[:EXCERPT_CHARS], "response_chars": len(text), "cut": True}


def evidence_held_by(user) -> list[str]:
    """What evidence names ``user``: the named kinds above, else any other record that protects them."""
    found = [str(label) for label, queryset in _checks(user) if queryset.exists()]
    return found or _protected_records(user)


def _protected_records(user) -> list[str]:
    """The verbose names of records a delete of ``user`` would hit PROTECT/RESTRICT on (e.g. their exam attempts
    through their employee record), so that the admin refuses them with a message too, never a 500."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError) as error:
        objects = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        return sorted({str(capfirst(obj._meta.verbose_name_plural)) for obj in objects})
    return []


def refusal_message(user, found) -> str:
    return _("%(user)s cannot be deleted: their name is on %(evidence)s. Deactivate the account instead.") % {
        "user": user, "evidence": ", ".join(found)}


class EvidenceProtectedError(ProtectedError):
    pass


def guard_user_delete(sender, instance, **kwargs):
    found = [str(label) for label, queryset in _checks(instance) if queryset.exists()]
    if found:
        raise EvidenceProtectedError(refusal_message(instance, found), set())
