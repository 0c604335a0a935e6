"""Changing a post assignment logs the before and after employee and post; whoever assigned posts cannot be
deleted (the assignment is evidence)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from content.services.assignments import REASSIGN_ACTION, assign_post, reassign_post
from portal.people.roles import HR
from tests.content.test_segregation import posts  # noqa: F401  (fixture)
from tests.exams.test_evidence_users import assert_deletion_refused
from tests.factories.people import EmployeeFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_reassigning_a_post_logs_the_post_before_and_after(posts):  # noqa: F811
    entry, _review, teller = posts
    employee = EmployeeFactory()
    hr = user_with_role(HR, username="hr_reassign")
    old = assign_post(employee, entry, acting_user=hr)
    new = reassign_post(old, employee, teller, acting_user=hr)
    row = ModelLogEntry.objects.get(action=REASSIGN_ACTION, object_id=str(employee.pk))
    assert row.data["changes"]["post_id"] == {"before": entry.pk, "after": teller.pk}
    assert row.data["changes"]["post"] == {"before": "录入岗", "after": "综合柜员岗"}
    assert "employee_id" not in row.data["changes"]
    assert (row.data["replaces"], row.data["assignment"], row.user_id) == (old.pk, new.pk, hr.pk)


def test_moving_an_assignment_to_another_employee_logs_on_both(posts):  # noqa: F811
    entry, _review, _teller = posts
    first, second = EmployeeFactory(name="甲某"), EmployeeFactory(name="乙某")
    old = assign_post(first, entry)
    reassign_post(old, second, entry)
    for employee in (first, second):
        row = ModelLogEntry.objects.get(action=REASSIGN_ACTION, object_id=str(employee.pk))
        assert row.data["changes"]["employee_id"] == {"before": first.pk, "after": second.pk}


def test_the_admin_edit_view_logs_before_and_after_once(posts, client):  # noqa: F811
    entry, _review, teller = posts
    employee = EmployeeFactory()
    assignment = assign_post(employee, entry)
    admin = get_user_model().objects.create_superuser("root", "root@bank.example", "pw")
    client.force_login(admin)
    response = client.post(f"/admin/post_assignments/edit/{assignment.pk}/",
                           {"employee": employee.pk, "post": teller.pk})
    assert response.status_code == 302
    rows = ModelLogEntry.objects.filter(action=REASSIGN_ACTION, object_id=str(employee.pk))
    assert [r.data["changes"]["post_id"] for r in rows] == [{"before": entry.pk, "after": teller.pk}]
    assert rows[0].user_id == admin.pk


def test_a_refused_reassignment_logs_nothing(posts):  # noqa: F811
    entry, review, teller = posts
    employee = EmployeeFactory()
    assign_post(employee, entry)
    other = assign_post(employee, teller)
    with pytest.raises(ValidationError):
        reassign_post(other, employee, review)
    assert not ModelLogEntry.objects.filter(action=REASSIGN_ACTION).exists()


def test_deleting_whoever_assigned_posts_is_refused(posts, client, admin_user):  # noqa: F811
    entry, _review, _teller = posts
    hr = user_with_role(HR, username="hr_assigner")
    assign_post(EmployeeFactory(), entry, acting_user=hr)
    assert_deletion_refused(client, admin_user, hr, "post assignments")
