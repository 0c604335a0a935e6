"""Manuals (手册): long-form pages whose headings make an automatic table of contents."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import ManualStreamBlock

from .mixins import KnowledgePageMixin
from .tags import ManualPageTag


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    level: int  # 2 or 3


class ManualPage(KnowledgePageMixin, Page):
    """A manual or guide: free StreamField content with headings."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(ManualStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ManualPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["content.DepartmentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("manual")
        verbose_name_plural = _("manuals")

    @cached_property
    def heading_anchors(self) -> dict[str, TocEntry]:
        """Heading block id → its table-of-contents entry. Anchors are unicode slugs of the heading
        text (readable in Chinese URLs), de-duplicated with a numeric suffix; ``section-N`` when the
        text gives no slug."""
        entries: dict[str, TocEntry] = {}
        used: set[str] = set()
        for n, block in enumerate(self.body, start=1):
            if block.block_type != "heading":
                continue
            text = block.value["text"]
            base = slugify(text, allow_unicode=True) or f"section-{n}"
            anchor, suffix = base, 2
            while anchor in used:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
            used.add(anchor)
            level = 3 if block.value["level"] == "h3" else 2
            entries[block.id] = TocEntry(anchor=anchor, text=text, level=level)
        return entries

    @property
    def table_of_contents(self) -> list[TocEntry]:
        return list(self.heading_anchors.values())

    def blocks_with_anchors(self):
        """(block, anchor or None) pairs, for templates that render headings with their ids."""
        anchors = self.heading_anchors
        for block in self.body:
            entry = anchors.get(block.id)
            yield block, entry.anchor if entry else None
