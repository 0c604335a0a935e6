"""The one way the portal shows a date or a time: in its time zone (``TIME_ZONE``, Asia/Shanghai) and in
the active language, for pages, the admin, mails and the JSON the browser scripts display.

Dates are absolute, never "3 days ago" or "just now": a certificate valid until 2029-12-01 reads
"2029年12月1日" (Chinese) or "1 Dec 2029" (English), whatever the viewer's browser or clock says. A time of
day is 24-hour. A datetime is first converted to the portal's time zone, so a page never mixes UTC and
local times.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.dateformat import format as django_format
from django.utils.translation import get_language, override

# Django's format characters (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date)
_FORMATS = {
    "zh": {"date": "Y年n月j日", "datetime": "Y年n月j日 H:i", "time": "H:i:s", "month": "Y年n月"},
    "en": {"date": "j M Y", "datetime": "j M Y, H:i", "time": "H:i:s", "month": "M Y"},
}


def _formats(language: str | None) -> tuple[str, dict]:
    language = (language or get_language() or "zh-hans").lower()
    key = "zh" if language.startswith("zh") else "en"
    return language, _FORMATS[key]


def local(value: datetime.datetime) -> datetime.datetime:
    """``value`` in the portal's time zone (a naive value is taken to be in it already)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, timezone.get_default_timezone())


def _render(value, kind: str, language: str | None) -> str:
    if value in (None, ""):
        return ""
    language, formats = _formats(language)
    if isinstance(value, datetime.datetime):
        value = local(value)
        if kind in ("date", "month"):
            value = value.date()
    elif kind in ("datetime", "time"):
        kind = "date"  # a plain date has no time of day to show
    with override(language):
        return django_format(value, formats[kind])


def format_date(value, language: str | None = None) -> str:
    return _render(value, "date", language)


def format_datetime(value, language: str | None = None) -> str:
    return _render(value, "datetime", language)


def format_time(value, language: str | None = None) -> str:
    return _render(value, "time", language)
