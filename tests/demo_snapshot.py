"""The demo loaded once per test session (per xdist worker), then restored wherever a test module needs it.

``load_demo`` takes about a minute; three modules want the demo (tests/demo, the hardening crawl and the
browser sweep). On SQLite the first one to ask loads it once and keeps two copies of the database in
memory through SQLite's online backup API: the clean test database as migrated, and the database with the
demo. ``restore_demo()`` copies the demo copy over the test database (milliseconds), ``restore_clean()``
puts the clean one back, so a module sees the demo and leaves nothing behind, whatever it changed. On
PostgreSQL (no such copy) ``DemoDatabase`` loads the demo each time and the module's transaction rolls it back.

Each worker has its own test database and its own copies: nothing is shared between processes, so the
fixture is safe under xdist.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction


class DemoDatabase:
    def __init__(self):
        self.output = ""
        self.seconds = 0.0
        self._clean: sqlite3.Connection | None = None
        self._demo: sqlite3.Connection | None = None

    @property
    def snapshots(self) -> bool:
        return connection.vendor == "sqlite"

    def _copy(self, source: sqlite3.Connection, target: sqlite3.Connection) -> None:
        source.backup(target)
        cache.clear()  # Wagtail caches site root paths and locales of the database it replaced

    def _raw(self) -> sqlite3.Connection:
        connection.ensure_connection()
        return connection.connection

    def build(self) -> None:
        """Load the demo once (on SQLite) and keep both copies."""
        if self._demo is not None or not self.snapshots:
            return
        self._clean = sqlite3.connect(":memory:", check_same_thread=False)
        self._raw().backup(self._clean)
        started = time.monotonic()
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.seconds = time.monotonic() - started
        self.output = out.getvalue()
        self._demo = sqlite3.connect(":memory:", check_same_thread=False)
        self._raw().backup(self._demo)
        self._copy(self._clean, self._raw())

    def restore_demo(self) -> None:
        self.build()
        self._copy(self._demo, self._raw())

    def restore_clean(self) -> None:
        if self._clean is not None:
            self._copy(self._clean, self._raw())

    @contextmanager
    def loaded(self):
        """The demo in the test database for the duration of the block; the clean database afterwards."""
        if self.snapshots:
            self.restore_demo()
            try:
                yield self.output
            finally:
                self.restore_clean()
            return
        with transaction.atomic():
            out = StringIO()
            call_command("load_demo", stdout=out)
            self.output = out.getvalue()
            yield self.output
            transaction.set_rollback(True)


DEMO = DemoDatabase()
