"""Prepare the certificate fonts once (run at deployment so the first certificate is not slow)."""

from django.core.management.base import BaseCommand

from quizzes.certification import fonts


class Command(BaseCommand):
    help = "Extract and cut the certificate fonts into the font cache (PORTAL_CERTIFICATE_FONT_CACHE)."

    def handle(self, *args, **options):
        for face in fonts.font_stack():
            self.stdout.write(f"{face['family']} ({face['weight']}): {face['path']}")
