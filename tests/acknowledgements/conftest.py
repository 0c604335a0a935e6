"""Fixtures of the read-and-acknowledge tests: the review workflow and the people who take part in it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from portal.people.roles import COMPLIANCE_REVIEWER, EDITOR
from tests.acknowledgements.clock import TODAY
from tests.factories.people import user_with_role


@pytest.fixture(autouse=True)
def _clock_on_today(monkeypatch):
    """Each test runs from noon of the session's day, the clock moving on from there.

    Due dates are days in Asia/Shanghai: a suite that runs across midnight would otherwise see "today"
    change between a test's expectations (``clock.TODAY``) and the code under test.
    """
    from django.utils import timezone

    real_now = timezone.now
    started = real_now()
    noon = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: noon + (real_now() - started))


@pytest.fixture
def review_workflow(db):
    """The workflow the data migration assigns to the root page (re-created if a flush removed it)."""
    from wagtail.models import WorkflowPage

    migration = importlib.import_module("content.acknowledgements.migrations.0002_compliance_review_workflow")
    migration.create_workflow(apps, None)
    return WorkflowPage.objects.get(page__depth=1).workflow


@pytest.fixture
def editor(db):
    return user_with_role(EDITOR, username="editor_li", first_name="Li")


@pytest.fixture
def reviewer(db):
    return user_with_role(COMPLIANCE_REVIEWER, username="reviewer_wang")


@pytest.fixture
def second_reviewer(db):
    return user_with_role(COMPLIANCE_REVIEWER, username="reviewer_zhao")


@pytest.fixture
def editor_reviewer(db):
    """Someone who is both an Editor and a Compliance reviewer."""
    user = user_with_role(EDITOR, username="editor_and_reviewer")
    user.groups.add(Group.objects.get(name=COMPLIANCE_REVIEWER))
    return user
