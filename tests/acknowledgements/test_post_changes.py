"""Posts assigned or changed later: new holders pick up the open rounds, former holders are released."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import acknowledging
from content.services.assignments import assign_post, unassign_post
from tests.factories import acknowledgements as af
from tests.factories import content as f
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round():
    setup = af.rule_with_holders(n_holders=1)
    page, revision, round_ = af.publish_material(setup.regulation, due_days=10)
    setup.page, setup.revision, setup.round = page, revision, round_
    return setup


def row(round_, employee):
    return Acknowledgement.objects.filter(round=round_, employee=employee).first()


def test_an_employee_assigned_later_picks_up_the_open_round(open_round):
    later = EmployeeFactory()
    assign_post(later, open_round.post)
    request = row(open_round.round, later)
    assert request.status == Acknowledgement.Status.PENDING
    assert request.reason == Acknowledgement.Reason.POST_CHANGED
    assert request.due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert ModelLogEntry.objects.filter(action="acknowledgements.ask", object_id=str(request.pk)).exists()


def test_an_employee_assigned_to_an_unlinked_post_picks_up_nothing(open_round):
    later = EmployeeFactory()
    assign_post(later, open_round.other_post)
    assert row(open_round.round, later) is None


def test_a_closed_round_is_not_picked_up(open_round):
    open_round.page.unpublish()
    later = EmployeeFactory()
    assign_post(later, open_round.post)
    assert row(open_round.round, later) is None


def test_giving_up_the_post_withdraws_the_pending_request(open_round):
    employee = open_round.holders[0]
    unassign_post(employee, open_round.post)
    assert row(open_round.round, employee).status == Acknowledgement.Status.WITHDRAWN


def test_giving_up_the_post_keeps_an_acknowledgement_as_evidence(open_round):
    employee = open_round.holders[0]
    acknowledging.acknowledge(employee, open_round.page, open_round.revision.pk)
    unassign_post(employee, open_round.post)
    assert row(open_round.round, employee).status == Acknowledgement.Status.ACKNOWLEDGED


def test_someone_holding_another_linked_post_keeps_the_request(open_round):
    employee = open_round.holders[0]
    second = f.post(open_round.dept, title="复核岗", code="EB-CHK")
    f.link_regulation(second, open_round.page)
    assign_post(employee, f.publish(second))
    unassign_post(employee, open_round.post)
    assert row(open_round.round, employee).status == Acknowledgement.Status.PENDING


def test_taking_the_post_again_asks_again(open_round):
    employee = open_round.holders[0]
    unassign_post(employee, open_round.post)
    assign_post(employee, open_round.post)
    assert row(open_round.round, employee).status == Acknowledgement.Status.PENDING


def test_linking_a_post_to_the_rule_later_asks_its_holders(open_round):
    holder = af.holder(open_round.other_post)
    post = type(open_round.other_post).objects.get(pk=open_round.other_post.pk)
    f.link_regulation(post, open_round.page)
    f.publish(post)
    assert row(open_round.round, holder).status == Acknowledgement.Status.PENDING
    assert row(open_round.round, open_round.outsider).status == Acknowledgement.Status.PENDING


def test_unlinking_a_post_from_the_rule_releases_its_holders(open_round):
    post = type(open_round.post).objects.get(pk=open_round.post.pk)
    post.regulation_links = []
    f.publish(post)
    assert row(open_round.round, open_round.holders[0]).status == Acknowledgement.Status.WITHDRAWN
