"""A round replaced by a later version says so ("replaced by round 2") instead of a rate of 1/1 = 100% or 0/0."""

import pytest
from django.urls import reverse

from content.acknowledgements.services import acknowledging, reports
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(org_tree):
    setup = af.rule_with_holders(n_holders=2)
    page, revision, first = af.publish_material(setup.regulation, summary="修改了第二条")
    acknowledging.acknowledge(setup.holders[0], page, revision.pk)
    page, _revision, second = af.publish_material(page, summary="修改了第三条")
    first.refresh_from_db()
    setup.first, setup.second = first, second
    return setup


def test_a_replaced_round_knows_the_round_that_replaced_it(replaced):
    places = reports.round_places([replaced.first, replaced.second])
    assert places[replaced.first.pk] == reports.RoundPlace(1, 2)
    assert places[replaced.second.pk] == reports.RoundPlace(2, None)


def test_the_round_list_shows_replaced_by_round_2_and_no_rate_for_the_replaced_round(client, reviewer, replaced):
    client.force_login(reviewer)
    html = client.get(reverse("acknowledgement_reports:index")).content.decode()
    assert "已由第 2 轮取代" in html
    assert "100.0%" not in html


def test_the_replaced_rounds_report_explains_where_the_pending_requests_went(client, reviewer, replaced):
    client.force_login(reviewer)
    html = client.get(reverse("acknowledgement_reports:round", args=[replaced.first.pk])).content.decode()
    assert "data-replaced" in html and "已转入第 2 轮" in html
