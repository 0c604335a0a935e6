"""Importing a question file from the admin: upload → preview (every question, every error) → confirm.

The uploaded bytes are stored server-side (``QuestionImport``); confirming re-parses them, so nothing
the browser sends back can change what is written. A file with any error cannot be confirmed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from quizzes.admin_views.exports import xlsx_template_view
from quizzes.admin_views.forms import ImportUploadForm
from quizzes.models import QuestionBank, QuestionImport
from quizzes.permissions import answer_key_required, can_import_questions
from quizzes.services.imports import ImportRejected, confirm_staged, plan_staged, stage_import

PREVIEW_LIMIT = 2000  # rows shown in the preview table (errors are always all shown)


@answer_key_required(can_import_questions)
@require_http_methods(["GET", "POST"])
def upload_view(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            record = stage_import(
                data["upload"].data,
                file_name=data["upload"].name,
                fmt=data["file_format"],
                bank_path=data["bank_path"],
                on_duplicate=data["on_duplicate"],
                activate=data["activate"],
                user=request.user,
            )
            return redirect("question_imports:preview", pk=record.pk)
    else:
        initial = {}
        bank = request.GET.get("bank")
        if bank and bank.isdigit() and QuestionBank.objects.filter(pk=bank).exists():
            initial["bank"] = bank
        form = ImportUploadForm(initial=initial)
    recent = QuestionImport.objects.select_related("uploaded_by").defer("data")[:10]
    return TemplateResponse(request, "quizzes/admin/import_upload.html", {
        "form": form,
        "recent_imports": recent,
        "template_url": reverse("question_imports:template"),
    })


@answer_key_required(can_import_questions)
@require_http_methods(["GET", "POST"])
def preview_view(request, pk: int):
    record = get_object_or_404(QuestionImport, pk=pk)
    if request.method == "POST":
        if record.status == QuestionImport.Status.APPLIED:
            messages.warning(request, _("This file has already been imported."))
            return redirect("question_imports:preview", pk=record.pk)
        try:
            outcome = confirm_staged(record, user=request.user)
        except ImportRejected:
            messages.error(request, _("The file has errors; nothing was imported."))
            return redirect("question_imports:preview", pk=record.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("question_imports:preview", pk=record.pk)
        c = outcome.counts
        messages.success(
            request,
            _("Imported into %(bank)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
              "%(skipped)s skipped.") % {
                "bank": outcome.bank.full_path, "created": c["create"], "updated": c["update"],
                "unchanged": c["unchanged"], "skipped": c["skip"]},
        )
        return redirect(reverse("questions:index") + f"?bank={outcome.bank.pk}")
    plan = plan_staged(record)
    return TemplateResponse(request, "quizzes/admin/import_preview.html", {
        "record": record,
        "plan": plan,
        "items": plan.items[:PREVIEW_LIMIT],
        "truncated": len(plan.items) > PREVIEW_LIMIT,
        "errors": plan.errors,
        "counts": plan.counts,
        "can_confirm": plan.ok and record.status != QuestionImport.Status.APPLIED,
    })


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_questions(request.user)


class QuestionImportViewSet(ViewSet):
    """Upload, preview and confirm question files; the Excel template download."""

    name = "question_imports"
    icon = "upload"
    menu_label = gettext_lazy("Import questions")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", upload_view, name="upload"),
            path("<int:pk>/", preview_view, name="preview"),
            path("template.xlsx", xlsx_template_view, name="template"),
        ]
