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

# Issue 13: most tests read pages as an anonymous visitor; the sign-in requirement (the default elsewhere)
# is tested on its own with override_settings(PORTAL_PUBLIC_READING=False) in tests/portal/test_hardening.py.
PORTAL_PUBLIC_READING = True
