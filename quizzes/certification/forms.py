"""Forms of the certification admin: results entry, actions that need a reason, bulk issue, register filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.people.choosers import EmployeeChooser
from portal.people.models import Employee, OrgUnit

from .choosers import SittingChooser
from .models import GradeLevel, SkillTestType

ISO_DATE = ["%Y-%m-%d"]


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` takes and gives YYYY-MM-DD only: the value is never in the language's own
    format (zh-hans' 2026/12/02 is rejected by the browser and left the field empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


EXPIRY_WINDOWS = [("30", _("within 30 days")), ("60", _("within 60 days")), ("90", _("within 90 days"))]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. Kept in the audit trail."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


def chosen_employee(**kwargs) -> forms.ModelChoiceField:
    """An active employee chosen by search (name, employee number, organisation unit, post), never typed."""
    return forms.ModelChoiceField(
        label=kwargs.pop("label", _("Employee")),
        queryset=Employee.objects.filter(is_active=True).select_related("org_unit"),
        widget=EmployeeChooser(),
        **kwargs,
    )


class ProgressForm(forms.Form):
    """Whose standing the gap list's "what is still missing" page shows: chosen by search."""

    employee = chosen_employee()


class SkillResultForm(forms.Form):
    employee = chosen_employee()
    test_type = forms.ModelChoiceField(label=_("Skill test"), queryset=SkillTestType.objects.all())
    value = forms.DecimalField(label=_("Result"), min_value=0, max_digits=8, decimal_places=2,
                               help_text=_("In the test's unit (notes, vouchers, characters per minute …)."))
    errors = forms.IntegerField(label=_("Errors"), min_value=0, initial=0)
    taken_on = forms.DateField(label=_("Taken on"), initial=timezone.localdate, input_formats=ISO_DATE,
                               widget=IsoDateInput())
    session_label = forms.CharField(label=_("Session"), max_length=100, required=False)

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("The test date cannot be in the future."))
        return taken_on


class ManualAwardForm(ReasonForm):
    employee = chosen_employee()
    level = forms.ModelChoiceField(
        label=_("Grade"), queryset=GradeLevel.objects.select_related("scheme").order_by("scheme__code", "order")
    )
    awarded_on = forms.DateField(label=_("Awarded on"), initial=timezone.localdate, input_formats=ISO_DATE,
                                 widget=IsoDateInput())
    field_order = ["employee", "level", "awarded_on", "reason"]


class BulkIssueForm(forms.Form):
    """What to issue certificates for: a sitting, an exam, or a grade."""

    sitting_id = forms.IntegerField(label=_("Exam sitting"), required=False, min_value=1,
                                    widget=SittingChooser(),
                                    help_text=_("Every passed result of this sitting."))
    exam_code = forms.CharField(label=_("Exam code"), required=False, max_length=50,
                                help_text=_("Every passed result of this exam."))
    level = forms.ModelChoiceField(
        label=_("Grade"),
        required=False,
        queryset=GradeLevel.objects.select_related("scheme").order_by("scheme__code", "order"),
        help_text=_("Everyone currently holding this grade."),
    )

    def clean(self):
        cleaned = super().clean()
        chosen = [bool(cleaned.get("sitting_id")), bool(cleaned.get("exam_code")), bool(cleaned.get("level"))]
        if sum(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one: a sitting, an exam code or a grade."))
        return cleaned

    def params(self) -> dict:
        data = self.cleaned_data
        if data.get("sitting_id"):
            return {"sitting_id": data["sitting_id"]}
        if data.get("exam_code"):
            return {"exam_code": data["exam_code"].strip()}
        return {"level_id": data["level"].pk}


class OrgUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * max(obj.depth - 1, 0)}{obj.display_name} ({obj.code})"


class GapFilterForm(forms.Form):
    org_unit = OrgUnitChoiceField(label=_("Organisation unit (with its sub-units)"), required=False,
                                  queryset=OrgUnit.objects.order_by("path"))
    post = forms.ChoiceField(label=_("Post"), required=False)

    def __init__(self, *args, post_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [("", "---------"), *post_choices]
