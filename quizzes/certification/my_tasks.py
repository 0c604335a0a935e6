"""My tasks' "Certificates to renew": the person's valid certificates expiring within the reminder window."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.bilingual import is_english
from portal.core.my_tasks import TaskSection

from .models import Certificate
from .services.reminders import reminder_windows


def certificates_to_renew(employee, today: datetime.date) -> list[dict]:
    windows = reminder_windows()
    if not windows:
        return []
    english = is_english()
    rows = []
    for certificate in (
        Certificate.objects.filter(holder=employee).expiring(max(windows), today).order_by("expires_on", "serial")
    ):
        title = (certificate.frozen or {}).get("title_en") if english else None
        rows.append({
            "certificate": certificate, "title": title or certificate.title,
            "days_left": (certificate.expires_on - today).days,
        })
    return rows


def section(employee, now) -> TaskSection:
    items = certificates_to_renew(employee, timezone.localdate(now))
    return TaskSection(
        key="renewals", heading=_("Certificates to renew"),
        template="certification/includes/my_tasks_certificates.html", items=items,
        empty=_("No certificate of yours expires soon."), order=30, urgent=len(items),
    )
