"""HR's register in the admin: certificates and grades held, their actions, the gap list, bulk issue."""

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
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.core.admin_columns import DateColumn
from portal.core.admin_display import PortalInspectMixin, ViewableHistoryView
from portal.core.admin_views import AdminPage, BomCsvMixin
from portal.core.audited_edits import BeforeAfterEditMixin

from .. import register
from ..forms import ManualAwardForm, ReasonForm
from ..models import Certificate, GradeAward, GradeLevel
from ..presentation import trace_lines
from ..services.grading import award_grade_manually, withdraw_grade
from ..services.issuing import reissue_certificate, revoke_certificate
from .common import (
    ExpiryWindowFilter,
    OrgUnitSubtreeFilter,
    PostFilter,
)

CERTIFICATE_STATUSES = [
    (Certificate.Status.VALID, gettext_lazy("Valid")),
    (Certificate.EXPIRED, gettext_lazy("Expired")),
    (Certificate.Status.REVOKED, gettext_lazy("Revoked")),
    (Certificate.Status.SUPERSEDED, gettext_lazy("Superseded")),
]
AWARD_STATUSES = [
    (GradeAward.Status.ACTIVE, gettext_lazy("Active")),
    ("expired", gettext_lazy("Expired")),
    (GradeAward.Status.WITHDRAWN, gettext_lazy("Withdrawn")),
    (GradeAward.Status.RENEWED, gettext_lazy("Renewed")),
]


def _levels(request=None):
    return GradeLevel.objects.select_related("scheme").order_by("scheme__code", "order")


# =========================================================================== certificates


class CertificateFilterSet(WagtailFilterSet):
    org_unit = OrgUnitSubtreeFilter(field_name="holder")
    post = PostFilter(field_name="holder")
    grade = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Grade"), field_name="grade_award__level", queryset=_levels
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Certifies"), choices=Certificate.Kind.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=CERTIFICATE_STATUSES,
                                         method="filter_status")
    expires = ExpiryWindowFilter()

    class Meta:
        model = Certificate
        fields = ["org_unit", "post", "grade", "kind", "status", "expires"]

    def filter_status(self, queryset, name, value):
        return register.certificates_with_status(queryset, value) if value else queryset


class CertificateIndexView(BomCsvMixin, generic.IndexView):
    bulk_issue_url_name = "certification_bulk_issue:index"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("holder__org_unit", "grade_award__level").with_status()

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("certification.issue_certificate"):
            buttons.append(HeaderButton(_("Bulk issue"), url=reverse(self.bulk_issue_url_name), icon_name="doc-full"))
        return buttons


class CertificateInspectView(PortalInspectMixin, generic.InspectView):
    template_name = "certification/admin/certificate_inspect.html"

    @cached_property
    def header_buttons(self):
        c = self.object
        user = self.request.user
        buttons = [
            HeaderButton(_("Download PDF"), url=reverse("certification:certificate_pdf", args=[c.serial]),
                         icon_name="download"),
            HeaderButton(_("Verification page"), url=c.frozen.get("verify_url", ""), icon_name="link-external"),
        ]
        if c.status == Certificate.Status.VALID:
            if user.has_perm("certification.issue_certificate"):
                buttons.append(HeaderButton(_("Re-issue"), url=reverse("certification_certificates:reissue",
                                                                        args=[c.pk]), icon_name="rotate"))
            if user.has_perm("certification.revoke_certificate"):
                buttons.append(HeaderButton(_("Revoke"), url=reverse("certification_certificates:revoke",
                                                                      args=[c.pk]), icon_name="cross"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        texts = self.object.frozen.get("texts", {})
        context["frozen_zh"], context["frozen_en"] = texts.get("zh-hans", {}), texts.get("en", {})
        return context

    def get_holder_display_value(self):
        return f"{self.object.holder} · {self.object.holder.org_unit.display_name}"

    def get_status_display_value(self):
        value = self.object.get_effective_status_display()
        if self.object.status == Certificate.Status.REVOKED:
            value += f" — {self.object.revocation_reason}"
        return value


class CertificateActionView(AdminPage, FormView):
    """Revoke or re-issue: both need a reason, both are done by a service."""

    template_name = "certification/admin/reason_form.html"
    form_class = ReasonForm
    index_url_name = "certification_certificates:index"
    header_icon = "doc-full"
    action = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Certificate.objects.select_related("holder"), pk=kwargs["pk"])

    @property
    def index_label(self):
        return Certificate._meta.verbose_name_plural.capitalize()

    def get_page_subtitle(self):
        return f"{self.object.serial} · {self.object.holder.name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, intro=self.intro, submit_label=self.get_page_title(),
                       cancel_url=reverse("certification_certificates:inspect", args=[self.object.pk]))
        return context

    def form_valid(self, form):
        try:
            result = self.perform(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(result))
        return redirect("certification_certificates:inspect", result.pk)


