"""python manage.py import_questions FILE --format wjx|paper|xlsx|gift|aiken --bank PATH
[--dry-run] [--json] [--on-duplicate skip|update] [--draft]

All or nothing: any error writes nothing and exits non-zero. ``--dry-run --json`` prints exactly the
parser's JSON ({"questions": […], "errors": […]}) on stdout and nothing else (duplicates and the
summary go to stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importers import FORMATS
from quizzes.services.imports import ON_DUPLICATE, SKIP, ImportPlan, ImportRejected, apply_import, plan_import


class Command(BaseCommand):
    help = "Import a question file into a bank (all or nothing; --dry-run to preview)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the question file")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--bank", required=True, help="bank path, e.g. 柜员等级/电子银行 (created as needed)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; write nothing")
        parser.add_argument("--json", action="store_true", help="print the parse result as JSON")
        parser.add_argument("--on-duplicate", choices=ON_DUPLICATE, default=SKIP,
                            help="what to do with questions already in the bank (default: skip)")
        parser.add_argument("--draft", action="store_true", help="import new questions as drafts, not active")

    def handle(self, *args, **options):
        file, fmt, bank = options["file"], options["fmt"], options["bank"]
        as_json, on_duplicate = options["json"], options["on_duplicate"]
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}")
        if options["dry_run"]:
            plan = plan_import(data, fmt, bank, on_duplicate=on_duplicate)
            self._report(plan, as_json=as_json, dry_run=True)
            if not plan.ok:
                raise CommandError(f"{len(plan.errors)} error(s) in {file}; nothing would be imported", returncode=1)
            return
        try:
            outcome = apply_import(
                data, fmt, bank, on_duplicate=on_duplicate, activate=not options["draft"], file_name=path.name
            )
        except ImportRejected as rejected:
            self._report(rejected.plan, as_json=as_json, dry_run=False)
            raise CommandError(
                f"{len(rejected.plan.errors)} error(s) in {file}; nothing was imported", returncode=1
            )
        self._report(outcome.plan, as_json=as_json, dry_run=False)
        c = outcome.counts
        self.stderr.write(
            f"Imported into {outcome.bank.full_path}{' (new bank)' if outcome.bank_created else ''}: "
            f"{c['create']} created, {c['update']} updated, {c['unchanged']} unchanged, {c['skip']} skipped."
        )

    def _report(self, plan: ImportPlan, *, as_json: bool, dry_run: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(plan.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            for item in plan.items:
                q = item.question
                self.stdout.write(f"line {q.line:>5}  {q.type:<12} {item.action:<9} {q.stem[:50]}")
            for error in plan.errors:
                code = f" [{error.code}]" if error.code else ""
                self.stdout.write(f"ERROR line {error.line}{code}: {error.message}")
        for item in plan.duplicates:
            where = (f"line {item.duplicate_of_line} of this file" if item.duplicate_of_line
                     else f"question #{item.existing_id} of the bank")
            self.stderr.write(f"duplicate: line {item.question.line} repeats {where} → {item.action}")
        if dry_run:
            c = plan.counts
            self.stderr.write(
                f"Dry run ({len(plan.items)} questions, {len(plan.errors)} errors): would create {c['create']}, "
                f"update {c['update']}, leave {c['unchanged']} unchanged, skip {c['skip']}. Nothing written."
            )
