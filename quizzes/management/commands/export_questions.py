"""python manage.py export_questions --bank PATH --format xlsx|gift OUT [--include-retired] [--skip-unsupported]

Writes the bank's questions (current versions) in a format ``import_questions`` reads back.
OUT "-" writes GIFT to stdout.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quizzes.services.banks import find_bank
from quizzes.services.exports import EXPORT_FORMATS, ExportRefused, export_bank


class Command(BaseCommand):
    help = "Export a question bank to Excel or GIFT."

    def add_arguments(self, parser):
        parser.add_argument("out", help="output file ('-' for stdout, GIFT only)")
        parser.add_argument("--bank", required=True, help="bank path, e.g. 柜员等级/电子银行")
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS, dest="fmt")
        parser.add_argument("--include-retired", action="store_true", help="also export retired questions")
        parser.add_argument("--skip-unsupported", action="store_true",
                            help="GIFT: leave out questions GIFT cannot express instead of refusing")

    def handle(self, *args, out, bank, fmt, include_retired, skip_unsupported, **options):
        try:
            found = find_bank(bank)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        if found is None:
            raise CommandError(f"no bank at {bank!r}")
        try:
            export = export_bank(found, fmt, include_retired=include_retired, skip_unsupported=skip_unsupported)
        except ExportRefused as refused:
            raise CommandError("GIFT cannot hold: " + "; ".join(refused.problems)
                               + " (use --format xlsx, or --skip-unsupported)")
        if out == "-":
            if fmt != "gift":
                raise CommandError("only GIFT can be written to stdout")
            self.stdout.write(export.data.decode("utf-8"), ending="")
        else:
            Path(out).write_bytes(export.data)
        for problem in export.skipped:
            self.stderr.write(f"skipped {problem}")
        self.stderr.write(f"Exported {export.count} question(s) from {found.full_path} as {fmt}.")