class RevokeCertificateView(CertificateActionView):
    permission_required = "certification.revoke_certificate"
    page_title = gettext_lazy("Revoke certificate")
    intro = gettext_lazy("The certificate stays on record with its PDF; its verification page will say it is "
                         "revoked, with the date. This cannot be undone.")

    def perform(self, reason):
        return revoke_certificate(self.object, acting_user=self.request.user, reason=reason)

    def success_message(self, result):
        return _("Certificate %(serial)s revoked.") % {"serial": result.serial}


class ReissueCertificateView(CertificateActionView):
    permission_required = "certification.issue_certificate"
    page_title = gettext_lazy("Re-issue certificate")
    intro = gettext_lazy("A new certificate with a new serial number, verification code and PDF (with today's "
                         "names and texts) replaces this one, which is marked superseded.")

    def perform(self, reason):
        return reissue_certificate(self.object, acting_user=self.request.user, reason=reason)

    def success_message(self, result):
        return _("Certificate %(new)s issued; it replaces %(old)s.") % {"new": result.serial, "old": self.object.serial}


class CertificateEditView(BeforeAfterEditMixin, generic.EditView):
    """Edits log their before and after values."""


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certification_certificates"
    url_prefix = "certification/certificates"
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    index_view_class = CertificateIndexView
    edit_view_class = CertificateEditView
    inspect_view_class = CertificateInspectView
    history_view_class = ViewableHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []  # never used: ServiceOnlyPolicy denies the generic add / edit views
    search_fields = ["serial", "holder__name", "holder__employee_number"]
    search_backend_name = None
    filterset_class = CertificateFilterSet
    ordering = ["-issued_at"]
    list_display = [
        "serial",
        Column("holder", label=gettext_lazy("Holder"), sort_key="holder__employee_number"),
        Column("holder_unit", accessor="holder.org_unit.display_name", label=gettext_lazy("Organisation unit")),
        Column("title", label=gettext_lazy("Title")),
        DateColumn("issued_on", label=gettext_lazy("Issued on"), sort_key="issued_on"),
        DateColumn("expires_on", label=gettext_lazy("Valid until"), sort_key="expires_on"),
        Column("status", accessor="get_effective_status_display", label=gettext_lazy("Status")),
    ]
    inspect_view_fields = [
        "serial", "holder", "kind", "title", "issued_on", "expires_on", "status", "issued_by", "issued_at",
        "supersedes", "revoked_at", "revoked_by", "content_hash", "data_hash",
    ]
    list_export = [
        "serial", "holder.employee_number", "holder.name", "holder.org_unit.code", "holder.org_unit.display_name",
        "title", "get_kind_display", "issued_on", "expires_on", "get_effective_status_display",
        "revocation_reason", "content_hash",
    ]
    export_headings = {
        "serial": gettext_lazy("Serial No."),
        "holder.employee_number": gettext_lazy("Employee number"),
        "holder.name": gettext_lazy("Name"),
        "holder.org_unit.code": gettext_lazy("Unit code"),
        "holder.org_unit.display_name": gettext_lazy("Organisation unit"),
        "title": gettext_lazy("Title"),
        "get_kind_display": gettext_lazy("Certifies"),
        "issued_on": gettext_lazy("Issued on"),
        "expires_on": gettext_lazy("Valid until"),
        "get_effective_status_display": gettext_lazy("Status"),
        "revocation_reason": gettext_lazy("Reason for revocation"),
        "content_hash": gettext_lazy("PDF fingerprint (SHA-256)"),
    }
    export_filename = "certificates"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/revoke/", RevokeCertificateView.as_view(), name="revoke"),
            path("<int:pk>/reissue/", ReissueCertificateView.as_view(), name="reissue"),
        ]


# =========================================================================== grades held


class GradeAwardFilterSet(WagtailFilterSet):
    org_unit = OrgUnitSubtreeFilter(field_name="employee")
    post = PostFilter(field_name="employee")
    level = django_filters.ModelChoiceFilter(label=gettext_lazy("Grade"), queryset=_levels)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=AWARD_STATUSES, method="filter_status")
    method = django_filters.ChoiceFilter(label=gettext_lazy("How"), choices=GradeAward.Method.choices)
    expires = ExpiryWindowFilter()

    class Meta:
        model = GradeAward
        fields = ["org_unit", "post", "level", "status", "method", "expires"]

    def filter_status(self, queryset, name, value):
        return register.awards_with_status(queryset, value) if value else queryset


