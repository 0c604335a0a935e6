"""Segregation-of-duty rules (岗位分离 / 不得兼任).

A rule is a snippet naming a set of posts of which no one person may hold two, e.g. 录入、复核、授信审批、
制卡、风险管理、系统管理 "六岗分离、不得兼任". Any two members are incompatible, so incompatibility is symmetric
by construction (there is no "A excludes B" row that could miss its "B excludes A").

Members are the posts in the source language (the Chinese pages); translations are mapped to them by
``translation_key``. The rule owns its members (ParentalKey). The rule itself is not translatable: it
carries its name in both languages (``name``, ``name_en``), as people.OrgUnit does.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable
from wagtail.search import index

from content.rules import segregation as rules
from portal.core.bilingual import in_language


class SegregationRule(index.Indexed, ClusterableModel):
    name = models.CharField(_("name (Chinese)"), max_length=200, help_text=_("e.g. 六岗分离、不得兼任"))
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where the rule comes from (regulation, article)."))

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("source"),
        InlinePanel("members", heading=_("Posts that may not be held together"), label=_("post"), min_num=2),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("segregation-of-duty rule")
        verbose_name_plural = _("segregation-of-duty rules")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)

    def as_rule(self) -> rules.Rule:
        """The pure-domain view of this rule (post ids of its members)."""
        return rules.Rule(id=self.pk, name=self.display_name, members=frozenset(m.post_id for m in self.members.all()))


class SegregationRuleMember(Orderable):
    rule = ParentalKey(SegregationRule, on_delete=models.CASCADE, related_name="members")
    post = models.ForeignKey(
        "content.PostPage", verbose_name=_("post"), on_delete=models.CASCADE, related_name="segregation_memberships"
    )

    panels = [PageChooserPanel("post", "content.PostPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("rule member")
        verbose_name_plural = _("rule members")
        constraints = [models.UniqueConstraint(fields=["rule", "post"], name="content_segregation_member_unique")]

    def __str__(self):
        return str(self.post)

    def clean(self):
        super().clean()
        if self.post_id:
            from .mixins import default_language_code

            if self.post.locale.language_code != default_language_code():
                raise ValidationError({"post": _("Choose the post in the source language (Chinese).")})
