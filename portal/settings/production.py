"""Production: everything that differs per installation comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma separated), DATABASE_URL.
Optional: ELASTICSEARCH_URL, EMAIL_URL-style settings (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), MEDIA_ROOT, PRIVATE_MEDIA_ROOT, PORTAL_BASE_URL, CSRF_TRUSTED_ORIGINS.
Sign-in (read in base.py through sign_in.py / directory.py): LDAP_* for the bank's directory, PORTAL_LOGIN_*,
PORTAL_SESSION_* (see README, "Signing in").
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403


def _require(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production settings.")
    return value


DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("ALLOWED_HOSTS").split(",") if h.strip()]
_require("DATABASE_URL")  # base.DATABASES already read it
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"

STORAGES = {
    "default": {
        "BACKEND": "portal.core.private_files.MediaStorage",
        "OPTIONS": {"location": os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT)),  # noqa: F405
                    "private_location": str(PRIVATE_MEDIA_ROOT)},  # noqa: F405
    },
    "private": {
        "BACKEND": "portal.core.private_files.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},  # noqa: F405
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PORTAL_ENVIRONMENT = "production"

# Operations (issue 14): /healthz reports the scheduler down when it has not run for 5 minutes.
OPS_HEALTHZ_REQUIRE_SCHEDULER = os.environ.get("OPS_HEALTHZ_REQUIRE_SCHEDULER", "1") == "1"
PORTAL_CERTIFICATE_WARM_UP = True  # each process prepares WeasyPrint and the certificate fonts at start
