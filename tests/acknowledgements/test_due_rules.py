"""Due dates and the reminder policy (pure rules)."""

import datetime

import pytest

from content.acknowledgements.rules import due
from portal.core.maker_checker import makers_of, may_check

D = datetime.date


def test_due_date_counts_calendar_days_from_the_day_asked():
    assert due.due_date(D(2026, 3, 1), 14) == D(2026, 3, 15)


def test_due_date_needs_at_least_one_day():
    with pytest.raises(ValueError):
        due.due_date(D(2026, 3, 1), 0)


def test_no_reminder_while_the_due_date_is_far():
    assert due.reminder_due(D(2026, 3, 15), D(2026, 3, 1)) is None


def test_one_due_soon_reminder_three_days_before():
    assert due.reminder_due(D(2026, 3, 15), D(2026, 3, 12)) == due.DUE_SOON
    assert due.reminder_due(D(2026, 3, 15), D(2026, 3, 13), last_due_soon=D(2026, 3, 12)) is None


def test_overdue_reminder_on_the_first_overdue_day_then_weekly():
    due_on = D(2026, 3, 15)
    assert (
        due.reminder_due(due_on, D(2026, 3, 15), last_due_soon=D(2026, 3, 12)) is None
    )  # due today: not overdue
    assert due.reminder_due(due_on, D(2026, 3, 16), last_due_soon=D(2026, 3, 12)) == due.OVERDUE
    assert due.reminder_due(due_on, D(2026, 3, 20), last_overdue=D(2026, 3, 16)) is None
    assert due.reminder_due(due_on, D(2026, 3, 23), last_overdue=D(2026, 3, 16)) == due.OVERDUE


def test_a_late_first_run_sends_the_overdue_reminder_not_the_due_soon_one():
    assert due.reminder_due(D(2026, 3, 15), D(2026, 3, 30)) == due.OVERDUE


def test_the_author_or_submitter_may_not_approve():
    authors = makers_of([7, None, 8], [9])
    assert authors == {7, 8, 9}
    assert not may_check(8, authors) and not may_check(9, authors)
    assert may_check(10, authors)
    assert not may_check(None, authors)
