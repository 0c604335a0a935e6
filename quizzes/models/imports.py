"""A question-file import: the uploaded bytes kept server-side between preview and confirm.

The admin uploads a file, sees a preview (every question, every error with its line) and confirms;
the confirm step re-parses the stored bytes rather than trusting anything the browser sends back.
Keeping the bytes in the database (not on a local disk) lets the preview and the confirm land on
different app servers. Applied imports stay as the record of who imported what into which bank.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionImport(models.Model):
    class Format(models.TextChoices):
        WJX = "wjx", _("Online survey export (问卷星 text)")
        PAPER = "paper", _("Question paper with answer key")
        XLSX = "xlsx", _("Excel template")
        GIFT = "gift", _("Moodle GIFT")
        AIKEN = "aiken", _("Aiken")

    class OnDuplicate(models.TextChoices):
        SKIP = "skip", _("Skip questions already in the bank")
        UPDATE = "update", _("Update them (a new version where the content changed)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        APPLIED = "applied", _("Imported")
        REJECTED = "rejected", _("Rejected (errors)")

    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    data = models.BinaryField(_("file contents"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    bank_path = models.CharField(_("bank path"), max_length=500)
    on_duplicate = models.CharField(
        _("duplicates"), max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.SKIP
    )
    activate = models.BooleanField(_("activate imported questions"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} → {self.bank_path}"
