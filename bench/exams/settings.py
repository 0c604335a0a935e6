"""Settings of the exam benchmark's gunicorns: the portal's base settings with what several servers share in
production (database sessions and production's ``DatabaseCache``), the bench urlconf (which adds the bare JSON
endpoint the exam API is compared with), persistent database connections, no debug."""

from portal.settings.base import *  # noqa: F401,F403
from portal.settings.base import DATABASES

DEBUG = False
ROOT_URLCONF = "bench.exams.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
PORTAL_ENVIRONMENT = "bench"
# portal.settings.production's cache: two servers must share it (the paper's metadata, rate limits)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