class GradeAwardIndexView(BomCsvMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("employee__org_unit", "level__scheme").with_status()

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("certification.award_grade_manually"):
            buttons.append(HeaderButton(_("Award by hand"), url=reverse("certification_awards:award"), icon_name="plus"))
        return buttons


class GradeAwardInspectView(PortalInspectMixin, generic.InspectView):
    template_name = "certification/admin/award_inspect.html"

    @cached_property
    def header_buttons(self):
        award = self.object
        if award.status == GradeAward.Status.ACTIVE and self.request.user.has_perm("certification.award_grade_manually"):
            return [HeaderButton(_("Withdraw"), url=reverse("certification_awards:withdraw", args=[award.pk]),
                                 icon_name="cross")]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trace"] = trace_lines(self.object)
        context["missing_at_award"] = self.object.level_snapshot.get("missing_at_award", [])
        return context

    def get_status_display_value(self):
        return self.object.get_effective_status_display()


class ManualAwardView(AdminPage, FormView):
    permission_required = "certification.award_grade_manually"
    template_name = "certification/admin/reason_form.html"
    form_class = ManualAwardForm
    page_title = gettext_lazy("Award a grade by hand")
    header_icon = "plus"
    index_url_name = "certification_awards:index"
    index_label = gettext_lazy("Grades held")
    intro = gettext_lazy("Use this only where the rules cannot see the evidence (e.g. a grade earned before the "
                         "portal). The reason and what the rules said at the time are kept with the award.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(intro=self.intro, submit_label=self.page_title, cancel_url=reverse(self.index_url_name))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            award = award_grade_manually(data["employee"], data["level"], acting_user=self.request.user,
                                         reason=data["reason"], awarded_on=data["awarded_on"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(grade)s awarded to %(name)s.") % {"grade": award.level,
                                                                                "name": award.employee.name})
        return redirect("certification_awards:inspect", award.pk)


class WithdrawAwardView(AdminPage, FormView):
    permission_required = "certification.award_grade_manually"
    template_name = "certification/admin/reason_form.html"
    form_class = ReasonForm
    page_title = gettext_lazy("Withdraw a grade")
    header_icon = "cross"
    index_url_name = "certification_awards:index"
    index_label = gettext_lazy("Grades held")
    intro = gettext_lazy("The grade stays on record as withdrawn; its valid certificates are revoked with the "
                         "same reason.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(GradeAward.objects.select_related("employee", "level"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return f"{self.object.employee.name} · {self.object.level}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(intro=self.intro, submit_label=self.page_title,
                       cancel_url=reverse("certification_awards:inspect", args=[self.object.pk]))
        return context

    def form_valid(self, form):
        try:
            withdraw_grade(self.object, acting_user=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Grade withdrawn."))
        return redirect("certification_awards:inspect", self.object.pk)


class GradeAwardEditView(BeforeAfterEditMixin, generic.EditView):
    """Edits log their before and after values."""


class GradeAwardViewSet(ModelViewSet):
    model = GradeAward
    name = "certification_awards"
    url_prefix = "certification/grades-held"
    icon = "tick-inverse"
    menu_label = gettext_lazy("Grades held")
    index_view_class = GradeAwardIndexView
    edit_view_class = GradeAwardEditView
    inspect_view_class = GradeAwardInspectView
    history_view_class = ViewableHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []  # never used: ServiceOnlyPolicy denies the generic add / edit views
    search_fields = ["employee__name", "employee__employee_number"]
    search_backend_name = None
    filterset_class = GradeAwardFilterSet
    ordering = ["-awarded_on"]
    list_display = [
        Column("employee", label=gettext_lazy("Employee"), sort_key="employee__employee_number"),
        Column("unit", accessor="employee.org_unit.display_name", label=gettext_lazy("Organisation unit")),
        Column("level", label=gettext_lazy("Grade")),
        DateColumn("awarded_on", label=gettext_lazy("Awarded on"), sort_key="awarded_on"),
        DateColumn("expires_on", label=gettext_lazy("Valid until"), sort_key="expires_on"),
        Column("method", accessor="get_method_display", label=gettext_lazy("How")),
        Column("status", accessor="get_effective_status_display", label=gettext_lazy("Status")),
    ]
    inspect_view_fields = ["employee", "level", "awarded_on", "expires_on", "status", "method", "reason",
                           "awarded_by", "withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    list_export = ["employee.employee_number", "employee.name", "employee.org_unit.display_name", "level.scheme",
                   "level", "awarded_on", "expires_on", "get_method_display", "get_effective_status_display", "reason"]
    export_headings = {
        "employee.employee_number": gettext_lazy("Employee number"),
        "employee.name": gettext_lazy("Name"),
        "employee.org_unit.display_name": gettext_lazy("Organisation unit"),
        "level.scheme": gettext_lazy("Scheme"),
        "level": gettext_lazy("Grade"),
        "awarded_on": gettext_lazy("Awarded on"),
        "expires_on": gettext_lazy("Valid until"),
        "get_method_display": gettext_lazy("How"),
        "get_effective_status_display": gettext_lazy("Status"),
        "reason": gettext_lazy("Reason"),
    }
    export_filename = "grades-held"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("award/", ManualAwardView.as_view(), name="award"),
            path("<int:pk>/withdraw/", WithdrawAwardView.as_view(), name="withdraw"),
        ]
