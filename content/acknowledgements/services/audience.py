"""Who must read a rule: the active employees holding a live post linked to it.

A post is linked to

* a regulation through a ``PostRegulationLink`` to the regulation itself, one of its chapters or one of its
  articles (the link always names the regulation, whatever it narrows to);
* a procedure through a ``PostProcedure`` (the post runs it) or because one of the procedure's steps is
  performed by the post.

Links may point at any translation of the rule (they usually point at the Chinese page) and assignments
always point at the source-language post, so rules are matched by ``translation_key``. Everything here is
one SQL query (subqueries, no Python loop over employees), whatever the number of employees.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from content.models import (
    PostPage,
    PostProcedure,
    PostRegulationLink,
    ProcedurePage,
    ProcedureStep,
    RegulationPage,
)
from content.models.mixins import default_language_code
from portal.people.models import Employee


def linked_posts(page) -> QuerySet:
    """The live source-language posts linked to ``page`` (a regulation or procedure, any translation)."""
    key = page.translation_key
    if issubclass(page.specific_class, RegulationPage):
        condition = Q(regulation_links__regulation__translation_key=key)
    elif issubclass(page.specific_class, ProcedurePage):
        step_posts = ProcedureStep.objects.filter(page__translation_key=key, post__isnull=False).values(
            "post__translation_key"
        )
        condition = Q(procedure_links__procedure__translation_key=key) | Q(translation_key__in=step_posts)
    else:
        return PostPage.objects.none()
    return PostPage.objects.filter(condition, live=True, locale__language_code=default_language_code())


def audience(page, employee_ids: Iterable[int] | None = None) -> QuerySet:
    """Primary keys of the active employees who must read ``page`` (restricted to ``employee_ids``)."""
    employees = Employee.objects.filter(
        is_active=True, post_assignments__post__in=linked_posts(page).values("pk")
    )
    if employee_ids is not None:
        employees = employees.filter(pk__in=list(employee_ids))
    return employees.values_list("pk", flat=True).distinct()


def rule_keys_for_post(post) -> set:
    """The ``translation_key`` of each regulation and procedure linked to ``post`` (three small queries)."""
    keys = set(
        PostRegulationLink.objects.filter(page_id=post.pk).values_list(
            "regulation__translation_key", flat=True
        )
    )
    keys |= set(
        PostProcedure.objects.filter(page_id=post.pk).values_list("procedure__translation_key", flat=True)
    )
    keys |= set(
        ProcedureStep.objects.filter(post__translation_key=post.translation_key).values_list(
            "page__translation_key", flat=True
        )
    )
    return keys
