"""Answers of a paper sitting as examiners enter them (双人复核: two examiners, the same answers).

One row per candidate and examiner: the answers copied from the candidate's answer sheet, by position, in
the positions printed on that candidate's paper. Scoring starts only when a second examiner has entered
exactly the same answers (``services.paper_entry``); the confirmed answers become an ordinary attempt.
An uploaded Excel of responses waits for its confirmation as a ``portal.core.models.StagedUpload``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperEntry(models.Model):
    sitting = models.ForeignKey("exams.Sitting", on_delete=models.PROTECT, related_name="paper_entries",
                                verbose_name=_("sitting"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("candidate"))
    examiner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("entered by"))
    answers = models.JSONField(_("answers as entered"), default=dict)
    entered_at = models.DateTimeField(_("entered at"))
    imported_from = models.CharField(
        _("imported from"), max_length=255, blank=True,
        help_text=_("The responses file (name and SHA-256) when the answers were imported rather than typed."),
    )
    attempt = models.ForeignKey("exams.Attempt", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("attempt scored from it"))

    class Meta:
        verbose_name = _("paper answer entry")
        verbose_name_plural = _("paper answer entries")
        ordering = ["sitting", "employee", "entered_at"]
        constraints = [models.UniqueConstraint(fields=["sitting", "employee", "examiner"],
                                               name="exams_paper_entry_once_per_examiner")]
        permissions = [("enter_paper_answers", _("Can enter answers of paper sittings"))]

    def __str__(self):
        return f"{self.sitting_id} · {self.employee_id} · {self.examiner_id}"
