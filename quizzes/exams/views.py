"""The candidate's pages: My exams, a sitting (with its start form), the exam page, the result and
review, practice and the wrong-answer notebook. Thin: every decision is a service's or a rule's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.core.bilingual import in_language
from quizzes.certification.models import TheoryResult

from . import clock, web
from .models import Attempt, AttemptStatus, Sitting
from .rules import eligibility, review
from .services import attempts, practice, weak_points
from .services.errors import ExamError
from .services.presentation import machine_part, review_rows, section_title, with_knowledge_links
from .services.sittings import decision_for, is_eligible, last_close, sittings_for, terms_for


def _employee_or_refusal(request):
    try:
        return attempts.employee_of(request.user), None
    except ExamError as error:
        return None, render(request, "exams/refused.html", {"message": error.message}, status=error.status)


def _status_line(decision: eligibility.Decision) -> str:
    if decision.reason == eligibility.IN_PROGRESS:
        return _("In progress")
    if decision.allowed:
        return _("You can start now")
    return ExamError(decision.reason, until=decision.until).message


@login_required
@never_cache
def my_exams(request):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    now = clock.now()
    attempts.expire_overdue(now=now, employee=employee)
    rows = []
    results = {r.sitting_id: r for r in TheoryResult.objects.filter(employee=employee, sitting_id__isnull=False)}
    for sitting in sittings_for(employee):
        decision = decision_for(sitting, employee, now)
        if decision.reason == eligibility.NOT_ELIGIBLE and not sitting.attempts.filter(employee=employee).exists():
            continue
        terms = terms_for(sitting, employee)
        mine = list(sitting.attempts.filter(employee=employee).order_by("number"))
        seen = review.visibility(sitting.review_policy, AttemptStatus.FINAL, now, sitting.closes_at)
        rows.append({
            "sitting": sitting, "decision": decision, "status": _status_line(decision), "terms": terms,
            "attempts": mine, "result": results.get(sitting.pk) if seen.score else None,
            "can_start": decision.allowed and not sitting.held_on_paper,
        })
    open_now = [r for r in rows if r["can_start"]]
    others = [r for r in rows if not r["can_start"]]
    return render(request, "exams/my_exams.html", {
        "open_rows": open_now, "other_rows": others, "practice_count": practice.open_banks().count(),
        "notebook_count": practice.notebook_entries(employee).count(),
    })


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sitting_detail(request, pk: int):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=pk)
    now = clock.now()
    error = None
    if request.method == "POST":
        # The start decides everything itself (eligibility, window, room rules): the page's own reads below
        # are only for showing the sitting, so a start that succeeds does not make them.
        try:
            attempt = attempts.start_attempt(
                sitting, employee, now=now, password=request.POST.get("password"),
                unlocked=web.is_unlocked(request, sitting.pk), ip=web.client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""), acting_user=request.user,
            )
        except ExamError as refusal_error:
            error = refusal_error.message
        else:
            web.unlock(request, sitting.pk)
            web.remember_employee(request, employee)  # the same session write: the first save reads no employee
            return redirect("exams:attempt", attempt.pk)
    terms = terms_for(sitting, employee)
    mine = list(sitting.attempts.filter(employee=employee).order_by("number"))
    if not mine and not is_eligible(sitting, employee, terms):
        return render(request, "exams/refused.html", {"message": ExamError("not_eligible").message}, status=403)
    decision = decision_for(sitting, employee, now, terms=terms)
    blueprint = sitting.blueprint
    context = {
        "sitting": sitting, "blueprint": blueprint, "terms": terms, "decision": decision,
        "status": _status_line(decision), "attempts": mine, "error": error,
        "can_start": decision.allowed and not sitting.held_on_paper, "resuming": decision.reason == eligibility.IN_PROGRESS,
        "needs_password": bool(sitting.access_password) and not web.is_unlocked(request, sitting.pk),
        "question_count": blueprint.question_count, "max_score": blueprint.max_score,
        "instructions": in_language(blueprint.instructions, blueprint.instructions_en, request.LANGUAGE_CODE),
    }
    return render(request, "exams/sitting.html", context, status=409 if error else 200)


def _own_attempt(request, employee, pk) -> Attempt:
    attempt = Attempt.objects.select_related("sitting__blueprint").filter(pk=pk, employee=employee).first()
    if attempt is None:
        raise Http404
    return attempt


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def attempt_page(request, pk: int):
    """The exam page. The paper itself is loaded by the page's script from the API (and on every resume)."""
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    attempt = _own_attempt(request, employee, pk)
    now = clock.now()
    if attempt.is_in_progress and now >= attempt.deadline:
        attempts.expire_overdue(now=now, employee=employee)
        attempt.refresh_from_db()
    if not attempt.is_in_progress:
        return redirect("exams:result", attempt.pk)
    sitting = attempt.sitting
    try:
        if request.method == "POST":
            attempts.check_access(sitting, ip=web.client_address(request), password=request.POST.get("password"))
            web.unlock(request, sitting.pk)
            return redirect("exams:attempt", attempt.pk)
        attempts.check_access(sitting, ip=web.client_address(request), unlocked=web.is_unlocked(request, sitting.pk))
    except ExamError as error:
        if error.code != "password":
            return render(request, "exams/refused.html", {"message": error.message}, status=error.status)
        return render(request, "exams/unlock.html", {"attempt": attempt, "sitting": sitting,
                                                     "error": error.message if request.method == "POST" else ""},
                      status=403 if request.method == "POST" else 200)
    return render(request, "exams/attempt.html", {
        "attempt": attempt, "sitting": sitting,
        "state_url": reverse("exams:api_attempt", args=[attempt.pk]),
        "result_url": reverse("exams:result", args=[attempt.pk]),
    })


