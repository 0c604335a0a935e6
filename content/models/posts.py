"""Posts (岗位): what a post must do, what it runs, what it must know and what it requires.

A PostPage is a page (staff read it, it is versioned and translated). Everything it lists is held in
orderable child rows with a ParentalKey to the page, so the whole post — duties, links and levels — is
one revision:

* ``duties`` (PostDuty), ``requirements`` (PostRequirement), ``certifications`` (PostCertification): text
  rows, translatable (TranslatableMixin, so wagtail-localize translates them row by row);
* ``duty_set_links`` (PostDutySet → DutySet snippet), ``procedure_links`` (PostProcedure → ProcedurePage),
  ``regulation_links`` (PostRegulationLink → RegulationPage, optionally narrowed to a chapter or an
  article, with the required level): links, synchronised between languages and shown in the reader's
  language at render time (see content.services.post_details).

Incompatible posts are not stored here: they derive from SegregationRule snippets (segregation.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .mixins import KnowledgePageMixin
from .tags import PostPageTag


class PostPageForm(WagtailAdminPageForm):
    """Post codes are unique within a language (the English translation shares the Chinese code)."""

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        page = self.instance
        if code:
            clash = PostPage.objects.filter(code=code, locale_id=page.locale_id)
            if page.pk:
                clash = clash.exclude(pk=page.pk)
            if clash.exists():
                self.add_error("code", _("Another post already uses the code %(code)s.") % {"code": code})
        return cleaned


class PostPage(KnowledgePageMixin, Page):
    """A post (岗位) in a department."""

    code = models.SlugField(
        _("post code"), max_length=50, allow_unicode=True, help_text=_("Unique within a language, e.g. EB-OPS-01.")
    )
    summary = models.TextField(_("summary"), blank=True)
    tags = ClusterTaggableManager(through=PostPageTag, blank=True, verbose_name=_("tags"))

    base_form_class = PostPageForm
    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("summary"),
        InlinePanel("duties", heading=_("Duties"), label=_("duty")),
        InlinePanel("duty_set_links", heading=_("Duty sets"), label=_("duty set")),
        InlinePanel("requirements", heading=_("Requirements"), label=_("requirement")),
        InlinePanel("procedure_links", heading=_("Procedures run by this post"), label=_("procedure")),
        InlinePanel("regulation_links", heading=_("Regulations to know"), label=_("regulation")),
        InlinePanel("certifications", heading=_("Certifications required"), label=_("certification")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.FilterField("code"),
        index.SearchField("summary"),
        index.RelatedFields("duties", [index.SearchField("text")]),
        index.RelatedFields("requirements", [index.SearchField("text")]),
        index.RelatedFields("certifications", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    override_translatable_fields = [SynchronizedField("code")]

    parent_page_types = ["content.DepartmentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def get_context(self, request, *args, **kwargs):
        from content.services.post_details import load_post_details

        context = super().get_context(request, *args, **kwargs)
        context["post"] = load_post_details([self])[0]
        return context


class PostDuty(TranslatableMixin, Orderable):
    """One of the post's own numbered duties."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(_("duty"))

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text[:60]


class PostRequirement(TranslatableMixin, Orderable):
    """A requirement for holding the post (任职要求)."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="requirements")
    text = models.TextField(_("requirement"))

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text[:60]


class PostCertification(TranslatableMixin, Orderable):
    """A certification the post requires (free text until the certification issue links grades)."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("certification"), max_length=200)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["sort_order"]

    def __str__(self):
        return self.name


class PostDutySet(Orderable):
    """Post ↔ duty set (the post owns the link; a duty set belongs to several posts)."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="duty_set_links")
    duty_set = models.ForeignKey(
        "content.DutySet", verbose_name=_("duty set"), on_delete=models.CASCADE, related_name="post_links"
    )

    panels = [FieldPanel("duty_set")]

    class Meta(Orderable.Meta):
        verbose_name = _("duty set of a post")
        verbose_name_plural = _("duty sets of posts")


class PostProcedure(Orderable):
    """Post → procedure it runs."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="procedure_links")
    procedure = models.ForeignKey(
        "content.ProcedurePage", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="post_links"
    )

    panels = [PageChooserPanel("procedure", "content.ProcedurePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("procedure of a post")
        verbose_name_plural = _("procedures of posts")


class PostRegulationLink(Orderable):
    """Post → regulation it must know, optionally narrowed to one chapter or one article, with a level.

    The post owns the link (ParentalKey): links are part of the post's revisions. ``chapter`` and
    ``article`` must belong to ``regulation`` (see clean); when both are empty the whole regulation is meant.
    """

    class Level(models.TextChoices):
        AWARE = "aware", _("Aware")
        UNDERSTAND = "understand", _("Understand")
        APPLY = "apply", _("Apply")

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="regulation_links")
    regulation = models.ForeignKey(
        "content.RegulationPage", verbose_name=_("regulation"), on_delete=models.CASCADE, related_name="post_links"
    )
    chapter = models.ForeignKey(
        "content.RegulationChapter",
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_links",
    )
    article = models.ForeignKey(
        "content.RegulationArticle",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_links",
    )
    level = models.CharField(_("required level"), max_length=20, choices=Level.choices, default=Level.UNDERSTAND)

    panels = [
        PageChooserPanel("regulation", "content.RegulationPage"),
        FieldRowPanel([FieldPanel("chapter"), FieldPanel("article"), FieldPanel("level")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("regulation a post must know")
        verbose_name_plural = _("regulations posts must know")

    def __str__(self):
        return f"{self.regulation} {self.scope_label}".strip()

    @property
    def scope_label(self) -> str:
        if self.article_id:
            return self.article.label
        if self.chapter_id:
            return self.chapter.label
        return ""

    @property
    def anchor(self) -> str:
        if self.article_id:
            return self.article.anchor
        if self.chapter_id:
            return self.chapter.anchor
        return ""

    def clean(self):
        super().clean()
        errors = {}
        if self.chapter_id and self.regulation_id and self.chapter.page_id != self.regulation_id:
            errors["chapter"] = _("This chapter belongs to another regulation.")
        if self.article_id and self.regulation_id:
            if self.article.page_id != self.regulation_id:
                errors["article"] = _("This article belongs to another regulation.")
            elif self.chapter_id and self.article.chapter_number != self.chapter.number:
                errors["article"] = _("This article is not in the chosen chapter.")
        if errors:
            raise ValidationError(errors)
