"""Archiving a closed sitting: one PDF per attempt and a ZIP of them all in the private storage.

Each PDF is built from the attempt's frozen items (the exact versions shown), the answers, the marks, who
marked what, the timing and the evidence trail. The ZIP holds every PDF and ``manifest.json`` with each
file's SHA-256; the ZIP's own SHA-256 is recorded on its ``SittingArchive`` row. Only a sitting whose last
window has closed, with no attempt still in progress, can be archived.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from portal.core import audit

from .. import pdf
from ..models import ArchiveKind, SittingArchive
from .errors import ExamError
from .presentation import review_rows, with_knowledge_links
from .sittings import last_close


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M:%S") if dt else "—"


def attempt_pdf(attempt, *, now) -> bytes:
    items = list(with_knowledge_links(attempt.items.select_related("version__question", "key_version", "graded_by"))
                 .order_by("position"))
    rows = review_rows(attempt, items, language="zh-hans")
    for row, item in zip(rows, items, strict=True):
        row["marker"] = (item.graded_by.get_full_name() or item.graded_by.get_username()) if item.graded_by else ""
        row["graded_at"] = _local(item.graded_at) if item.graded_at else ""
    events = [{"at": _local(e.at), "kind": e.get_kind_display(), "position": e.position,
               "data": json.dumps(e.data, ensure_ascii=False)[:300] if e.data else ""}
              for e in attempt.events.order_by("at", "pk")]
    return pdf.render("exams/pdf/attempt_archive.html", {
        "attempt": attempt, "sitting": attempt.sitting, "employee_label": str(attempt.employee),
        "rows": rows, "events": events, "started": _local(attempt.started_at),
        "submitted": _local(attempt.submitted_at), "deadline": _local(attempt.deadline), "archived_at": _local(now),
    })


def _store(path: str, data: bytes) -> str:
    storage = storages["private"]
    return storage.save(path, ContentFile(data))


def archive_sitting(sitting, *, acting_user=None, now=None) -> SittingArchive:
    """Write the attempt PDFs and the sitting's ZIP; returns the ZIP's row. Refuses an open sitting."""
    now = now or timezone.now()
    if now < last_close(sitting):
        raise ExamError("archive_open")
    if sitting.attempts.in_progress().exists():
        raise ExamError("archive_in_progress")
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    folder = f"exam-archives/sitting-{sitting.pk}/{stamp}"
    buffer, manifest, rows = io.BytesIO(), [], []
    attempts = list(sitting.attempts.select_related("employee", "sitting__blueprint").order_by("employee_id", "number"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for attempt in attempts:
            data = attempt_pdf(attempt, now=now)
            name = f"attempt-{attempt.pk}-{attempt.candidate_code}-{attempt.number}.pdf"
            digest = hashlib.sha256(data).hexdigest()
            bundle.writestr(name, data)
            manifest.append({"file": name, "sha256": digest, "attempt": attempt.pk, "candidate": attempt.candidate_code,
                             "score": str(attempt.score) if attempt.score is not None else None})
            rows.append(SittingArchive(sitting=sitting, attempt=attempt, kind=ArchiveKind.ATTEMPT_PDF, name=name,
                                       path=_store(f"{folder}/{name}", data), sha256=digest, size=len(data),
                                       created_at=now, created_by=acting_user))
        bundle.writestr("manifest.json", json.dumps({"sitting": sitting.pk, "title": sitting.title,
                                                     "archived_at": now.isoformat(), "files": manifest},
                                                    ensure_ascii=False, indent=2))
    data = buffer.getvalue()
    name = f"sitting-{sitting.pk}-{stamp}.zip"
    with transaction.atomic():
        SittingArchive.objects.bulk_create(rows)
        archive = SittingArchive.objects.create(
            sitting=sitting, kind=ArchiveKind.SITTING_ZIP, name=name, path=_store(f"{folder}/{name}", data),
            sha256=hashlib.sha256(data).hexdigest(), size=len(data), created_at=now, created_by=acting_user)
        audit.record(sitting, "exams.sitting.archive", acting_user=acting_user,
            data={"zip": name, "sha256": archive.sha256, "attempts": len(attempts)})
    return archive


def open_archive(archive: SittingArchive):
    return storages["private"].open(archive.path, "rb")
