"""Staging an upload and confirming it: the one service behind every import's upload → preview → confirm.

``stage`` stores the guarded upload with the plan its import computed (the only parse); ``staged_for``
finds a staged upload for its uploader only; ``confirm`` locks it, refuses a second confirm, and hands
the STORED plan to the import's apply function (which re-checks it against the database and writes all
or nothing). A rejected confirm marks the row rejected and writes nothing else.

A plan with many rows (a 50,000-question workbook) passes them as ``chunks`` (lists of JSON-able rows):
they are stored as ``StagedChunk`` rows, one bounded list each, and ``stored_chunks`` hands them back in
order, one at a time, so neither the upload nor the confirm holds the whole plan's JSON at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.imports import ImportRejected
from portal.core.models import StagedChunk, StagedUpload

CHUNK_ROWS = 1000  # rows per StagedChunk (what an import passes as one chunk)


@transaction.atomic
def stage(*, kind: str, user, plan, data: bytes = b"", text: str = "", file_name: str = "",
          options: dict | None = None, chunks: Iterable[list] = ()) -> StagedUpload:
    raw = data if data else text.encode("utf-8")
    staged = StagedUpload.objects.create(
        kind=kind, uploaded_by=user, file_name=file_name[:255], data=bytes(data), text=text, size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(), options=options or {},
    )
    for number, rows in enumerate(chunks):  # a plan may be completed as its chunks are made (streamed)
        StagedChunk.objects.create(staged=staged, number=number, rows=rows)
    staged.plan, staged.issue_count = plan.to_stored(), len(plan.issues)
    staged.save(update_fields=["plan", "issue_count"])
    return staged


def stored_chunks(staged: StagedUpload) -> Iterator[list]:
    """The staged plan's chunks of rows, in order, each read when it is reached."""
    numbers = list(StagedChunk.objects.filter(staged=staged).order_by("number").values_list("pk", flat=True))
    for pk in numbers:
        yield StagedChunk.objects.values_list("rows", flat=True).get(pk=pk)


def staged_for(user, kind: str, pk) -> StagedUpload:
    """The user's own staged upload of this import (404 for anyone else's: a plan can hold personal data)."""
    staged = StagedUpload.objects.filter(pk=pk, kind=kind, uploaded_by=user).defer("data").first()
    if staged is None:
        raise Http404
    return staged


def confirm(staged: StagedUpload, *, apply: Callable[[StagedUpload], object]):
    """Apply the stored plan once. ``apply(staged)`` raises ImportRejected (nothing written) or returns an
    outcome with a ``summary`` dict."""
    try:
        with transaction.atomic():
            locked = StagedUpload.objects.select_for_update().defer("data").get(pk=staged.pk)
            if locked.status == StagedUpload.Status.APPLIED:
                raise ValidationError(_("This file has already been imported."))
            outcome = apply(locked)
            locked.status = StagedUpload.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.summary = getattr(outcome, "summary", {}) or {}
            locked.save(update_fields=["status", "applied_at", "summary"])
            return outcome
    except ImportRejected as rejected:
        StagedUpload.objects.filter(pk=staged.pk).update(
            status=StagedUpload.Status.REJECTED, issue_count=len(rejected.issues)
        )
        raise
