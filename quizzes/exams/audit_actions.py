"""The exams' audit actions (``exams.*``), written through ``portal.core.audit.record``; an attempt's evidence
rows (``AttemptEvent``, kinds in ``models.EventKind``) go through the same function."""

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
    "exams.override.grant": (_("Grant sitting override"), _("Sitting override granted")),
    "exams.override.revoke": (_("Revoke sitting override"), _("Sitting override revoked")),
    "exams.attempt.grade": (_("Grade short answer"), _("Short answer graded")),
    "exams.sitting.rescore": (_("Re-score after key correction"), _("Attempts re-scored")),
    "exams.sitting.deadlines": (_("Move deadlines"), _("Deadlines of attempts in progress moved")),
    "exams.sitting.release_identities": (_("Release candidate identities"),
                                          _("Candidate identities released to graders")),
    "exams.sitting.archive": (_("Archive sitting"), _("Sitting archived: attempt PDFs and ZIP written")),
    "exams.sitting.paper_import": (_("Import paper responses"),
                                   _("Paper responses imported from an Excel file (one 双人复核 entry per candidate)")),
})
