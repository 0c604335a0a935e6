"""Where questions live: a tree of categories, and the banks inside them.

QuestionCategory is a materialised-path tree (django-treebeard, like people.OrgUnit and Wagtail's own
page tree) because examiners group banks at any depth (柜员等级 → 电子银行 → …) and the exam engine
draws "k questions from a category with its sub-categories": one ``path__startswith`` query.

QuestionBank is a plain model inside one category (or at the top level): the unit examiners import
into, export, and own. Banks and categories are addressed by a slash-separated path of their Chinese
names, e.g. ``柜员等级/电子银行/网银业务``: every segment but the last is a category, the last one is
the bank (see ``quizzes.services.banks``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from portal.core.bilingual import in_language

PATH_SEPARATOR = "/"


def validate_path_segment(value: str) -> None:
    """A category or bank name is one segment of a bank path, so it may not contain the separator."""
    if PATH_SEPARATOR in value:
        raise ValidationError(_("A name may not contain “/” (it separates the parts of a bank path)."))
    if not value.strip():
        raise ValidationError(_("A name may not be blank."))


class _BilingualName(models.Model):
    name = models.CharField(_("name (Chinese)"), max_length=120, validators=[validate_path_segment])
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        """The name in the active language (English falls back to Chinese)."""
        return in_language(self.name, self.name_en)


class QuestionCategory(MP_Node, _BilingualName):
    """A node of the category tree. Sibling names are unique (enforced by the bank-path service)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # No node_order_by: new nodes are appended, so existing paths never shift under a held instance
    # (listings sort by name themselves).

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.full_path

    @property
    def full_path(self) -> str:
        """Chinese names from the root down to this category, joined by "/" (the bank-path form)."""
        known = self.__dict__.get("_full_path")
        if known is not None:
            return known
        names = [c.name for c in self.get_ancestors()] + [self.name]
        return PATH_SEPARATOR.join(names)

    def subtree(self):
        """This category and every category below it."""
        return QuestionCategory.objects.filter(path__startswith=self.path, depth__gte=self.depth)


def prefetch_full_paths(categories) -> None:
    """Give each category its ``full_path`` from one query for the ancestors of all of them (a listing of
    many banks or questions would otherwise ask for each category's ancestors row by row)."""
    pending = [c for c in categories if c is not None and "_full_path" not in c.__dict__]
    if not pending:
        return
    step = QuestionCategory.steplen
    needed = sorted({c.path[: step * i] for c in pending for i in range(1, c.depth)})
    names = dict(QuestionCategory.objects.filter(path__in=needed).values_list("path", "name")) if needed else {}
    for category in pending:
        ancestors = [names.get(category.path[: step * i], "") for i in range(1, category.depth)]
        category.__dict__["_full_path"] = PATH_SEPARATOR.join([*ancestors, category.name])


def prefetch_bank_paths(banks) -> None:
    """``prefetch_full_paths`` for the categories of ``banks`` (loaded with ``select_related("category")``)."""
    prefetch_full_paths([b.category for b in banks if b is not None and b.category_id is not None])


class QuestionBankQuerySet(models.QuerySet):
    def in_category(self, category: QuestionCategory):
        """Banks in ``category`` or any of its sub-categories."""
        return self.filter(category__path__startswith=category.path)


class QuestionBank(_BilingualName):
    """A bank of questions: what examiners import into, export, and draw exam sections from."""

    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="banks",
        null=True,
        blank=True,
        verbose_name=_("category"),
        help_text=_("Leave empty for a bank at the top level."),
    )
    description = models.TextField(_("description"), blank=True)
    exam_only = models.BooleanField(
        _("exam only"), default=False,
        help_text=_("Never offered for practice or the wrong-answer notebook: its questions appear only in exams."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = QuestionBankQuerySet.as_manager()

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["category__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="quizzes_bank_unique_name_in_category"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(category__isnull=True), name="quizzes_bank_unique_top_level_name"
            ),
        ]

    def __str__(self):
        return self.full_path

    @property
    def full_path(self) -> str:
        """The bank path: category names and the bank name joined by "/" (e.g. 柜员等级/电子银行)."""
        if self.category_id is None:
            return self.name
        return self.category.full_path + PATH_SEPARATOR + self.name
