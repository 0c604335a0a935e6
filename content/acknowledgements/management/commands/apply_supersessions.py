"""Mark superseded the regulations whose replacement came into force today. Run once a day (cron)."""

import datetime

from django.core.management.base import BaseCommand

from content.acknowledgements.services.superseding import apply_due_supersessions


class Command(BaseCommand):
    help = "Mark regulations superseded once the regulation replacing them is in force (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Pretend today is YYYY-MM-DD")

    def handle(self, *args, **options):
        marked = apply_due_supersessions(options["date"])
        for page in marked:
            self.stdout.write(f"superseded: {page.title} (by {page.superseded_by.title})")
        self.stdout.write(f"{len(marked)} regulation(s) marked superseded")
