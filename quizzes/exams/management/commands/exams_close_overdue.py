"""Hand in every attempt whose deadline has passed, with the answers saved before it.

Attempts are also handed in as soon as anyone touches them after the deadline (the candidate's page, a
save, My exams); run this every minute from cron or the task worker so that results of candidates who
simply closed their browser become final on time too.
"""

from django.core.management.base import BaseCommand

from quizzes.exams.services.attempts import expire_overdue


class Command(BaseCommand):
    help = "Hand in attempts whose deadline has passed (with the answers saved before it)."

    def handle(self, *args, **options):
        count = expire_overdue()
        self.stdout.write(f"{count} overdue attempts handed in.")
