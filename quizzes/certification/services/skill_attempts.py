"""Keyboard skill test attempts: start, save a keystroke batch, finish — each writing its evidence rows.

* **start** freezes the material (generated from a fresh seed), the rules and the pass marks on the attempt
  and sets the deadline on the server's clock (the time limit, never past the sitting's close). Starting again
  while an attempt runs resumes it.
* **save_batch** takes the browser's batch: a sequence number, the events since the last batch and the
  committed answer. A batch whose number is not above the last one is a repeat (a retry after a lost reply)
  and changes nothing; a gap is logged. Nothing is accepted at or after the deadline: the attempt is then
  finished with the answer saved before it.
* **finish** is idempotent. It may carry a last batch. The score comes from the frozen material, the
  committed answer and the server-measured time (``rules.skill_scoring``), the timing flags from the batches
  (``rules.skill_timing``) — never from numbers the browser computed.

Every function takes ``now=`` (the clock seam of the exam engine's convention).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.core import audit

from ..models import SkillAttempt, SkillAttemptEvent, SkillKeystrokeBatch, SkillSitting, SkillTestDefinition
from ..rules import skill_material, skill_scoring, skill_timing
from ..skill_sources import passage_sources
from .skill_evidence import SkillTestError
from .skill_review import enter_result

MAX_EVENTS_PER_BATCH = 2000
MAX_ITEM_CHARS = 40
BLOCKED_KINDS = {skill_timing.PASTE: "paste_blocked", skill_timing.DROP: "drop_blocked",
                 skill_timing.AUTOFILL: "autofill_blocked", skill_timing.BLUR: "focus_lost"}

# --------------------------------------------------------------------------- start


def build_material(definition: SkillTestDefinition, seed: int) -> dict:
    M = SkillTestDefinition.Material
    try:
        if definition.material == M.AMOUNTS:
            return {"kind": "amounts",
                    "items": skill_material.amounts(seed, definition.item_count, definition.digit_mix)}
        if definition.material == M.NUMBER_GROUPS:
            return {"kind": "number_groups",
                    "items": skill_material.number_groups(seed, definition.item_count, definition.group_length)}
        return {"kind": "passage", **skill_material.passage(seed, passage_sources(), definition.passage_length)}
    except skill_material.MaterialError:
        raise SkillTestError("no_material")


def rules_in_force(definition: SkillTestDefinition) -> dict:
    return {
        "rule": definition.rule, "penalty": str(definition.penalty_per_error), "limit": definition.limit,
        "time_limit_seconds": definition.time_limit_seconds, "unit": definition.test_type.unit,
        "unit_en": definition.test_type.unit_en,
        "pass_marks": [{"level": m.level.code, "name": m.level.name, "name_en": m.level.name_en,
                        "min_value": str(m.min_value), "max_errors": m.max_errors}
                       for m in definition.pass_marks.select_related("level").order_by("level__order")],
    }


def _running(employee):
    return SkillAttempt.objects.select_for_update(of=("self",)).in_progress().filter(employee=employee).first()


def _create(employee, definition, *, mode, sitting, now, acting_user, ip) -> SkillAttempt:
    seed = secrets.randbits(48)
    deadline = now + timezone.timedelta(seconds=definition.time_limit_seconds)
    if sitting is not None:
        deadline = min(deadline, sitting.closes_at)
    try:
        with transaction.atomic():
            attempt = SkillAttempt.objects.create(
                employee=employee, definition=definition, sitting=sitting, mode=mode, seed=seed,
                material=build_material(definition, seed), rules_in_force=rules_in_force(definition),
                started_at=now, deadline=deadline,
                answer={"items": []} if definition.is_items else {"text": ""})
    except IntegrityError:  # a second tab started one at the same moment
        raise SkillTestError("busy")
    audit.record(attempt, "start", at=now, acting_user=acting_user, ip=ip, data={"mode": mode, "deadline": deadline.isoformat()})
    return attempt


def _resume_or_refuse(employee, *, wanted, now, acting_user, ip):
    running = _running(employee)
    if running is None:
        return None
    if now >= running.deadline:
        _finish_locked(running, now=now, reason=SkillAttempt.Finish.DEADLINE, acting_user=acting_user, ip=ip)
        return None
    if wanted(running):
        audit.record(running, "resume", at=now, acting_user=acting_user, ip=ip)
        return running
    raise SkillTestError("busy")


@transaction.atomic
def start_practice(employee, definition: SkillTestDefinition, *, now=None, acting_user=None, ip=None) -> SkillAttempt:
    now = now or timezone.now()
    if not (definition.is_active and definition.practice_allowed):
        raise SkillTestError("no_practice", status=403)
    resumed = _resume_or_refuse(employee, now=now, acting_user=acting_user, ip=ip,
                                wanted=lambda a: a.mode == SkillAttempt.Mode.PRACTICE
                                and a.definition_id == definition.pk)
    return resumed or _create(employee, definition, mode=SkillAttempt.Mode.PRACTICE, sitting=None, now=now,
                              acting_user=acting_user, ip=ip)


@transaction.atomic
def start_sitting(employee, sitting: SkillSitting, *, now=None, acting_user=None, ip=None) -> SkillAttempt:
    now = now or timezone.now()
    if not sitting.candidates.filter(pk=employee.pk).exists():
        raise SkillTestError("not_candidate", status=403)
    resumed = _resume_or_refuse(employee, now=now, acting_user=acting_user, ip=ip, wanted=lambda a: a.sitting_id == sitting.pk)
    if resumed:
        return resumed
    if SkillAttempt.objects.filter(sitting=sitting, employee=employee).exists():
        raise SkillTestError("done")
    if not sitting.opens_at <= now < sitting.closes_at:
        raise SkillTestError("not_open")
    return _create(employee, sitting.definition, mode=SkillAttempt.Mode.SITTING, sitting=sitting, now=now,
                   acting_user=acting_user, ip=ip)


# --------------------------------------------------------------------------- batches


def _clean_events(events) -> list[list]:
    """[[t_ms, kind, n], …] from the browser, or SkillTestError("bad_payload", 400)."""
    if not isinstance(events, list) or len(events) > MAX_EVENTS_PER_BATCH:
        raise SkillTestError("bad_payload", status=400)
    cleaned = []
    for event in events:
        if not (isinstance(event, list) and len(event) in (2, 3)):
            raise SkillTestError("bad_payload", status=400)
        t, kind, n = event[0], event[1], event[2] if len(event) == 3 else 0
        if (not isinstance(t, int) or isinstance(t, bool) or not 0 <= t < 10**10 or kind not in
                skill_timing.EVENT_KINDS or not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 10000):
            raise SkillTestError("bad_payload", status=400)
        cleaned.append([t, kind, n])
    return cleaned


def _clean_state(attempt: SkillAttempt, state) -> dict:
    if not isinstance(state, dict):
        raise SkillTestError("bad_payload", status=400)
    material = attempt.material
    if material.get("kind") == "passage":
        text = state.get("text")
        if not isinstance(text, str) or len(text) > 2 * len(material.get("text", "")) + 50:
            raise SkillTestError("bad_payload", status=400)
        return {"text": text}
    items = state.get("items")
    if (not isinstance(items, list) or len(items) > len(material.get("items", []))
            or any(not isinstance(i, str) or len(i) > MAX_ITEM_CHARS for i in items)):
        raise SkillTestError("bad_payload", status=400)
    return {"items": items}


def committed_chars(state: dict) -> int:
    if "text" in state:
        return len(skill_scoring.normalise_text(state["text"]))
    return sum(len(skill_scoring.normalise_text(i)) for i in state.get("items", []))


def _own(attempt_id, employee) -> SkillAttempt:
    attempt = (SkillAttempt.objects.select_for_update(of=("self",)).filter(pk=attempt_id, employee=employee)
               .select_related("definition__test_type", "sitting").first())
    if attempt is None:
        raise SkillTestError("not_yours", status=404)
    return attempt


@dataclass(frozen=True)
class Saved:
    saved: bool
    seq: int
    deadline: object
    status: str


def _store_batch(attempt, *, seq, events, state, now, acting_user, ip) -> bool:
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 10**9:
        raise SkillTestError("bad_payload", status=400)
    events, state = _clean_events(events), _clean_state(attempt, state)
    if seq <= attempt.last_seq:
        return False  # a repeat: already stored
    rows = []
    if seq > attempt.last_seq + 1:
        rows.append(audit.record(attempt, "batch_gap", at=now, acting_user=acting_user, ip=ip, save=False,
                        data={"expected": attempt.last_seq + 1, "received": seq}))
    for t, kind, _n in events:
        if kind in BLOCKED_KINDS:
            rows.append(audit.record(attempt, BLOCKED_KINDS[kind], at=now, acting_user=acting_user, ip=ip, save=False,
                            data={"t": t, "seq": seq}))
    SkillKeystrokeBatch.objects.create(attempt=attempt, seq=seq, received_at=now, events=events, state=state,
                                       chars=committed_chars(state))
    SkillAttemptEvent.objects.bulk_create(rows)
    attempt.last_seq, attempt.answer, attempt.last_saved_at = seq, state, now
    attempt.save(update_fields=["last_seq", "answer", "last_saved_at"])
    return True


def save_batch(attempt_id, employee, *, seq, events, state, now=None, acting_user=None, ip=None) -> Saved:
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _own(attempt_id, employee)
        if not attempt.is_in_progress:
            raise SkillTestError("finished")
        if now >= attempt.deadline:
            _finish_locked(attempt, now=now, reason=SkillAttempt.Finish.DEADLINE, acting_user=acting_user, ip=ip)
            deadline_passed = True
        else:
            deadline_passed = False
            saved = _store_batch(attempt, seq=seq, events=events, state=state, now=now, acting_user=acting_user, ip=ip)
    if deadline_passed:
        raise SkillTestError("deadline")
    return Saved(saved, attempt.last_seq, attempt.deadline, attempt.status)


# --------------------------------------------------------------------------- finish


def finish(attempt_id, employee, *, batch: dict | None = None, now=None, acting_user=None, ip=None) -> SkillAttempt:
    """The candidate finishes (idempotent); a last batch sent with it is stored first if in time."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _own(attempt_id, employee)
        if not attempt.is_in_progress:
            return attempt
        if now >= attempt.deadline:
            reason = SkillAttempt.Finish.DEADLINE
        else:
            reason = SkillAttempt.Finish.CANDIDATE
            if batch:
                _store_batch(attempt, seq=batch.get("seq"), events=batch.get("events", []),
                             state=batch.get("state"), now=now, acting_user=acting_user, ip=ip)
        _finish_locked(attempt, now=now, reason=reason, acting_user=acting_user, ip=ip)
    return attempt


