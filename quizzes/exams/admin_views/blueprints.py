"""Blueprints in the admin: sections edited inline, and the feasibility check on save and on the inspect page."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.admin_views import CreatedByMixin

from ..forms import BlueprintAdminForm
from ..models import ExamBlueprint
from ..services.papers import check_feasibility


class _FeasibilityOnSave(CreatedByMixin):
    def save_instance(self):
        instance = super().save_instance()
        report = check_feasibility(instance)
        if not report.ok:
            messages.warning(self.request, _("The question banks cannot supply this blueprint yet: %(problems)s") % {
                "problems": "；".join(report.problems)})
        return instance


class BlueprintCreateView(_FeasibilityOnSave, generic.CreateView):
    pass


class BlueprintEditView(_FeasibilityOnSave, generic.EditView):
    pass


class BlueprintInspectView(generic.InspectView):
    template_name = "exams/admin/blueprint_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = check_feasibility(self.object)
        context["sittings"] = self.object.sittings.order_by("-opens_at")[:20]
        return context


class BlueprintIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(sitting_count=Count("sittings"))


class ExamBlueprintViewSet(ModelViewSet):
    model = ExamBlueprint
    name = "exam_blueprints"
    url_prefix = "exams/blueprints"
    icon = "list-ol"
    menu_label = gettext_lazy("Blueprints")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = BlueprintIndexView
    add_view_class = BlueprintCreateView
    edit_view_class = BlueprintEditView
    inspect_view_class = BlueprintInspectView
    edit_handler = ObjectList(ExamBlueprint.panels, base_form_class=BlueprintAdminForm)
    inspect_view_fields = ["code", "title", "title_en", "multiple_choice_scoring", "ordering_scoring",
                           "shuffle_questions", "shuffle_options", "instructions", "created_at", "updated_at"]
    search_fields = ["code", "title", "title_en"]
    search_backend_name = None
    ordering = ["code"]
    list_display = [
        "code", "title", Column("sitting_count", label=gettext_lazy("Sittings")),
        Column("updated_at", label=gettext_lazy("Updated")),
    ]
