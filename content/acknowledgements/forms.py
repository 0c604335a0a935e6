"""The Compliance reviewer's approval form (Wagtail's workflow task action form for "approve").

Besides the comment, the reviewer may set the rule's effective date and decide when the approved version
goes live: as the Editor submitted it, now, or at 00:00 on the effective date (Wagtail's scheduled
publishing). ``ComplianceApprovalTask.on_action`` applies the decision to the revision under review before
the workflow publishes it (``services.review.apply_decision``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm

AS_SUBMITTED = ""
NOW = "now"
ON_EFFECTIVE_DATE = "effective"


class ComplianceApprovalForm(TaskStateCommentForm):
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the rule takes effect. Leave empty to keep the date in the submitted version."),
    )
    publication = forms.ChoiceField(
        label=_("Publication"),
        required=False,
        initial=AS_SUBMITTED,
        choices=[
            (AS_SUBMITTED, _("As submitted")),
            (NOW, _("Publish now")),
            (ON_EFFECTIVE_DATE, _("Publish at 00:00 on the effective date")),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ["effective_date", "publication", "comment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publication") == ON_EFFECTIVE_DATE and not cleaned.get("effective_date"):
            self.add_error("effective_date", _("Enter the effective date first."))
        return cleaned

    def prefill(self, version) -> None:
        """Start the dialog from the version under review: its effective date (a page without one, a
        procedure, gets neither the date nor "on the effective date")."""
        if self.is_bound:
            return
        if hasattr(version, "effective_date"):
            self.initial.setdefault("effective_date", version.effective_date)
        else:
            self.fields.pop("effective_date", None)
            field = self.fields["publication"]
            field.choices = [c for c in field.choices if c[0] != ON_EFFECTIVE_DATE]
