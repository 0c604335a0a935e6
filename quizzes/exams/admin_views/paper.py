"""Printing a paper sitting: every eligible candidate's paper (or one candidate's), the answer sheet, the key.

Needs ``exams.print_paper``; the examiner's key also needs ``quizzes.view_answer_key``. The PDFs are made
on request and never stored (they hold the key, or papers that must not leave the room early).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Sitting
from ..services import paper

KINDS = ("papers", "sheet", "key")


@require_GET
@never_cache
def paper_print(request, pk: int, kind: str):
    if kind not in KINDS:
        raise Http404
    if not request.user.has_perm("exams.print_paper") or (
            kind == "key" and not request.user.has_perm("quizzes.view_answer_key")):
        raise PermissionDenied
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=pk)
    people = paper.candidates(sitting)
    wanted = request.GET.get("employee")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        people = [e for e in people if e.pk == int(wanted)]
        if not people:
            raise Http404
    data = paper.render_papers(sitting, people, kind=kind)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sitting-{sitting.pk}-{kind}.pdf"'
    return response


urlpatterns = [
    path("exams/sittings/<int:pk>/paper/<str:kind>/", paper_print, name="exams_paper_print"),
]

