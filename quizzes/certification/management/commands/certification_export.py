"""Export HR's register (certificates, grades held or the gap list) to Excel or CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.core import spreadsheets
from portal.people.models import OrgUnit
from quizzes.certification import register
from quizzes.certification.models import Certificate, GradeAward


def _certificate_rows(queryset):
    for c in queryset.select_related("holder__org_unit"):
        yield [c.serial, c.holder.employee_number, c.holder.name, c.holder.org_unit.display_name, c.title,
               c.issued_on, c.expires_on, c.get_effective_status_display()]


def _award_rows(queryset):
    for a in queryset.select_related("employee__org_unit", "level__scheme"):
        yield [a.employee.employee_number, a.employee.name, a.employee.org_unit.display_name, str(a.level.scheme),
               str(a.level), a.awarded_on, a.expires_on, a.get_effective_status_display()]


class Command(BaseCommand):
    help = "Write the certification register to an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["certificates", "grades", "gaps"])
        parser.add_argument("output", help="File to write (.xlsx or .csv)")
        parser.add_argument("--org-unit", help="Org unit code (with its sub-units)")
        parser.add_argument("--post", default="", help="Post code")
        parser.add_argument("--status", default="", help="valid/expired/revoked/superseded (grades: active/expired/…)")
        parser.add_argument("--expiring-within", type=int, choices=[30, 60, 90])
        parser.add_argument("--language", default="zh-hans")

    def handle(self, *args, **options):
        output = Path(options["output"])
        fmt = output.suffix.lstrip(".").lower()
        if fmt not in ("xlsx", "csv"):
            raise CommandError("The output file must end in .xlsx or .csv")
        unit = None
        if options["org_unit"]:
            unit = OrgUnit.objects.filter(code=options["org_unit"]).first()
            if unit is None:
                raise CommandError(f"No org unit {options['org_unit']}")
        with translation.override(options["language"]):
            headings, rows = self._table(options, unit)
            if fmt == "xlsx":
                data = spreadsheets.xlsx_bytes([(output.stem, headings, rows)])
            else:
                data = spreadsheets.csv_text(headings, rows).encode("utf-8")
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output}")

    def _table(self, options, unit):
        from django.utils.translation import gettext as _

        if options["what"] == "gaps":
            return register.gap_headings(), register.gap_rows(register.gap_list(org_unit=unit, post_code=options["post"]))
        field = "holder" if options["what"] == "certificates" else "employee"
        queryset = Certificate.objects.all() if field == "holder" else GradeAward.objects.all()
        if unit is not None:
            queryset = register.in_org_unit(queryset, unit, field)
        if options["post"]:
            queryset = register.in_post(queryset, options["post"], field)
        if options["expiring_within"]:
            queryset = register.expiring_within(queryset, options["expiring_within"])
        if field == "holder":
            if options["status"]:
                queryset = register.certificates_with_status(queryset, options["status"])
            headings = [_("Serial No."), _("Employee number"), _("Name"), _("Organisation unit"), _("Title"),
                        _("Issued on"), _("Valid until"), _("Status")]
            return headings, list(_certificate_rows(queryset.order_by("serial")))
        if options["status"]:
            queryset = register.awards_with_status(queryset, options["status"])
        headings = [_("Employee number"), _("Name"), _("Organisation unit"), _("Scheme"), _("Grade"),
                    _("Awarded on"), _("Valid until"), _("Status")]
        return headings, list(_award_rows(queryset.order_by("employee__employee_number")))
