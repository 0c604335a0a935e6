"""Checks that the evidence still holds together: certificate PDFs, frozen question versions, acknowledgements."""

from __future__ import annotations

import hashlib

from wagtail.models import Revision

from content.acknowledgements.models import Acknowledgement
from quizzes.certification.models import Certificate
from quizzes.exams.models import AttemptItem
from quizzes.models import QuestionVersion


def certificate_problems() -> list[str]:
    problems = []
    for cert in Certificate.objects.exclude(pdf="").only("serial", "pdf", "content_hash").iterator():
        storage = cert.pdf.storage
        if not storage.exists(cert.pdf.name):
            problems.append(f"certificate {cert.serial}: PDF missing ({cert.pdf.name})")
            continue
        with storage.open(cert.pdf.name, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        if digest != cert.content_hash:
            problems.append(f"certificate {cert.serial}: PDF does not match its recorded SHA-256 ({cert.pdf.name})")
    return problems


def attempt_problems() -> list[str]:
    known = QuestionVersion.objects.values("pk")
    bad = AttemptItem.objects.exclude(version_id__in=known).values_list("attempt_id", "version_id")
    bad_keys = AttemptItem.objects.filter(key_version__isnull=False).exclude(key_version_id__in=known).values_list(
        "attempt_id", "key_version_id")
    return ([f"attempt {a}: frozen question version {v} missing" for a, v in bad]
            + [f"attempt {a}: corrected-key version {v} missing" for a, v in bad_keys])


def acknowledgement_problems() -> list[str]:
    bad = (Acknowledgement.objects.filter(revision__isnull=False)
           .exclude(revision_id__in=Revision.objects.values("pk")).values_list("pk", "revision_id"))
    return [f"acknowledgement {pk}: revision {rev} missing" for pk, rev in bad]


def all_problems() -> list[str]:
    return certificate_problems() + attempt_problems() + acknowledgement_problems()



