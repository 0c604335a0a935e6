"""Who-has-read reports: numbers per round and by org unit, who may see them, downloads, bounded queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import acknowledging, reports
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_in_the_bank(org_tree):
    """Six people must read: 3 in the customer service centre (HO-EB-CS), 3 in the east street outlet
    (BR01-01). Two have acknowledged (one per unit), one is overdue (outlet), one has left (outlet)."""
    setup = af.rule_with_holders(n_holders=0)
    cs = [af.holder(setup.post, org_unit=org_tree["HO-EB-CS"]) for _ in range(3)]
    outlet = [af.holder(setup.post, org_unit=org_tree["BR01-01"]) for _ in range(3)]
    left = af.holder(setup.post, org_unit=org_tree["BR01-01"])
    page, revision, round_ = af.publish_material(setup.regulation)
    left.is_active = False
    left.save()
    acknowledging.acknowledge(cs[0], page, revision.pk)
    acknowledging.acknowledge(outlet[0], page, revision.pk)
    Acknowledgement.objects.filter(round=round_, employee=outlet[1]).update(
        due_on=TODAY - datetime.timedelta(days=1)
    )
    setup.round, setup.page, setup.cs, setup.outlet, setup.left = round_, page, cs, outlet, left
    return setup


def test_totals_count_who_must_read_who_has_and_who_is_overdue(round_in_the_bank):
    totals = reports.totals(round_in_the_bank.round)
    assert (totals.required, totals.acknowledged, totals.pending, totals.overdue) == (6, 2, 4, 1)
    assert totals.acknowledged_percent == 33.3 and totals.overdue_percent == 16.7


def test_by_org_unit_rolls_sub_units_up(round_in_the_bank):
    lines = {line.unit.code: line for line in reports.by_org_unit(round_in_the_bank.round)}
    assert set(lines) == {"HO", "HO-EB", "HO-EB-CS", "BR01", "BR01-01"}
    assert (lines["HO-EB-CS"].total.required, lines["HO-EB-CS"].total.acknowledged) == (3, 1)
    assert (lines["BR01"].total.required, lines["BR01"].total.overdue) == (3, 1)
    assert (lines["HO"].total.required, lines["HO"].total.acknowledged) == (6, 2)
    assert lines["HO-EB"].own.required == 0 and lines["HO-EB"].total.required == 3


def test_hr_sees_the_round_report_with_its_numbers(client, hr_user, round_in_the_bank):
    client.force_login(hr_user)
    response = client.get(reverse("acknowledgement_reports:round", args=[round_in_the_bank.round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="required">6<' in html and 'data-total="acknowledged">2 (33.3%)<' in html
    assert 'data-total="overdue">1 (16.7%)<' in html
    assert 'data-unit="BR01-01"' in html and round_in_the_bank.cs[0].employee_number in html


def test_the_round_list_shows_each_rounds_percentage(client, reviewer, round_in_the_bank):
    client.force_login(reviewer)
    html = client.get(reverse("acknowledgement_reports:index")).content.decode()
    assert "电子银行业务管理办法" in html and "33.3%" in html


def test_the_people_list_filters_overdue_people(client, hr_user, round_in_the_bank):
    client.force_login(hr_user)
    url = reverse("acknowledgement_reports:round", args=[round_in_the_bank.round.pk])
    html = client.get(url, {"situation": "overdue"}).content.decode()
    assert round_in_the_bank.outlet[1].employee_number in html
    assert round_in_the_bank.cs[1].employee_number not in html


def test_editors_and_employees_do_not_see_the_reports(client, editor, round_in_the_bank):
    client.force_login(editor)
    url = reverse("acknowledgement_reports:round", args=[round_in_the_bank.round.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    client.force_login(round_in_the_bank.cs[0].user)
    assert "/admin/login/" in client.get(url)["Location"]


def test_people_export_to_excel(client, hr_user, round_in_the_bank):
    client.force_login(hr_user)
    url = reverse("acknowledgement_reports:round", args=[round_in_the_bank.round.pk])
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 1 + 7  # heading + everyone asked (the person who left included)
    numbers = {row[0] for row in rows[1:]}
    assert round_in_the_bank.left.employee_number in numbers


def test_people_export_to_csv_opens_in_excel(client, hr_user, round_in_the_bank):
    client.force_login(hr_user)
    url = reverse("acknowledgement_reports:round", args=[round_in_the_bank.round.pk])
    content = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    assert "客户服务中心" in content and len(content.strip().splitlines()) == 8


def test_by_unit_export_in_both_formats(client, hr_user, round_in_the_bank):
    client.force_login(hr_user)
    url = reverse("acknowledgement_reports:round_units", args=[round_in_the_bank.round.pk])
    workbook = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    rows = list(workbook.active.values)
    assert rows[1][1] == "HO" and rows[1][2] == 6 and rows[1][4] == 33.3
    csv_text = client.get(url, {"export": "csv"}).content.decode("utf-8")
    assert csv_text.startswith("\ufeff") and "BR01-01" in csv_text


def _report_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_round_report_runs_a_bounded_number_of_queries(
    client, hr_user, org_tree, django_assert_max_num_queries
):
    """The same number of queries for 3 or 60 people (org units, totals and the page of people are each
    one query), and never more than the bound."""
    setup = af.rule_with_holders(n_holders=3, org_unit=org_tree["BR01-01"])
    page, revision, round_ = af.publish_material(setup.regulation)
    client.force_login(hr_user)
    url = reverse("acknowledgement_reports:round", args=[round_.pk])
    client.get(url)  # warm up per-process caches (content types, menus)
    few = _report_queries(client, url)
    more = [
        af.holder(setup.post, org_unit=org_tree[code]) for code in ("HO-EB-CS", "BR01") for _ in range(30)
    ]
    from content.acknowledgements.services import rounds

    rounds.resync(round_, [e.pk for e in more])
    for employee in more[::3]:
        acknowledging.acknowledge(employee, page, revision.pk)
    many = _report_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(40):
        client.get(url)
