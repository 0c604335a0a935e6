"""Certification's panel of the home-page overview: valid certificates and those expiring soon."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Certificate

EXPIRY_WARNING_DAYS = 90


def certificates_panel(overview, employee, now) -> None:
    today = timezone.localdate(now)
    valid = list(Certificate.objects.filter(holder=employee).valid(today).order_by("expires_on"))
    overview.valid_certificates = len(valid)
    warn_until = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    overview.expiring_certificates = [c for c in valid if c.expires_on and c.expires_on <= warn_until]
