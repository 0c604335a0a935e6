"""A sitting's paper candidates (issue 19 item 6): one query for the whole audience, the same people as
``sittings.is_eligible`` asks about one by one; listed a page at a time on their own searchable page, the
sitting's page giving their number and the link."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import PostAssignment
from portal.people.models import Employee
from quizzes.exams.admin_views.paper import CANDIDATES_PER_PAGE
from quizzes.exams.services import paper, sittings
from tests.factories import content as f
from tests.factories.exams import SittingOverrideFactory, machine_marked_exam
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(org_tree):
    """A sitting for one named person, the holders of one post and the members of HO-EB (with its sub-unit),
    plus an override in force and a revoked one; and people it is not for."""
    sitting, _questions = machine_marked_exam(count=1)
    post = f.post(f.department(), title="综合柜员岗", code="TELLER")
    people = {name: EmployeeFactory(org_unit=org_tree["BR01-01"]) for name in (
        "named", "post holder", "override", "revoked override", "inactive named", "outsider")}
    people["unit member"] = EmployeeFactory(org_unit=org_tree["HO-EB"])
    people["sub-unit member"] = EmployeeFactory(org_unit=org_tree["HO-EB-CS"])
    people["head office"] = EmployeeFactory(org_unit=org_tree["HO"])
    people["inactive named"].is_active = False
    people["inactive named"].save()
    sitting.eligible_employees.set([people["named"], people["inactive named"]])
    sitting.eligible_posts.set([post])
    sitting.eligible_units.set([org_tree["HO-EB"]])
    PostAssignment.objects.create(employee=people["post holder"], post=post)
    SittingOverrideFactory(sitting=sitting, employee=people["override"])
    SittingOverrideFactory(sitting=sitting, employee=people["revoked override"], revoked_at=timezone.now())
    return sitting, people


def test_the_candidates_are_the_people_the_sitting_is_for_by_employee_number(audience):
    sitting, people = audience
    expected = ["named", "post holder", "override", "unit member", "sub-unit member"]

    found = paper.candidates(sitting)

    assert {e.pk for e in found} == {people[name].pk for name in expected}
    assert [e.employee_number for e in found] == sorted(e.employee_number for e in found)


def test_the_candidates_are_exactly_whom_is_eligible_accepts_one_by_one(audience):
    sitting, _people = audience
    one_by_one = [e.pk for e in Employee.objects.order_by("employee_number") if sittings.is_eligible(sitting, e)]

    assert [e.pk for e in paper.candidates(sitting)] == one_by_one
    assert paper.candidate_queryset(sitting).count() == len(one_by_one)


def test_the_candidates_are_found_in_one_query_however_many_there_are(audience, org_tree):
    sitting, _people = audience
    EmployeeFactory.create_batch(30, org_unit=org_tree["HO-EB-CS"])

    with CaptureQueriesContext(connection) as ctx:
        paper.candidate_queryset(sitting).count()

    assert len(ctx.captured_queries) <= 2  # the unit paths, then the count


def _enter_links(content: str, sitting) -> set[int]:
    prefix = re.escape(reverse("exams_paper_enter", args=[sitting.pk, 0])[:-2])
    return {int(pk) for pk in re.findall(prefix + r"(\d+)/", content)}


def test_the_candidates_page_lists_every_candidate_a_page_at_a_time(client, examiner, audience, org_tree):
    sitting, _people = audience
    EmployeeFactory.create_batch(CANDIDATES_PER_PAGE, org_unit=org_tree["HO-EB-CS"])
    client.force_login(examiner)
    url = reverse("exams_paper_candidates", args=[sitting.pk])

    first = client.get(url).content.decode()
    second = client.get(url + "?p=2").content.decode()

    assert len(_enter_links(first, sitting)) == CANDIDATES_PER_PAGE
    assert _enter_links(first, sitting) | _enter_links(second, sitting) == {e.pk for e in paper.candidates(sitting)}


def test_the_candidates_page_finds_a_candidate_by_employee_number_or_name(client, examiner, audience):
    sitting, people = audience
    client.force_login(examiner)
    url = reverse("exams_paper_candidates", args=[sitting.pk])

    by_number = client.get(url, {"q": people["post holder"].employee_number}).content.decode()
    by_name = client.get(url, {"q": people["unit member"].name}).content.decode()
    outsider = client.get(url, {"q": people["outsider"].employee_number}).content.decode()

    assert _enter_links(by_number, sitting) == {people["post holder"].pk}
    assert _enter_links(by_name, sitting) == {people["unit member"].pk}
    assert _enter_links(outsider, sitting) == set()


def test_the_candidates_page_runs_as_many_queries_with_many_candidates_as_with_few(client, examiner, audience,
                                                                                   org_tree):
    sitting, _people = audience
    client.force_login(examiner)
    url = reverse("exams_paper_candidates", args=[sitting.pk])
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EmployeeFactory.create_batch(CANDIDATES_PER_PAGE + 5, org_unit=org_tree["HO-EB-CS"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_candidates_page_needs_the_paper_entry_permission(client, hr, audience):
    sitting, _people = audience
    client.force_login(hr)

    response = client.get(reverse("exams_paper_candidates", args=[sitting.pk]))

    assert response.status_code != 200 and not _enter_links(response.content.decode(), sitting)


def test_an_employee_outside_the_audience_has_no_paper_to_enter(client, examiner, audience):
    sitting, people = audience
    client.force_login(examiner)

    assert client.get(reverse("exams_paper_enter", args=[sitting.pk, people["outsider"].pk]),
                      follow=True).status_code == 404
    assert client.get(reverse("exams_paper_enter", args=[sitting.pk, people["named"].pk])).status_code == 200
