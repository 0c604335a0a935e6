"""Fixtures of the read-and-acknowledge tests: the review workflow and the people who take part in it."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from portal.people.roles import COMPLIANCE_REVIEWER, EDITOR
from tests.factories.people import user_with_role


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
