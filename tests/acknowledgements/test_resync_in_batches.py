"""An open round follows post changes in batches: the queries do not grow with the number of holders, and
every asked or released request keeps its audit entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import rounds
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


def _round_with(n_holders: int):
    setup = af.rule_with_holders(n_holders=n_holders)
    _page, _revision, round_ = af.publish_material(setup.regulation)
    return setup, round_


def _withdraw_and_ask_again_queries(n_holders: int) -> int:
    setup, round_ = _round_with(n_holders)
    ids = [e.pk for e in setup.holders]
    Acknowledgement.objects.filter(round=round_).update(status=Acknowledgement.Status.WITHDRAWN)
    Acknowledgement.objects.filter(round=round_, employee_id=ids[0]).delete()  # one new, the others again
    with CaptureQueriesContext(connection) as ctx:
        outcome = rounds.resync(round_, ids)
    assert outcome.asked == sorted(ids)
    return len(ctx.captured_queries)


def test_resync_query_count_does_not_grow_with_the_holders():
    _withdraw_and_ask_again_queries(2)  # warms the per-process caches (content types of the audit entries)
    assert _withdraw_and_ask_again_queries(2) == _withdraw_and_ask_again_queries(6)


def test_resync_writes_one_ask_entry_per_request_asked():
    setup, round_ = _round_with(3)
    Acknowledgement.objects.filter(round=round_).delete()
    rounds.resync(round_, [e.pk for e in setup.holders])
    asked = Acknowledgement.objects.filter(round=round_)
    entries = ModelLogEntry.objects.filter(action="acknowledgements.ask", object_id__in=[str(a.pk) for a in asked])
    assert entries.count() == 3


def test_resync_releases_former_holders_with_one_withdraw_entry_each():
    setup, round_ = _round_with(3)
    setup.holders[0].post_assignments.all().delete()
    setup.holders[1].post_assignments.all().delete()
    outcome = rounds.resync(round_, [e.pk for e in setup.holders])
    assert outcome.withdrawn == sorted(e.pk for e in setup.holders[:2])
    released = Acknowledgement.objects.filter(round=round_, status=Acknowledgement.Status.WITHDRAWN)
    entries = ModelLogEntry.objects.filter(action="acknowledgements.withdraw",
                                           object_id__in=[str(a.pk) for a in released])
    assert entries.count() == 2


def test_resync_in_several_batches_asks_everyone(monkeypatch):
    monkeypatch.setattr(rounds, "RESYNC_BATCH", 2)
    setup, round_ = _round_with(5)
    Acknowledgement.objects.filter(round=round_).delete()
    outcome = rounds.resync(round_, [e.pk for e in setup.holders])
    assert outcome.asked == sorted(e.pk for e in setup.holders)
    assert Acknowledgement.objects.filter(round=round_, status=Acknowledgement.Status.PENDING).count() == 5
