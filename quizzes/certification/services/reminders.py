"""Expiry reminders: each holder once per window (e.g. 90, 60 and 30 days before), and HR a digest."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.core import audit
from portal.notifications import services as notifications
from portal.notifications.models import Notification
from portal.people.roles import HR

from ..models import Certificate

DEFAULT_WINDOWS = (90, 60, 30)


def reminder_windows() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "PORTAL_CERTIFICATE_REMINDER_DAYS", DEFAULT_WINDOWS), reverse=True))


def hr_recipients() -> list[str]:
    configured = getattr(settings, "PORTAL_CERTIFICATION_HR_EMAILS", None)
    if configured:
        return list(configured)

    users = get_user_model().objects.filter(groups__name=HR, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@dataclass
class ReminderOutcome:
    reminded: list[Certificate] = field(default_factory=list)
    hr_notified: bool = False


def _window_due(certificate: Certificate, on: datetime.date, windows) -> int | None:
    """The smallest window the certificate has entered and not yet been reminded for."""
    days_left = (certificate.expires_on - on).days
    due = [w for w in windows if days_left <= w and w not in certificate.reminders_sent]
    return min(due) if due else None


def send_expiry_reminders(on: datetime.date | None = None) -> ReminderOutcome:
    """Remind holders of valid certificates expiring within a window; idempotent per window."""
    on = on or timezone.localdate()
    windows = reminder_windows()
    if not windows:
        return ReminderOutcome()
    candidates = (
        Certificate.objects.expiring(max(windows), on)
        .select_related("holder__user")
        .order_by("expires_on", "serial")
    )
    outcome = ReminderOutcome()
    for certificate in candidates:
        window = _window_due(certificate, on, windows)
        if window is None:
            continue
        holder = certificate.holder
        email = holder.user.email
        if email:
            with translation.override(holder.language or settings.LANGUAGE_CODE):
                context = {"certificate": certificate, "holder": holder, "days_left": (certificate.expires_on - on).days}
                subject = render_to_string("certification/email/expiry_reminder_subject.txt", context).strip()
                body = render_to_string("certification/email/expiry_reminder.txt", context)
            send_mail(subject, body, None, [email])
        with transaction.atomic():
            # every window already passed is marked too, so a late run does not send three mails at once
            certificate.reminders_sent = sorted(
                set(certificate.reminders_sent) | {w for w in windows if w >= window}, reverse=True
            )
            certificate.save(update_fields=["reminders_sent"])
            audit.record(
                certificate,
                "certification.certificate.remind",
                acting_user=None,
                data={"employee_id": holder.pk, "window_days": window, "emailed": bool(email), "expires_on": str(certificate.expires_on)},
            )
        _notify(certificate, window, on)
        outcome.reminded.append(certificate)
    recipients = hr_recipients()
    if outcome.reminded and recipients:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"certificates": outcome.reminded, "on": on}
            subject = render_to_string("certification/email/expiry_digest_subject.txt", context).strip()
            body = render_to_string("certification/email/expiry_digest.txt", context)
        send_mail(subject, body, None, recipients)
        outcome.hr_notified = True
    return outcome


def _notify(certificate: Certificate, window: int, on: datetime.date) -> None:
    """The holder's portal notice for this window (the reminder mail above is the e-mail)."""
    notifications.notify(
        certificate.holder.user,
        Notification.Kind.CERTIFICATE_EXPIRING,
        key=f"certificate:{certificate.pk}:expiry:{window}",
        params={
            "name": certificate.title,
            "name_en": (certificate.frozen or {}).get("title_en", ""),
            "serial": certificate.serial,
            "expires": certificate.expires_on.isoformat(),
            "days_left": (certificate.expires_on - on).days,
        },
        link={"name": "certification:mine"},
        email=False,
    )
