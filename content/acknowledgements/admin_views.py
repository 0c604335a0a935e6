"""Admin reports (Wagtail report views): acknowledgement rounds, who has read one round (by org unit and by
person, with Excel / CSV downloads), and post links still pointing at superseded regulations."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, TaskState
from wagtail.permissions import policy_registry

from content.models import RegulationArticle
from portal.core import spreadsheets
from portal.core.admin_columns import DateColumn
from portal.core.admin_views import BomCsvMixin
from portal.people.models import OrgUnit

from .models import Acknowledgement, AcknowledgementRound
from .services import reports, review, superseding

REPORT_PERMISSION = "acknowledgements.view_report"


class ReportPermissionMixin:
    """HR, compliance and administrators (``acknowledgements.view_report``)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _percent(value) -> str:
    return f"{value:.1f}%"


# =========================================================================== rounds


class RoundFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AcknowledgementRound.Status.choices)

    class Meta:
        model = AcknowledgementRound
        fields = ["status"]


class RoundIndexView(ReportPermissionMixin, BomCsvMixin, ReportView):
    page_title = _("Acknowledgement rounds")
    header_icon = "tasks"
    model = AcknowledgementRound
    filterset_class = RoundFilterSet
    default_ordering = ["-opened_at", "-pk"]
    index_url_name = "acknowledgement_reports:index"
    index_results_url_name = "acknowledgement_reports:index_results"
    is_searchable = True
    search_fields = ["title", "change_summary"]
    search_backend_name = None
    columns = [
        TitleColumn(
            "title",
            label=_("Regulation or procedure"),
            get_url=lambda r: reverse("acknowledgement_reports:round", args=[r.pk]),
        ),
        DateColumn("opened_at", label=_("Published")),
        Column("due_on", label=_("Due on")),
        Column("round_label", label=_("Round")),
        Column("n_required_label", label=_("Must read")),
        Column("n_acknowledged", label=_("Acknowledged")),
        Column("acknowledged_percent_label", label=_("Acknowledgement rate")),
        Column("n_overdue_label", label=_("Overdue")),
        Column("status_label", label=_("Status")),
    ]
    list_export = [
        "title",
        "opened_at_local",
        "due_on",
        "status_label",
        "n_required",
        "n_acknowledged",
        "acknowledged_percent",
        "n_pending",
        "n_overdue",
        "overdue_percent",
    ]
    export_headings = {
        "title": _("Regulation or procedure"),
        "opened_at_local": _("Published"),
        "due_on": _("Due on"),
        "status_label": _("Status"),
        "n_required": _("Must read"),
        "n_acknowledged": _("Acknowledged"),
        "acknowledged_percent": _("Acknowledgement rate"),
        "n_pending": _("Not yet acknowledged"),
        "n_overdue": _("Overdue"),
        "overdue_percent": _("Overdue rate"),
    }

    def get_filename(self):
        return f"acknowledgement-rounds-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return reports.annotate_rounds(AcknowledgementRound.objects.all())

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        places = reports.round_places(rows)
        for row in rows:
            counts = reports.Counts(row.n_required, row.n_acknowledged, row.n_pending, row.n_overdue)
            place = places[row.pk]
            row.round_label = _("Round %(n)s") % {"n": place.number}
            row.acknowledged_percent = counts.acknowledged_percent
            row.acknowledged_percent_label = _percent(counts.acknowledged_percent)
            row.overdue_percent = counts.overdue_percent
            row.n_required_label, row.n_overdue_label = row.n_required, row.n_overdue
            row.status_label = row.get_status_display()
            if place.replaced_by:
                # its pending requests moved to the later round: a rate here would read 1/1 = 100% or 0/0
                replaced = _("Replaced by round %(n)s") % {"n": place.replaced_by}
                row.status_label = replaced
                row.acknowledged_percent_label = row.n_required_label = row.n_overdue_label = "—"
                row.acknowledged_percent = row.overdue_percent = ""
            row.opened_at_local = timezone.localtime(row.opened_at).replace(tzinfo=None)
        return rows


# =========================================================================== one round


