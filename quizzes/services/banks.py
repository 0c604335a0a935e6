"""Addressing banks by path: "柜员等级/电子银行" is the bank 电子银行 in the category 柜员等级.

Every segment but the last is a category (a node of the category tree, matched by its Chinese name
among its siblings); the last segment is the bank. ``resolve_bank`` creates what is missing;
``find_bank`` only looks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core import audit
from quizzes.models import PATH_SEPARATOR, QuestionBank, QuestionCategory

MAX_SEGMENT_LENGTH = 120


def split_bank_path(path: str) -> list[str]:
    """The cleaned segments of a bank path; ValidationError when it is empty or has an empty part."""
    raw = (path or "").strip().strip(PATH_SEPARATOR)
    segments = [s.strip() for s in raw.split(PATH_SEPARATOR)] if raw else []
    if not segments:
        raise ValidationError(_("The bank path is empty; give it as category/…/bank, e.g. 柜员等级/电子银行."))
    if any(not s for s in segments):
        raise ValidationError(_("The bank path “%(path)s” has an empty part.") % {"path": path})
    too_long = [s for s in segments if len(s) > MAX_SEGMENT_LENGTH]
    if too_long:
        raise ValidationError(
            _("“%(name)s” is longer than %(max)s characters.") % {"name": too_long[0][:30], "max": MAX_SEGMENT_LENGTH}
        )
    return segments


def _child_category(parent: QuestionCategory | None, name: str) -> QuestionCategory | None:
    if parent is None:
        return QuestionCategory.get_root_nodes().filter(name=name).first()
    return parent.get_children().filter(name=name).first()


def find_category(segments: list[str]) -> QuestionCategory | None:
    node = None
    for name in segments:
        node = _child_category(node, name)
        if node is None:
            return None
    return node


def find_bank(path: str) -> QuestionBank | None:
    """The bank at ``path``, or None when it (or one of its categories) does not exist."""
    segments = split_bank_path(path)
    category = find_category(segments[:-1]) if len(segments) > 1 else None
    if len(segments) > 1 and category is None:
        return None
    return QuestionBank.objects.filter(category=category, name=segments[-1]).first()


@transaction.atomic
def resolve_category(segments: list[str]) -> QuestionCategory | None:
    """The category at ``segments``, creating every missing node; None for an empty list."""
    node = None
    for name in segments:
        child = _child_category(node, name)
        if child is None:
            if node is None:
                child = QuestionCategory.add_root(name=name)
            else:
                node = QuestionCategory.objects.get(pk=node.pk)  # fresh numchild before add_child
                child = node.add_child(name=name)
        node = child
    return node


@transaction.atomic
def resolve_bank(path: str) -> tuple[QuestionBank, bool]:
    """(the bank at ``path``, whether it was created), creating its categories as needed."""
    segments = split_bank_path(path)
    category = resolve_category(segments[:-1])
    return QuestionBank.objects.get_or_create(category=category, name=segments[-1])


@transaction.atomic
def save_category(category: QuestionCategory | None, *, name: str, name_en: str = "", parent=None,
                  acting_user=None) -> QuestionCategory:
    """Create a category (``category`` None) under ``parent`` (None: a root), or rename it and move it there;
    logged as Wagtail's create / edit on the category."""
    if category is None:
        fields = {"name": name, "name_en": name_en}
        if parent is None:
            category = QuestionCategory.add_root(**fields)
        else:
            category = QuestionCategory.objects.get(pk=parent.pk).add_child(**fields)
        audit.record(category, "wagtail.create", acting_user=acting_user)
        return category
    category.name, category.name_en = name, name_en
    category.save()
    current_parent = category.get_parent()
    if (parent.pk if parent else None) != (current_parent.pk if current_parent else None):
        category = QuestionCategory.objects.get(pk=category.pk)
        if parent is None:
            category.move(QuestionCategory.get_first_root_node(), "last-sibling")
        else:
            category.move(QuestionCategory.objects.get(pk=parent.pk), "last-child")
        category = QuestionCategory.objects.get(pk=category.pk)
    audit.record(category, "wagtail.edit", acting_user=acting_user)
    return category
