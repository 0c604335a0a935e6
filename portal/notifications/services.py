"""The one way anything in the portal tells a person something: ``notify``.

``notify(user, kind, key=…, params=…, link=…)`` stores one notice per (user, event key) — a second call with
the same key changes nothing and returns None — and, when ``email`` is on and the user has an address,
sends it by Django's mail (the console backend in development, SMTP in production) in the user's preferred
language, after the transaction commits. Callers that already send their own mail (the acknowledgement and
certificate reminders) pass ``email=False``. ``notify_many`` does the same for a whole audience in one
bulk insert (no mail: a round asking thousands is announced in the portal, its reminders mail).

Reading is private: every query below is filtered by the user it is given; views pass ``request.user``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import kinds
from .models import Notification


def _language_of(user) -> str:
    employee = getattr(user, "employee", None) if hasattr(user, "employee") else None
    return getattr(employee, "language", None) or settings.LANGUAGE_CODE


def mail_enabled() -> bool:
    return bool(getattr(settings, "EMAIL_BACKEND", "")) and getattr(settings, "PORTAL_NOTIFICATION_EMAILS", True)


def notify(user, kind: str, *, key: str, params: dict | None = None, link: dict | None = None,
           email: bool = True, now=None) -> Notification | None:
    """Tell ``user`` about one event (``key`` unique per user). Returns the new notice, or None if the
    event had already been notified (or the user is missing or inactive)."""
    if user is None or not user.is_active:
        return None
    if Notification.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                user=user, kind=kind, key=key[:200], params=params or {}, link=link or {},
                created_at=now or timezone.now(),
            )
    except IntegrityError:  # the same event notified concurrently
        return None
    if email and user.email and mail_enabled():
        transaction.on_commit(lambda: send_email(notice.pk))
    return notice


def notify_many(notices: list[tuple], *, now=None) -> int:
    """Bulk ``(user_id, kind, key, params, link)``: one insert, events already notified skipped. No mail."""
    now = now or timezone.now()
    rows = [
        Notification(user_id=user_id, kind=kind, key=key[:200], params=params or {}, link=link or {},
                     created_at=now)
        for user_id, kind, key, params, link in notices
    ]
    if not rows:
        return 0
    existing = set(
        Notification.objects.filter(user_id__in={r.user_id for r in rows}, key__in={r.key for r in rows})
        .values_list("user_id", "key")
    )
    fresh = [r for r in rows if (r.user_id, r.key) not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=500)
    return len(fresh)


def send_email(notice_id: int) -> bool:
    """Mail one notice in its recipient's language (once: ``emailed_at`` is set)."""
    notice = Notification.objects.select_related("user").filter(pk=notice_id, emailed_at__isnull=True).first()
    if notice is None or not notice.user.email:
        return False
    base = getattr(settings, "PORTAL_BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    with translation.override(_language_of(notice.user)):
        context = {
            "notice": notice,
            "headline": kinds.headline(notice),
            "detail": kinds.detail(notice),
            "url": (base.rstrip("/") + kinds.url(notice)) if kinds.url(notice) else "",
            "centre_url": base.rstrip("/") + reverse("notifications:list"),
        }
        subject = render_to_string("notifications/email/subject.txt", context).strip()
        body = render_to_string("notifications/email/body.txt", context)
    send_mail(subject, body, None, [notice.user.email])
    Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()


def for_user(user):
    return Notification.objects.for_user(user)


def mark_read(user, notice_id: int, *, now=None) -> bool:
    """Mark the user's own notice read. Another person's notice is not found (nothing changes)."""
    return bool(
        Notification.objects.for_user(user).unread().filter(pk=notice_id).update(read_at=now or timezone.now())
    )


def mark_all_read(user, *, now=None) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=now or timezone.now())
