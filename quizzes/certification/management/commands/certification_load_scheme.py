"""Load the default teller grade scheme and skill tests (idempotent; HR's later edits are kept)."""

from django.core.management.base import BaseCommand

from quizzes.certification.defaults import load_teller_scheme


class Command(BaseCommand):
    help = "Create the default teller grade scheme (初级/中级/高级) and the four skill tests where missing."

    def handle(self, *args, **options):
        scheme = load_teller_scheme()
        self.stdout.write(f"Scheme {scheme.code}: {scheme.levels.count()} levels")
