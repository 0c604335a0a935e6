"""Reminder e-mails: before the due date and when overdue, in the recipient's language, once per day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from content.acknowledgements.models import Acknowledgement, AcknowledgementReminder
from content.acknowledgements.services import acknowledging, reminders
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_due_in_two_days():
    setup = af.rule_with_holders(n_holders=2)
    page, revision, round_ = af.publish_material(setup.regulation, due_days=2)
    setup.page, setup.revision, setup.round = page, revision, round_
    return setup


def test_a_due_soon_reminder_goes_to_each_pending_holder(round_due_in_two_days):
    plan = reminders.plan_reminders(TODAY)
    assert plan.reminders == 2 and len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {e.user.email for e in round_due_in_two_days.holders}
    assert set(AcknowledgementReminder.objects.values_list("kind", "status")) == {("due_soon", "sent")}


def test_the_daily_run_is_idempotent(round_due_in_two_days):
    reminders.plan_reminders(TODAY)
    again = reminders.plan_reminders(TODAY)
    assert again.reminders == 0 and len(mail.outbox) == 2
    assert AcknowledgementReminder.objects.count() == 2


def test_no_reminder_far_from_the_due_date():
    setup = af.rule_with_holders(n_holders=1)
    af.publish_material(setup.regulation, due_days=14)
    assert reminders.plan_reminders(TODAY).reminders == 0 and mail.outbox == []


def test_overdue_reminders_follow_the_due_date(round_due_in_two_days):
    reminders.plan_reminders(TODAY)
    mail.outbox.clear()
    assert reminders.plan_reminders(TODAY + datetime.timedelta(days=1)).reminders == 0
    overdue_day = TODAY + datetime.timedelta(days=3)
    assert reminders.plan_reminders(overdue_day).reminders == 2
    assert set(
        AcknowledgementReminder.objects.filter(sent_on=overdue_day).values_list("kind", flat=True)
    ) == {"overdue"}
    assert reminders.plan_reminders(overdue_day + datetime.timedelta(days=3)).reminders == 0
    assert reminders.plan_reminders(overdue_day + datetime.timedelta(days=7)).reminders == 2


def test_acknowledged_and_inactive_people_are_not_reminded(round_due_in_two_days):
    first, second = round_due_in_two_days.holders
    acknowledging.acknowledge(first, round_due_in_two_days.page, round_due_in_two_days.revision.pk)
    second.is_active = False
    second.save()
    assert reminders.plan_reminders(TODAY).reminders == 0 and mail.outbox == []


def test_mails_are_written_in_the_recipients_language(round_due_in_two_days):
    chinese, english = round_due_in_two_days.holders
    english.language = "en"
    english.save()
    reminders.plan_reminders(TODAY)
    by_address = {m.to[0]: m for m in mail.outbox}
    zh, en = by_address[chinese.user.email], by_address[english.user.email]
    assert "Reminder" in en.subject and "Dear" in en.body
    assert "/en/my/tasks/" in en.body and "/zh-hans/my/tasks/" in zh.body
    assert zh.subject != en.subject and "提醒" in zh.subject and "电子银行业务管理办法" in zh.body


def test_one_mail_lists_all_of_an_employees_items(round_due_in_two_days):
    employee = round_due_in_two_days.holders[0]
    other = af.publish_material(af.f.simple_regulation(round_due_in_two_days.index, title="柜面业务规程"))[2]
    Acknowledgement.objects.create(round=other, employee=employee, due_on=TODAY - datetime.timedelta(days=1))
    reminders.plan_reminders(TODAY)
    mine = [m for m in mail.outbox if m.to == [employee.user.email]]
    assert len(mine) == 1 and "柜面业务规程" in mine[0].body and "电子银行业务管理办法" in mine[0].body


def test_a_reminder_task_delivered_twice_sends_once(round_due_in_two_days):
    reminders.plan_reminders(TODAY)
    ids = list(AcknowledgementReminder.objects.values_list("pk", flat=True))
    assert reminders.send_reminders(ids) == {"sent": 0}
    assert len(mail.outbox) == 2


def test_a_request_acknowledged_before_its_mail_goes_out_is_skipped(round_due_in_two_days):
    reminders.plan_reminders(TODAY, dry_run=False)  # sent in-process at once with the immediate backend
    employee = round_due_in_two_days.holders[0]
    reminder = AcknowledgementReminder.objects.filter(acknowledgement__employee=employee).get()
    AcknowledgementReminder.objects.filter(pk=reminder.pk).update(status="queued")
    acknowledging.acknowledge(employee, round_due_in_two_days.page, round_due_in_two_days.revision.pk)
    assert reminders.send_reminders([reminder.pk]) == {"sent": 0}
    assert AcknowledgementReminder.objects.get(pk=reminder.pk).status == "skipped"


def test_the_command_enqueues_and_reports(round_due_in_two_days, capsys):
    call_command("send_acknowledgement_reminders", "--date", TODAY.isoformat())
    assert "2 reminder(s) for 2 employee(s) enqueued" in capsys.readouterr().out
    call_command("send_acknowledgement_reminders", "--date", TODAY.isoformat())
    assert "0 reminder(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_the_dry_run_records_nothing(round_due_in_two_days, capsys):
    call_command("send_acknowledgement_reminders", "--dry-run")
    assert "2 reminder(s)" in capsys.readouterr().out
    assert not AcknowledgementReminder.objects.exists() and mail.outbox == []


def test_mails_go_through_the_task_queue(round_due_in_two_days, settings):
    """With a queue (production: the database backend and ``manage.py db_worker``) nothing is sent by the
    daily run itself: one task per employee is enqueued with the ids of its reminders."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    plan = reminders.plan_reminders(TODAY)
    queued = [r for r in default_task_backend.results if r.task.name == "send_reminders_task"]
    assert len(queued) == 2 and mail.outbox == []
    assert set(AcknowledgementReminder.objects.values_list("status", flat=True)) == {"queued"}
    for result in queued:  # what the worker does
        reminders.send_reminders(*result.args)
    assert len(mail.outbox) == 2 and plan.reminders == 2
