"""Record (again) the counted result of every person at every sitting for teller grading.

``record_theory_result`` is idempotent, so this only changes results that are missing or out of date —
e.g. after recording failed when a paper was handed in (an "Recording the result for grading failed"
event on the attempt says so).
"""

from django.core.management.base import BaseCommand

from quizzes.exams.models import Attempt
from quizzes.exams.services.scoring import sync_result


class Command(BaseCommand):
    help = "Record the counted result of every final attempt's person and sitting for teller grading."

    def add_arguments(self, parser):
        parser.add_argument("--sitting", type=int, help="only this sitting (id)")

    def handle(self, *args, **options):
        pairs = Attempt.objects.final()
        if options.get("sitting"):
            pairs = pairs.filter(sitting_id=options["sitting"])
        done = 0
        for sitting_id, employee_id in pairs.values_list("sitting_id", "employee_id").distinct():
            attempt = pairs.filter(sitting_id=sitting_id, employee_id=employee_id).select_related(
                "sitting__blueprint", "employee").first()
            if sync_result(attempt.sitting, attempt.employee, attempt=attempt) is not None:
                done += 1
        self.stdout.write(f"{done} results recorded.")
