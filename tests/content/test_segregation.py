"""Segregation of duties: the pure rule, the assignment service, the model check and the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from content.models import PostAssignment
from content.rules.segregation import (
    Rule,
    conflicts_for_assignment,
    incompatible_posts,
    rules_forbidding,
    violations,
)
from content.services.assignments import ASSIGN_ACTION, assign_post, unassign_post
from tests.factories import content as f
from tests.factories.people import EmployeeFactory

SIX = Rule(id=1, name="六岗分离、不得兼任", members=frozenset({"录入", "复核", "授信审批", "制卡", "风险管理", "系统管理"}))
CASH = Rule(id=2, name="钱账分管", members=frozenset({"出纳", "记账"}))


# --- pure rules ---------------------------------------------------------------------------------


def test_incompatibility_is_symmetric():
    posts = sorted(SIX.members | CASH.members | {"柜员"})
    for a in posts:
        for b in posts:
            assert rules_forbidding(a, b, [SIX, CASH]) == rules_forbidding(b, a, [SIX, CASH])
    assert rules_forbidding("录入", "复核", [SIX, CASH]) == [SIX]
    assert rules_forbidding("录入", "录入", [SIX]) == []
    assert rules_forbidding("录入", "出纳", [SIX, CASH]) == []


def test_a_six_post_rule_makes_fifteen_pairs():
    assert len(violations(SIX.members, [SIX])) == 15
    assert all(pair.rule == SIX for pair in violations(SIX.members, [SIX]))


def test_incompatible_posts_lists_the_others_with_the_rule():
    result = incompatible_posts("复核", [SIX, CASH])
    assert set(result) == SIX.members - {"复核"}
    assert all(rules == [SIX] for rules in result.values())
    assert incompatible_posts("柜员", [SIX, CASH]) == {}


def test_conflicts_for_assignment_names_the_rule_and_the_held_post():
    conflicts = conflicts_for_assignment({"录入", "出纳"}, "复核", [SIX, CASH])
    assert [(c.rule.name, c.held, c.other) for c in conflicts] == [("六岗分离、不得兼任", "录入", "复核")]
    assert conflicts_for_assignment({"录入"}, "录入", [SIX]) == []
    assert conflicts_for_assignment(set(), "录入", [SIX]) == []


# --- with the database --------------------------------------------------------------------------


@pytest.fixture
def posts(db):
    dept = f.department()
    entry = f.post(dept, title="录入岗", code="ENTRY")
    review = f.post(dept, title="复核岗", code="REVIEW")
    teller = f.post(dept, title="综合柜员岗", code="TELLER")
    f.rule(posts=[entry, review])
    return entry, review, teller


def test_assigning_two_incompatible_posts_is_refused_naming_the_rule(posts):
    entry, review, teller = posts
    employee = EmployeeFactory(name="李明")
    assign_post(employee, entry)
    assign_post(employee, teller)  # several compatible posts are fine
    with pytest.raises(ValidationError) as error:
        assign_post(employee, review)
    message = " ".join(error.value.messages)
    assert "六岗分离、不得兼任" in message
    assert "复核岗" in message and "录入岗" in message
    assert error.value.code == "segregation"
    assert set(PostAssignment.objects.filter(employee=employee).values_list("post__code", flat=True)) == {
        "ENTRY",
        "TELLER",
    }


def test_refusal_is_symmetric_in_assignment_order(posts):
    entry, review, _teller = posts
    employee = EmployeeFactory()
    assign_post(employee, review)
    with pytest.raises(ValidationError):
        assign_post(employee, entry)


def test_model_clean_applies_the_same_rule(posts):
    entry, review, _teller = posts
    employee = EmployeeFactory()
    assign_post(employee, entry)
    with pytest.raises(ValidationError) as error:
        PostAssignment(employee=employee, post=review).full_clean()
    assert "六岗分离、不得兼任" in " ".join(error.value.messages)
    existing = PostAssignment.objects.get(employee=employee, post=entry)
    existing.full_clean()  # an assignment does not conflict with itself


def test_assign_is_idempotent_logged_and_reversible(posts):
    entry, _review, _teller = posts
    employee = EmployeeFactory()
    user = get_user_model().objects.create_user("hr1")
    first = assign_post(employee, entry, acting_user=user)
    assert assign_post(employee, entry).pk == first.pk
    assert first.assigned_by == user
    assert ModelLogEntry.objects.filter(action=ASSIGN_ACTION, object_id=str(employee.pk)).count() == 1
    assert unassign_post(employee, entry) is True
    assert unassign_post(employee, entry) is False
    assert not PostAssignment.objects.filter(employee=employee).exists()


def test_assigning_a_translation_assigns_the_source_post(posts):
    entry, review, _teller = posts
    en_review = f.translate(review, title="Review post")
    employee = EmployeeFactory()
    assignment = assign_post(employee, en_review)
    assert assignment.post_id == review.pk
    with pytest.raises(ValidationError):
        assign_post(employee, entry)


def test_admin_create_view_refuses_incompatible_assignment(posts, client):
    entry, review, _teller = posts
    employee = EmployeeFactory()
    assign_post(employee, entry)
    admin = get_user_model().objects.create_superuser("root", "root@bank.example", "pw")
    client.force_login(admin)
    response = client.post("/admin/post_assignments/new/", {"employee": employee.pk, "post": review.pk})
    assert response.status_code == 200
    assert "六岗分离、不得兼任" in response.content.decode()
    assert not PostAssignment.objects.filter(employee=employee, post=review).exists()

    response = client.post("/admin/post_assignments/new/", {"employee": employee.pk, "post": _teller.pk})
    assert response.status_code == 302
    assert PostAssignment.objects.get(employee=employee, post=_teller).assigned_by == admin


def test_admin_edit_view_refuses_changing_an_assignment_into_an_incompatible_one(posts, client):
    entry, review, teller = posts
    employee = EmployeeFactory()
    assign_post(employee, entry)
    other = assign_post(employee, teller)
    admin = get_user_model().objects.create_superuser("root", "root@bank.example", "pw")
    client.force_login(admin)

    response = client.post(f"/admin/post_assignments/edit/{other.pk}/", {"employee": employee.pk, "post": review.pk})

    assert response.status_code == 200
    assert "六岗分离、不得兼任" in response.content.decode()
    assert set(PostAssignment.objects.filter(employee=employee).values_list("post_id", flat=True)) == {
        entry.pk, teller.pk
    }


def test_admin_delete_view_ends_the_assignment_through_the_service(posts, client):
    entry, _review, _teller = posts
    employee = EmployeeFactory()
    assignment = assign_post(employee, entry)
    admin = get_user_model().objects.create_superuser("root", "root@bank.example", "pw")
    client.force_login(admin)

    response = client.post(f"/admin/post_assignments/delete/{assignment.pk}/")

    assert response.status_code == 302
    assert not PostAssignment.objects.filter(pk=assignment.pk).exists()
    assert ModelLogEntry.objects.filter(action="content.post.unassign", object_id=str(employee.pk)).exists()
