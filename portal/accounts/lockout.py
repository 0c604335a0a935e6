"""django-axes hooks: the account name a lock is counted against, and the page a locked client sees."""

from django.conf import settings
from django.shortcuts import render


def client_username(request, credentials):
    """What was typed, without surrounding spaces and case, so "E0029 " and "e0029" share one counter."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked client sees (portal and admin sign-in alike), with HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "account/locked.html", context, status=429)
