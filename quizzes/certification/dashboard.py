"""Certification's panel of the home-page overview: valid certificates and those expiring soon."""

from __future__ import annotations

from django.utils import timezone

from .models import Certificate

EXPIRY_WARNING_DAYS = 90


def certificates_panel(overview, employee, now) -> None:
    today = timezone.localdate(now)
    mine = Certificate.objects.filter(holder=employee)
    overview.valid_certificates = mine.valid(today).count()
    overview.expiring_certificates = list(mine.expiring(EXPIRY_WARNING_DAYS, today).order_by("expires_on"))
