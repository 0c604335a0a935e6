"""The idle time-out: a signed-in session unused for PORTAL_SESSION_IDLE_MINUTES ends.

Every request of a signed-in user counts as activity (written at most every 30 s), except the session-status
call the warning script makes. A candidate with a timed attempt in progress is never signed out: the attempt's
deadline on the server rules, however long they read a question.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN = "_portal_last_seen"
WRITE_EVERY_SECONDS = 30
PASSIVE_SUFFIX = "/accounts/session/"


# keep_signed_in(user) → True while the user must not be signed out for idleness (registered by the apps that
# know, in their AppConfig.ready(): the exams' timed attempt in progress)
_KEEPERS: list = []


def register_session_keeper(keeper) -> None:
    if keeper not in _KEEPERS:
        _KEEPERS.append(keeper)


def in_timed_attempt(user) -> bool:
    return any(keeper(user) for keeper in _KEEPERS)


def idle_seconds_left(request, now: float | None = None) -> int:
    now = now if now is not None else time.time()
    last = request.session.get(LAST_SEEN, now)
    return max(0, int(settings.PORTAL_SESSION_IDLE_MINUTES * 60 - (now - last)))


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            passive = request.path_info.endswith(PASSIVE_SUFFIX)
            if last is not None and now - last > settings.PORTAL_SESSION_IDLE_MINUTES * 60:
                if in_timed_attempt(user):
                    request.session[LAST_SEEN] = now
                else:
                    logout(request)
                    messages.info(request, _("You were signed out after %(minutes)d minutes without activity.")
                                  % {"minutes": settings.PORTAL_SESSION_IDLE_MINUTES})
                    if request.method == "GET" and not passive and "/api/" not in request.path_info:
                        return redirect(f"{reverse('login')}?next={quote(request.get_full_path())}")
            elif not passive and (last is None or now - last >= WRITE_EVERY_SECONDS):
                request.session[LAST_SEEN] = now
        return self.get_response(request)
