"""The admin home's gap list by post: who lacks a grade their post requires, counted per post and
requirement (HR: the bank; a Branch manager: their subtree), the people behind the counts in a second
table and sheet, 404 for a role without it, and a number of queries that does not grow with the people."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page

from content.models import DepartmentPage, PostAssignment, PostPage
from portal.people.roles import BRANCH_MANAGER, EXAMINER
from quizzes.certification.admin_dashboard import gap_figures
from quizzes.certification.models import PostCertificationRequirement
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

DOWNLOAD = reverse("portal_dashboard_download", args=["gap-list-by-post"])


@pytest.fixture
def gaps(org_tree, teller, levels):
    """TELLER-01 requires T1: the teller (BR01-01) and 李河口 (branch BR02) hold the post without it."""
    home = Page.objects.filter(depth=2).first()
    department = home.add_child(instance=DepartmentPage(title="营业部", slug="counter-dept"))
    post = department.add_child(instance=PostPage(title="综合柜员", slug="teller-01", code="TELLER-01"))
    branch_b = OrgUnitFactory(parent=org_tree["HO"], code="BR02", name="河口支行", name_en="Hekou branch")
    other = EmployeeFactory(name="李河口", employee_number="E20001", org_unit=branch_b)
    for employee in (teller, other):
        PostAssignment.objects.create(employee=employee, post=post)
    PostCertificationRequirement.objects.create(post_code="TELLER-01", level=levels["T1"])
    return {"A": org_tree["BR01"], "B": branch_b, "post": post, "outlet": org_tree["BR01-01"]}


def test_hr_counts_everyone_lacking_the_grade_per_post(gaps, hr):
    figures = gap_figures(hr, timezone.localdate())
    assert [row[0] for row in figures["rows"]] == ["TELLER-01 综合柜员"]
    assert figures["rows"][0][2:] == [2, 0, 2]
    assert {row[1] for row in figures["extra_tables"][0]["rows"]} == {"张晓明", "李河口"}


def test_a_branch_manager_sees_only_their_subtree(gaps):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=gaps["B"])
    figures = gap_figures(manager, timezone.localdate())
    assert figures["rows"][0][2:] == [1, 0, 1]
    assert [row[1] for row in figures["extra_tables"][0]["rows"]] == ["李河口"]


def test_the_download_has_the_counts_and_the_people(client, gaps, hr):
    client.force_login(hr)
    book = load_workbook(io.BytesIO(client.get(DOWNLOAD).content))
    counts, people = ([list(r) for r in sheet.iter_rows(min_row=2, values_only=True)] for sheet in book.worksheets)
    figures = gap_figures(hr, timezone.localdate())
    assert counts == figures["rows"] and people == figures["extra_tables"][0]["rows"]


def test_the_hr_admin_home_shows_the_gap_chart(client, gaps, hr):
    client.force_login(hr)
    assert 'id="dash-gap-list-by-post-figure"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_examiner_gets_404_for_the_gap_download(client, gaps):
    client.force_login(user_with_role(EXAMINER))
    assert client.get(DOWNLOAD, follow=True).status_code == 404


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        gap_figures(user, timezone.localdate())
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_people(gaps, hr):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=gaps["A"])
    few = [_queries(user) for user in (hr, manager)]
    for i in range(20):
        employee = EmployeeFactory(org_unit=gaps["outlet"] if i % 2 else gaps["B"])
        PostAssignment.objects.create(employee=employee, post=gaps["post"])
    many = [_queries(user) for user in (hr, manager)]
    assert many == few and max(many) <= 8
