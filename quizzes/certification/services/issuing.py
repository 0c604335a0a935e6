"""Issuing certificates: one (idempotent), in bulk (idempotent, both cores), re-issue, revoke.

Idempotency rests on ``subject_key`` ("award:12", "exam:34") and the partial unique constraint "one valid
certificate per subject": issuing a subject that already has a valid certificate returns that certificate,
and a bulk run skips every subject that already has *any* certificate (a revoked one is not silently issued
again; HR re-issues or issues explicitly).
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import math
import multiprocessing
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from portal.core import audit
from portal.core.audited_edits import changes, snapshot

from .. import fonts, pdf, serials, tokens
from .. import workers as workers_module
from ..models import Certificate, CertificateBatch, GradeAward, TheoryResult
from .freezing import Subject, check_glyphs, data_hash, freeze
from .results import require_permission

logger = logging.getLogger(__name__)

BATCH_FONT_MIN = 20  # below this many certificates a run's own font does not pay for itself
ISSUE_PERMISSION = "certification.issue_certificate"
REVOKE_PERMISSION = "certification.revoke_certificate"


class _AlreadyIssued(Exception):
    def __init__(self, certificate):
        self.certificate = certificate


def _new_certificate(subject: Subject, frozen: dict, pdf_bytes: bytes, *, token: str, acting_user, batch=None,
                     supersedes=None) -> Certificate:
    return Certificate(
        serial=frozen["serial"],
        token=token,
        holder=subject.holder,
        kind=subject.kind,
        subject_key=subject.key,
        grade_award=subject.award,
        theory_result=subject.theory_result,
        title=frozen["title"],
        issued_on=datetime.date.fromisoformat(frozen["issued_on"]),
        expires_on=datetime.date.fromisoformat(frozen["expires_on"]) if frozen["expires_on"] else None,
        frozen=frozen,
        data_hash=data_hash(frozen),
        pdf=ContentFile(pdf_bytes, name=f"{frozen['serial']}.pdf"),
        content_hash=pdf.sha256(pdf_bytes),
        supersedes=supersedes,
        batch=batch,
        issued_by=acting_user if (acting_user is not None and acting_user.is_authenticated) else None,
    )


def _discard_file(certificate: Certificate) -> None:
    name = certificate.pdf.name
    if name and getattr(certificate.pdf, "_committed", False):
        try:
            certificate.pdf.storage.delete(name)
        except Exception:  # noqa: BLE001 - best effort cleanup of an orphan file
            logger.warning("Could not remove orphan certificate file %s", name)


# --------------------------------------------------------------------------- one certificate


def issue_certificate(
    subject: Subject,
    *,
    acting_user=None,
    on: datetime.date | None = None,
    check_permission: bool = True,
    after_revocation: bool = False,
) -> tuple[Certificate, bool]:
    """Issue the certificate for ``subject``; (certificate, created). Returns the valid one if it exists."""
    if check_permission:
        require_permission(acting_user, ISSUE_PERMISSION)
    on = on or timezone.localdate()
    existing = Certificate.objects.filter(subject_key=subject.key, status=Certificate.Status.VALID).first()
    if existing:
        return existing, False
    if not after_revocation and Certificate.objects.filter(
        subject_key=subject.key, status=Certificate.Status.REVOKED
    ).exists():
        raise ValidationError(
            _("The certificate for this was revoked. Issue a new one explicitly if that is intended."),
            code="revoked",
        )
    subject.check_issuable(on)
    certificate = _issue_one(subject, acting_user=acting_user, on=on, action="certification.certificate.issue")
    if certificate is None:
        return Certificate.objects.get(subject_key=subject.key, status=Certificate.Status.VALID), False
    return certificate, True


def _issue_one(subject: Subject, *, acting_user, on, action: str, supersedes: Certificate | None = None,
               reason: str = "") -> Certificate | None:
    """Allocate a serial, freeze, render, store. None if another issuer won the race for this subject."""
    branch = serials.branch_code_for(subject.holder.org_unit)
    token = tokens.make_token()
    certificate = None
    try:
        with transaction.atomic():
            serial = serials.allocate(on.year, branch)[0]  # takes the write lock first
            if supersedes is None:
                existing = Certificate.objects.filter(subject_key=subject.key, status=Certificate.Status.VALID).first()
                if existing:
                    raise _AlreadyIssued(existing)
            else:
                superseded_before = snapshot(supersedes)
                supersedes.status = Certificate.Status.SUPERSEDED
                supersedes.save(update_fields=["status"])
            frozen = freeze(subject, serial=serial, token=token, issued_on=on, supersedes=supersedes)
            check_glyphs(frozen)
            certificate = _new_certificate(
                subject, frozen, pdf.render_certificate(frozen), token=token, acting_user=acting_user, supersedes=supersedes
            )
            certificate.save()
            audit.record(
                certificate,
                action,
                acting_user=acting_user,
                reason=reason,
                data={"employee_id": subject.holder.pk, "serial": serial, "subject": subject.key,
                      "content_hash": certificate.content_hash,
                      **({"supersedes": supersedes.serial} if supersedes else {})},
            )
            if supersedes is not None:
                audit.record(
                    supersedes,
                    "certification.certificate.supersede",
                    acting_user=acting_user,
                    reason=reason,
                    data={"employee_id": subject.holder.pk, "superseded_by": serial,
                          "changes": changes(superseded_before, snapshot(supersedes))},
                )
    except _AlreadyIssued:
        return None
    except IntegrityError:
        if certificate is not None:
            _discard_file(certificate)
        if supersedes is None and Certificate.objects.filter(
            subject_key=subject.key, status=Certificate.Status.VALID
        ).exists():
            return None  # issued concurrently by someone else
        raise
    except BaseException:
        if certificate is not None:
            _discard_file(certificate)  # the row was rolled back; do not leave its file behind
        raise
    return certificate


def reissue_certificate(certificate: Certificate, *, acting_user, reason: str, on: datetime.date | None = None) -> Certificate:
    """A new serial (and token, and PDF from today's data) that supersedes ``certificate``."""
    require_permission(acting_user, ISSUE_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for re-issuing."), code="reason_required")
    on = on or timezone.localdate()
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if current.status != Certificate.Status.VALID:
            raise ValidationError(_("Only a valid certificate can be re-issued."), code="not_valid")
        subject = subject_of(current)
        subject.check_issuable(on)
        new = _issue_one(subject, acting_user=acting_user, on=on, action="certification.certificate.reissue",
                         supersedes=current, reason=reason.strip())
    return new


def revoke_certificate(certificate: Certificate, *, acting_user, reason: str, check_permission: bool = True) -> Certificate:
    """Revocation is a status with a reason; the certificate and its PDF stay on record."""
    if check_permission:
        require_permission(acting_user, REVOKE_PERMISSION)
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for revoking."), code="reason_required")
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if current.status != Certificate.Status.VALID:
            raise ValidationError(_("Only a valid certificate can be revoked."), code="not_valid")
        before = snapshot(current)
        current.status = Certificate.Status.REVOKED
        current.revoked_at = timezone.now()
        current.revoked_by = acting_user if (acting_user is not None and acting_user.is_authenticated) else None
        current.revocation_reason = reason.strip()
        current.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        audit.record(
            current,
            "certification.certificate.revoke",
            acting_user=acting_user,
            reason=reason,
            data={"employee_id": current.holder_id, "serial": current.serial,
                  "changes": changes(before, snapshot(current))},
        )
    return current


def subject_of(certificate: Certificate) -> Subject:
    if certificate.grade_award_id:
        award = GradeAward.objects.select_related("level__scheme", "employee__org_unit").get(pk=certificate.grade_award_id)
        return Subject.for_award(award)
    result = TheoryResult.objects.select_related("employee__org_unit").get(pk=certificate.theory_result_id)
    return Subject.for_result(result)


# --------------------------------------------------------------------------- subjects for bulk runs


def subjects_for_sitting(sitting_id: int) -> list[Subject]:
    results = TheoryResult.objects.filter(sitting_id=sitting_id, passed=True).select_related("employee__org_unit")
    return [Subject.for_result(r) for r in results.order_by("pk")]


def subjects_for_exam(exam_code: str) -> list[Subject]:
    results = TheoryResult.objects.filter(exam_code=exam_code, passed=True).select_related("employee__org_unit")
    return [Subject.for_result(r) for r in results.order_by("pk")]


def subjects_for_level(level_id: int, on: datetime.date | None = None) -> list[Subject]:
    awards = (
        GradeAward.objects.current(on)
        .filter(level_id=level_id)
        .select_related("level__scheme", "employee__org_unit")
        .order_by("pk")
    )
    return [Subject.for_award(a) for a in awards]


# --------------------------------------------------------------------------- bulk


@dataclass
class BulkOutcome:
    issued: list[Certificate] = field(default_factory=list)
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (subject key, message)


def default_workers() -> int:
    configured = getattr(settings, "PORTAL_CERTIFICATE_RENDER_WORKERS", None)
    return max(1, int(configured if configured is not None else (os.cpu_count() or 1)))


RENDER_GROUP = 20  # certificates laid out as one document (pdf.render_certificates); each still its own PDF


def _render_many(frozen_list: list[dict], executor: ProcessPoolExecutor | None, batch_faces=(), workers: int = 1):
    """The PDFs of ``frozen_list``, in order: rendered here, or submitted to the worker processes at once
    (an iterator whose items arrive as the workers finish, so the caller can store the previous chunk).

    Certificates go in groups of up to ``RENDER_GROUP`` (fewer when a small chunk would otherwise leave a
    worker idle): each group is laid out once, which costs about a quarter less CPU per certificate than one
    by one (bench/certificates); beyond 20 the saving levels off.
    """
    if executor is None:
        workers = 1
    size = max(1, min(RENDER_GROUP, math.ceil(len(frozen_list) / workers)))
    groups = [frozen_list[start : start + size] for start in range(0, len(frozen_list), size)]
    if executor is None:
        return [one for group in groups for one in pdf.render_certificates(group, batch_faces)]
    return itertools.chain.from_iterable(executor.map(workers_module.render, groups, [batch_faces] * len(groups)))


def _batch_text(todo: list[Subject], prepared: list[tuple[Subject, dict, str]]) -> str:
    """The characters a bulk run prints: the first chunk's certificate texts, and every holder's name and unit.

    (What another chunk's texts add beyond these, such as a rarer character in an exam title, is still
    printed: the common and full fonts follow the batch font in the stylesheet.)
    """
    parts = [json.dumps(frozen, ensure_ascii=False) for _subject, frozen, _token in prepared]
    for subject in todo:
        unit = subject.holder.org_unit
        parts += [subject.holder.name, unit.name if unit else "", (unit.name_en or "") if unit else ""]
    return "".join(parts)


def _executor(workers: int, count: int) -> ProcessPoolExecutor | None:
    if workers <= 1 or count < 2 * workers:
        return None
    # Forking is fast (the child inherits warm fonts) but only safe from a single-threaded process: a
    # threaded web server's other threads may hold locks the child would inherit. There, spawn afresh.
    single_threaded = threading.active_count() == 1
    method = "fork" if single_threaded and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=workers_module.init,
        initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.production"),),
    )


def bulk_issue(
    subjects: Iterable[Subject],
    *,
    acting_user=None,
    batch: CertificateBatch | None = None,
    on: datetime.date | None = None,
    workers: int | None = None,
    chunk_size: int = 100,
    progress: Callable[[int, int, int, int], None] | None = None,
    check_permission: bool = True,
) -> BulkOutcome:
    """Issue certificates for every subject that has none yet. Safe to run twice (the second run skips all).

    PDFs are rendered in ``workers`` processes (default: every core); the database work stays in this
    process. ``progress(processed, total, issued, skipped)`` is called after each chunk.
    """
    if check_permission:
        require_permission(acting_user, ISSUE_PERMISSION)
    on = on or timezone.localdate()
    subjects = list(subjects)
    total = len(subjects)
    outcome = BulkOutcome()
    already = set(
        Certificate.objects.filter(subject_key__in=[s.key for s in subjects]).values_list("subject_key", flat=True)
    )
    todo = []
    for subject in subjects:
        if subject.key in already:
            outcome.skipped += 1
            continue
        try:
            subject.check_issuable(on)
        except ValidationError as error:
            outcome.failed.append((subject.key, " ".join(error.messages)))
            continue
        todo.append(subject)
        already.add(subject.key)  # the same subject listed twice is issued once
    processed = total - len(todo)
    if progress:
        progress(processed, total, 0, outcome.skipped)

    workers = workers if workers is not None else default_workers()
    executor = _executor(workers, len(todo))
    content_type = ContentType.objects.get_for_model(Certificate)
    pending = None  # (chunk size, prepared, PDFs on their way): stored while the next chunk renders
    batch_faces = None  # the run's own small font, cut once the first chunk's texts are known
    branch_codes = {}

    def store(size, prepared, rendering):
        nonlocal processed
        outcome.issued.extend(_store_chunk(prepared, list(rendering), acting_user, batch, outcome, content_type))
        processed += size
        if progress:
            progress(processed, total, len(outcome.issued), outcome.skipped)

    try:
        for start in range(0, len(todo), chunk_size):
            chunk = todo[start : start + chunk_size]
            prepared = _prepare_chunk(chunk, on, outcome, branch_codes)
            if batch_faces is None:
                batch_faces = fonts.batch_faces(_batch_text(todo, prepared)) if len(todo) >= BATCH_FONT_MIN else ()
            rendering = _render_many([frozen for _s, frozen, _t in prepared], executor, batch_faces, workers)
            if pending is not None:
                store(*pending)
            pending = (len(chunk), prepared, rendering)
        if pending is not None:
            store(*pending)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
        fonts.discard_batch(batch_faces or ())
    return outcome


def _prepare_chunk(chunk: list[Subject], on, outcome: BulkOutcome,
                   branch_codes: dict | None = None) -> list[tuple[Subject, dict, str]]:
    """Allocate serials per (year, branch) in one short transaction, then freeze each subject's data.

    ``branch_codes`` (org unit pk → branch code) is kept across a run's chunks: finding a unit's branch
    reads its ancestors, once per unit rather than once per certificate.
    """
    branch_codes = {} if branch_codes is None else branch_codes
    by_branch = defaultdict(list)
    for subject in chunk:
        unit = subject.holder.org_unit
        code = branch_codes.get(unit.pk)
        if code is None:
            code = branch_codes[unit.pk] = serials.branch_code_for(unit)
        by_branch[code].append(subject)
    prepared = []
    with transaction.atomic():
        allocated = {branch: serials.allocate(on.year, branch, len(items)) for branch, items in by_branch.items()}
    for branch, items in by_branch.items():
        for subject, serial in zip(items, allocated[branch], strict=True):
            token = tokens.make_token()
            try:
                frozen = freeze(subject, serial=serial, token=token, issued_on=on)
                check_glyphs(frozen)
            except ValidationError as error:
                outcome.failed.append((subject.key, " ".join(error.messages)))
                continue
            prepared.append((subject, frozen, token))
    return prepared


def _store_chunk(prepared, pdfs, user, batch, outcome: BulkOutcome, content_type) -> list[Certificate]:
    def build(index):
        subject, frozen, token = prepared[index]
        return _new_certificate(subject, frozen, pdfs[index], token=token, acting_user=user, batch=batch)

    certificates = [build(i) for i in range(len(prepared))]
    try:
        with transaction.atomic():
            created = Certificate.objects.bulk_create(certificates)
            _log_issued(created, user, batch, content_type)
        return created
    except IntegrityError:
        for certificate in certificates:  # rolled back: remove the files the insert had stored
            _discard_file(certificate)
    # Someone issued one of these subjects meanwhile: store one by one, skipping the duplicates.
    created = []
    for index in range(len(prepared)):
        certificate = build(index)
        try:
            with transaction.atomic():
                certificate.save()
                _log_issued([certificate], user, batch, content_type)
            created.append(certificate)
        except IntegrityError:
            _discard_file(certificate)
            outcome.skipped += 1
    return created


def _log_issued(certificates: list[Certificate], user, batch, content_type) -> None:
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        audit.record(
            c,
            "certification.certificate.issue",
            acting_user=user,
            data={"employee_id": c.holder_id, "serial": c.serial, "subject": c.subject_key,
                  "content_hash": c.content_hash, **({"batch": batch.pk} if batch else {})},
            save=False,
            content_type=content_type,
            timestamp=now,
        )
        for c in certificates
    )
