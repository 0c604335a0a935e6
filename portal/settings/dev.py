"""`make run` / the embedded default: served like production (DEBUG off, friendly error pages, static files
collected into var/staticfiles and served by WhiteNoise, Wagtail's images through portal.core.media, private
files only through their views), with SQLite, in-process tasks and console e-mail.

Developers who want Django's debug pages set PORTAL_DEBUG=1 (static files then come straight from the
finders, no collectstatic needed).
"""

import os

from .base import *  # noqa: F401,F403

DEBUG = os.environ.get("PORTAL_DEBUG", "") == "1"

# Production-like: `make run` collects the static files into STATIC_ROOT (var/staticfiles) and WhiteNoise
# serves them from there; a file not collected yet is still found (a fresh checkout run without make).
# With PORTAL_DEBUG=1 WhiteNoise also re-reads the files on every request.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Other names for this machine (e.g. when serving on 0.0.0.0): PORTAL_ALLOWED_HOSTS, comma separated.
ALLOWED_HOSTS += [h.strip() for h in os.environ.get("PORTAL_ALLOWED_HOSTS", "").split(",") if h.strip()]  # noqa: F405

# Operations (issue 14): the periodic jobs run in-process in the development server (make run).
OPS_EMBEDDED_SCHEDULER = True
