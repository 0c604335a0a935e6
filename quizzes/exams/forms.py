"""Admin forms of the exam engine: blueprints (with their sections), sittings, overrides, grading, re-scoring."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Locale

from content.models import PostPage
from portal.people.choosers import EmployeeChooser, EmployeeMultipleChooser
from portal.people.models import Employee, OrgUnit
from quizzes.models import Question, QuestionVersion

from .models import Attempt, SectionSource, Sitting


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.employee_number} {obj.name}"


class EmployeesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.employee_number} {obj.name}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * max(obj.depth - 1, 0)}{obj.display_name} ({obj.code})"


class PostsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.code})"


class BlueprintAdminForm(WagtailAdminModelForm):
    """The blueprint with its sections: a fixed section needs its questions, a draw section its source."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("sections")
        if formset is None:
            return cleaned
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("source") == SectionSource.FIXED and not data.get("fixed_questions"):
                form.add_error("fixed_questions", _("Choose the fixed questions of this section."))
            if data.get("source") == SectionSource.DRAW and not (data.get("category") or data.get("bank")):
                form.add_error("category", _("Choose the category or the bank to draw from."))
        return cleaned


LOCKED_ONCE_STARTED = ("blueprint", "pass_mark", "counting_policy", "language")


class SittingAdminForm(WagtailAdminModelForm):
    """A sitting. Once someone has started it, what decides scores (paper, pass mark, counting) is locked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default_locale = Locale.get_default()
        if "eligible_posts" in self.fields:
            self.fields["eligible_posts"] = PostsChoiceField(
                queryset=PostPage.objects.filter(locale=default_locale).order_by("title"), required=False,
                label=self.fields["eligible_posts"].label, help_text=self.fields["eligible_posts"].help_text,
                widget=forms.CheckboxSelectMultiple,
            )
        if "eligible_units" in self.fields:
            self.fields["eligible_units"] = UnitsChoiceField(
                queryset=OrgUnit.objects.order_by("path"), required=False,
                label=self.fields["eligible_units"].label, help_text=self.fields["eligible_units"].help_text,
                widget=forms.CheckboxSelectMultiple,
            )
        if "eligible_employees" in self.fields:
            self.fields["eligible_employees"] = EmployeesChoiceField(
                queryset=Employee.objects.filter(is_active=True).order_by("employee_number"), required=False,
                label=self.fields["eligible_employees"].label, help_text=self.fields["eligible_employees"].help_text,
                widget=EmployeeMultipleChooser(),
            )
        self.started = bool(self.instance.pk and Attempt.objects.filter(sitting=self.instance).exists())
        if self.started:
            for name in LOCKED_ONCE_STARTED:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Locked: candidates have started this sitting.")

    def clean(self):
        from .services.papers import check_feasibility

        cleaned = super().clean()
        blueprint = cleaned.get("blueprint")
        if blueprint is not None and not self.started:
            report = check_feasibility(blueprint)
            if not report.ok:
                self.add_error("blueprint", _("The question banks cannot supply this blueprint: %(problems)s") % {
                    "problems": "；".join(report.problems) or _("it has no sections")})
            elif cleaned.get("pass_mark") is not None and cleaned["pass_mark"] > report.max_score:
                self.add_error("pass_mark", _("The pass mark is above the full marks of the paper (%(max)s).") % {
                    "max": report.max_score})
        return cleaned


class OverrideForm(forms.Form):
    sitting = forms.ModelChoiceField(label=gettext_lazy("Sitting"), queryset=Sitting.objects.order_by("-opens_at"))
    employee = EmployeeChoiceField(label=gettext_lazy("Employee"),
                                   queryset=Employee.objects.filter(is_active=True).order_by("employee_number"),
                                   widget=EmployeeChooser())
    extra_minutes = forms.IntegerField(label=gettext_lazy("Extra time (minutes)"), min_value=0, max_value=24 * 60,
                                       initial=0)
    extra_attempts = forms.IntegerField(label=gettext_lazy("Extra attempts"), min_value=0, max_value=10, initial=0)
    opens_at = forms.DateTimeField(label=gettext_lazy("Own window opens"), required=False,
                                   widget=AdminDateTimeInput)
    closes_at = forms.DateTimeField(label=gettext_lazy("Own window closes"), required=False,
                                    widget=AdminDateTimeInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("E.g. the accommodation HR agreed, or why a re-sit is granted."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class GradeForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Score"), min_value=0, decimal_places=2, max_digits=6)
    note = forms.CharField(label=gettext_lazy("Note to the candidate"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, points=None, **kwargs):
        super().__init__(*args, **kwargs)
        if points is not None:
            self.fields["score"].max_value = points
            self.fields["score"].widget.attrs["max"] = str(points)
            self.fields["score"].help_text = _("0 to %(points)s points") % {"points": points}


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        letters = obj.correct_letters or "；".join("/".join(b) for b in obj.blanks)
        note = f" · {obj.change_note}" if obj.change_note else ""
        return f"v{obj.number} · {letters}{note}"


class RescoreForm(forms.Form):
    """Which sitting, which question (as shown in it) and which version's key now counts."""

    sitting = forms.ModelChoiceField(label=gettext_lazy("Sitting"), queryset=Sitting.objects.order_by("-opens_at"))
    question = forms.IntegerField(label=gettext_lazy("Question number"), min_value=1,
                                  help_text=gettext_lazy("The question's number in the bank (#…)."))
    key_version = VersionChoiceField(label=gettext_lazy("Corrected key from version"),
                                     queryset=QuestionVersion.objects.none(), required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number = self.data.get("question") or self.initial.get("question")
        if number and str(number).isdigit():
            self.fields["key_version"].queryset = QuestionVersion.objects.filter(
                question_id=int(number), frozen_at__isnull=False
            ).order_by("-number")

    def clean(self):
        cleaned = super().clean()
        sitting, number = cleaned.get("sitting"), cleaned.get("question")
        if sitting and number:
            question = Question.objects.filter(pk=number).first()
            shown = Attempt.objects.filter(Q(sitting=sitting), items__version__question_id=number).exists()
            if question is None or not shown:
                self.add_error("question", _("No handed-in paper of this sitting showed question #%(n)s.") % {
                    "n": number})
            cleaned["question_obj"] = question
        return cleaned
