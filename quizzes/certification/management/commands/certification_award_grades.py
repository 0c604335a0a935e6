"""Evaluate everyone (or one employee) against the grade rules and award every grade now met."""

from django.core.management.base import BaseCommand, CommandError

from portal.people.models import Employee
from quizzes.certification.services.grading import award_by_rules


class Command(BaseCommand):
    help = "Award every grade whose requirements are met (by the rules; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--employee", help="Employee number; default: every active employee")

    def handle(self, *args, **options):
        employees = Employee.objects.filter(is_active=True)
        if options["employee"]:
            employees = Employee.objects.filter(employee_number=options["employee"])
            if not employees.exists():
                raise CommandError(f"No employee {options['employee']}")
        made = 0
        for employee in employees.iterator():
            for award in award_by_rules(employee):
                made += 1
                self.stdout.write(f"{employee.employee_number} {employee.name}: {award.level}")
        self.stdout.write(f"{made} grade(s) awarded")