@login_required
@never_cache
def attempt_result(request, pk: int):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    attempt = _own_attempt(request, employee, pk)
    now = clock.now()
    if attempt.is_in_progress:
        if now < attempt.deadline:
            return redirect("exams:attempt", attempt.pk)
        attempts.expire_overdue(now=now, employee=employee)
        attempt.refresh_from_db()
    sitting = attempt.sitting
    seen = review.visibility(sitting.review_policy, attempt.status, now, last_close(sitting))
    rows = []
    if seen.answers:
        items = list(with_knowledge_links(attempt.items.select_related("version__question", "key_version"))
                     .order_by("position"))
        rows = review_rows(attempt, items, language=attempt.language)
    sections = [{**s, "display_title": section_title(s)} for s in attempt.section_scores] if seen.score else []
    machine = machine_part(list(attempt.items.only("score", "points"))) if seen.machine_part else None
    weak = weak_points.for_attempt(attempt, language=request.LANGUAGE_CODE, now=now) if seen.answers else []
    return render(request, "exams/result.html", {
        "attempt": attempt, "sitting": sitting, "seen": seen, "rows": rows, "sections": sections,
        "awaiting_grading": attempt.status == AttemptStatus.SUBMITTED, "machine": machine,
        "weak": {"points": weak, "drill_count": weak_points.drill_count(weak) if weak else 0,
                 "drill_url": reverse("exams:weak_drill_attempt", args=[attempt.pk])},
    })


# ------------------------------------------------------------------------------- practice


def _practice_closed(request, employee, where: str):
    """The refusal page while an exam is in progress (practice.ensure_open), else None."""
    try:
        practice.ensure_open(employee, acting_user=request.user, ip=web.client_address(request), where=where)
    except ExamError as error:
        return render(request, "exams/refused.html", {"message": error.message}, status=error.status)
    return None


@login_required
@never_cache
def practice_index(request):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    closed = _practice_closed(request, employee, "practice")
    if closed:
        return closed
    return render(request, "exams/practice_index.html", {
        "banks": practice.open_banks(), "notebook_count": practice.notebook_entries(employee).count(),
    })


@login_required
@never_cache
def practice_drill(request, bank_id: int):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    closed = _practice_closed(request, employee, "practice")
    if closed:
        return closed
    try:
        practice_bank = practice.open_bank(bank_id)
    except ExamError as error:
        return render(request, "exams/refused.html", {"message": error.message}, status=error.status)
    return render(request, "exams/practice.html", {
        "title": practice_bank.bank.display_name, "note": practice_bank.note,
        "questions_url": reverse("exams:api_practice_questions", args=[bank_id]), "from_notebook": False,
    })


@login_required
@never_cache
def notebook(request):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    closed = _practice_closed(request, employee, "notebook")
    if closed:
        return closed
    entries = list(practice.notebook_entries(employee))
    return render(request, "exams/notebook.html", {"entries": entries})


@login_required
@never_cache
def notebook_drill(request):
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    closed = _practice_closed(request, employee, "notebook")
    if closed:
        return closed
    return render(request, "exams/practice.html", {
        "title": _("Wrong-answer notebook"), "note": "",
        "questions_url": reverse("exams:api_notebook_questions"), "from_notebook": True,
    })


@login_required
@never_cache
def weak_points_drill(request, attempt_id: int | None = None):
    """Practice on exactly the candidate's own weakest knowledge points (of one attempt, or the recent ones)."""
    employee, refusal = _employee_or_refusal(request)
    if refusal:
        return refusal
    closed = _practice_closed(request, employee, "weak")
    if closed:
        return closed
    if attempt_id is not None:
        attempt = _own_attempt(request, employee, attempt_id)
        if not weak_points.may_show(attempt):
            raise Http404
        questions_url = reverse("exams:api_weak_questions_attempt", args=[attempt_id])
    else:
        questions_url = reverse("exams:api_weak_questions")
    return render(request, "exams/practice.html", {
        "title": _("My weakest knowledge points"), "questions_url": questions_url, "from_notebook": False,
        "note": _("Questions from the practice banks on the knowledge points where you lost most marks."),
    })
