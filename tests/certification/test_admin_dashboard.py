"""The admin home's chart of certificates expiring per month: HR sees the bank, a Branch manager only
their own subtree (in the page, the chart's data and the Excel download), others see no chart."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.people.roles import BRANCH_MANAGER, EDITOR
from quizzes.certification.admin_dashboard import expiring_by_month
from quizzes.certification.models import Certificate
from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually
from quizzes.certification.services.issuing import issue_certificate
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
DOWNLOAD = reverse("portal_dashboard_download", args=["certificates-expiring"])


@pytest.fixture
def two_branches(org_tree, certificate, levels, hr):
    """The teller's certificate (branch A, BR01) and one in branch B, both expiring in 40 days."""
    branch_b = OrgUnitFactory(parent=org_tree["HO"], code="BR02", name="河口支行", name_en="Hekou branch")
    teller_b = EmployeeFactory(name="李河口", org_unit=branch_b)
    award_b = award_grade_manually(teller_b, levels["T1"], acting_user=hr, reason="Held before the portal",
                                   awarded_on=timezone.localdate() - datetime.timedelta(days=30))
    issue_certificate(Subject.for_award(award_b), acting_user=hr)
    Certificate.objects.update(expires_on=timezone.localdate() + datetime.timedelta(days=40))
    return {"A": org_tree["BR01"], "B": branch_b}


def _chart_total(html: str) -> int:
    spec = json.loads(re.search(r'id="dash-certificates-expiring-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    return sum(spec["datasets"][0]["data"])


def _download_total(response) -> int:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sum(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))


def test_months_are_counted_from_this_month_for_twelve_months(two_branches):
    today = timezone.localdate()
    series = expiring_by_month(Certificate.objects.all(), today)
    assert len(series) == 12 and series[0][0] == today.replace(day=1)
    assert sum(count for _month, count in series) == 2


def test_hr_sees_the_chart_with_every_branch(client, hr, two_branches):
    client.force_login(hr)
    html = client.get(HOME).content.decode()
    assert "portal-chart" in html and _chart_total(html) == 2
    assert _download_total(client.get(DOWNLOAD)) == 2


def test_branch_manager_sees_only_their_subtree_in_page_chart_and_excel(client, two_branches):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=two_branches["A"])
    client.force_login(manager)
    assert _chart_total(client.get(HOME).content.decode()) == 1
    assert _download_total(client.get(DOWNLOAD)) == 1


def test_branch_manager_of_b_does_not_count_branch_a(client, two_branches):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=two_branches["B"])
    client.force_login(manager)
    assert _download_total(client.get(DOWNLOAD)) == 1
    assert "张晓明" not in client.get(HOME).content.decode()


def test_a_role_without_certificates_gets_no_chart_and_no_download(client, two_branches):
    editor = user_with_role(EDITOR)
    client.force_login(editor)
    assert "dash-certificates-expiring" not in client.get(HOME).content.decode()
    response = client.get(DOWNLOAD)
    assert response.status_code in (302, 404)
    assert "spreadsheet" not in response.get("Content-Type", "")


def test_the_download_refuses_post(client, hr, two_branches):
    client.force_login(hr)
    assert client.post(DOWNLOAD).status_code == 405
