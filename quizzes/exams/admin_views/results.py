"""Results: every attempt with its score (export to Excel/CSV), and one attempt's paper and evidence trail."""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.admin_columns import DateColumn

from ...permissions import can_view_answer_keys
from ..models import Attempt, AttemptStatus, RescoreChange, Sitting
from ..services.grading import GRADE_PERMISSION, identities_hidden
from ..services.presentation import review_rows, with_knowledge_links
from ..services.scoring import totals


class AttemptFilterSet(WagtailFilterSet):
    sitting = django_filters.ModelChoiceFilter(label=gettext_lazy("Sitting"),
                                               queryset=Sitting.objects.order_by("-opens_at"))
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=AttemptStatus.choices)
    passed = django_filters.BooleanFilter(label=gettext_lazy("Passed"))

    class Meta:
        model = Attempt
        fields = ["sitting", "status", "passed"]


class AttemptIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("sitting", "employee__org_unit")
        if self.request.user.has_perm(GRADE_PERMISSION):
            # Graders never see (nor export) a name next to an attempt still awaiting grading in a sitting
            # whose identities are not released.
            queryset = queryset.exclude(sitting__identities_released_at__isnull=True, items__score__isnull=True)
        return queryset


def without_keys(row: dict) -> dict:
    """A review row with everything only a key holder may see removed (HR sees scores, not keys)."""
    row = dict(row)
    row.update(right_answer="", model_answer="", explanation="", corrected_key=False,
               blanks=[{"given": b["given"], "accepted": [], "right": None} for b in row.get("blanks", [])],
               options=[{**o, "correct": None} for o in row.get("options", [])])
    return row


class AttemptInspectView(generic.InspectView):
    """One attempt: its paper, score, re-scorings and evidence trail, in a number of queries that does not
    grow with the paper's length (the questions' knowledge links are prefetched for the whole paper)."""

    template_name = "exams/admin/attempt_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(self.model._default_manager.select_related("sitting", "employee"), pk=unquote(str(self.pk)))

    @cached_property
    def _identity_hidden(self) -> bool:
        return identities_hidden(self.request.user, self.object)

    def hide_identity(self):
        return self._identity_hidden

    def get_page_subtitle(self):
        if self.hide_identity():
            return f"{self.object.sitting} · {self.object.candidate_code} · #{self.object.number}"
        return super().get_page_subtitle()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.object
        items = list(with_knowledge_links(attempt.items.select_related("version__question", "key_version", "graded_by"))
                     .order_by("position"))
        score, maximum, pending = totals(items)
        rows = review_rows(attempt, items, language=attempt.language)
        show_keys = can_view_answer_keys(self.request.user)
        if not show_keys:
            rows = [without_keys(row) for row in rows]
        context.update(
            rows=rows, show_keys=show_keys, hide_identity=self.hide_identity(),
            running_score=score, pending=pending,
            events=attempt.events.select_related("user").order_by("at", "pk"),
            rescores=RescoreChange.objects.filter(attempt=attempt).select_related("run__created_by", "run__key_version"),
        )
        return context


class AttemptViewSet(ModelViewSet):
    model = Attempt
    name = "exams_results"
    url_prefix = "exams/results"
    icon = "tasks"
    menu_label = gettext_lazy("Exam results")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AttemptIndexView
    inspect_view_class = AttemptInspectView
    exclude_form_fields = []  # never used: the policy allows viewing only
    inspect_view_fields = ["language", "candidate_code", "ip_address", "user_agent", "finalised_at"]
    filterset_class = AttemptFilterSet
    search_fields = ["employee__name", "employee__employee_number"]
    search_backend_name = None
    ordering = ["-started_at"]
    list_display = [
        Column("employee", label=gettext_lazy("Candidate"), sort_key="employee__employee_number"),
        Column("sitting", label=gettext_lazy("Sitting")),
        Column("number", label=gettext_lazy("Attempt")),
        Column("status", accessor="get_status_display", label=gettext_lazy("Status")),
        Column("score", label=gettext_lazy("Score"), sort_key="score"),
        BooleanColumn("passed", label=gettext_lazy("Passed")),
        DateColumn("submitted_at", label=gettext_lazy("Handed in"), sort_key="submitted_at"),
    ]
    list_export = ["employee.employee_number", "employee.name", "employee.org_unit", "sitting", "sitting.blueprint.code",
                   "number", "get_status_display", "started_at", "submitted_at", "get_submit_reason_display", "score",
                   "max_score", "passed"]
    export_headings = {
        "employee.employee_number": gettext_lazy("Employee number"),
        "employee.name": gettext_lazy("Name"),
        "employee.org_unit": gettext_lazy("Organisation unit"),
        "sitting.blueprint.code": gettext_lazy("Exam code"),
        "get_status_display": gettext_lazy("Status"),
        "get_submit_reason_display": gettext_lazy("Handed in because"),
    }
    export_filename = "exam-results"
