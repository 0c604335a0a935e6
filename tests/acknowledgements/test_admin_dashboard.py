"""Reading confirmation on the admin home, by round and by org unit: the figures from factory data (the
who-has-read counting rules), a Branch manager's subtree only, the Excel file carrying the same rows, the
roles that see the charts (reviewers, editors, HR) and 404 for one that does not, bounded queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from content.acknowledgements.admin_dashboard import by_round_figures, by_unit_figures
from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import acknowledging
from portal.people.roles import BRANCH_MANAGER, EXAMINER, HR
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as af
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

SLUGS = {"reading-by-round": by_round_figures, "reading-by-unit": by_unit_figures}


@pytest.fixture
def reading(org_tree):
    """Six must read: 3 in the customer service centre (HO-EB-CS, one acknowledged), 3 in the east street
    outlet (BR01-01, one acknowledged, one overdue)."""
    setup = af.rule_with_holders(n_holders=0)
    cs = [af.holder(setup.post, org_unit=org_tree["HO-EB-CS"]) for _ in range(3)]
    outlet = [af.holder(setup.post, org_unit=org_tree["BR01-01"]) for _ in range(3)]
    page, revision, round_ = af.publish_material(setup.regulation)
    acknowledging.acknowledge(cs[0], page, revision.pk)
    acknowledging.acknowledge(outlet[0], page, revision.pk)
    Acknowledgement.objects.filter(round=round_, employee=outlet[1]).update(due_on=TODAY - datetime.timedelta(days=1))
    setup.round, setup.org_tree = round_, org_tree
    return setup


def test_by_round_counts_must_read_acknowledged_and_overdue(reading, reviewer):
    figures = by_round_figures(reviewer, TODAY)
    assert [row[1:] for row in figures["rows"]] == [[6, 2, 1, 33.3]]
    assert [d["data"] for d in figures["chart"]["datasets"]] == [[33.3], [50.0], [16.7]]


def test_by_unit_groups_people_under_the_units_below_the_bank(reading, reviewer):
    rows = {row[0]: row[1:] for row in by_unit_figures(reviewer, TODAY)["rows"]}
    assert rows == {"电子银行部": [3, 1, 0, 33.3], "城区支行": [3, 1, 1, 33.3]}


def test_a_branch_manager_sees_only_their_subtree(reading):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=reading.org_tree["BR01"])
    assert [row[1:] for row in by_round_figures(manager, TODAY)["rows"]] == [[3, 1, 1, 33.3]]
    assert {row[0] for row in by_unit_figures(manager, TODAY)["rows"]} == {"东街网点"}


@pytest.mark.parametrize("slug", list(SLUGS))
def test_the_download_has_the_rows_of_the_chart(client, reading, reviewer, slug):
    client.force_login(reviewer)
    sheet = load_workbook(io.BytesIO(client.get(reverse("portal_dashboard_download", args=[slug])).content)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == SLUGS[slug](reviewer, TODAY)["rows"]


@pytest.mark.parametrize("role_fixture", ["editor", "reviewer"])
def test_editors_and_reviewers_see_both_charts_on_their_admin_home(client, reading, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="dash-reading-by-round-figure"' in html and 'id="dash-reading-by-unit-figure"' in html


def test_hr_sees_the_reading_charts(client, reading):
    client.force_login(user_with_role(HR))
    assert 'id="dash-reading-by-unit-figure"' in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("slug", list(SLUGS))
def test_an_examiner_gets_404_for_the_download(client, reading, slug):
    client.force_login(user_with_role(EXAMINER))
    response = client.get(reverse("portal_dashboard_download", args=[slug]), follow=True)
    assert response.status_code == 404


def _queries(function, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(user, TODAY)
    return len(captured)


@pytest.mark.parametrize("slug", list(SLUGS))
def test_queries_do_not_grow_with_the_number_of_readers(reading, reviewer, slug):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=reading.org_tree["BR01"])
    few = [_queries(SLUGS[slug], user) for user in (reviewer, manager)]
    for i in range(20):
        unit = reading.org_tree["BR01-01" if i % 2 else "HO-EB-CS"]
        af.holder(reading.post, org_unit=unit)  # taking the post adds them to the open round
    assert Acknowledgement.objects.filter(round=reading.round).count() == 26
    many = [_queries(SLUGS[slug], user) for user in (reviewer, manager)]
    assert many == few and max(many) <= 6
