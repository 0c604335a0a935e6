"""What a regulation or procedure revision says about its own change: is it material, what changed, by when
staff must acknowledge it.

The fields live on the page (``MaterialChangeMixin``, an abstract model mixed into RegulationPage and
ProcedurePage), so they are stored in every revision: the Editor proposes them in the draft, the Compliance
reviewer sees them when approving (and can correct them with "approve with edits"), and the revision that
finally goes live — now, at the end of the workflow, or later through ``publish_scheduled`` — carries the
publisher's decision. ``content.acknowledgements.signals`` reads them from the published revision and opens
the acknowledgement round.

The fields describe one change: once a revision is live they are spent, so the edit form starts the next
draft with "not material" and an empty summary (``MaterialChangeFormMixin``).

This module is imported while ``content.models`` is being loaded: it must not import any concrete model.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

DEFAULT_DUE_DAYS = 14
MAX_DUE_DAYS = 365


class MaterialChangeMixin(models.Model):
    """Fields a published version uses to open (or not) a read-and-acknowledge round."""

    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick when staff must read and acknowledge this version: publishing it asks every employee "
            "holding a linked post to confirm they have read it."
        ),
    )
    change_summary = models.TextField(
        _("summary of the change"),
        blank=True,
        help_text=_("A few lines on what changed and why; shown to staff above the changes."),
    )
    change_summary_en = models.TextField(
        _("summary of the change (English)"),
        blank=True,
        help_text=_("Shown to staff who read the portal in English; if empty they see the Chinese summary."),
    )
    acknowledgement_due_days = models.PositiveSmallIntegerField(
        _("days to acknowledge"),
        default=DEFAULT_DUE_DAYS,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DUE_DAYS)],
        help_text=_("Staff must acknowledge within this many days of publication."),
    )

    exclude_fields_in_copy = ["material_change", "change_summary", "change_summary_en"]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.acknowledgement_due_days is None:
            self.acknowledgement_due_days = DEFAULT_DUE_DAYS
        if self.material_change and not (self.change_summary or "").strip():
            raise ValidationError(
                {"change_summary": _("A material change needs a short summary of what changed.")}
            )


def change_panel(*extra) -> MultiFieldPanel:
    """The admin panel with the change fields (``extra``: more panels, e.g. the effective-date option)."""
    return MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("material_change"), FieldPanel("acknowledgement_due_days")]),
            FieldPanel("change_summary"),
            FieldPanel("change_summary_en"),
            *extra,
        ],
        heading=_("Change and read-and-acknowledge"),
    )


class MaterialChangeFormMixin:
    """Starts each new draft of a published page as "not material" with an empty summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.live and not instance.has_unpublished_changes:
            # The form shows the live version: its change fields describe a change already published.
            self.initial["material_change"] = False
            self.initial["change_summary"] = ""
            self.initial["change_summary_en"] = ""
            self.initial["acknowledgement_due_days"] = DEFAULT_DUE_DAYS


class EffectiveDateScheduleFormMixin(MaterialChangeFormMixin, forms.Form):
    """Adds "publish on the effective date": on approval or publication, the version goes live at the start of
    its effective date (Wagtail's scheduled publishing, run by ``manage.py publish_scheduled``)."""

    publish_on_effective_date = forms.BooleanField(
        label=_("Publish on the effective date"),
        required=False,
        help_text=_("Schedules publication for 00:00 on the effective date instead of publishing at once."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish_on_effective_date"):
            effective = cleaned.get("effective_date")
            if effective is None:
                self.add_error("publish_on_effective_date", _("Enter the effective date first."))
            else:
                go_live = timezone.make_aware(datetime.datetime.combine(effective, datetime.time.min))
                if go_live > timezone.now():
                    cleaned["go_live_at"] = go_live
                    self.instance.go_live_at = go_live
        return cleaned


class SupersessionMixin(models.Model):
    """A regulation names the regulation it replaces; publishing it marks the old one superseded
    (``content.acknowledgements.services.superseding``)."""

    supersedes_regulation = models.ForeignKey(
        "content.RegulationPage",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseding_regulations",
        help_text=_(
            "The regulation this one replaces. When this one is published, the old one is marked superseded "
            "from this one's effective date."
        ),
    )

    exclude_fields_in_copy = ["material_change", "change_summary", "change_summary_en", "supersedes_regulation"]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        old = self.supersedes_regulation
        if old is not None and (old.pk == self.pk or old.translation_key == self.translation_key):
            raise ValidationError({"supersedes_regulation": _("A regulation cannot supersede itself.")})
