"""Finish keyboard skill test attempts whose deadline passed while their page was closed (run every minute)."""

from django.core.management.base import BaseCommand

from quizzes.certification.services.skill_attempts import expire_overdue


class Command(BaseCommand):
    help = "Finish and score skill test attempts whose deadline has passed."

    def handle(self, *args, **options):
        count = expire_overdue()
        self.stdout.write(f"{count} skill test attempt(s) finished at their deadline")
