"""Per-person overrides in the admin: HR grants extra time, another window or one more attempt with a reason,
and revokes a mistaken one with a reason. Nothing is edited or deleted; both acts are in the audit log."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.core.admin_columns import DateColumn
from portal.core.admin_display import PortalInspectMixin, ViewableHistoryView
from portal.core.admin_views import AdminPage, ListingMenuMixin

from ..forms import OverrideForm, ReasonForm
from ..models import Sitting, SittingOverride
from ..services.sittings import OVERRIDE_PERMISSION, grant_override, revoke_override


class GrantOverrideView(AdminPage, FormView):
    permission_required = OVERRIDE_PERMISSION
    template_name = "exams/admin/form_page.html"
    form_class = OverrideForm
    page_title = gettext_lazy("Grant an override")
    header_icon = "plus"
    index_url_name = "exams_overrides:index"
    index_label = gettext_lazy("Overrides")

    def get_initial(self):
        initial = super().get_initial()
        sitting = self.request.GET.get("sitting", "")
        if sitting.isdigit():
            initial["sitting"] = int(sitting)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(submit_label=_("Grant"), cancel_url=reverse("exams_overrides:index"),
                       intro=_("For accommodations and re-sits HR has arranged. The reason is kept in the audit log."))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            override = grant_override(
                data["sitting"], data["employee"], reason=data["reason"], acting_user=self.request.user,
                extra_minutes=data["extra_minutes"] or 0, extra_attempts=data["extra_attempts"] or 0,
                opens_at=data.get("opens_at"), closes_at=data.get("closes_at"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Override granted: %(summary)s") % {"summary": override.summary})
        return redirect("exams_overrides:inspect", override.pk)


class RevokeOverrideView(AdminPage, FormView):
    permission_required = "exams.change_sittingoverride"
    template_name = "exams/admin/form_page.html"
    form_class = ReasonForm
    page_title = gettext_lazy("Revoke an override")
    header_icon = "cross"
    index_url_name = "exams_overrides:index"
    index_label = gettext_lazy("Overrides")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(SittingOverride.objects.select_related("sitting", "employee"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(submit_label=_("Revoke"), cancel_url=reverse("exams_overrides:inspect", args=[self.object.pk]),
                       intro=self.object.summary)
        return context

    def form_valid(self, form):
        try:
            revoke_override(self.object, reason=form.cleaned_data["reason"], acting_user=self.request.user)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Override revoked."))
        return redirect("exams_overrides:inspect", self.object.pk)


class OverrideFilterSet(WagtailFilterSet):
    sitting = django_filters.ModelChoiceFilter(label=gettext_lazy("Sitting"),
                                               queryset=Sitting.objects.order_by("-opens_at"))
    revoked_at = django_filters.BooleanFilter(label=gettext_lazy("Revoked"), lookup_expr="isnull", exclude=True)

    class Meta:
        model = SittingOverride
        fields = ["sitting"]


class OverrideIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        if self.request.user.has_perm(OVERRIDE_PERMISSION):
            return [HeaderButton(_("Grant an override"), url=reverse("exams_overrides:grant"), icon_name="plus")]
        return []

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("sitting", "employee", "created_by")


class OverrideInspectView(PortalInspectMixin, generic.InspectView):
    template_name = "exams/admin/override_inspect.html"

    @cached_property
    def header_buttons(self):
        if self.object.in_force and self.request.user.has_perm("exams.change_sittingoverride"):
            return [HeaderButton(_("Revoke"), url=reverse("exams_overrides:revoke", args=[self.object.pk]),
                                 icon_name="cross")]
        return []


class OverrideViewSet(ListingMenuMixin, ModelViewSet):
    model = SittingOverride
    name = "exams_overrides"
    url_prefix = "exams/overrides"
    icon = "user"
    menu_label = gettext_lazy("Overrides")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = OverrideIndexView
    inspect_view_class = OverrideInspectView
    history_view_class = ViewableHistoryView
    exclude_form_fields = []
    filterset_class = OverrideFilterSet
    search_fields = ["employee__name", "employee__employee_number", "reason"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_display = [
        Column("employee", label=gettext_lazy("Employee")),
        Column("sitting", label=gettext_lazy("Sitting")),
        Column("summary", label=gettext_lazy("Override")),
        Column("reason", label=gettext_lazy("Reason")),
        Column("created_by", label=gettext_lazy("Granted by")),
        DateColumn("created_at", label=gettext_lazy("Granted at")),
        DateColumn("revoked_at", label=gettext_lazy("Revoked at")),
    ]
    inspect_view_fields = ["sitting", "employee", "extra_minutes", "opens_at", "closes_at", "extra_attempts",
                           "reason", "created_by", "created_at", "revoked_at", "revoked_by", "revoke_reason"]

    def get_urlpatterns(self):
        return [
            path("grant/", GrantOverrideView.as_view(), name="grant"),
            path("revoke/<int:pk>/", RevokeOverrideView.as_view(), name="revoke"),
        ] + super().get_urlpatterns()
