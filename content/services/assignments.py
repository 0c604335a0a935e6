"""Assigning employees to posts, refusing combinations a segregation-of-duty rule forbids.

``assign_post`` / ``unassign_post`` are the one place these mutations happen (admin, imports, commands and
tests call them). Each leaves a log entry on the employee ("content.post.assign" / "content.post.unassign",
with the post in ``data``), so the employee's history shows when and by whom posts were given and taken.
``reassign_post`` adds one "content.post.reassign" entry whose ``data["changes"]`` holds the before and after
employee and post.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from content.audit_actions import ASSIGN_POST, REASSIGN_POST, UNASSIGN_POST
from content.models import PostAssignment, PostPage, SegregationRule
from content.models.mixins import default_language_code
from content.rules import segregation as rules
from portal.core import audit
from portal.core.audited_edits import changes
from portal.people.models import Employee

ASSIGN_ACTION, UNASSIGN_ACTION, REASSIGN_ACTION = ASSIGN_POST, UNASSIGN_POST, REASSIGN_POST


def source_post(post: PostPage) -> PostPage:
    """The post page in the source language (assignments and rules always point there)."""
    if post.locale.language_code == default_language_code():
        return post
    source = PostPage.objects.filter(
        translation_key=post.translation_key, locale__language_code=default_language_code()
    ).first()
    return source or post


def rules_involving(post_ids) -> list[rules.Rule]:
    """The segregation rules naming any of ``post_ids``, as pure-domain rules."""
    queryset = (
        SegregationRule.objects.filter(members__post_id__in=list(post_ids))
        .distinct()
        .prefetch_related("members")
    )
    return [rule.as_rule() for rule in queryset]


def _conflict_message(employee, conflicts, titles) -> str:
    first = conflicts[0]
    return _(
        "%(employee)s cannot hold “%(new)s” together with “%(held)s”: segregation-of-duty rule “%(rule)s”."
    ) % {
        "employee": employee.name,
        "new": titles.get(first.other, first.other),
        "held": titles.get(first.held, first.held),
        "rule": first.rule.name,
    }


def check_assignment(employee, post: PostPage, *, exclude_pk=None) -> None:
    """Raise ValidationError (code "segregation", naming the rule) if ``employee`` may not take ``post``."""
    if post.locale.language_code != default_language_code():
        raise ValidationError(
            {"post": _("Assign the post in the source language (Chinese).")}, code="not_source_locale"
        )
    held = PostAssignment.objects.filter(employee=employee)
    if exclude_pk is not None:
        held = held.exclude(pk=exclude_pk)
    held_ids = set(held.values_list("post_id", flat=True))
    conflicts = rules.conflicts_for_assignment(held_ids, post.pk, rules_involving(held_ids | {post.pk}))
    if conflicts:
        titles = dict(PostPage.objects.filter(pk__in={c.held for c in conflicts} | {post.pk}).values_list("pk", "title"))
        raise ValidationError(_conflict_message(employee, conflicts, titles), code="segregation")


def assign_post(employee, post: PostPage, *, acting_user=None) -> PostAssignment:
    """Give ``employee`` the post (its source-language page). Idempotent; refuses forbidden combinations.

    Runs in a transaction that locks the employee row, so two concurrent assignments cannot both pass
    the check (on databases with row locks; SQLite serialises writers anyway).
    """

    post = source_post(post)
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).exists()
        existing = PostAssignment.objects.filter(employee=employee, post=post).first()
        if existing:
            return existing
        check_assignment(employee, post)
        assignment = PostAssignment.objects.create(employee=employee, post=post, assigned_by=acting_user)
        audit.record(employee, ASSIGN_POST, acting_user=acting_user, data={"post_id": post.pk, "post": post.title})
        # the new holder is asked to acknowledge the open rounds of the post's regulations and procedures
        from content.acknowledgements.services.rounds import after_post_assigned

        after_post_assigned(employee, post, acting_user=acting_user)
    return assignment


def unassign_post(employee, post: PostPage, *, acting_user=None) -> bool:
    """Take the post away from ``employee``; True if they held it."""
    post = source_post(post)
    with transaction.atomic():
        deleted, _details = PostAssignment.objects.filter(employee=employee, post=post).delete()
        if deleted:
            audit.record(employee, UNASSIGN_POST, acting_user=acting_user, data={"post_id": post.pk, "post": post.title})
            from content.acknowledgements.services.rounds import after_post_unassigned

            after_post_unassigned(employee, acting_user=acting_user)
    return bool(deleted)


def reassign_post(assignment: PostAssignment, employee, post: PostPage, *, acting_user=None) -> PostAssignment:
    """Change an assignment's employee or post: the old one ends, the new one is checked like any other.

    All or nothing: when the new combination breaks a segregation rule, the old assignment stays.
    """
    current = PostAssignment.objects.select_related("employee", "post").get(pk=assignment.pk)
    if (current.employee_id, current.post_id) == (employee.pk, source_post(post).pk):
        return current
    before = _assignment_values(current)
    with transaction.atomic():
        unassign_post(current.employee, current.post, acting_user=acting_user)
        new = assign_post(employee, post, acting_user=acting_user)
        data = {"assignment": new.pk, "replaces": current.pk, "changes": changes(before, _assignment_values(new))}
        audit.record(new.employee, REASSIGN_POST, acting_user=acting_user, data=data)
        if current.employee_id != new.employee_id:  # the person who lost the post sees it in their history too
            audit.record(current.employee, REASSIGN_POST, acting_user=acting_user, data=data)
    return new


def _assignment_values(assignment: PostAssignment) -> dict:
    return {"employee_id": assignment.employee_id, "employee": str(assignment.employee),
            "post_id": assignment.post_id, "post": assignment.post.title}
