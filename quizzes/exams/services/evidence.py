"""Evidence is never orphaned: a user whose name stands on graded answers, issued certificates, re-scorings or
overrides cannot be deleted (deactivate instead). Checked by a pre_delete guard (so no code path nulls the
evidence) and by the admin's delete-user view, which refuses with a clear message instead of a 500.
A refused payload is kept as evidence only as a bounded excerpt (``excerpt``)."""

from __future__ import annotations

import json

from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

EXCERPT_CHARS = 500  # of a refused payload kept as evidence


def excerpt(response) -> dict:
    """A refused answer as evidence: whole when small, else its first characters, marked as cut (a refused
    save must not let anyone grow the evidence table without bound)."""
    text = json.dumps(response, ensure_ascii=False, default=str)
    if len(text) <= EXCERPT_CHARS:
        return {"response": response}
    return {"response_excerpt": text[:EXCERPT_CHARS], "response_chars": len(text), "cut": True}


def evidence_held_by(user) -> list[str]:
    from quizzes.certification.models import Certificate

    from ..models import AttemptItem, RescoreRun, SittingOverride

    found = []
    if AttemptItem.objects.filter(graded_by=user).exists():
        found.append(_("graded exam answers"))
    if Certificate.objects.filter(issued_by=user).exists():
        found.append(_("issued certificates"))
    if RescoreRun.objects.filter(created_by=user).exists():
        found.append(_("re-scorings"))
    if SittingOverride.objects.filter(created_by=user).exists() or SittingOverride.objects.filter(
            revoked_by=user).exists():
        found.append(_("sitting overrides"))
    return found


def refusal_message(user, found) -> str:
    return _("%(user)s cannot be deleted: their name is on %(evidence)s. Deactivate the account instead.") % {
        "user": user, "evidence": ", ".join(found)}


class EvidenceProtectedError(ProtectedError):
    pass


def guard_user_delete(sender, instance, **kwargs):
    found = evidence_held_by(instance)
    if found:
        raise EvidenceProtectedError(refusal_message(instance, found), set())
