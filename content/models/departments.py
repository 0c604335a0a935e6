"""Department pages: the org structure as staff read it (电子银行部 → 业务管理室 → 客户服务中心 …).

A DepartmentPage is a page, not the org unit itself: people.OrgUnit is the HR record that reports and
imports address by code; the page is what staff read about the unit, in both languages, and it is the
parent of the unit's posts, procedures and manuals. ``org_unit`` links the two (optional: a page may
describe a unit HR does not track).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .mixins import KnowledgePageMixin
from .tags import DepartmentPageTag


class DepartmentPage(KnowledgePageMixin, Page):
    """A department or one of its sub-units; sub-units are child DepartmentPages."""

    org_unit = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="department_pages",
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    tags = ClusterTaggableManager(through=DepartmentPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("org_unit"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["content.HomePage", "content.DepartmentPage"]
    subpage_types = ["content.DepartmentPage", "content.PostPage", "content.ProcedurePage", "content.ManualPage"]

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def get_context(self, request, *args, **kwargs):
        from .manuals import ManualPage
        from .posts import PostPage
        from .procedures import ProcedurePage

        context = super().get_context(request, *args, **kwargs)
        children = list(self.get_children().live().public().specific())
        context["sub_units"] = [c for c in children if isinstance(c, DepartmentPage)]
        context["posts"] = [c for c in children if isinstance(c, PostPage)]
        context["procedures"] = [c for c in children if isinstance(c, ProcedurePage)]
        context["manuals"] = [c for c in children if isinstance(c, ManualPage)]
        return context
