"""Fixtures for grades and certificates: the default teller scheme, tellers in a branch, examiners, HR."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from portal.people.roles import EXAMINER, HR
from quizzes.certification.defaults import load_teller_scheme
from quizzes.certification.models import GradeLevel
from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually
from quizzes.certification.services.issuing import issue_certificate
from tests.factories.people import EmployeeFactory, user_with_role


@pytest.fixture
def scheme(db):
    return load_teller_scheme()


@pytest.fixture
def levels(scheme):
    return {level.code: level for level in GradeLevel.objects.filter(scheme=scheme)}


@pytest.fixture
def teller(org_tree):
    """张晓明, a teller at the East St. outlet of the city branch (BR01)."""
    return EmployeeFactory(name="张晓明", employee_number="E10001", org_unit=org_tree["BR01-01"])


@pytest.fixture
def examiner_a(db):
    return user_with_role(EXAMINER, username="examiner_a")


@pytest.fixture
def examiner_b(db):
    return user_with_role(EXAMINER, username="examiner_b")


@pytest.fixture
def hr(db):
    return user_with_role(HR, username="hr_certification", email="hr@bank.example")


@pytest.fixture
def award(teller, levels, hr):
    """The teller holds 初级柜员 (T1), awarded by hand so no results are needed."""
    return award_grade_manually(teller, levels["T1"], acting_user=hr, reason="Held before the portal",
                                awarded_on=timezone.localdate() - datetime.timedelta(days=30))


@pytest.fixture
def certificate(award, hr):
    certificate, _created = issue_certificate(Subject.for_award(award), acting_user=hr)
    return certificate
