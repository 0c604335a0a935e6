"""Fixtures for operations: a portal with an issued certificate and a handed-in attempt, a fresh target."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.people.roles import EMPLOYEE, HR
from quizzes.certification.defaults import load_teller_scheme
from quizzes.certification.models import GradeLevel
from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually
from quizzes.certification.services.issuing import issue_certificate
from quizzes.exams.services import attempts
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, user_with_role


@pytest.fixture
def issued_certificate(db):
    scheme = load_teller_scheme()
    level = GradeLevel.objects.get(scheme=scheme, code="T1")
    hr = user_with_role(HR, username="hr_ops")
    holder = EmployeeFactory(name="李备份", employee_number="E20001")
    award = award_grade_manually(holder, level, acting_user=hr, reason="Held before the portal")
    certificate, _ = issue_certificate(Subject.for_award(award), acting_user=hr)
    return certificate


@pytest.fixture
def fresh_target(tmp_path):
    """Environment for a separate process on an empty database and empty file stores."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.test",
               MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env
        return
    name = f"restore_{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    yield env
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, check=True):
    result = subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args], env=env,
                            capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def handed_in_attempt(db):
    candidate = user_with_role(EMPLOYEE, username="cand_ops", employee=True).employee
    sitting, _ = machine_marked_exam(employees=[candidate], count=3)
    now = timezone.now()
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=now)
    attempts.save_answer(attempt.pk, candidate, 2, [1], seq=1, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    attempt.refresh_from_db()
    return attempt
