"""Keyboard skill tests in the admin: definitions (with pass marks inline), sittings, and per sitting the
results with statistics, exports (the shared spreadsheet writer), each attempt's evidence and the
invigilator's confirmation (which enters the result for 双人复核)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core import spreadsheets
from portal.core.admin_display import display_value
from portal.core.admin_views import AdminPage

from ..models import SkillAttempt, SkillSitting, SkillTestDefinition
from ..rules.skill_statistics import summarise
from ..services.skill_evidence import SkillTestError
from ..services.skill_review import INVIGILATE_PERMISSION, confirm_as_invigilator

VIEW_ATTEMPTS = "certification.view_skillattempt"


class SkillTestDefinitionViewSet(ModelViewSet):
    model = SkillTestDefinition
    name = "certification_skill_definitions"
    url_prefix = "certification/skill-definitions"
    icon = "time"
    menu_label = gettext_lazy("Skill test definitions")
    copy_view_enabled = False
    list_display = ["title", Column("code", label=capfirst(gettext_lazy("code"))),
                    Column("test_type", label=capfirst(gettext_lazy("skill test"))),
                    Column("material", accessor="get_material_display", label=capfirst(gettext_lazy("material"))),
                    Column("rule", accessor="get_rule_display", label=capfirst(gettext_lazy("scoring rule"))),
                    Column("invigilated", accessor=lambda d: display_value(d.invigilated),
                           label=capfirst(gettext_lazy("invigilated")))]
    search_fields = ["code", "title", "title_en"]
    search_backend_name = None


class ResultsLinkColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse("certification_skill_sittings:results", args=[instance.pk]),
                           _("Results"))


def _rows(sitting):
    return (SkillAttempt.objects.filter(sitting=sitting).select_related("employee__org_unit", "skill_result",
                                                                         "invigilator")
            .order_by("employee__employee_number"))


class SittingResultsView(AdminPage, TemplateView):
    permission_required = VIEW_ATTEMPTS
    template_name = "certification/admin/skill_sitting_results.html"
    index_url_name = "certification_skill_sittings:index"
    index_label = gettext_lazy("Skill test sittings")
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.sitting = get_object_or_404(SkillSitting.objects.select_related("definition__test_type"), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Results: %(sitting)s") % {"sitting": self.sitting.display_title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempts = list(_rows(self.sitting))
        finished = [a for a in attempts if not a.is_in_progress]
        marks = list(self.sitting.definition.pass_marks.select_related("level").order_by("level__order"))
        summary = summarise(candidates=self.sitting.candidates.count(), values=[a.value for a in finished],
                            accuracies=[a.accuracy for a in finished], flagged=sum(1 for a in finished if a.flags),
                            reached_levels=[a.levels_reached for a in finished],
                            level_codes=[m.level.code for m in marks])
        context.update(sitting=self.sitting, attempts=attempts, summary=summary,
                       reached=[(m.level, summary.reached.get(m.level.code, 0)) for m in marks],
                       can_invigilate=self.request.user.has_perm(INVIGILATE_PERMISSION))
        return context


HEADINGS = [gettext_lazy("Employee number"), gettext_lazy("Name"), gettext_lazy("Organisation unit"),
            gettext_lazy("Status"), gettext_lazy("Started at"), gettext_lazy("Finished at"),
            gettext_lazy("Time used (seconds)"), gettext_lazy("Result"), gettext_lazy("Errors"),
            gettext_lazy("Accuracy"), gettext_lazy("Correct per minute"), gettext_lazy("Grades reached"),
            gettext_lazy("Timing flags"), gettext_lazy("Invigilator"), gettext_lazy("Skill result status")]


def export_results(request, pk: int):
    if not request.user.has_perm(VIEW_ATTEMPTS):
        raise PermissionDenied
    sitting = get_object_or_404(SkillSitting, pk=pk)
    rows = ([a.employee.employee_number, a.employee.name, a.employee.org_unit.display_name if a.employee.org_unit_id
             else "", a.get_status_display(), a.started_at, a.finished_at, a.elapsed_seconds, a.value, a.errors,
             a.accuracy, a.speed, " ".join(a.levels_reached), " ".join(f["code"] for f in a.flags),
             a.invigilator.get_username() if a.invigilator_id else "",
             a.skill_result.get_status_display() if a.skill_result_id else ""] for a in _rows(sitting))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return spreadsheets.response(fmt, f"skill-sitting-{sitting.pk}", [str(h) for h in HEADINGS], rows,
                                 title=_("Results"))


class AttemptEvidenceView(AdminPage, TemplateView):
    permission_required = VIEW_ATTEMPTS
    template_name = "certification/admin/skill_attempt_evidence.html"
    index_url_name = "certification_skill_sittings:index"
    index_label = gettext_lazy("Skill test sittings")
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.attempt = get_object_or_404(
            SkillAttempt.objects.select_related("employee", "definition__test_type", "sitting", "invigilator",
                                                "skill_result"), pk=kwargs["attempt_id"], mode=SkillAttempt.Mode.SITTING)

    def get_page_title(self):
        return _("Attempt of %(name)s") % {"name": self.attempt.employee.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.attempt
        context.update(attempt=attempt, events=attempt.events.select_related("user").order_by("at", "pk")[:500],
                       batches=attempt.batches.order_by("seq").only("seq", "received_at", "chars", "events")[:500],
                       can_confirm=(self.request.user.has_perm(INVIGILATE_PERMISSION) and attempt.sitting.invigilated
                                    and not attempt.is_in_progress and attempt.invigilator_id is None))
        return context


@require_POST
def confirm_attempt(request, attempt_id: int):
    if not request.user.has_perm(INVIGILATE_PERMISSION):
        raise PermissionDenied
    attempt = SkillAttempt.objects.filter(pk=attempt_id, mode=SkillAttempt.Mode.SITTING).first()
    if attempt is None:
        raise Http404
    try:
        confirm_as_invigilator(attempt.pk, acting_user=request.user, note=request.POST.get("note", "")[:2000])
    except SkillTestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Confirmed; the result now waits for a second examiner (双人复核)."))
    return redirect("certification_skill_sittings:attempt", attempt.pk)


class SkillSittingViewSet(ModelViewSet):
    model = SkillSitting
    name = "certification_skill_sittings"
    url_prefix = "certification/skill-sittings"
    icon = "date"
    menu_label = gettext_lazy("Skill test sittings")
    copy_view_enabled = False
    list_display = ["title", Column("definition", label=capfirst(gettext_lazy("skill test"))),
                    Column("opens_at", label=capfirst(gettext_lazy("opens at"))),
                    Column("closes_at", label=capfirst(gettext_lazy("closes at"))),
                    ResultsLinkColumn("results", label=gettext_lazy("Results"))]
    search_fields = ["title", "title_en", "location"]
    search_backend_name = None

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/results/", SittingResultsView.as_view(), name="results"),
            path("<int:pk>/results/export/", export_results, name="export"),
            path("attempts/<int:attempt_id>/", AttemptEvidenceView.as_view(), name="attempt"),
            path("attempts/<int:attempt_id>/confirm/", confirm_attempt, name="confirm"),
        ]
