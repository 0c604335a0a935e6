"""Fixtures for the exam engine: candidates, examiners, HR, and a clock the tests set."""

import datetime

import pytest
from django.utils import timezone

from portal.people.roles import EMPLOYEE, EXAMINER, HR
from tests.factories.people import user_with_role


@pytest.fixture
def candidate_user(db):
    return user_with_role(EMPLOYEE, username="cand_user", employee=True)


@pytest.fixture
def candidate(candidate_user):
    return candidate_user.employee


@pytest.fixture
def other_candidate(db):
    return user_with_role(EMPLOYEE, username="cand_other", employee=True).employee


@pytest.fixture
def examiner(db):
    return user_with_role(EXAMINER, username="exam_examiner")


@pytest.fixture
def hr(db):
    return user_with_role(HR, username="exam_hr")


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def seconds(n):
    return datetime.timedelta(seconds=n)


def minutes(n):
    return datetime.timedelta(minutes=n)
