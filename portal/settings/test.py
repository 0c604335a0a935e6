"""Test settings: fast hashing, locmem cache and mail, immediate tasks. Honours DATABASE_URL."""

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_ENVIRONMENT = "test"

# Static files come straight from the finders; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Operations (issue 14): MEDIA_ROOT / PRIVATE_MEDIA_ROOT, when set, put the test storages on disk (the
# multi-server test and restore drills share files between processes).
import os as _os  # noqa: E402

if _os.environ.get("MEDIA_ROOT"):
    STORAGES["default"] = {"BACKEND": "portal.core.private_files.MediaStorage",
                           "OPTIONS": {"location": _os.environ["MEDIA_ROOT"],
                                       "private_location": _os.environ.get("PRIVATE_MEDIA_ROOT")}}
if _os.environ.get("PRIVATE_MEDIA_ROOT"):
    STORAGES["private"] = {"BACKEND": "portal.core.private_files.PrivateFileSystemStorage",
                           "OPTIONS": {"location": _os.environ["PRIVATE_MEDIA_ROOT"], "base_url": None}}

# Issue 13: most tests read pages as an anonymous visitor; the sign-in requirement (the default elsewhere)
# has no test of its own yet (issue 13 stays open).
PORTAL_PUBLIC_READING = True
