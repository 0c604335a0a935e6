"""An acknowledgement's derived status (pending vs overdue) is computed by the database (``with_status``),
agreeing with the model's ``is_overdue``."""

import datetime

import pytest

from content.acknowledgements.models import Acknowledgement
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


def test_a_pending_acknowledgement_becomes_overdue_the_day_after_it_is_due():
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(setup.regulation, summary="修订第二条")
    ack = Acknowledgement.objects.get(round=round_)
    day_after = ack.due_on + datetime.timedelta(days=1)

    assert Acknowledgement.objects.with_status(ack.due_on).get().current_status == Acknowledgement.Status.PENDING
    assert Acknowledgement.objects.with_status(day_after).get().current_status == Acknowledgement.OVERDUE
    assert ack.is_overdue(day_after) and not ack.is_overdue(ack.due_on)
    assert list(Acknowledgement.objects.overdue(day_after)) == [ack]


def test_an_acknowledged_one_is_never_overdue():
    setup = af.rule_with_holders(n_holders=1)
    _page, revision, round_ = af.publish_material(setup.regulation, summary="修订第二条")
    Acknowledgement.objects.filter(round=round_).update(
        status=Acknowledgement.Status.ACKNOWLEDGED, acknowledged_at=datetime.datetime.now(datetime.UTC), revision=revision
    )
    ack = Acknowledgement.objects.get(round=round_)
    later = ack.due_on + datetime.timedelta(days=30)
    assert Acknowledgement.objects.with_status(later).get().current_status == Acknowledgement.Status.ACKNOWLEDGED
    assert not Acknowledgement.objects.overdue(later).exists()
