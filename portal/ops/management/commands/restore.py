"""Restore a backup into an empty database and file store; every hash is checked first.

    manage.py restore portal-2026-12-02.tar            # refuses a target that holds data
    manage.py restore portal-2026-12-02.tar --force    # replaces what the target holds
"""

import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.ops.archive import ArchiveError, applied_migrations, restore
from portal.ops.progress import Progress


class Command(BaseCommand):
    help = "Restore a portal archive (database and files), check every hash, migrate forward."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace a target that is not empty.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        stream = getattr(self.stderr, "_out", sys.stderr)
        checking = Progress(stream, not options["no_progress"], label="checking every SHA-256")
        progress = Progress(stream, not options["no_progress"], label="restoring")
        try:
            report = restore(options["archive"], force=options["force"], progress=progress,
                             check_progress=checking)
        except (ArchiveError, OSError, subprocess.CalledProcessError) as exc:
            checking.finish()
            progress.finish()
            raise CommandError(str(exc)) from exc
        progress.finish()
        connection.close()
        before = set(applied_migrations())
        call_command("migrate", interactive=False, verbosity=0)
        migrated = sorted(set(applied_migrations()) - before)
        m = report.manifest
        self.stdout.write(f"restored {options['archive']} (made {m.created_at}, code {m.code_version})")
        self.stdout.write(f"  database: {report.tables} tables, {report.rows} rows")
        for storage_name, count in report.files.items():
            self.stdout.write(f"  files: {count} in the {storage_name} storage, every SHA-256 checked")
        self.stdout.write(f"  migrated forward: {', '.join(migrated) if migrated else 'nothing (up to date)'}")
        if report.mismatched_counts:
            for table, (expected, found) in report.mismatched_counts.items():
                self.stderr.write(f"  row count differs: {table} archive {expected}, restored {found}")
            raise CommandError("restored row counts differ from the manifest")
