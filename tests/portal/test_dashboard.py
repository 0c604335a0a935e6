"""The home page's overview for a signed-in employee: posts, rules to read, open exams, certificates."""

import datetime

import pytest
from django.utils import timezone

from portal.core.dashboard import overview_for
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db


def test_overview_lists_an_open_sitting_the_employee_may_start(employee_user):
    employee = employee_user.employee
    sitting, _questions = machine_marked_exam(employees=[employee], count=2)

    overview = overview_for(employee)

    assert overview.open_sittings == [sitting]


def test_overview_leaves_out_a_sitting_for_someone_else(employee_user):
    from tests.factories.people import EmployeeFactory

    machine_marked_exam(employees=[EmployeeFactory()], count=2)

    assert overview_for(employee_user.employee).open_sittings == []


def test_home_page_shows_the_overview_to_a_signed_in_employee(client, employee_user):
    client.force_login(employee_user)

    html = client.get("/en/").content.decode()

    assert "My overview" in html
    assert "Rules to read" in html


def test_home_page_shows_no_overview_to_a_visitor(client):
    html = client.get("/en/").content.decode()

    assert "My overview" not in html


def test_overview_counts_no_expiring_certificate_without_certificates(employee_user):
    overview = overview_for(employee_user.employee, now=timezone.now() + datetime.timedelta(days=1))

    assert overview.valid_certificates == 0 and overview.expiring_certificates == []


def test_the_english_overview_links_the_english_translation_of_a_post(employee_user):
    from content.services.assignments import assign_post
    from tests.factories import content as f

    post = f.post(f.department(), title="综合柜员岗")
    english = f.translate(post, "en", title="General teller")
    assign_post(employee_user.employee, post)

    assert overview_for(employee_user.employee, language="en").posts == [english]
    assert overview_for(employee_user.employee, language="zh-hans").posts == [post]
