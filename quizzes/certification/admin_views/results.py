"""Results in the admin: skill results (entered by one examiner, confirmed by another) and exam results."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.core.admin_columns import DateColumn
from portal.core.admin_display import PortalInspectMixin, ViewableHistoryView
from portal.core.admin_views import AdminPage, BomCsvMixin

from ..forms import ReasonForm, SkillResultForm
from ..models import SkillResult, TheoryResult
from ..services.results import confirm_skill_result, enter_skill_result, reject_skill_result
from .common import OrgUnitSubtreeFilter

# =========================================================================== skill results


class SkillResultFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=SkillResult.Status.choices)
    org_unit = OrgUnitSubtreeFilter(field_name="employee")

    class Meta:
        model = SkillResult
        fields = ["status", "test_type", "org_unit"]


class SkillResultIndexView(BomCsvMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("employee__org_unit", "test_type", "entered_by",
                                                          "confirmed_by")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("certification.add_skillresult"):
            buttons.append(HeaderButton(_("Enter a result"), url=reverse("certification_skill_results:enter"),
                                        icon_name="plus"))
        return buttons


class SkillResultInspectView(PortalInspectMixin, generic.InspectView):
    template_name = "certification/admin/skill_result_inspect.html"

    @cached_property
    def header_buttons(self):
        result, user = self.object, self.request.user
        if (
            result.status == SkillResult.Status.PENDING
            and user.has_perm("certification.confirm_skillresult")
            and result.entered_by_id != user.pk
        ):
            return [
                HeaderButton(_("Confirm"), url=reverse("certification_skill_results:confirm", args=[result.pk]),
                             icon_name="check"),
                HeaderButton(_("Reject"), url=reverse("certification_skill_results:reject", args=[result.pk]),
                             icon_name="cross"),
            ]
        return []


class EnterSkillResultView(AdminPage, FormView):
    permission_required = "certification.add_skillresult"
    template_name = "certification/admin/reason_form.html"
    form_class = SkillResultForm
    page_title = gettext_lazy("Enter a skill result")
    header_icon = "plus"
    index_url_name = "certification_skill_results:index"
    index_label = gettext_lazy("Skill results")
    intro = gettext_lazy("The result counts only after a second examiner has confirmed it (双人复核).")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(intro=self.intro, submit_label=_("Save for confirmation"),
                       cancel_url=reverse(self.index_url_name))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = enter_skill_result(
                employee=data["employee"], test_type=data["test_type"], value=data["value"], errors=data["errors"],
                taken_on=data["taken_on"], session_label=data["session_label"], acting_user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Result saved; a second examiner must now confirm it."))
        return redirect("certification_skill_results:inspect", result.pk)


class SkillResultActionMixin(AdminPage):
    permission_required = "certification.confirm_skillresult"
    template_name = "certification/admin/reason_form.html"
    index_url_name = "certification_skill_results:index"
    index_label = gettext_lazy("Skill results")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            SkillResult.objects.select_related("employee", "test_type", "entered_by"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        r = self.object
        return f"{r.employee.name} · {r.test_type} · {r.value} ({r.errors})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, intro=self.intro, submit_label=self.get_page_title(),
                       cancel_url=reverse("certification_skill_results:inspect", args=[self.object.pk]))
        return context

    def done(self):
        return redirect("certification_skill_results:inspect", self.object.pk)


class ConfirmSkillResultView(SkillResultActionMixin, FormView):
    page_title = gettext_lazy("Confirm skill result")
    header_icon = "check"
    intro = gettext_lazy("Confirm only if you have checked the result against the test record yourself.")

    def get_form_class(self):
        from django import forms

        return forms.Form

    def form_valid(self, form):
        try:
            confirm_skill_result(self.object, acting_user=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.done()
        messages.success(self.request, _("Result confirmed."))
        return self.done()


class RejectSkillResultView(SkillResultActionMixin, FormView):
    page_title = gettext_lazy("Reject skill result")
    header_icon = "cross"
    form_class = ReasonForm
    intro = gettext_lazy("A rejected result never counts; the examiner who entered it can enter a corrected one.")

    def form_valid(self, form):
        try:
            reject_skill_result(self.object, acting_user=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Result rejected."))
        return self.done()


class SkillResultViewSet(ModelViewSet):
    model = SkillResult
    name = "certification_skill_results"
    url_prefix = "certification/skill-results"
    icon = "edit"
    menu_label = gettext_lazy("Skill results")
    index_view_class = SkillResultIndexView
    inspect_view_class = SkillResultInspectView
    history_view_class = ViewableHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []  # never used: ServiceOnlyPolicy denies the generic add / edit views
    search_fields = ["employee__name", "employee__employee_number", "session_label"]
    search_backend_name = None
    filterset_class = SkillResultFilterSet
    ordering = ["-taken_on", "-pk"]
    list_display = [
        Column("employee", label=gettext_lazy("Employee"), sort_key="employee__employee_number"),
        Column("test_type", label=gettext_lazy("Skill test")),
        Column("value", label=gettext_lazy("Result")),
        Column("errors", label=gettext_lazy("Errors")),
        DateColumn("taken_on", label=gettext_lazy("Taken on"), sort_key="taken_on"),
        Column("entered_by", label=gettext_lazy("Entered by")),
        Column("confirmed_by", label=gettext_lazy("Confirmed by")),
        Column("status", accessor="get_status_display", label=gettext_lazy("Status")),
    ]
    inspect_view_fields = ["employee", "test_type", "value", "errors", "taken_on", "session_label", "status",
                           "entered_by", "entered_at", "confirmed_by", "confirmed_at", "rejection_reason"]
    list_export = ["employee.employee_number", "employee.name", "test_type", "value", "errors", "taken_on",
                   "session_label", "entered_by", "confirmed_by", "get_status_display"]
    export_headings = {
        "employee.employee_number": gettext_lazy("Employee number"),
        "employee.name": gettext_lazy("Name"),
        "test_type": gettext_lazy("Skill test"),
        "value": gettext_lazy("Result"),
        "errors": gettext_lazy("Errors"),
        "taken_on": gettext_lazy("Taken on"),
        "session_label": gettext_lazy("Session"),
        "entered_by": gettext_lazy("Entered by"),
        "confirmed_by": gettext_lazy("Confirmed by"),
        "get_status_display": gettext_lazy("Status"),
    }
    export_filename = "skill-results"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("enter/", EnterSkillResultView.as_view(), name="enter"),
            path("<int:pk>/confirm/", ConfirmSkillResultView.as_view(), name="confirm"),
            path("<int:pk>/reject/", RejectSkillResultView.as_view(), name="reject"),
        ]


# =========================================================================== exam results (read only)


class TheoryResultFilterSet(WagtailFilterSet):
    org_unit = OrgUnitSubtreeFilter(field_name="employee")
    exam_code = django_filters.CharFilter(label=gettext_lazy("Exam code"))
    sitting_id = django_filters.NumberFilter(label=gettext_lazy("Sitting"))
    passed = django_filters.BooleanFilter(label=gettext_lazy("Passed"))

    class Meta:
        model = TheoryResult
        fields = ["org_unit", "exam_code", "sitting_id", "passed"]


class TheoryResultIndexView(BomCsvMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("employee__org_unit")


class TheoryResultViewSet(ModelViewSet):
    model = TheoryResult
    name = "certification_theory_results"
    url_prefix = "certification/exam-results"
    icon = "list-ul"
    menu_label = gettext_lazy("Theory results")
    index_view_class = TheoryResultIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []  # never used: ServiceOnlyPolicy denies the generic add / edit views
    search_fields = ["employee__name", "employee__employee_number", "exam_code", "exam_title"]
    search_backend_name = None
    filterset_class = TheoryResultFilterSet
    ordering = ["-taken_at"]
    list_display = [
        Column("employee", label=gettext_lazy("Employee"), sort_key="employee__employee_number"),
        Column("exam", accessor="display_title", label=gettext_lazy("Exam")),
        Column("sitting_title", label=gettext_lazy("Sitting")),
        Column("score", label=gettext_lazy("Score"), sort_key="score"),
        BooleanColumn("passed", label=gettext_lazy("Passed"), sort_key="passed"),
        DateColumn("taken_at", label=gettext_lazy("Taken at"), sort_key="taken_at"),
    ]
    list_export = ["employee.employee_number", "employee.name", "exam_code", "display_title", "sitting_title",
                   "score", "passed", "taken_at"]
    export_headings = {
        "employee.employee_number": gettext_lazy("Employee number"),
        "employee.name": gettext_lazy("Name"),
        "exam_code": gettext_lazy("Exam code"),
        "display_title": gettext_lazy("Exam"),
        "sitting_title": gettext_lazy("Sitting"),
        "score": gettext_lazy("Score"),
        "passed": gettext_lazy("Passed"),
        "taken_at": gettext_lazy("Taken at"),
    }
    export_filename = "theory-results"
