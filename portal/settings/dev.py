"""Development / embedded default: SQLite, in-process tasks, console e-mail."""

from .base import *  # noqa: F401,F403

DEBUG = True

# Static files come straight from the finders; no collectstatic needed outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Operations (issue 14): the periodic jobs run in-process in the development server (make run).
OPS_EMBEDDED_SCHEDULER = True
