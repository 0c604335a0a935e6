"""The gap list (people lacking what their posts require) and bulk issue with its progress bar."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from portal.core import spreadsheets
from portal.core.admin_views import AdminPage, PermissionViewSet

from .. import register
from ..forms import BulkIssueForm, GapFilterForm
from ..models import CertificateBatch
from ..tasks import queue_bulk_issue

# =========================================================================== gap list


class GapListView(AdminPage, TemplateView):
    permission_required = "certification.view_gradeaward"
    template_name = "certification/admin/gap_list.html"
    page_title = gettext_lazy("Gap list")
    header_icon = "warning"

    def get(self, request, *args, **kwargs):
        form = GapFilterForm(request.GET or None, post_choices=register.post_choices())
        org_unit = post_code = None
        if form.is_valid():
            org_unit, post_code = form.cleaned_data["org_unit"], form.cleaned_data["post"]
        gaps = register.gap_list(org_unit=org_unit, post_code=post_code or "")
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            return spreadsheets.response(export, "gap-list", register.gap_headings(), register.gap_rows(gaps))
        query = request.GET.copy()
        query.pop("export", None)
        return self.render_to_response(self.get_context_data(form=form, gaps=gaps, query=query.urlencode()))


class ProgressView(AdminPage, TemplateView):
    """One person's standing against every grade: what met each requirement and what is still missing."""

    permission_required = "certification.view_gradeaward"
    template_name = "certification/admin/progress.html"
    page_title = gettext_lazy("What is still missing")
    header_icon = "tasks"
    index_url_name = "certification_gaps:index"
    index_label = gettext_lazy("Gap list")

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        from ..forms import ProgressForm
        from ..presentation import evaluation_lines
        from ..services.grading import current_award, levels_in_order
        from ..sources import evaluate_level

        context = super().get_context_data(**kwargs)
        form = ProgressForm(self.request.GET or None)
        context["form"] = form
        if not form.is_bound or not form.is_valid():
            return context
        employee = form.cleaned_data["employee"]
        today = timezone.localdate()
        rows = []
        for level in levels_in_order():
            held = current_award(employee, level, today)
            evaluation = evaluate_level(employee, level, today)
            rows.append({"level": level, "held": held, "evaluation": evaluation,
                         "lines": evaluation_lines(level, evaluation)})
        context.update(employee=employee, rows=rows)
        return context


class GapListViewSet(PermissionViewSet):
    name = "certification_gaps"
    url_prefix = "certification/gaps"
    icon = "warning"
    menu_label = gettext_lazy("Gap list")
    required_permission = "certification.view_gradeaward"

    def get_urlpatterns(self):
        return [
            path("", GapListView.as_view(), name="index"),
            path("progress/", ProgressView.as_view(), name="progress"),
        ]


# =========================================================================== bulk issue


class BulkIssueView(AdminPage, FormView):
    permission_required = "certification.issue_certificate"
    template_name = "certification/admin/bulk_issue.html"
    form_class = BulkIssueForm
    page_title = gettext_lazy("Bulk issue certificates")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batches"] = CertificateBatch.objects.select_related("requested_by")[:20]
        return context

    def form_valid(self, form):
        try:
            batch = queue_bulk_issue(form.params(), acting_user=self.request.user)
        except ValueError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect("certification_bulk_issue:progress", batch.pk)


class BulkIssueProgressView(AdminPage, TemplateView):
    permission_required = "certification.issue_certificate"
    template_name = "certification/admin/bulk_issue_progress.html"
    page_title = gettext_lazy("Bulk issue progress")
    header_icon = "doc-full"
    index_url_name = "certification_bulk_issue:index"
    index_label = gettext_lazy("Bulk issue certificates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = get_object_or_404(CertificateBatch, pk=self.kwargs["pk"])
        context["status_url"] = reverse("certification_bulk_issue:status", args=[self.kwargs["pk"]])
        return context


class BulkIssueStatusView(AdminPage, View):
    """The batch's progress as JSON, polled by the progress bar."""

    permission_required = "certification.issue_certificate"

    def get(self, request, pk):
        batch = get_object_or_404(CertificateBatch, pk=pk)
        return JsonResponse({
            "status": batch.status, "status_label": batch.get_status_display(), "total": batch.total,
            "processed": batch.processed, "issued": batch.issued, "skipped": batch.skipped, "failed": batch.failed,
            "percent": batch.percent, "error": batch.error,
            "done": batch.status in (CertificateBatch.Status.FINISHED, CertificateBatch.Status.FAILED),
        })


class BulkIssueViewSet(PermissionViewSet):
    name = "certification_bulk_issue"
    url_prefix = "certification/bulk-issue"
    icon = "doc-full"
    menu_label = gettext_lazy("Bulk issue")
    required_permission = "certification.issue_certificate"

    def get_urlpatterns(self):
        return [
            path("", BulkIssueView.as_view(), name="index"),
            path("<int:pk>/", BulkIssueProgressView.as_view(), name="progress"),
            path("<int:pk>/status/", BulkIssueStatusView.as_view(), name="status"),
        ]
