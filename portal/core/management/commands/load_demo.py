"""Load the demo content built from the seeds: org structure, people, pages, question banks.

Idempotent (running it twice changes nothing the second time) and refused under production settings.
"""

from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.people.demo import DEMO_PASSWORD, load_org, load_people

DATA_DIR = Path(settings.BASE_DIR) / "content" / "demo" / "data"

# Loaders of the other apps, called in order when they exist: module path, function name.
APP_LOADERS = [
    ("content.demo.loader", "load_content"),
    ("quizzes.demo.loader", "load_quizzes"),
]


class Command(BaseCommand):
    help = "Load the demo organisation, people and content (idempotent; refused in production)."

    def handle(self, *args, **options):
        if getattr(settings, "PORTAL_ENVIRONMENT", "") == "production":
            raise CommandError("load_demo refuses to run under production settings.")
        with transaction.atomic():
            units = load_org(DATA_DIR)
            employees, logins = load_people(DATA_DIR)
            self.stdout.write(f"Organisation units: {units}; employees: {len(employees)}")
            for module_path, func_name in APP_LOADERS:
                try:
                    module = import_module(module_path)
                except ModuleNotFoundError as exc:
                    if exc.name and module_path.startswith(exc.name):
                        continue
                    raise
                summary = getattr(module, func_name)(DATA_DIR, stdout=self.stdout)
                if summary:
                    self.stdout.write(str(summary))
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.role:<20} {login.username:<12} {login.name}")
