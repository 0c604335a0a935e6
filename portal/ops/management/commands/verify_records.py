"""Check the evidence: certificate PDFs against their SHA-256, attempts' frozen versions, acknowledgements."""

from django.core.management.base import BaseCommand, CommandError

from portal.ops.records import all_problems


class Command(BaseCommand):
    help = "Check certificate PDFs, attempts' frozen question versions and acknowledged revisions; lists problems."

    def handle(self, *args, **options):
        problems = all_problems()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found")
        self.stdout.write("all records verified")
