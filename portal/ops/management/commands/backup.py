"""Back the whole portal up into one archive, while it serves.

    manage.py backup /var/backups/portal/portal-$(date +%F).tar
"""

import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.ops.archive import ArchiveError, backup
from portal.ops.progress import Progress


class Command(BaseCommand):
    help = "Write the database, every stored file and a manifest with their hashes into one archive."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        progress = Progress(getattr(self.stderr, "_out", sys.stderr), not options["no_progress"],
                            label="backing up")
        try:
            manifest = backup(options["output"], progress=progress)
        except (ArchiveError, OSError, subprocess.CalledProcessError) as exc:
            progress.finish()
            raise CommandError(str(exc)) from exc
        progress.finish()
        files = sum(len(v) for v in manifest.files.values())
        self.stdout.write(
            f"{options['output']}: {manifest.vendor} database, {len(manifest.tables)} tables, "
            f"{sum(manifest.tables.values())} rows, {len(manifest.migrations)} migrations, {files} files "
            f"(code {manifest.code_version})"
        )