class PeopleFilterSet(WagtailFilterSet):
    situation = django_filters.ChoiceFilter(
        label=_("Situation"),
        method="filter_situation",
        choices=[
            ("pending", _("Not yet acknowledged")),
            ("overdue", _("Overdue")),
            ("acknowledged", _("Acknowledged")),
            ("replaced", Acknowledgement.Status.REPLACED.label),
            ("withdrawn", Acknowledgement.Status.WITHDRAWN.label),
        ],
    )
    org_unit = django_filters.ModelChoiceFilter(
        label=_("Organisation unit (with its sub-units)"),
        method="filter_org_unit",
        queryset=OrgUnit.objects.order_by("path"),
    )

    class Meta:
        model = Acknowledgement
        fields = []

    def filter_situation(self, queryset, name, value):
        if value == "pending":
            return queryset.outstanding()
        if value == "overdue":
            return queryset.outstanding_overdue()
        return queryset.filter(status=value)

    def filter_org_unit(self, queryset, name, value):
        return queryset.filter(employee__org_unit__path__startswith=value.path)


class RoundReportView(ReportPermissionMixin, BomCsvMixin, ReportView):
    """Who must read one round, who has, who is overdue: totals, by org unit, and person by person."""

    template_name = "acknowledgements/admin/round_report.html"
    page_title = _("Who has read")
    header_icon = "tasks"
    model = Acknowledgement
    filterset_class = PeopleFilterSet
    is_searchable = True
    search_fields = ["employee__name", "employee__employee_number"]
    search_backend_name = None
    paginate_by = 100
    columns = [
        Column("employee_number", label=_("Employee number"), accessor="employee.employee_number"),
        Column("name", label=_("Name"), accessor="employee.name"),
        Column("unit_path", label=_("Organisation unit")),
        Column("situation_label", label=_("Situation")),
        Column("due_on", label=_("Due on")),
        DateColumn("acknowledged_at", label=_("Acknowledged at")),
        Column("revision_id", label=_("Revision")),
    ]
    list_export = [
        "employee.employee_number",
        "employee.name",
        "unit_path",
        "situation_label",
        "due_on",
        "acknowledged_at_local",
        "revision_id",
        "reason_label",
    ]
    export_headings = {
        "employee.employee_number": _("Employee number"),
        "employee.name": _("Name"),
        "unit_path": _("Organisation unit"),
        "situation_label": _("Situation"),
        "due_on": _("Due on"),
        "acknowledged_at_local": _("Acknowledged at"),
        "revision_id": _("Revision"),
        "reason_label": _("Asked because"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(
            AcknowledgementRound.objects.select_related("page", "opened_by"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.round.title

    def get_index_url(self):
        return reverse("acknowledgement_reports:round", args=[self.round.pk])

    def get_index_results_url(self):
        return reverse("acknowledgement_reports:round_results", args=[self.round.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("acknowledgement_reports:index"), "label": RoundIndexView.page_title},
            {"url": "", "label": self.round.title},
        ]

    def get_filename(self):
        return f"acknowledgements-round-{self.round.pk}-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return reports.people(self.round)

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        paths = reports.unit_paths()
        today = timezone.localdate()
        for row in rows:
            situation = reports.situation(row, today)
            row.situation_label = reports.SITUATION_LABELS[situation]
            row.unit_path = paths.get(row.employee.org_unit_id, "")
            row.acknowledged_at_local = (
                timezone.localtime(row.acknowledged_at).replace(tzinfo=None) if row.acknowledged_at else None
            )
            row.reason_label = row.get_reason_display()
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            today = timezone.localdate()
            units_url = reverse("acknowledgement_reports:round_units", args=[self.round.pk])
            context.update(
                round=self.round,
                round_place=reports.round_places([self.round])[self.round.pk],
                totals=reports.totals(self.round, today),
                unit_lines=reports.by_org_unit(self.round, today),
                units_xlsx_url=f"{units_url}?export=xlsx",
                units_csv_url=f"{units_url}?export=csv",
                page_admin_url=reverse("wagtailadmin_pages:edit", args=[self.round.page_id]),
            )
        return context


UNIT_HEADINGS = [
    _("Organisation unit"),
    _("Code"),
    _("Must read"),
    _("Acknowledged"),
    _("Acknowledgement rate"),
    _("Not yet acknowledged"),
    _("Overdue"),
    _("Overdue rate"),
]


class RoundUnitsExportView(ReportPermissionMixin, View):
    """The by-org-unit table of one round as Excel or CSV (each unit counts its sub-units)."""

    def get(self, request, pk):
        round_ = get_object_or_404(AcknowledgementRound, pk=pk)
        lines = reports.by_org_unit(round_)
        rows = [
            [
                line.path_label,
                line.unit.code,
                line.total.required,
                line.total.acknowledged,
                line.total.acknowledged_percent,
                line.total.pending,
                line.total.overdue,
                line.total.overdue_percent,
            ]
            for line in lines
        ]
        fmt = "csv" if request.GET.get("export") == "csv" else "xlsx"
        return spreadsheets.response(
            fmt,
            f"acknowledgements-round-{round_.pk}-by-unit-{timezone.localdate():%Y-%m-%d}",
            [str(h) for h in UNIT_HEADINGS],
            rows,
            title=str(_("By organisation unit")),
        )


# =========================================================================== superseded links


class SupersededLinksView(BomCsvMixin, ReportView):
    """Posts whose "regulations to know" still point at a superseded regulation, for an Editor to move."""

    page_title = _("Links to superseded regulations")
    header_icon = "warning"
    index_url_name = "acknowledgement_reports:superseded_links"
    index_results_url_name = "acknowledgement_reports:superseded_links_results"
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn(
            "post_title",
            label=_("Post"),
            get_url=lambda link: reverse("wagtailadmin_pages:edit", args=[link.page_id]),
        ),
        Column("old_title", label=_("Linked regulation")),
        Column("scope", label=_("Chapter or article")),
        Column("new_title", label=_("Replaced by")),
        Column("suggestion", label=_("Same number in the new regulation")),
        Column("from_date", label=_("Superseded from")),
    ]
    list_export = ["post_title", "old_title", "scope", "new_title", "suggestion", "from_date"]
    export_headings = {
        "post_title": _("Post"),
        "old_title": _("Linked regulation"),
        "scope": _("Chapter or article"),
        "new_title": _("Replaced by"),
        "suggestion": _("Same number in the new regulation"),
        "from_date": _("Superseded from"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return f"superseded-regulation-links-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return superseding.posts_still_linked()

    def decorate_paginated_queryset(self, object_list):
        links = list(object_list)
        new_ids = {link.regulation.superseded_by_id for link in links}
        numbers = set(RegulationArticle.objects.filter(page_id__in=new_ids).values_list("page_id", "number"))
        for link in links:
            new = link.regulation.superseded_by
            link.post_title = link.page.title
            link.old_title = link.regulation.title
            link.scope = link.scope_label or _("The whole regulation")
            link.new_title = new.title
            link.from_date = new.effective_date
            if link.article_id:
                number = link.article.number
                link.suggestion = link.article.label if (new.pk, number) in numbers else "—"
            else:
                link.suggestion = link.scope if link.chapter_id else _("The whole regulation")
        return links


# =========================================================================== approval confirmation


class ApprovalConfirmationView(View):
    """After a Compliance reviewer approves: what happened and what happens next — published now or on a
    date, and who is (or will be) asked to acknowledge. Only for the reviewer who approved and for people
    who may publish the page."""

    template_name = "acknowledgements/admin/approved.html"

    def get(self, request, task_state_id: int):
        task_state = get_object_or_404(TaskState.objects.select_related("revision", "finished_by"), pk=task_state_id)
        page = Page.objects.filter(pk=task_state.revision.object_id).first() if task_state.revision else None
        if page is None:
            raise PermissionDenied
        page = page.specific
        if task_state.finished_by_id != request.user.pk and not page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        revision = task_state.revision
        revision.refresh_from_db()
        round_ = AcknowledgementRound.objects.filter(revision=revision).first()
        outlook = review.outlook(revision)
        return render(request, self.template_name, {
            "page": page, "task_state": task_state, "revision": revision, "round": round_,
            "outlook": outlook, "approved": task_state.status == task_state.STATUS_APPROVED,
            "live_now": page.live_revision_id == revision.pk,
            "scheduled_at": revision.approved_go_live_at,
            "effective_date": getattr(revision.as_object(), "effective_date", None),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "round_url": reverse("acknowledgement_reports:round", args=[round_.pk]) if round_ else "",
        })
