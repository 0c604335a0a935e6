"""Settings of the exam benchmark's gunicorn: the portal's base settings, the bench urlconf (which adds the
bare JSON endpoint the exam API is compared with), persistent database connections, no debug."""

from portal.settings.base import *  # noqa: F401,F403
from portal.settings.base import DATABASES

DEBUG = False
ROOT_URLCONF = "bench.exams.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
PORTAL_ENVIRONMENT = "bench"
