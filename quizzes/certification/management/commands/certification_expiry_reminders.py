"""Send expiry reminders to holders (once per window) and a digest to HR. Run daily (cron / scheduler)."""

import datetime

from django.core.management.base import BaseCommand

from quizzes.certification.services.reminders import send_expiry_reminders


class Command(BaseCommand):
    help = "E-mail holders whose certificates expire within a reminder window, and HR a digest."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Pretend today is YYYY-MM-DD")

    def handle(self, *args, **options):
        outcome = send_expiry_reminders(options["date"])
        for certificate in outcome.reminded:
            self.stdout.write(f"{certificate.serial} {certificate.holder.name} expires {certificate.expires_on}")
        self.stdout.write(f"{len(outcome.reminded)} reminded; HR notified: {'yes' if outcome.hr_notified else 'no'}")
