"""The admin's language: the user's own preference (Account → Preferences), else the portal's language
(``LANGUAGE_CODE``, 简体中文) — never the browser's Accept-Language. A Chinese bank's staff with an en-US
browser get the Chinese admin; who wants English chooses it once in their account."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

ADMIN_PREFIX = "/admin/"


def admin_language(user) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    profile = getattr(user, "wagtail_userprofile", None) if getattr(user, "is_authenticated", False) else None
    preferred = getattr(profile, "preferred_language", "") if profile is not None else ""
    return preferred if preferred in available else settings.LANGUAGE_CODE


class AdminLanguageMiddleware:
    """After ``AuthenticationMiddleware``: activate the admin language on /admin/ requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            language = admin_language(request.user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
