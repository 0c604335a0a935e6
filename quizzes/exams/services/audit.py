"""Evidence and audit: AttemptEvent rows for attempts, Wagtail log entries for everything an examiner or
HR does (blueprints, sittings, overrides, grading, re-scoring). Actions are namespaced ``exams.*``."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log as wagtail_log

from ..models import AttemptEvent

# action → (label, message); registered with Wagtail's log registry in wagtail_hooks.
ACTIONS = {
    "exams.override.grant": (_("Grant sitting override"), _("Sitting override granted")),
    "exams.override.revoke": (_("Revoke sitting override"), _("Sitting override revoked")),
    "exams.attempt.grade": (_("Grade short answer"), _("Short answer graded")),
    "exams.attempt.final": (_("Exam result final"), _("Exam result final")),
    "exams.sitting.rescore": (_("Re-score after key correction"), _("Attempts re-scored")),
    "exams.sitting.deadlines": (_("Move deadlines"), _("Deadlines of attempts in progress moved")),
    "exams.sitting.release_identities": (_("Release candidate identities"),
                                          _("Candidate identities released to graders")),
    "exams.practice.open": (_("Open bank for practice"), _("Bank opened for practice")),
    "exams.sitting.archive": (_("Archive sitting"), _("Sitting archived: attempt PDFs and ZIP written")),
    "exams.sitting.paper_import": (_("Import paper responses"),
                                   _("Paper responses imported from an Excel file (one 双人复核 entry per candidate)")),
}


EXCERPT_CHARS = 500  # of a refused payload kept as evidence


def excerpt(response) -> dict:
    """A refused answer as evidence: whole when small, else its first characters, marked as cut (a refused
    save must not let anyone grow the evidence table without bound)."""
    text = json.dumps(response, ensure_ascii=False, default=str)
    if len(text) <= EXCERPT_CHARS:
        return {"response": response}
    return {"response_excerpt": text[:EXCERPT_CHARS], "response_chars": len(text), "cut": True}


def event(attempt, kind, *, at, position=None, data=None, user=None, ip=None) -> AttemptEvent:
    return AttemptEvent.objects.create(
        attempt=attempt, kind=kind, at=at, position=position, data=data or {},
        user=user if (user is not None and getattr(user, "is_authenticated", False)) else None,
        ip_address=ip or None,
    )


def log(instance, action: str, *, user=None, data: dict | None = None):
    if action not in ACTIONS:
        raise ValueError(f"Unknown exams action {action!r}")
    return wagtail_log(
        instance=instance, action=action,
        user=user if (user is not None and getattr(user, "is_authenticated", False)) else None,
        data=data or {},
    )
