"""Rebuild the search index from content, with a progress bar.

The database index is rebuilt in one transaction and Elasticsearch into new indices whose aliases are
swapped at the end, so searches keep answering from the old index meanwhile.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from portal.search import indexing
from portal.search.backends import database_backend, get_backend, write_backends


class ProgressBar:
    """A one-line bar on a terminal; a line every 10% otherwise (logs, CI)."""

    def __init__(self, stream, total: int, width: int = 40):
        self.stream, self.total, self.width = stream, max(total, 1), width
        self.done = 0
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last_tenth = -1

    def __call__(self, step: int = 1) -> None:
        self.done += step
        fraction = min(self.done / self.total, 1.0)
        if self.tty:
            filled = int(self.width * fraction)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {fraction:6.1%} {self.done}/{self.total}")
            self.stream.flush()
        elif int(fraction * 10) > self._last_tenth:
            self._last_tenth = int(fraction * 10)
            self.stream.write(f"{fraction:6.1%} {self.done}/{self.total}\n")

    def finish(self) -> float:
        if self.tty:
            self.stream.write("\n")
        return time.monotonic() - self.started


class Command(BaseCommand):
    help = "Rebuild the portal search index (database, and Elasticsearch when configured)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["auto", "database", "elasticsearch"],
            default="auto",
            help="auto: every engine that follows content (the database, plus Elasticsearch when used).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, **options):
        choice = options["backend"]
        try:
            if choice == "auto":
                backends = write_backends()
            elif choice == "database":
                backends = [database_backend()]
            else:
                backends = [get_backend("elasticsearch")]
        except Exception as exc:
            raise CommandError(f"Search backend unavailable: {exc}")
        total = indexing.source_count()
        for backend in backends:
            self.stdout.write(f"Rebuilding the {backend.name} index from {total} pages and questions…")
            # The bar goes to stderr (the raw stream: OutputWrapper would end every write with a newline).
            bar = None if options["no_progress"] else ProgressBar(getattr(self.stderr, "_out", sys.stderr), total)
            count = backend.rebuild(indexing.all_documents(bar))
            seconds = bar.finish() if bar else 0.0
            self.stdout.write(self.style.SUCCESS(f"{backend.name}: {count} documents indexed in {seconds:.1f}s"))
