"""Re-scoring after a key correction, with the before and after of every attempt it touched.

A frozen question version is never changed, so a wrong key is corrected by editing the question (which
writes a new version). A RescoreRun then applies the corrected key of that new version to the attempts
of one sitting that showed the question: each affected AttemptItem keeps the version it showed and gains
``key_version``; each attempt's total and pass/fail are recomputed. One RescoreChange row per attempt
keeps the old and new values, shown to examiners and HR, and the run itself is in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RescoreRun(models.Model):
    sitting = models.ForeignKey("exams.Sitting", on_delete=models.PROTECT, related_name="rescore_runs",
                                verbose_name=_("sitting"))
    question = models.ForeignKey("quizzes.Question", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("question"))
    key_version = models.ForeignKey("quizzes.QuestionVersion", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("corrected key from version"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("re-scored at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("re-scored by"))
    attempts_changed = models.PositiveIntegerField(_("attempts changed"), default=0)
    items_checked = models.PositiveIntegerField(_("answers checked"), default=0)

    class Meta:
        verbose_name = _("re-scoring")
        verbose_name_plural = _("re-scorings")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.sitting} · #{self.question_id} v{self.key_version.number}"


class RescoreChange(models.Model):
    """One attempt's score before and after a re-scoring."""

    run = models.ForeignKey(RescoreRun, on_delete=models.CASCADE, related_name="changes", verbose_name=_("re-scoring"))
    attempt = models.ForeignKey("exams.Attempt", on_delete=models.PROTECT, related_name="rescore_changes",
                                verbose_name=_("attempt"))
    old_item_score = models.DecimalField(_("question score before"), max_digits=6, decimal_places=2, null=True)
    new_item_score = models.DecimalField(_("question score after"), max_digits=6, decimal_places=2, null=True)
    old_score = models.DecimalField(_("total before"), max_digits=7, decimal_places=2, null=True)
    new_score = models.DecimalField(_("total after"), max_digits=7, decimal_places=2, null=True)
    old_passed = models.BooleanField(_("passed before"), null=True)
    new_passed = models.BooleanField(_("passed after"), null=True)

    class Meta:
        verbose_name = _("re-scoring change")
        verbose_name_plural = _("re-scoring changes")
        ordering = ["run", "attempt"]

    def __str__(self):
        return f"{self.run_id} · {self.attempt_id}: {self.old_score} → {self.new_score}"
