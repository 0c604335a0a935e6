"""Duty sets: reusable numbered duties shared by several posts.

The seeds describe duties per business line (POS, ATM, bank cards …) and a post such as 综合业务岗 carries
several of those sets, so a duty set is a snippet (not a page: nobody reads it on its own) and posts link to
it through ``PostDutySet`` (see posts.py). It is translatable: the English duty set is a translation of the
Chinese one (same ``translation_key``), and a post page shows the duty set of its own language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class DutySet(TranslatableMixin, index.Indexed, ClusterableModel):
    """A named, ordered list of duties (snippet). Owns its Duty rows (ParentalKey on Duty)."""

    code = models.SlugField(_("code"), max_length=50, allow_unicode=True)
    name = models.CharField(_("name"), max_length=200)

    panels = [FieldPanel("code"), FieldPanel("name"), InlinePanel("duties", label=_("duties"))]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.RelatedFields("duties", [index.SearchField("text")]),
    ]
    override_translatable_fields = [SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("duty set")
        verbose_name_plural = _("duty sets")
        unique_together = [("translation_key", "locale"), ("code", "locale")]
        ordering = ["code"]

    def __str__(self):
        return self.name


class Duty(TranslatableMixin, Orderable):
    """One duty of a duty set; numbered by its position."""

    duty_set = ParentalKey(DutySet, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(_("duty"))

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text[:60]
