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
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.core import dates

from . import clock, web
from .models import Attempt, AttemptStatus
from .rules import deadlines
from .services import attempts, papers, practice, weak_points
from .services.errors import ExamError
from .services.presentation import attempt_payload


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


EMPLOYEE_SESSION_KEY = web.EMPLOYEE_SESSION_KEY


def _employee(request):
    """The signed-in user's active employee record (refused otherwise), remembered in the session by id."""
    employee = attempts.employee_of(request.user)
    web.remember_employee(request, employee)
    return employee


def _session_employee_id(request) -> int:
    """The employee id remembered in this session for this user (resolved on first use). The save's statement
    checks on every call that it is still this user's active record (``services.answers``)."""
    remembered = request.session.get(EMPLOYEE_SESSION_KEY)
    if (isinstance(remembered, list) and len(remembered) == 2 and remembered[0] == request.user.pk
            and isinstance(remembered[1], int)):
        return remembered[1]
    return _employee(request).pk


def api_view(view=None, *, employee_id_only: bool = False):
    """Signed-in employees only; JSON body parsed for POST; refusals as {"error", "message"} JSON.

    ``employee_id_only``: the view gets the employee id remembered in the session instead of the record (the
    answer save, which checks it in its own statement)."""
    if view is None:
        return lambda view: api_view(view, employee_id_only=employee_id_only)

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _json({"error": "login", "message": "login required"}, status=401)
        try:
            employee = _session_employee_id(request) if employee_id_only else _employee(request)
            body = _body(request) if request.method == "POST" else {}
            return view(request, employee, body, *args, **kwargs)
        except ExamError as error:
            payload = {"error": error.code, "message": error.message}
            if error.code in ("deadline", "submitted") and "attempt_id" in kwargs:
                payload["result_url"] = reverse("exams:result", args=[kwargs["attempt_id"]])
            return _json(payload, status=error.status)

    return wrapped


MAX_BODY_BYTES = 64 * 1024  # the longest answer is 5,000 characters: a JSON body of 64 KiB holds any honest call
MAX_DEPTH = 8  # nesting of the JSON body: the deepest honest answer is a list in an object


def _depth(value, limit: int) -> int:
    """How deeply ``value`` nests, counting no further than ``limit + 1``."""
    if limit < 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def _body(request) -> dict:
    """The POST body as a JSON object, or a 400 refusal: too large, not JSON, too deep, not an object,
    numbers JSON cannot hold (NaN, Infinity, 1e999)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise ExamError("too_large", status=400)
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:
        raise ExamError("too_large", status=400)
    if not raw:
        return {}

    def no_constant(name):
        raise ValueError(name)

    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=no_constant,
                          parse_float=lambda text: _finite(float(text)))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ExamError("bad_payload", status=400)
    if not isinstance(body, dict) or _depth(body, MAX_DEPTH) > MAX_DEPTH:
        raise ExamError("bad_payload", status=400)
    return body


def _finite(number: float) -> float:
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number


def _own_attempt(employee, attempt_id) -> Attempt:
    attempt = Attempt.objects.select_related("sitting__blueprint").filter(pk=attempt_id, employee=employee).first()
    if attempt is None:
        raise ExamError("not_yours", status=404)
    return attempt


# ------------------------------------------------------------------------------- the paper


def _own_attempt_of_session(request, employee_id: int, attempt_id) -> Attempt:
    """The attempt, when it is the employee's remembered in the session and that is still the signed-in user's
    active record (one query); otherwise the employee is resolved afresh and refused as usual."""
    attempt = Attempt.objects.select_related("sitting").filter(
        pk=attempt_id, employee_id=employee_id, employee__user_id=request.user.pk, employee__is_active=True
    ).order_by().first()
    if attempt is None:
        attempt = _own_attempt(_employee(request), attempt_id)
    return attempt


PAPER_ITEM_FIELDS = ("attempt_id", "position", "section_index", "section_title", "section_title_en", "version_id",
                     "points", "option_order", "response", "response_seq", "flagged")  # what the paper shows


@require_GET
@api_view(employee_id_only=True)
def attempt_state(request, employee, body, attempt_id: int):
    """The paper, the saved answers and flags, and the server's clock (resume after reload or elsewhere)."""
    now = clock.now()
    attempt = _own_attempt_of_session(request, employee, attempt_id)
    if attempt.is_in_progress and not deadlines.accepts_answers(now, attempt.deadline):
        attempts.expire_overdue(now=now, employee=attempt.employee_id)
        attempt.refresh_from_db()
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return _json({"attempt": {"id": attempt.pk, "status": attempt.status},
                      "result_url": reverse("exams:result", args=[attempt.pk])})
    web.guard(request)(attempt)
    items = list(attempt.items.order_by("position").only(*PAPER_ITEM_FIELDS))
    versions = papers.versions_by_id(item.version_id for item in items)  # frozen: the copies kept, if any
    for item in items:
        item.version = versions[item.version_id]
    return _json(attempt_payload(attempt, items, now=now))


