"""Procedures (操作规程): ordered steps, who performs each, when, under which control, with which forms.

A ProcedurePage is a page; its steps are orderable child rows (ParentalKey → the page owns them and they
are part of its revisions). A step is itself clusterable so that its many-to-many links — the documents
(forms, registers) it uses and the regulation articles it implements — are also kept in the revision
(ParentalManyToManyField).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from content.acknowledgements.page_fields import MaterialChangeFormMixin, MaterialChangeMixin, change_panel
from portal.textutils.lines import normalise_lines

from .mixins import KnowledgePageMixin
from .tags import ProcedurePageTag


class ArticlesField(ParentalManyToManyField):
    """Regulation articles; the admin's choices fetch each article's regulation in the same query (labels
    read "《regulation》第X条"), instead of one query per option."""

    def formfield(self, **kwargs):
        from .regulations import RegulationArticle

        kwargs.setdefault(
            "queryset", RegulationArticle.objects.select_related("page").order_by("page__title", "number")
        )
        return super().formfield(**kwargs)


class ProcedurePageForm(MaterialChangeFormMixin, WagtailAdminPageForm):
    """Starts each new draft as "not material" (see content.acknowledgements.page_fields)."""


class ProcedurePage(KnowledgePageMixin, MaterialChangeMixin, Page):
    """An operating procedure of a department."""

    summary = models.TextField(_("summary"), blank=True)
    tags = ClusterTaggableManager(through=ProcedurePageTag, blank=True, verbose_name=_("tags"))

    base_form_class = ProcedurePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        change_panel(),
        InlinePanel("steps", heading=_("Steps"), label=_("step")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("steps", [index.SearchField("text"), index.SearchField("forms")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["content.DepartmentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def get_context(self, request, *args, **kwargs):
        from content.services.post_details import load_procedure_steps

        context = super().get_context(request, *args, **kwargs)
        context["steps"] = load_procedure_steps(self)
        return context


class ProcedureStep(TranslatableMixin, Orderable, ClusterableModel):
    """One step; numbered by its position."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")
        PER_EVENT = "per_event", _("Each time it occurs")

    class Control(models.TextChoices):
        SIGNATURE = "signature", _("Signature (签字确认)")
        DUAL_REVIEW = "dual_review", _("Dual review (双人复核)")
        AUTHORISATION = "authorisation", _("Authorisation (授权)")
        REGISTER = "register", _("Register entry (登记)")

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField(_("what is done"))
    post = models.ForeignKey(
        "content.PostPage",
        verbose_name=_("performed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedure_steps",
    )
    deadline = models.CharField(_("deadline"), max_length=100, blank=True, help_text=_("e.g. 3个工作日内"))
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, blank=True)
    control = models.CharField(_("control"), max_length=20, choices=Control.choices, blank=True)
    forms = models.TextField(
        _("forms and registers"), blank=True, help_text=_("Names of the forms and registers used, one per line.")
    )
    documents = ParentalManyToManyField(
        "wagtaildocs.Document", verbose_name=_("documents"), blank=True, related_name="procedure_steps"
    )
    articles = ArticlesField(
        "content.RegulationArticle",
        verbose_name=_("regulation articles implemented"),
        blank=True,
        related_name="procedure_steps",
    )

    panels = [
        FieldPanel("text"),
        PageChooserPanel("post", "content.PostPage"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("frequency"), FieldPanel("control")]),
        FieldPanel("forms"),
        FieldPanel("documents"),
        FieldPanel("articles"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        super().clean()
        self.text = normalise_lines(self.text)  # a browser sends CR LF: store LF, as the diff compares

    @property
    def form_names(self) -> list[str]:
        return [line.strip() for line in self.forms.splitlines() if line.strip()]
