"""python manage.py import_employees FILE [--dry-run]: the HR workbook import from the command line.

Prints the plan (one line per new or changed employee) and every error with its row number; exits
non-zero when the file has errors, in which case nothing is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.people.services import CREATE, UNCHANGED, ImportRejected, apply_employee_import


class Command(BaseCommand):
    help = "Import employees from an HR Excel workbook (.xlsx); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and print the plan without saving"
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror})
        try:
            plan = apply_employee_import(data, dry_run=dry_run)
        except ImportRejected as rejected:
            for error in rejected.plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(file)s: %(count)s error(s); nothing was saved.")
                % {"file": file, "count": len(rejected.plan.errors)}
            )

        verbosity = options.get("verbosity", 1)
        for planned in plan.rows:
            if planned.action == UNCHANGED and verbosity < 2:
                continue
            row = planned.data
            changes = "; ".join(
                f"{c.label}: {c.new}" if planned.action == CREATE else f"{c.label}: {c.old} → {c.new}"
                for c in planned.changes
            )
            self.stdout.write(
                _("row %(row)s  %(action)s  %(number)s %(name)s  %(changes)s")
                % {
                    "row": row.row,
                    "action": planned.action_label,
                    "number": row.employee_number,
                    "name": row.name,
                    "changes": changes,
                }
            )
        summary = _("%(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
        }
        if dry_run:
            self.stdout.write(_("Dry run, nothing saved: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))
