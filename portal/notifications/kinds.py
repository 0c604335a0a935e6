"""What each kind of notice says, in the reader's language, from the facts stored with it.

Notices keep facts (titles in both languages where the source has them, ISO dates, scores), not sentences:
the same notice reads in Chinese on /zh-hans/ and in English on /en/, and its e-mail in the recipient's
preferred language. Dates go through ``portal.core.dates`` (the portal's time zone, absolute dates).
"""

from __future__ import annotations

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal.core import dates
from portal.core.bilingual import is_english

from .models import Notification

Kind = Notification.Kind


def _title(params: dict, name: str = "title") -> str:
    if is_english() and params.get(f"{name}_en"):
        return params[f"{name}_en"]
    return params.get(name) or ""


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        if "T" in value:
            return dates.format_datetime(datetime.datetime.fromisoformat(value))
        return dates.format_date(datetime.date.fromisoformat(value))
    except ValueError:
        return value


def headline(notice: Notification) -> str:
    p = notice.params or {}
    if notice.kind == Kind.GRADING_DONE:
        return _("Your result for “%(exam)s” is final") % {"exam": _title(p, "exam")}
    if notice.kind == Kind.RULE_DUE:
        return _("Please acknowledge “%(title)s” by %(due)s") % {"title": _title(p), "due": _date(p.get("due"))}
    if notice.kind == Kind.RULE_OVERDUE:
        return _("Overdue: “%(title)s” was due on %(due)s") % {"title": _title(p), "due": _date(p.get("due"))}
    if notice.kind == Kind.EXAM_OPENED:
        return _("Exam open: “%(exam)s”") % {"exam": _title(p, "exam")}
    if notice.kind == Kind.CERTIFICATE_EXPIRING:
        return _("Your certificate “%(name)s” expires on %(expires)s") % {
            "name": _title(p, "name"), "expires": _date(p.get("expires")),
        }
    return notice.get_kind_display()


def detail(notice: Notification) -> str:
    p = notice.params or {}
    if notice.kind == Kind.GRADING_DONE:
        if "score" not in p:
            return _("Grading is complete.")
        outcome = _("passed") if p.get("passed") else _("not passed")
        return _("Score %(score)s of %(max)s: %(outcome)s.") % {
            "score": p.get("score", ""), "max": p.get("max", ""), "outcome": outcome,
        }
    if notice.kind in (Kind.RULE_DUE, Kind.RULE_OVERDUE):
        return _("Open My tasks to read the change and confirm.")
    if notice.kind == Kind.EXAM_OPENED:
        return _("You can take it until %(closes)s.") % {"closes": _date(p.get("closes"))}
    if notice.kind == Kind.CERTIFICATE_EXPIRING:
        return _("Certificate %(serial)s: %(days)s days left. Plan your renewal with HR.") % {
            "serial": p.get("serial", ""), "days": p.get("days_left", ""),
        }
    return ""


def url(notice: Notification) -> str:
    """The notice's target under the active language (empty when it no longer resolves)."""
    link = notice.link or {}
    name = link.get("name")
    if not name:
        return ""
    try:
        target = reverse(name, args=link.get("args") or [])
    except NoReverseMatch:
        return ""
    return target + (link.get("anchor") or "")
