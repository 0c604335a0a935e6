"""The candidate's pages of the keyboard skill tests: my skill tests, a sitting, practice with its history,
the test itself (exam mode, no site navigation) and the result. Thin: checks, one service call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .models import SkillAttempt, SkillSitting, SkillTestDefinition
from .services import skill_attempts
from .services.skill_evidence import SkillTestError
from .skill_api import client_ip

HISTORY_POINTS = 50


def _employee(request):
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise Http404
    return employee


@login_required
@require_GET
def my_skill_tests(request):
    employee = _employee(request)
    now = timezone.now()
    skill_attempts.expire_overdue(now=now, employee=employee)
    sittings = list(SkillSitting.objects.filter(candidates=employee, closes_at__gt=now)
                    .select_related("definition__test_type").order_by("opens_at"))
    taken = dict(SkillAttempt.objects.filter(employee=employee, sitting__in=sittings)
                 .values_list("sitting_id", "status"))
    return render(request, "certification/skills/my_skill_tests.html", {
        "sittings": [{"sitting": s, "status": taken.get(s.pk), "open": s.opens_at <= now} for s in sittings],
        "definitions": SkillTestDefinition.objects.filter(is_active=True, practice_allowed=True)
        .select_related("test_type"),
        "recent": SkillAttempt.objects.finished().filter(employee=employee)
        .select_related("definition__test_type", "sitting").order_by("-finished_at")[:20],
    })


@login_required
@require_GET
def sitting_page(request, pk: int):
    employee = _employee(request)
    sitting = get_object_or_404(SkillSitting.objects.select_related("definition__test_type"), pk=pk,
                                candidates=employee)
    attempt = SkillAttempt.objects.filter(sitting=sitting, employee=employee).first()
    now = timezone.now()
    return render(request, "certification/skills/sitting.html", {
        "sitting": sitting, "definition": sitting.definition, "attempt": attempt,
        "open": sitting.opens_at <= now < sitting.closes_at,
    })


def _start(request, start, failure_url):
    try:
        attempt = start()
    except SkillTestError as error:
        messages.error(request, error.message)
        return redirect(failure_url)
    return redirect("certification:skill_attempt", attempt.pk)


@login_required
@require_POST
def start_sitting(request, pk: int):
    employee = _employee(request)
    sitting = get_object_or_404(SkillSitting, pk=pk, candidates=employee)
    return _start(request, lambda: skill_attempts.start_sitting(employee, sitting, acting_user=request.user,
                                                                ip=client_ip(request)),
                  reverse("certification:skill_sitting", args=[pk]))


def _history(employee, definition) -> list[dict]:
    attempts = (SkillAttempt.objects.finished().filter(employee=employee, definition=definition)
                .order_by("-finished_at")[:HISTORY_POINTS])
    return [{"at": timezone.localtime(a.finished_at).strftime("%m-%d %H:%M"), "value": float(a.value or 0),
             "accuracy": round(float(a.accuracy or 0) * 100, 1), "errors": a.errors or 0,
             "mode": a.mode} for a in reversed(list(attempts))]


@login_required
@require_GET
def practice_page(request, code: str):
    employee = _employee(request)
    definition = get_object_or_404(SkillTestDefinition.objects.select_related("test_type"), code=code,
                                   is_active=True, practice_allowed=True)
    history = _history(employee, definition)
    return render(request, "certification/skills/practice.html", {
        "definition": definition, "history": history,
        "marks": definition.pass_marks.select_related("level").order_by("level__order"),
        "chart_labels": {"value": definition.test_type.display_unit},
    })


@login_required
@require_POST
def start_practice(request, code: str):
    employee = _employee(request)
    definition = get_object_or_404(SkillTestDefinition, code=code)
    return _start(request, lambda: skill_attempts.start_practice(employee, definition, acting_user=request.user,
                                                                 ip=client_ip(request)),
                  reverse("certification:skill_practice", args=[code]))


def _own_attempt(request, pk):
    return get_object_or_404(SkillAttempt.objects.select_related("definition__test_type", "sitting"), pk=pk,
                             employee=_employee(request))


@never_cache
@login_required
@require_GET
def attempt_page(request, pk: int):
    attempt = _own_attempt(request, pk)
    skill_attempts.expire_overdue(employee=attempt.employee)
    attempt.refresh_from_db()
    if not attempt.is_in_progress:
        return redirect("certification:skill_result", attempt.pk)
    return render(request, "certification/skills/attempt.html", {
        "attempt": attempt, "definition": attempt.definition,
        "state_url": reverse("certification:skill_api_state", args=[attempt.pk]),
        "batch_url": reverse("certification:skill_api_batch", args=[attempt.pk]),
        "finish_url": reverse("certification:skill_api_finish", args=[attempt.pk]),
        "result_url": reverse("certification:skill_result", args=[attempt.pk]),
        "exit_url": reverse("certification:skill_practice", args=[attempt.definition.code])
        if attempt.mode == SkillAttempt.Mode.PRACTICE else reverse("certification:skill_tests"),
    })


@login_required
@require_GET
def result_page(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt.is_in_progress:
        return redirect("certification:skill_attempt", attempt.pk)
    rules = attempt.rules_in_force
    reached = set(attempt.levels_reached)
    marks = [{**m, "reached": m["level"] in reached} for m in rules.get("pass_marks", [])]
    wrong = []
    if attempt.material.get("kind") in ("amounts", "number_groups"):
        items, typed = attempt.material.get("items", []), attempt.answer.get("items", [])
        for position, status in attempt.score_details.get("marks", [])[:100]:
            if isinstance(status, str):
                wrong.append({"n": position + 1, "expected": items[position],
                              "typed": typed[position] if position < len(typed) else "", "status": status})
    return render(request, "certification/skills/result.html", {
        "attempt": attempt, "definition": attempt.definition, "marks": marks, "wrong": wrong,
        "details": attempt.score_details,
    })
