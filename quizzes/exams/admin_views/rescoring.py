"""Re-scoring after a key correction: choose the sitting, the question and the corrected version, see the
before and after of every attempt, then apply it with a reason. Past re-scorings stay listed with their changes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.core.admin_columns import DateColumn
from portal.core.admin_display import PortalInspectMixin
from portal.core.admin_views import AdminPage, ListingMenuMixin

from ..forms import RescoreForm
from ..models import RescoreRun
from ..services import rescoring


class NewRescoreView(AdminPage, FormView):
    permission_required = rescoring.RESCORE_PERMISSION
    template_name = "exams/admin/rescore_form.html"
    form_class = RescoreForm
    page_title = gettext_lazy("Re-score after a key correction")
    header_icon = "rotate"
    index_url_name = "exams_rescoring:index"
    index_label = gettext_lazy("Re-scorings")

    def get_initial(self):
        initial = super().get_initial()
        for name in ("sitting", "question"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        version = data.get("key_version")
        context = {"form": form, "changes": None}
        if version is None:
            form.add_error("key_version", _("Choose the version whose key is right."))
            return self.form_invalid(form)
        try:
            if self.request.POST.get("apply") == "1":
                if not (data.get("reason") or "").strip():
                    form.add_error("reason", _("Give a reason."))
                else:
                    run = rescoring.apply(data["sitting"], version, reason=data["reason"], acting_user=self.request.user)
                    messages.success(self.request, _("%(n)s attempts re-scored.") % {"n": run.attempts_changed})
                    return redirect("exams_rescoring:inspect", run.pk)
            context["changes"] = rescoring.preview(data["sitting"], version)
        except ValidationError as error:
            form.add_error(None, error)
        return self.render_to_response(self.get_context_data(**context))


class RescoreInspectView(PortalInspectMixin, generic.InspectView):
    template_name = "exams/admin/rescore_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.select_related("attempt__employee").order_by(
            "attempt__employee__employee_number", "attempt__number")
        return context


class RescoreIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        if self.request.user.has_perm(rescoring.RESCORE_PERMISSION):
            return [HeaderButton(_("Re-score after a key correction"), url=reverse("exams_rescoring:new"),
                                 icon_name="rotate")]
        return []

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("sitting", "key_version", "created_by")


class RescoreViewSet(ListingMenuMixin, ModelViewSet):
    model = RescoreRun
    name = "exams_rescoring"
    url_prefix = "exams/rescoring"
    icon = "rotate"
    menu_label = gettext_lazy("Re-scorings")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = RescoreIndexView
    inspect_view_class = RescoreInspectView
    exclude_form_fields = []
    inspect_view_fields = ["sitting", "question", "key_version", "reason", "items_checked", "attempts_changed",
                           "created_by", "created_at"]
    ordering = ["-created_at"]
    list_display = [
        Column("sitting", label=gettext_lazy("Sitting")),
        Column("question", accessor="question_id", label=gettext_lazy("Question")),
        Column("key_version", label=gettext_lazy("Corrected key from version")),
        Column("attempts_changed", label=gettext_lazy("Attempts changed")),
        Column("created_by", label=gettext_lazy("Re-scored by")),
        DateColumn("created_at", label=gettext_lazy("Re-scored at")),
    ]

    def get_urlpatterns(self):
        return [path("new/", NewRescoreView.as_view(), name="new")] + super().get_urlpatterns()
