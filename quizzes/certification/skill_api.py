"""The candidate's JSON API of a keyboard skill test: state (resume), keystroke batches, finish.

Signed in, an employee, the attempt theirs — checked on every call; POSTs are CSRF-protected by Django's
middleware. Bodies are bounded (``MAX_BODY_BYTES``) and validated; every refusal is JSON
``{"error": code, "message": sentence}`` with a 4xx status — a bad payload is a 400, never a 500.
The state never contains a score: scoring happens at the finish, on the server.
"""

from __future__ import annotations

import json
from functools import wraps

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .models import SkillAttempt
from .services import skill_attempts
from .services.skill_evidence import SkillTestError

MAX_BODY_BYTES = 256 * 1024


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def skill_api(view):
    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _json({"error": "login", "message": "login required"}, status=401)
        employee = getattr(request.user, "employee", None)
        if employee is None:
            return _json({"error": "no_employee", "message": "no employee record"}, status=403)
        body = {}
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = MAX_BODY_BYTES + 1
            if length > MAX_BODY_BYTES:
                error = SkillTestError("too_large", status=400)
                return _json({"error": error.code, "message": error.message}, status=400)
            if request.body:
                try:
                    body = json.loads(request.body.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    body = None
                if not isinstance(body, dict):
                    error = SkillTestError("bad_payload", status=400)
                    return _json({"error": error.code, "message": error.message}, status=400)
        try:
            return view(request, employee, body, *args, **kwargs)
        except SkillTestError as error:
            payload = {"error": error.code, "message": error.message}
            if error.code in ("deadline", "finished") and "attempt_id" in kwargs:
                payload["result_url"] = reverse("certification:skill_result", args=[kwargs["attempt_id"]])
            return _json(payload, status=error.status)

    return wrapped


def _remaining(attempt, now) -> float:
    return max(0.0, (attempt.deadline - now).total_seconds())


@require_GET
@skill_api
def attempt_state(request, employee, body, attempt_id: int):
    now = timezone.now()
    skill_attempts.expire_overdue(now=now, employee=employee)
    attempt = SkillAttempt.objects.filter(pk=attempt_id, employee=employee).first()
    if attempt is None:
        raise SkillTestError("not_yours", status=404)
    result_url = reverse("certification:skill_result", args=[attempt.pk])
    if not attempt.is_in_progress:
        return _json({"status": attempt.status, "result_url": result_url})
    return _json({
        "status": attempt.status, "material": attempt.material, "answer": attempt.answer,
        "last_seq": attempt.last_seq, "server_now": now.isoformat(), "deadline": attempt.deadline.isoformat(),
        "remaining_seconds": _remaining(attempt, now), "limit": attempt.rules_in_force.get("limit"),
        "result_url": result_url,
    })


@require_POST
@skill_api
def save_batch(request, employee, body, attempt_id: int):
    now = timezone.now()
    saved = skill_attempts.save_batch(attempt_id, employee, seq=body.get("seq"), events=body.get("events", []),
                                      state=body.get("state"), now=now, acting_user=request.user, ip=client_ip(request))
    return _json({"saved": saved.saved, "seq": saved.seq, "server_now": now.isoformat(),
                  "remaining_seconds": max(0.0, (saved.deadline - now).total_seconds())})


@require_POST
@skill_api
def finish(request, employee, body, attempt_id: int):
    batch = body.get("batch")
    if batch is not None and not isinstance(batch, dict):
        raise SkillTestError("bad_payload", status=400)
    attempt = skill_attempts.finish(attempt_id, employee, batch=batch, now=timezone.now(), acting_user=request.user,
                                    ip=client_ip(request))
    return _json({"status": attempt.status, "result_url": reverse("certification:skill_result",
                                                                  args=[attempt.pk])})
