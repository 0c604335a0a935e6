"""Importing a question file from the admin: upload → preview (every question, every error) → confirm.

Built on the one staged-import view (:mod:`portal.core.import_views`): the upload goes through the
upload guard, is parsed once and staged with its plan; the preview and the confirm step use that stored
plan (re-checked against the bank), so nothing the browser sends back can change what is written and the
file is never parsed twice. A file with any error cannot be confirmed.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from portal.core.import_views import StagedImportView
from portal.core.models import StagedUpload
from quizzes.admin_views.exports import xlsx_template_view
from quizzes.admin_views.forms import ImportUploadForm
from quizzes.models import QuestionBank, QuestionImport
from quizzes.permissions import can_import_questions, can_view_answer_keys, forbidden
from quizzes.services.imports import PREVIEW_ITEMS, STAGED_KIND, confirm_apply, plan_staged, stage_import

PREVIEW_LIMIT = PREVIEW_ITEMS  # rows shown in the preview table (errors are always all shown)


class QuestionImportView(StagedImportView):
    kind = STAGED_KIND
    upload_template_name = "quizzes/admin/import_upload.html"
    preview_template_name = "quizzes/admin/import_preview.html"
    preview_url_name = "question_imports:preview"

    def has_permission(self, user) -> bool:
        return can_view_answer_keys(user) and can_import_questions(user)

    def forbidden(self, request):
        return forbidden(request)

    def get_form(self, data=None, files=None):
        if data is not None:
            return ImportUploadForm(data, files)
        initial = {}
        bank = self.request.GET.get("bank")
        if bank and bank.isdigit() and QuestionBank.objects.filter(pk=bank).exists():
            initial["bank"] = bank
        return ImportUploadForm(initial=initial)

    def stage(self, form):
        data = form.cleaned_data
        return stage_import(
            data["upload"].data, file_name=data["upload"].name, fmt=data["file_format"],
            bank_path=data["bank_path"], on_duplicate=data["on_duplicate"], activate=data["activate"],
            user=self.request.user,
        )

    def plan_from_staged(self, staged):
        return plan_staged(staged, keep_items=PREVIEW_LIMIT)

    def apply(self, locked):
        return confirm_apply(locked, user=self.request.user)

    def confirmed(self, outcome):
        c = outcome.counts
        messages.success(
            self.request,
            _("Imported into %(bank)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
              "%(skipped)s skipped.") % {
                "bank": outcome.bank.full_path, "created": c["create"], "updated": c["update"],
                "unchanged": c["unchanged"], "skipped": c["skip"]},
        )
        return redirect(reverse("questions:index") + f"?bank={outcome.bank.pk}")

    def upload_context(self, form):
        return {
            "form": form,
            "recent_imports": StagedUpload.objects.filter(kind=STAGED_KIND, uploaded_by=self.request.user)
            .select_related("uploaded_by").defer("data", "plan", "text")[:10],
            "template_url": reverse("question_imports:template"),
        }

    def preview_context(self, staged, plan):
        context = super().preview_context(staged, plan)
        context.update({
            "format_label": dict(QuestionImport.Format.choices).get(staged.options.get("fmt"), ""),
            "items": plan.items[:PREVIEW_LIMIT],
            "truncated": sum(plan.counts.values()) > PREVIEW_LIMIT,
        })
        return context


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
            path("", QuestionImportView.as_view(), name="upload"),
            path("<int:pk>/", QuestionImportView.as_view(), name="preview"),
            path("template.xlsx", xlsx_template_view, name="template"),
        ]
