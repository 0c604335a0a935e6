"""Evidence is never orphaned: a compliance reviewer who decided a review, and an employee who acknowledged a
rule, cannot be deleted (ORM and admin refuse with a clear message; deactivate instead)."""

import pytest
from wagtail.models import TaskState

from content.acknowledgements.services import acknowledging
from tests.acknowledgements.test_acknowledging import published  # noqa: F401  (fixture)
from tests.acknowledgements.test_workflow import regulation, submit, workflow_action  # noqa: F401
from tests.exams.test_evidence_users import assert_deletion_refused

pytestmark = pytest.mark.django_db


def test_deleting_a_compliance_reviewer_who_decided_a_review_is_refused(client, admin_user, editor, reviewer,
                                                                        regulation):  # noqa: F811
    page = submit(client, editor, regulation)
    workflow_action(client, reviewer, page, "reject", comment="请补充依据。")
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk))
    assert state.finished_by_id == reviewer.pk
    assert_deletion_refused(client, admin_user, reviewer, "compliance reviews")
    state.refresh_from_db()
    assert state.finished_by_id == reviewer.pk


def test_deleting_an_employee_who_acknowledged_a_rule_is_refused(client, admin_user, published):  # noqa: F811
    employee = published.holders[0]
    acknowledging.acknowledge(employee, published.page, published.revision.pk)
    assert_deletion_refused(client, admin_user, employee.user, "acknowledgements")
