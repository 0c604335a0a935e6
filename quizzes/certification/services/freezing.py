"""What a certificate says, fixed at issue: holder, unit, titles and every text in both languages.

``freeze()`` reads the database once and returns plain JSON data; the PDF is rendered from that data
alone, and the data is stored on the certificate. Editing the scheme, a level's name, the holder's name or
the translations afterwards therefore changes nothing already issued.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Certificate, GradeAward, TheoryResult

FROZEN_VERSION = 1
LANGUAGES = ("zh-hans", "en")


@dataclass
class Subject:
    """What a certificate is for: a grade award or a passed exam result."""

    kind: str
    key: str
    holder: object
    award: GradeAward | None = None
    theory_result: TheoryResult | None = None

    @classmethod
    def for_award(cls, award: GradeAward) -> Subject:
        return cls(Certificate.Kind.GRADE, f"award:{award.pk}", award.employee, award=award)

    @classmethod
    def for_result(cls, result: TheoryResult) -> Subject:
        return cls(Certificate.Kind.EXAM, f"exam:{result.pk}", result.employee, theory_result=result)

    def expires_on(self) -> datetime.date | None:
        if self.award is not None:
            return self.award.expires_on
        months = getattr(settings, "PORTAL_EXAM_CERTIFICATE_VALIDITY_MONTHS", None)
        if months:
            from ..rules.dates import expiry_date

            return expiry_date(self.theory_result.taken_at.date(), months)
        return None

    def check_issuable(self, on: datetime.date) -> None:
        if self.award is not None:
            if self.award.status != GradeAward.Status.ACTIVE:
                raise ValidationError(_("The grade is no longer held; no certificate can be issued."), code="inactive")
            if self.award.is_expired(on):
                raise ValidationError(_("The grade has expired; no certificate can be issued."), code="expired")
        elif not self.theory_result.passed:
            raise ValidationError(_("Only a passed exam can be certified."), code="not_passed")


def verify_url(token: str) -> str:
    base = getattr(settings, "PORTAL_CERTIFICATE_VERIFY_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certification:verify", kwargs={"token": token})
    return base.rstrip("/") + path


def _setting_text(name: str, language: str, default: str) -> str:
    configured = getattr(settings, name, None)
    if isinstance(configured, dict):
        return configured.get(language) or configured.get(settings.LANGUAGE_CODE) or default
    return configured or default


def _day(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _number(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _texts(subject: Subject, language: str, facts: dict) -> dict:
    zh = language == "zh-hans"
    unit = facts["org_unit"] if zh or not facts["org_unit_en"] else facts["org_unit_en"]
    common = {"name": facts["holder_name"], "number": facts["employee_number"], "unit": unit}
    if subject.award is not None:
        scheme, level = subject.award.level.scheme, subject.award.level
        title = scheme.certificate_title if zh else (scheme.certificate_title_en or scheme.certificate_title)
        grade = level.name if zh else (level.name_en or level.name)
        scheme_name = scheme.name if zh else (scheme.name_en or scheme.name)
        body = _(
            "This is to certify that %(name)s (employee no. %(number)s, %(unit)s) has met every requirement "
            "of the grade %(grade)s of the %(scheme)s and is awarded this certificate."
        ) % {**common, "grade": grade, "scheme": scheme_name}
    else:
        result = subject.theory_result
        exam = result.exam_title if zh else (result.exam_title_en or result.exam_title)
        title = _("Certificate of Examination")
        body = _(
            "This is to certify that %(name)s (employee no. %(number)s, %(unit)s) passed the examination "
            "%(exam)s on %(date)s with a score of %(score)s."
        ) % {**common, "exam": exam or result.exam_code, "date": _day(result.taken_at.date()),
             "score": _number(result.score)}
    texts = {
        "title": title,
        "body": body,
        "serial_label": _("Serial No."),
        "issued_label": _("Date of issue"),
        "expires_label": _("Valid until"),
        "issued_on": _day(facts["issued_on_date"]),
        "expires_on": _day(facts["expires_on_date"]) if facts["expires_on_date"] else _("No expiry"),
        "verify_label": _("Scan the QR code to check that this certificate is genuine and valid."),
        "issuer": _setting_text("PORTAL_CERTIFICATE_ISSUER", language, _("Training and Certification Centre")),
        "signatory": _setting_text("PORTAL_CERTIFICATE_SIGNATORY", language, _("Authorised signatory")),
        "supersedes": "",
    }
    if facts.get("supersedes"):
        texts["supersedes"] = _("This certificate replaces certificate %(serial)s.") % {"serial": facts["supersedes"]}
    return texts


def _check_catalog() -> None:
    with translation.override("zh-hans"):
        if _("Serial No.") == "Serial No.":
            raise ImproperlyConfigured(
                "The Chinese message catalog is not compiled, so a certificate would be printed without its "
                "Chinese texts. Run `make messages` (manage.py compilemessages) first."
            )


def freeze(
    subject: Subject,
    *,
    serial: str,
    token: str,
    issued_on: datetime.date,
    supersedes: Certificate | None = None,
) -> dict:
    """The certificate's data at issue, JSON-ready."""
    _check_catalog()
    holder = subject.holder
    unit = holder.org_unit
    expires_on = subject.expires_on()
    facts = {
        "holder_name": holder.name,
        "employee_number": holder.employee_number,
        "org_unit": unit.name,
        "org_unit_en": unit.name_en,
        "issued_on_date": issued_on,
        "expires_on_date": expires_on,
        "supersedes": supersedes.serial if supersedes else "",
    }
    frozen = {
        "version": FROZEN_VERSION,
        "serial": serial,
        "kind": subject.kind,
        "subject": subject.key,
        "holder_name": holder.name,
        "employee_number": holder.employee_number,
        "org_unit": unit.name,
        "org_unit_en": unit.name_en,
        "org_unit_code": unit.code,
        "issued_on": issued_on.isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else None,
        "verify_url": verify_url(token),
        "supersedes": facts["supersedes"],
    }
    if subject.award is not None:
        level = subject.award.level
        frozen.update(
            grade=level.name, grade_en=level.name_en, scheme=level.scheme.name, scheme_en=level.scheme.name_en,
            awarded_on=subject.award.awarded_on.isoformat(),
        )
    else:
        result = subject.theory_result
        frozen.update(
            exam_code=result.exam_code, exam_title=result.exam_title, exam_title_en=result.exam_title_en,
            score=_number(result.score), taken_on=result.taken_at.date().isoformat(),
        )
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = _texts(subject, language, facts)
    frozen["texts"] = texts
    frozen["title"] = texts["zh-hans"]["title"]
    frozen["title_en"] = texts["en"]["title"]
    return frozen


def data_hash(frozen: dict) -> str:
    canonical = json.dumps(frozen, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_glyphs(frozen: dict) -> None:
    """Refuse to print a certificate whose texts the font cannot draw (no empty boxes, ever)."""
    from ..pdf import missing_glyphs

    text = "".join(
        [frozen["holder_name"], frozen["org_unit"], frozen.get("org_unit_en") or ""]
        + [value for texts in frozen["texts"].values() for value in texts.values() if isinstance(value, str)]
    )
    missing = missing_glyphs(text)
    if missing:
        raise ValidationError(
            _("The certificate font cannot print these characters: %(chars)s. Configure a font that has them.")
            % {"chars": " ".join(missing)},
            code="missing_glyphs",
        )
