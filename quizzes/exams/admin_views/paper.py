"""Printing a paper sitting: every eligible candidate's paper (or one candidate's), the answer sheet, the key.

Needs ``exams.print_paper``; the examiner's key also needs ``quizzes.view_answer_key``. The PDFs are made
on request and never stored (they hold the key, or papers that must not leave the room early).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.people.models import Employee

from ..models import PaperEntry, Sitting
from ..services import paper, paper_entry

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


@require_http_methods(["GET", "POST"])
@never_cache
def paper_enter(request, pk: int, employee_id: int):
    """One examiner's copy of one candidate's answer sheet; the second examiner's copy must agree."""
    if not request.user.has_perm("exams.enter_paper_answers"):
        raise PermissionDenied
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=pk)
    employee = get_object_or_404(Employee, pk=employee_id)
    if employee not in paper.candidates(sitting):
        raise Http404
    items = paper.paper_items(sitting, employee)
    entries = list(PaperEntry.objects.filter(sitting=sitting, employee=employee).select_related("examiner"))
    texts, problems = {}, []
    if request.method == "POST":
        texts = {str(i.position): request.POST.get(f"a{i.position}", "")[:5000] for i in items}
        try:
            outcome = paper_entry.enter_answers(sitting, employee, texts, acting_user=request.user)
        except ValueError as error:
            problems = error.args[0] if error.args and isinstance(error.args[0], list) else []
            messages.error(request, _("These answers do not fit their questions: %(list)s") % {"list": ", ".join(problems)})
        else:
            if outcome.status == "confirmed":
                messages.success(request, _("Both entries agree: the paper is scored (%(score)s).")
                                 % {"score": outcome.attempt.score if outcome.attempt.score is not None else "…"})
            elif outcome.status == "mismatch":
                messages.error(request, _("The two entries differ at questions %(list)s; check the sheet and enter "
                                          "them again.") % {"list": ", ".join(map(str, outcome.differences))})
            elif outcome.status == "already_scored":
                messages.warning(request, _("This paper was already scored; its answers cannot be entered again."))
            else:
                messages.success(request, _("Entered. A second examiner must now enter the same answers."))
            return redirect(reverse("exams_paper_enter", args=[sitting.pk, employee.pk]))
    rows = [{"position": i.position, "type": i.version.get_type_display(), "stem": i.version.stem[:80],
             "value": texts.get(str(i.position), ""), "bad": str(i.position) in problems} for i in items]
    return render(request, "exams/admin/paper_enter.html", {
        "sitting": sitting, "employee": employee, "rows": rows, "entries": entries,
        "scored": any(e.attempt_id for e in entries),
    })


urlpatterns = [
    path("exams/sittings/<int:pk>/paper/enter/<int:employee_id>/", paper_enter, name="exams_paper_enter"),
    path("exams/sittings/<int:pk>/paper/<str:kind>/", paper_print, name="exams_paper_print"),
]

