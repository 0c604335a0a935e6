"""Development / embedded default: SQLite, in-process tasks, console e-mail."""

from .base import *  # noqa: F401,F403

DEBUG = True
