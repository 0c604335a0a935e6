"""Archives of a closed sitting: one PDF per attempt and a ZIP of them all, kept as private evidence.

The files live in ``storages["private"]`` (never under MEDIA_URL); each row records the file's SHA-256 at
the moment it was written, so anyone holding the ZIP can verify it (its ``manifest.json`` lists the hash of
every PDF inside). Rows are only ever added; archiving again writes a new set beside the old one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveKind(models.TextChoices):
    ATTEMPT_PDF = "attempt_pdf", _("Attempt PDF")
    SITTING_ZIP = "sitting_zip", _("Sitting ZIP")


class SittingArchive(models.Model):
    sitting = models.ForeignKey("exams.Sitting", on_delete=models.PROTECT, related_name="archives",
                                verbose_name=_("sitting"))
    attempt = models.ForeignKey("exams.Attempt", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="archives", verbose_name=_("attempt"))
    kind = models.CharField(_("kind"), max_length=12, choices=ArchiveKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(_("stored at"), max_length=300, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    created_at = models.DateTimeField(_("archived at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("archived by"))

    class Meta:
        verbose_name = _("sitting archive")
        verbose_name_plural = _("sitting archives")
        ordering = ["-created_at", "kind", "pk"]
        permissions = [
            ("archive_sitting", _("Can archive closed sittings and download their archives")),
            ("print_paper", _("Can print paper sittings (papers, answer sheets, keys)")),
        ]

    def __str__(self):
        return self.name
