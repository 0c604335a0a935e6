"""Printing a paper sitting: every eligible candidate's paper (or one candidate's), the answer sheet, the key.

Needs ``exams.print_paper``; the examiner's key also needs ``quizzes.view_answer_key``. The PDFs are made
on request and never stored (they hold the key, or papers that must not leave the room early).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.core import uploads
from portal.core.import_views import StagedImportView
from portal.core.models import StagedUpload
from portal.people.models import Employee

from ..models import PaperEntry, Sitting
from ..rules import paper_responses as responses
from ..services import paper, paper_entry
from ..services.errors import ExamError

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
    wanted = request.GET.get("employee")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        people = list(paper.candidate_queryset(sitting).filter(pk=int(wanted)).select_related("org_unit"))
        if not people:
            raise Http404
    else:
        people = paper.candidates(sitting)
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
    if not paper.is_candidate(sitting, employee):
        raise Http404
    items = paper.paper_items(sitting, employee)
    entries = list(PaperEntry.objects.filter(sitting=sitting, employee=employee).select_related("examiner"))
    texts, problems = {}, []
    if request.method == "POST" and request.POST.get("action") == "confirm_imported":
        try:
            outcome = paper_entry.confirm_imported(sitting, employee, acting_user=request.user)
        except ExamError as error:
            messages.error(request, error.message)
        else:
            _entry_message(request, outcome)
        return redirect(reverse("exams_paper_enter", args=[sitting.pk, employee.pk]))
    if request.method == "POST":
        texts = {str(i.position): request.POST.get(f"a{i.position}", "")[:5000] for i in items}
        try:
            outcome = paper_entry.enter_answers(sitting, employee, texts, acting_user=request.user)
        except ValueError as error:
            problems = error.args[0] if error.args and isinstance(error.args[0], list) else []
            messages.error(request, _("These answers do not fit their questions: %(list)s") % {"list": ", ".join(problems)})
        else:
            _entry_message(request, outcome)
            return redirect(reverse("exams_paper_enter", args=[sitting.pk, employee.pk]))
    # An imported entry of another examiner may be confirmed as it stands (typed entries stay blind).
    imported = next((e for e in entries if e.imported_from and e.examiner_id != request.user.pk), None)
    can_confirm = imported is not None and not any(e.examiner_id == request.user.pk for e in entries)
    shown = imported.answers if can_confirm else {}
    rows = [{"position": i.position, "type": i.version.get_type_display(), "stem": i.version.stem[:80],
             "value": texts.get(str(i.position), ""), "bad": str(i.position) in problems,
             "imported": _shown(i, shown.get(str(i.position))) if can_confirm else None} for i in items]
    return render(request, "exams/admin/paper_enter.html", {
        "sitting": sitting, "employee": employee, "rows": rows, "entries": entries,
        "scored": any(e.attempt_id for e in entries), "imported": imported if can_confirm else None,
    })


CANDIDATES_PER_PAGE = 50


@require_GET
@never_cache
def paper_candidates(request, pk: int):
    """The sitting's candidates, searchable by employee number or name and a page at a time, each with the link
    to enter their paper answers (the sitting's page gives their number and links here)."""
    if not request.user.has_perm("exams.enter_paper_answers"):
        raise PermissionDenied
    sitting = get_object_or_404(Sitting, pk=pk)
    people = paper.candidate_queryset(sitting).order_by("employee_number", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        people = people.filter(Q(employee_number__icontains=query) | Q(name__icontains=query))
    page = Paginator(people.only("pk", "employee_number", "name"), CANDIDATES_PER_PAGE).get_page(request.GET.get("p"))
    return render(request, "exams/admin/paper_candidates.html", {
        "sitting": sitting, "page": page, "query": query,
        "elided_page_range": page.paginator.get_elided_page_range(page.number),
    })


def _shown(item, response) -> str:
    """An imported answer (display positions) as the examiner reads it on the sheet."""
    if response is None:
        return "—"
    if item.version.type in ("numerical", "short_answer"):
        return str(response)
    if item.version.type == "fill_blank":
        return " | ".join(str(r) for r in response)
    if item.version.type == "true_false":
        return "对" if response == [0] else "错"
    return "".join("-" if r is None else _letter(r) for r in response)


def _letter(index) -> str:
    return "ABCDEFGH"[index] if isinstance(index, int) and 0 <= index < 8 else "?"


def _entry_message(request, outcome) -> None:
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


class PaperResponsesUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Responses file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["upload"] = uploads.receive(upload, (uploads.XLSX,), max_bytes=responses.MAX_BYTES)
        return upload


@method_decorator(never_cache, name="dispatch")
class PaperImportView(StagedImportView):
    """Upload an Excel of responses (one row per candidate × question, or per candidate) → its preview with
    per-line issues or one row per candidate → confirm: the stored plan is entered, all or nothing, as the
    uploader's entry of 双人复核 (portal.core.import_views)."""

    kind = paper_entry.STAGED_KIND
    upload_template_name = preview_template_name = "exams/admin/paper_import.html"
    preview_url_name = "exams_paper_import_preview"

    def has_permission(self, user) -> bool:
        return user.has_perm("exams.enter_paper_answers")

    @cached_property
    def sitting(self):
        return get_object_or_404(Sitting.objects.select_related("blueprint"), pk=self.kwargs["sitting_pk"])

    def get_staged(self, pk):
        staged = super().get_staged(pk)
        if staged.options.get("sitting") != self.sitting.pk:
            raise Http404
        return staged

    def preview_redirect(self, staged):
        return redirect(self.preview_url_name, sitting_pk=self.sitting.pk, pk=staged.pk)

    def get_form(self, data=None, files=None):
        return PaperResponsesUploadForm(data, files) if data is not None else PaperResponsesUploadForm()

    def stage(self, form):
        upload = form.cleaned_data["upload"]
        return paper_entry.stage_import(self.sitting, upload.data, acting_user=self.request.user,
                                        file_name=upload.name)

    def plan_from_staged(self, staged):
        return paper_entry.plan_from_stored(self.sitting, staged.plan,
                                            recheck=staged.status != StagedUpload.Status.APPLIED)

    def apply(self, locked):
        return paper_entry.apply_plan(self.sitting, paper_entry.plan_from_stored(self.sitting, locked.plan),
                                      acting_user=self.request.user)

    def post(self, request, pk=None, **kwargs):
        try:
            return super().post(request, pk, **kwargs)
        except ExamError as error:  # another examiner scored a paper of the file meanwhile: nothing written
            messages.error(request, error.message)
            return self.preview_redirect(self.get_staged(pk))

    def confirmed(self, result):
        counts = result.summary
        messages.success(self.request, _("Imported the answers of %(n)s candidates: %(scored)s scored (both entries "
                                         "agree), %(waiting)s waiting for a second examiner, %(mismatch)s differing.")
                         % {"n": len(result.rows), "scored": counts.get("confirmed", 0),
                            "waiting": counts.get("waiting", 0), "mismatch": counts.get("mismatch", 0)})
        return redirect(self.preview_url_name, sitting_pk=self.sitting.pk, pk=self.kwargs["pk"])

    def upload_context(self, form):
        return {"sitting": self.sitting, "form": form}

    def preview_context(self, staged, plan):
        return {**super().preview_context(staged, plan), "sitting": self.sitting, "upload": staged, "result": plan,
                "applied": staged.status == StagedUpload.Status.APPLIED}


@require_GET
@never_cache
def paper_import_template(request, pk: int):
    """A one-row-per-candidate sheet for this sitting (工号, 姓名, a column per question)."""
    if not request.user.has_perm("exams.enter_paper_answers"):
        raise PermissionDenied
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=pk)
    people = paper.candidates(sitting)
    count = len(paper.paper_items(sitting, people[0])) if people else 0
    data = responses.build_template(list(range(1, count + 1)),
                                    candidates=[(e.employee_number, e.name) for e in people])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="sitting-{sitting.pk}-responses.xlsx"'
    return response


urlpatterns = [
    path("exams/sittings/<int:sitting_pk>/paper/import/", PaperImportView.as_view(), name="exams_paper_import"),
    path("exams/sittings/<int:pk>/paper/import/template/", paper_import_template, name="exams_paper_import_template"),
    path("exams/sittings/<int:sitting_pk>/paper/import/<int:pk>/", PaperImportView.as_view(),
         name="exams_paper_import_preview"),
    path("exams/sittings/<int:pk>/paper/enter/<int:employee_id>/", paper_enter, name="exams_paper_enter"),
    path("exams/sittings/<int:pk>/paper/candidates/", paper_candidates, name="exams_paper_candidates"),
    path("exams/sittings/<int:pk>/paper/<str:kind>/", paper_print, name="exams_paper_print"),
]

