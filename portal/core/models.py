"""The portal core's tables: uploads staged between preview and confirm (every import uses it), and the
bounded chunks a large plan's rows are kept in."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class StagedUpload(models.Model):
    """An upload (file bytes or pasted text) that passed the guard, with its plan parsed ONCE.

    The preview reads ``plan``; the confirm step applies ``plan`` (re-checked against the database, never
    re-parsed). Only the uploader sees or confirms it. ``kind`` names the import (``quizzes.questions``,
    ``people.employees``, ``content.regulation``); ``options`` what the uploader chose (bank, parent…).
    """

    class Status(models.TextChoices):
        STAGED = "staged", _("Awaiting confirmation")
        APPLIED = "applied", _("Imported")
        REJECTED = "rejected", _("Rejected (errors)")

    kind = models.CharField(_("import"), max_length=40, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    data = models.BinaryField(_("file contents"), blank=True, default=b"", editable=False)
    text = models.TextField(_("pasted text"), blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    options = models.JSONField(_("options"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    plan = models.JSONField(_("plan"), default=dict, blank=True, editable=False, encoder=DjangoJSONEncoder)
    issue_count = models.PositiveIntegerField(_("errors"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STAGED)
    summary = models.JSONField(_("summary"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind}: {self.file_name or self.sha256[:12]}"

    @property
    def outcome_label(self) -> str:
        """What the import did, in the log's words: how many records went in (and how many with errors were
        left out), or that the file was refused and nothing was changed."""
        summary = self.summary or {}
        if self.status == self.Status.APPLIED:
            created, updated = summary.get("create", 0), summary.get("update", 0)
            label = ngettext("Imported: %(n)s new", "Imported: %(n)s new", created) % {"n": created}
            if updated:
                label += ngettext("; %(n)s updated", "; %(n)s updated", updated) % {"n": updated}
            left_out = summary.get("left_out", 0)
            if left_out:
                label += ngettext(
                    "; %(n)s with errors left out", "; %(n)s with errors left out", left_out
                ) % {"n": left_out}
            return label
        if self.status == self.Status.REJECTED:
            errors = self.issue_count or summary.get("errors", 0)
            return ngettext(
                "Not imported: %(n)s error; nothing was changed",
                "Not imported: %(n)s errors; nothing was changed",
                errors,
            ) % {"n": errors}
        return str(self.get_status_display())

    @property
    def source(self) -> bytes | str:
        return bytes(self.data) if self.data else self.text


class StagedChunk(models.Model):
    """A bounded slice of a staged plan's rows, in order (``staging.CHUNK_ROWS`` rows at most).

    A large import (a 50,000-question workbook) keeps its parsed rows here, a thousand to a chunk, rather
    than as one JSON document on the staged upload: staging writes them one chunk at a time and the
    confirm step reads them back one chunk at a time, so neither holds the whole plan's JSON in memory.
    """

    staged = models.ForeignKey(StagedUpload, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    rows = models.JSONField(default=list, blank=True, editable=False, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["staged", "number"]
        constraints = [models.UniqueConstraint(fields=["staged", "number"], name="core_stagedchunk_unique_number")]

    def __str__(self):
        return f"{self.staged_id}#{self.number}"
