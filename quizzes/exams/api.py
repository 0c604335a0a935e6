"""The candidate's JSON API: the paper with saved answers, saving, flags, page events, handing in, practice.

Every call is checked on the server: signed in, an employee, the attempt theirs, the room's access rules
(``web.guard``); every POST is CSRF-protected by Django's middleware (the page sends the token in the
``X-CSRFToken`` header). Responses are never cached. Nothing here ever returns a key or an explanation
for an exam: the payloads come from ``services.presentation``; practice feedback comes only after an answer.
"""

from __future__ import annotations

import json
from functools import wraps

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.core import dates

from . import clock, web
from .models import Attempt, AttemptStatus, PracticeBank
from .rules import deadlines
from .services import attempts, practice
from .services.errors import ExamError
from .services.presentation import attempt_payload


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def api_view(view):
    """Signed-in employees only; JSON body parsed for POST; refusals as {"error", "message"} JSON."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _json({"error": "login", "message": "login required"}, status=401)
        try:
            employee = attempts.employee_of(request.user)
            body = {}
            if request.method == "POST" and request.body:
                try:
                    body = json.loads(request.body.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    return _json({"error": "bad_json", "message": "invalid JSON"}, status=400)
                if not isinstance(body, dict):
                    return _json({"error": "bad_json", "message": "a JSON object is expected"}, status=400)
            return view(request, employee, body, *args, **kwargs)
        except ExamError as error:
            payload = {"error": error.code, "message": error.message}
            if error.code in ("deadline", "submitted") and "attempt_id" in kwargs:
                payload["result_url"] = reverse("exams:result", args=[kwargs["attempt_id"]])
            return _json(payload, status=error.status)

    return wrapped


def _own_attempt(employee, attempt_id) -> Attempt:
    attempt = Attempt.objects.select_related("sitting__blueprint").filter(pk=attempt_id, employee=employee).first()
    if attempt is None:
        raise ExamError("not_yours", status=404)
    return attempt


# ------------------------------------------------------------------------------- the paper


@require_GET
@api_view
def attempt_state(request, employee, body, attempt_id: int):
    """The paper, the saved answers and flags, and the server's clock (resume after reload or elsewhere)."""
    now = clock.now()
    attempt = _own_attempt(employee, attempt_id)
    if attempt.is_in_progress and not deadlines.accepts_answers(now, attempt.deadline):
        attempts.expire_overdue(now=now, employee=employee)
        attempt.refresh_from_db()
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return _json({"attempt": {"id": attempt.pk, "status": attempt.status},
                      "result_url": reverse("exams:result", args=[attempt.pk])})
    web.guard(request)(attempt)
    items = list(attempt.items.select_related("version").order_by("position"))
    return _json(attempt_payload(attempt, items, now=now))


@require_POST
@api_view
def save(request, employee, body, attempt_id: int, position: int):
    now = clock.now()
    saved = attempts.save_answer(
        attempt_id, employee, position, body.get("response"), seq=_int(body.get("seq")), now=now,
        ip=web.client_address(request), user=request.user, guard=web.guard(request),
    )
    return _json({"saved": not saved.stale, "position": saved.position, "seq": saved.seq,
                  "saved_at": saved.saved_at.isoformat() if saved.saved_at else None,
                  "saved_at_display": dates.format_time(saved.saved_at) if saved.saved_at else "",
                  "server_now": now.isoformat(), "deadline": saved.deadline.isoformat(),
                  "remaining_seconds": deadlines.remaining_seconds(now, saved.deadline)})


@require_POST
@api_view
def flag(request, employee, body, attempt_id: int, position: int):
    now = clock.now()
    flagged = attempts.set_flag(attempt_id, employee, position, bool(body.get("flagged")), now=now,
                                ip=web.client_address(request), user=request.user, guard=web.guard(request))
    return _json({"position": position, "flagged": flagged, "server_now": now.isoformat()})


@require_POST
@api_view
def event(request, employee, body, attempt_id: int):
    recorded = attempts.record_client_event(
        attempt_id, employee, str(body.get("kind", "")), data=body.get("data") if isinstance(body.get("data"), dict)
        else None, ip=web.client_address(request), user=request.user,
    )
    return _json({"recorded": recorded})


@require_POST
@api_view
def submit(request, employee, body, attempt_id: int):
    now = clock.now()
    attempt = attempts.submit_attempt(attempt_id, employee, now=now, user=request.user,
                                      ip=web.client_address(request), guard=web.guard(request))
    return _json({"status": attempt.status, "submitted_at": attempt.submitted_at.isoformat(),
                  "reason": attempt.submit_reason, "result_url": reverse("exams:result", args=[attempt.pk])})


def _int(value):
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        raise ExamError("bad_answer", status=400)


# ------------------------------------------------------------------------------- practice


@require_GET
@api_view
def practice_questions(request, employee, body, bank_id: int):
    practice_bank = get_object_or_404(PracticeBank, bank_id=bank_id, is_open=True)
    count = min(max(_int(request.GET.get("count")) or practice.BATCH_SIZE, 1), 50)
    return _json({"questions": practice.batch(practice_bank, employee, count=count, language=get_language())})


@require_GET
@api_view
def notebook_questions(request, employee, body):
    return _json({"questions": practice.notebook_batch(employee, language=get_language())})


@require_POST
@api_view
def practice_answer(request, employee, body):
    feedback = practice.check_answer(employee, _int(body.get("version_id")) or 0, body.get("response"),
                                     language=get_language())
    return _json(feedback)
