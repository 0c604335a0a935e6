"""Issue certificates in bulk for a sitting, an exam or a grade (idempotent), on every core."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.certification.services.issuing import (
    bulk_issue,
    subjects_for_exam,
    subjects_for_level,
    subjects_for_sitting,
)

from ._common import acting_user


class Command(BaseCommand):
    help = "Issue certificates to everyone who has none yet for a sitting, an exam or a grade."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--sitting", type=int, help="Exam sitting id (passed results)")
        what.add_argument("--exam", help="Exam code (passed results)")
        what.add_argument("--level", type=int, help="Grade level id (current holders)")
        parser.add_argument("--user", help="Issue as this user (recorded in the audit trail)")
        parser.add_argument("--workers", type=int, default=None, help="Rendering processes (default: every core)")

    def handle(self, *args, **options):
        if options["sitting"] is not None:
            subjects = subjects_for_sitting(options["sitting"])
        elif options["exam"]:
            subjects = subjects_for_exam(options["exam"])
        else:
            subjects = subjects_for_level(options["level"])
        user = acting_user(options["user"])

        def progress(processed, total, issued, skipped):
            self.stdout.write(f"\r{processed}/{total} processed, {issued} issued, {skipped} already issued", ending="")

        outcome = bulk_issue(subjects, acting_user=user, workers=options["workers"], progress=progress,
                             check_permission=user is not None)
        self.stdout.write("")
        for key, message in outcome.failed:
            self.stderr.write(f"{key}: {message}")
        self.stdout.write(f"{len(outcome.issued)} issued, {outcome.skipped} already issued, {len(outcome.failed)} failed")
        if outcome.failed and not outcome.issued and not outcome.skipped:
            raise CommandError("Nothing could be issued")
