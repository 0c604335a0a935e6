"""Tell each person a sitting is for that it has opened (idempotent: once per person and sitting)."""

from django.core.management.base import BaseCommand

from quizzes.exams.services.notices import notify_opened


class Command(BaseCommand):
    help = "Notify the candidates of every sitting that is open now (each once)."

    def handle(self, *args, **options):
        self.stdout.write(f"{notify_opened()} notices written.")