@require_POST
@api_view(employee_id_only=True)
def save(request, employee, body, attempt_id: int, position: int):
    now = clock.now()
    saved = attempts.save_answer(
        attempt_id, employee, position, body.get("response"), seq=_int(body.get("seq")), now=now,
        ip=web.client_address(request), acting_user=request.user, guard=web.guard(request),
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
                                ip=web.client_address(request), acting_user=request.user, guard=web.guard(request))
    return _json({"position": position, "flagged": flagged, "server_now": now.isoformat()})


@require_POST
@api_view
def event(request, employee, body, attempt_id: int):
    recorded = attempts.record_client_event(
        attempt_id, employee, str(body.get("kind", "")), data=body.get("data") if isinstance(body.get("data"), dict)
        else None, ip=web.client_address(request), acting_user=request.user,
    )
    return _json({"recorded": recorded})


@require_POST
@api_view(employee_id_only=True)
def submit(request, employee, body, attempt_id: int):
    now = clock.now()
    attempt = attempts.submit_attempt(attempt_id, employee, now=now, acting_user=request.user,
                                      ip=web.client_address(request), guard=web.guard(request))
    return _json({"status": attempt.status, "submitted_at": attempt.submitted_at.isoformat(),
                  "reason": attempt.submit_reason, "result_url": reverse("exams:result", args=[attempt.pk])})


MAX_INT = 2**31 - 1  # sequence numbers, ids and counts fit a 32-bit column


def _int(value):
    """A whole number from the request (None when absent), or a 400 refusal: not a number, a fraction,
    a boolean, negative or too large."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise ExamError("bad_payload", status=400)
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ExamError("bad_payload", status=400)
    if not 0 <= number <= MAX_INT:
        raise ExamError("bad_payload", status=400)
    return number


# ------------------------------------------------------------------------------- practice


@require_GET
@api_view
def practice_questions(request, employee, body, bank_id: int):
    practice.ensure_open(employee, acting_user=request.user, ip=web.client_address(request), where="practice")
    practice_bank = practice.open_bank(bank_id)
    count = min(max(_int(request.GET.get("count")) or practice.BATCH_SIZE, 1), 50)
    return _json({"questions": practice.batch(practice_bank, employee, count=count, language=get_language())})


@require_GET
@api_view
def notebook_questions(request, employee, body):
    practice.ensure_open(employee, acting_user=request.user, ip=web.client_address(request), where="notebook")
    return _json({"questions": practice.notebook_batch(employee, language=get_language())})


@require_GET
@api_view
def weak_questions(request, employee, body, attempt_id: int | None = None):
    """Practice questions on the candidate's own weakest points (recomputed here; someone else's attempt: 404)."""
    practice.ensure_open(employee, acting_user=request.user, ip=web.client_address(request), where="weak")
    count = min(max(_int(request.GET.get("count")) or practice.BATCH_SIZE, 1), 50)
    return _json({"questions": weak_points.drill_batch(employee, attempt_id, count=count, language=get_language())})


@require_POST
@api_view
def practice_answer(request, employee, body):
    practice.ensure_open(employee, acting_user=request.user, ip=web.client_address(request), where="check")
    feedback = practice.check_answer(employee, _int(body.get("version_id")) or 0, body.get("response"),
                                     language=get_language())
    return _json(feedback)
