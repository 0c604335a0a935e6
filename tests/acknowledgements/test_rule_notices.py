"""Rules due and overdue reach the holder's notification centre with the reminders (the reminder is the
mail), once per reminder, each person seeing only their own."""

import datetime

import pytest
from django.core import mail

from content.acknowledgements.services import reminders
from portal.notifications.models import Notification
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


def test_due_soon_and_overdue_reminders_become_notices_once(django_capture_on_commit_callbacks):
    setup = af.rule_with_holders(n_holders=2)
    af.publish_material(setup.regulation, due_days=2)
    reminders.plan_reminders(TODAY)
    reminders.plan_reminders(TODAY)  # the same day again: nothing new
    due = Notification.objects.filter(kind=Notification.Kind.RULE_DUE)
    assert sorted(due.values_list("user_id", flat=True)) == sorted(h.user_id for h in setup.holders)
    assert not Notification.objects.filter(user=setup.outsider.user).exists()
    assert due.first().params["title"] == "电子银行业务管理办法"
    assert due.first().link == {"name": "acknowledgements:my_tasks"}
    mails = len(mail.outbox)
    reminders.plan_reminders(TODAY + datetime.timedelta(days=3))
    assert Notification.objects.filter(kind=Notification.Kind.RULE_OVERDUE).count() == 2
    assert len(mail.outbox) - mails <= 2  # the reminder mails only: the notices add none
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0
