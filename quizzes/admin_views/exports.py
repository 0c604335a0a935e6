"""Downloads: a bank exported to Excel or GIFT, and the empty Excel import template."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.admin import messages

from portal.core import audit
from quizzes.audit_actions import EXPORT_QUESTIONS
from quizzes.importers import build_xlsx_template
from quizzes.models import QuestionBank
from quizzes.permissions import answer_key_required, can_export_questions, can_import_questions
from quizzes.services.exports import (
    CONTENT_TYPES,
    EXPORT_FORMATS,
    ExportRefused,
    export_bank,
    export_filename,
)


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "questions"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@answer_key_required(can_export_questions)
@require_GET
def export_bank_view(request, pk: int, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    bank = get_object_or_404(QuestionBank, pk=pk)
    include_retired = request.GET.get("retired") == "1"
    try:
        export = export_bank(bank, fmt, include_retired=include_retired)
    except ExportRefused as refused:
        messages.error(
            request,
            _("GIFT cannot hold %(n)s question(s) of this bank (ordering, several blanks or a model answer); "
              "export it to Excel instead. %(first)s") % {"n": len(refused.problems), "first": refused.problems[0]},
        )
        return redirect("question_banks:index")
    audit.record(bank, EXPORT_QUESTIONS, acting_user=request.user,
                 data={"format": fmt, "questions": export.count, "include_retired": include_retired})
    return _attachment(export.data, CONTENT_TYPES[fmt], export_filename(bank, fmt))


@answer_key_required(can_import_questions)
@require_GET
def xlsx_template_view(request):
    return _attachment(build_xlsx_template(), CONTENT_TYPES["xlsx"], _("question-import-template") + ".xlsx")