def _timeline(attempt) -> tuple[list, list]:
    events, batches = [], []
    for batch in attempt.batches.order_by("seq").only("received_at", "events", "chars"):
        events += [skill_timing.Event(t, kind, n) for t, kind, n in batch.events]
        batches.append(skill_timing.Batch((batch.received_at - attempt.started_at).total_seconds(), batch.chars))
    return events, batches


def _finish_locked(attempt: SkillAttempt, *, now, reason, acting_user=None, ip=None) -> None:
    rules = attempt.rules_in_force
    if rules.get("limit") == SkillTestDefinition.Limit.TIME:
        # A fixed-time test is scored over its whole time: stopping early after a short perfect run must not
        # extrapolate into a speed nobody sustained.
        end = attempt.deadline
    else:
        end = min(now, attempt.deadline)
    elapsed = max((end - attempt.started_at).total_seconds(), 0.0)
    score = skill_scoring.score_attempt(attempt.material, attempt.answer, rule=rules["rule"],
                                        penalty=Decimal(rules.get("penalty", "0")), elapsed_seconds=elapsed)
    events, batches = _timeline(attempt)
    flags = skill_timing.timing_flags(events, batches, final_chars=committed_chars(attempt.answer),
                                      elapsed_seconds=elapsed)
    marks = [skill_scoring.PassMark(m["level"], Decimal(m["min_value"]), m["max_errors"])
             for m in rules.get("pass_marks", [])]
    attempt.status, attempt.finished_at, attempt.finish_reason = SkillAttempt.Status.FINISHED, now, reason
    attempt.elapsed_seconds = Decimal(str(round(elapsed, 2)))
    attempt.value, attempt.errors = score["value"], score["errors"]
    attempt.accuracy, attempt.speed = score["accuracy"], score["speed"]
    attempt.score_details = {"correct": score["correct"], **score["details"]}
    attempt.flags = flags
    attempt.levels_reached = skill_scoring.levels_reached(score["value"], score["errors"], marks)
    attempt.save()
    audit.record(attempt, "finish", at=now, acting_user=acting_user, ip=ip,
        data={"reason": reason, "value": str(attempt.value), "errors": attempt.errors,
              "flags": [f["code"] for f in flags]})
    if attempt.sitting_id and not attempt.sitting.invigilated and attempt.sitting.created_by_id:
        enter_result(attempt, acting_user=attempt.sitting.created_by, now=now)


def expire_overdue(*, now=None, employee=None) -> int:
    """Finish every attempt whose deadline passed while its page was closed; returns how many."""
    now = now or timezone.now()
    overdue = SkillAttempt.objects.overdue(now)
    if employee is not None:
        overdue = overdue.filter(employee=employee)
    count = 0
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            attempt = SkillAttempt.objects.select_for_update(of=("self",)).select_related("sitting").get(pk=pk)
            if attempt.is_in_progress:
                _finish_locked(attempt, now=now, reason=SkillAttempt.Finish.DEADLINE)
                count += 1
    return count
