"""Settings of the multi-server test's processes: production's, on plain loopback HTTP.

Everything that matters for "several app servers behave like one" is production's own: database sessions,
``DatabaseCache``, the django-tasks database queue, the scheduler's lease, file storages on disk at
MEDIA_ROOT / PRIVATE_MEDIA_ROOT, private files through X-Accel-Redirect. Only what a loopback test without
TLS, nginx or collectstatic needs differs (each line says why).
"""

import os

from portal.settings.production import *  # noqa: F401,F403
from portal.settings.production import STORAGES

# No TLS on loopback (the reverse proxy terminates it in production): cookies travel over plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# No collectstatic in a test run: static files come from the finders.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The test's factories hash passwords with MD5 (fast); the servers must check them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
# Never an SMTP server: mails (reminders the scheduler may send) land in files under the test's temp dir.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["PORTAL_TEST_MAIL_DIR"]
# A small verification rate, so that the test can show the counter is shared by both servers (the cache).
PORTAL_CERTIFICATE_VERIFY_RATE = (4, 60)
