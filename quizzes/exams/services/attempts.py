"""Attempts: start (or resume), save an answer, flag, report page events, hand in, and hand in what was
saved when time runs out.

Concurrency: every mutation of an attempt first locks its row (``SELECT … FOR UPDATE``), so a save and a
hand-in never interleave, two hand-ins (double click, two tabs) run one after the other and the second
finds the paper already handed in (idempotent), and a save that waited behind a hand-in is refused.
Starting locks the person's Employee row, so two starts cannot both create an attempt; the unique
constraints (one attempt in progress per person; attempt numbers per sitting) back this up.
On SQLite, which has no row locks, writers are serialised by the database itself and a write that
finds the database busy is retried (``_retry_when_locked``).
"""

from __future__ import annotations

import functools
import json
import secrets
import time

from django.db import IntegrityError, OperationalError, connection, transaction

from portal.core import audit
from portal.people.models import Employee

from .. import clock
from ..models import CLIENT_EVENT_KINDS, Attempt, AttemptItem, AttemptStatus, EventKind, Sitting, SubmitReason
from ..rules import access, deadlines, draw, eligibility, shuffle
from ..rules.scoring import AnswerTooLong, clean_for
from . import answers, papers, scoring
from .answers import Saved
from .errors import ExamError
from .evidence import excerpt
from .sittings import attempt_rows, decision_for, history_of, terms_for

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _retry_when_locked(func):
    """On SQLite, retry a write transaction that found the database locked by another writer."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt_number in range(20):
            try:
                return func(*args, **kwargs)
            except OperationalError as error:
                locked = "locked" in str(error) or "busy" in str(error)
                if connection.vendor != "sqlite" or not locked or connection.in_atomic_block or attempt_number == 19:
                    raise
                time.sleep(0.02 * (attempt_number + 1))
        raise AssertionError("unreachable")

    return wrapper


def employee_of(user) -> Employee:
    employee = None
    if user.is_authenticated:
        employee = next(iter(Employee.objects.filter(user=user, is_active=True).order_by()[:1]), None)
    if employee is None:
        raise ExamError("no_employee", status=403)
    return employee


def check_access(sitting: Sitting, *, ip: str | None, password: str | None = None, unlocked: bool = False) -> None:
    """The proctored-room rules: the address must be in an allowed range; the password once per session."""
    if not access.address_allowed(ip, sitting.allowed_networks):
        raise ExamError("network", status=403)
    if sitting.access_password and not unlocked and not access.password_matches(password, sitting.access_password):
        raise ExamError("password", status=403)


def _locked(attempt_id: int, employee: Employee | None) -> Attempt:
    # No ordering (no ORDER BY to compile) and only the sitting joined: this runs on every save.
    attempt = next(iter(
        Attempt.objects.select_for_update(of=("self",)).select_related("sitting").filter(pk=attempt_id).order_by()
    ), None)
    if attempt is None or (employee is not None and attempt.employee_id != employee.pk):
        raise ExamError("not_yours", status=404)
    return attempt


# ------------------------------------------------------------------------------- start


def start_attempt(
    sitting: Sitting,
    employee: Employee,
    *,
    now=None,
    password: str | None = None,
    unlocked: bool = False,
    ip: str | None = None,
    user_agent: str = "",
    acting_user=None,
) -> Attempt:
    """Start a new attempt, or resume the one in progress at this sitting. ExamError says why not."""
    now = now or clock.now()
    try:
        return _start(sitting, employee, now=now, password=password, unlocked=unlocked, ip=ip,
                      user_agent=user_agent, acting_user=acting_user)
    except IntegrityError:
        # Another request started one at the same moment (the constraints caught it): resume that one.
        existing = Attempt.objects.in_progress().filter(sitting=sitting, employee=employee).first()
        if existing is None:
            raise
        return existing


@_retry_when_locked
@transaction.atomic
def _start(sitting, employee, *, now, password, unlocked, ip, user_agent, acting_user) -> Attempt:
    """One start: the person's row locked, their terms and attempts read once, the paper drawn and written in
    one INSERT per table (attempt, its items, the start event), and the paper's metadata cached for the saves."""
    # One start at a time per person: the Employee row is locked, read with its unit (eligibility needs the path).
    person = Employee.objects.select_for_update(of=("self",)).select_related("org_unit").filter(
        pk=employee.pk).order_by().first() or employee
    terms = terms_for(sitting, person)
    rows = attempt_rows(person)  # every attempt of theirs, read once: overdue ones and the history
    if any(row["status"] == AttemptStatus.IN_PROGRESS and not deadlines.accepts_answers(now, row["deadline"])
           for row in rows):
        expire_overdue(now=now, employee=employee)  # handed in with what was saved before the deadline
        rows = attempt_rows(person)
    history = history_of(sitting, person, rows)
    existing = None
    if history.in_progress_here:
        existing = Attempt.objects.in_progress().filter(sitting=sitting, employee=employee).first()
    decision = decision_for(sitting, person, now, terms=terms, history=history)
    if decision.reason == eligibility.NOT_ELIGIBLE:
        raise ExamError(decision.reason, status=403)
    if sitting.held_on_paper:
        raise ExamError("on_paper", status=403)
    check_access(sitting, ip=ip, password=password, unlocked=unlocked)
    if existing is not None:
        audit.record(existing, EventKind.RESUME, at=now, acting_user=acting_user, ip_address=ip, data={"user_agent": user_agent[:200]})
        return existing
    if not decision.allowed:
        raise ExamError(decision.reason, until=decision.until)
    seed = shuffle.new_seed()
    try:
        items = papers.build_items(sitting.blueprint, seed=seed, seen=papers.seen_question_ids(employee))
    except draw.InfeasibleDraw:
        raise ExamError("infeasible", status=503)
    number = history.attempts_used + 1  # every attempt at this sitting, read under the person's lock
    attempt = Attempt.objects.create(
        sitting=sitting,
        employee=employee,
        number=number,
        seed=seed,
        candidate_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(8)),
        language=sitting.language,
        started_at=now,
        deadline=deadlines.attempt_deadline(now, terms.time_limit_minutes, terms.extra_minutes,
                                            terms.window.closes_at),
        max_score=sum((item.points for item in items), 0),
        ip_address=ip or None,
        user_agent=(user_agent or "")[:255],
    )
    for item in items:
        item.attempt = attempt
    _insert_items(items)
    audit.record(attempt, EventKind.START, at=now, acting_user=acting_user, ip_address=ip, data={
        "number": number, "deadline": attempt.deadline.isoformat(), "seed": seed,
        "extra_minutes": terms.extra_minutes,
        "versions": [item.version_id for item in items], "user_agent": (user_agent or "")[:200],
    })
    # (Cached now, not on commit: a copy of a paper rolled back is harmless, the save's statement checks the seed.)
    answers.remember(attempt, sitting, items)
    return attempt


# What differs from one question of a new paper to the next (the rest is every item's default) and its array type.
_ITEM_COLUMNS = (("position", "smallint"), ("section_index", "smallint"), ("section_title", "text"),
                 ("section_title_en", "text"), ("version_id", "bigint"), ("points", "numeric"),
                 ("option_order", "text"))


def _insert_items(items: list[AttemptItem]) -> None:
    """The paper's items in one INSERT with their ids back. On PostgreSQL one ``INSERT … SELECT FROM unnest(…)``
    of the columns that differ between items (``bulk_create`` prepares every field of every row in Python: a
    third of a start's time); elsewhere, and for items that are not plain new ones, ``bulk_create``."""
    names = {attname for attname, _type in _ITEM_COLUMNS}
    fields = [f for f in AttemptItem._meta.concrete_fields if not f.primary_key and f.attname not in names]
    first = items[0] if items else None
    if connection.vendor != "postgresql" or first is None or any(
            getattr(item, f.attname) != getattr(first, f.attname) for f in fields for item in items):
        AttemptItem.objects.bulk_create(items)
        return
    quote = connection.ops.quote_name
    columns = [quote(attname) for attname, _type in _ITEM_COLUMNS] + [quote(f.column) for f in fields]
    selects = [f"u.{quote(attname)}" if attname != "option_order" else "CAST(u.option_order AS jsonb)"
               for attname, _type in _ITEM_COLUMNS]
    selects += [f"CAST(%s AS {f.db_type(connection)})" for f in fields]
    unnest = ", ".join(f"CAST(%s AS {array_type}[])" for _attname, array_type in _ITEM_COLUMNS)
    names_sql = ", ".join(quote(attname) for attname, _type in _ITEM_COLUMNS)
    params = [f.get_db_prep_save(f.pre_save(first, add=True), connection) for f in fields]
    params += [
        [item.position for item in items], [item.section_index for item in items],
        [item.section_title for item in items], [item.section_title_en for item in items],
        [item.version_id for item in items], [item.points for item in items],
        [json.dumps(item.option_order) for item in items],
    ]
    sql = (f"INSERT INTO {AttemptItem._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selects)}"
           f" FROM unnest({unnest}) AS u({names_sql}) RETURNING id, position")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = dict((position, pk) for pk, position in cursor.fetchall())
    for item in items:
        item.pk = ids[item.position]
        item._state.adding, item._state.db = False, connection.alias


# ------------------------------------------------------------------------------- answers


def _late_reason(attempt: Attempt) -> str:
    return "deadline" if attempt.submit_reason in (SubmitReason.DEADLINE, SubmitReason.CLOSED) else "submitted"


@_retry_when_locked
def save_answer(attempt_id: int, employee: Employee | int | None, position: int, response, *,
                seq: int | None = None, now=None, ip: str | None = None, acting_user=None, guard=None) -> Saved:
    """Store one answer as it is given (``response`` in the display positions the candidate saw).

    A save with an older sequence number than the stored one is ignored (a late retry). At or after the
    deadline the paper is handed in with what was saved and the save is refused (and kept as evidence).
    ``guard(attempt)`` (the API's access check) runs before anything is written.

    ``employee`` may be an employee id remembered in the signed-in user's session (the API): the short path
    then checks in its statement that it is ``acting_user``'s active employee record; the full path resolves it.
    Most saves take the short path (``answers.try_save``: one conditional UPDATE and the evidence row); the
    full path below, which locks the attempt row, decides and records every refusal and late retry.
    """
    now = now or clock.now()
    from_session = isinstance(employee, int)
    if employee is not None:
        employee_id = employee if from_session else employee.pk
        saved = answers.try_save(attempt_id, employee_id, position, response, seq=seq, now=now, ip=ip,
                                 acting_user=acting_user, guard=guard,
                                 user_id=getattr(acting_user, "pk", None) if from_session else None)
        if saved is not None:
            return saved
    if from_session:
        employee = employee_of(acting_user)
    try:
        saved = _save_locked(attempt_id, employee, position, response, seq=seq, now=now, ip=ip,
                             acting_user=acting_user, guard=guard)
    except ExamError:
        answers.forget(attempt_id)  # the rules or the paper's state changed: the next save reads them afresh
        raise
    if not saved.stale:
        answers.forget(attempt_id)
    return saved


def _save_locked(attempt_id: int, employee: Employee | None, position: int, response, *, seq, now, ip,
                 acting_user, guard) -> Saved:
    refused = None
    with transaction.atomic():
        attempt = _locked(attempt_id, employee)
        if guard is not None:
            guard(attempt)
        if attempt.is_in_progress and not deadlines.accepts_answers(now, attempt.deadline):
            _hand_in(attempt, reason=_deadline_reason(attempt), at=attempt.deadline, now=now)
        if not attempt.is_in_progress:
            refused = _late_reason(attempt)
            audit.record(attempt, EventKind.SAVE_REFUSED, at=now, position=position, acting_user=acting_user, ip_address=ip,
                        data={**excerpt(response), "seq": seq, "reason": refused})
        else:
            item = next(iter(
                AttemptItem.objects.filter(attempt_id=attempt.pk, position=position).order_by()
                .select_related("version").only("pk", "response_seq", "answered_at", "option_order", "version__type",
                                                "version__options", "version__blanks", "version__prompts")
            ), None)
            if item is None:
                raise ExamError("bad_question", status=400)
            version = item.version
            try:
                cleaned = clean_for(version, response)
            except AnswerTooLong as error:
                raise ExamError("too_long", status=400, limit=error.limit)
            except ValueError:
                raise ExamError("bad_answer", status=400)
            stored = shuffle.to_original(version.type, cleaned, item.option_order)
            seq = int(seq) if seq is not None else item.response_seq + 1
            if seq <= item.response_seq:
                audit.record(attempt, EventKind.SAVE_STALE, at=now, position=position, acting_user=acting_user, ip_address=ip,
                            data={"response": stored, "seq": seq, "stored_seq": item.response_seq})
                return Saved(position, item.response_seq, True, item.answered_at, attempt.deadline)
            AttemptItem.objects.filter(pk=item.pk).update(response=stored, response_seq=seq, answered_at=now)
            audit.record(attempt, EventKind.SAVE, at=now, position=position, acting_user=acting_user, ip_address=ip,
                        data={"response": stored, "seq": seq})
            return Saved(position, seq, False, now, attempt.deadline)
    raise ExamError(refused)


@_retry_when_locked
def set_flag(attempt_id: int, employee: Employee | None, position: int, flagged: bool, *, now=None, ip=None,
             acting_user=None, guard=None) -> bool:
    now = now or clock.now()
    with transaction.atomic():
        attempt = _locked(attempt_id, employee)
        if guard is not None:
            guard(attempt)
        if not attempt.is_in_progress or not deadlines.accepts_answers(now, attempt.deadline):
            refused = True
        else:
            refused = False
            changed = AttemptItem.objects.filter(attempt=attempt, position=position).update(flagged=bool(flagged))
            if not changed:
                raise ExamError("bad_question", status=400)
            audit.record(attempt, EventKind.FLAG, at=now, position=position, acting_user=acting_user, ip_address=ip,
                        data={"flagged": bool(flagged)})
    if refused:
        expire_overdue(now=now, employee=attempt.employee)
        raise ExamError(_late_reason(Attempt.objects.get(pk=attempt.pk)))
    return bool(flagged)


@_retry_when_locked
def record_client_event(attempt_id: int, employee: Employee | None, kind: str, *, data=None, now=None, ip=None,
                        acting_user=None) -> bool:
    """The page reports it was hidden or shown, or lost or regained its connection (evidence only)."""
    if kind not in CLIENT_EVENT_KINDS:
        raise ExamError("bad_event", status=400)
    now = now or clock.now()
    attempt = Attempt.objects.filter(pk=attempt_id).only("pk", "employee_id", "status").first()
    if attempt is None or (employee is not None and attempt.employee_id != employee.pk):
        raise ExamError("not_yours", status=404)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return False
    clean = {k: str(v)[:200] for k, v in (data or {}).items() if k in ("client_time", "detail", "offline_seconds")}
    audit.record(attempt, kind, at=now, acting_user=acting_user, ip_address=ip, data=clean)
    return True


# ------------------------------------------------------------------------------- handing in


def _deadline_reason(attempt: Attempt) -> str:
    terms = terms_for(attempt.sitting, attempt.employee)
    return SubmitReason.CLOSED if attempt.deadline >= terms.window.closes_at else SubmitReason.DEADLINE


def _hand_in(attempt: Attempt, *, reason: str, at, now, acting_user=None, ip=None) -> Attempt:
    """Mark the paper handed in at ``at``, machine-mark it, and finalise it when nothing awaits grading.

    The caller holds the attempt's row lock. The items are read once (with their versions) and marked in one
    bulk UPDATE; a paper with nothing to grade by hand is handed in and made final by one UPDATE of the attempt,
    its "submit" and "final" evidence rows written by one INSERT."""
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = at
    attempt.submit_reason = reason
    items = scoring.mark_items(attempt)
    answered = sum(1 for item in items if item.is_answered)
    kind = EventKind.SUBMIT if reason == SubmitReason.CANDIDATE else EventKind.AUTO_SUBMIT
    handed_in = audit.record(attempt, kind, at=now, acting_user=acting_user, ip_address=ip, save=False, data={
        "reason": reason, "handed_in_at": at.isoformat(), "answered": answered, "unanswered": len(items) - answered,
    })
    if any(item.needs_grading for item in items):
        attempt.save(update_fields=["status", "submitted_at", "submit_reason"])
        handed_in.save()
        return attempt
    scoring.finalise(attempt, now=now, acting_user=acting_user, items=items,
                     also_save=["submitted_at", "submit_reason"], evidence=[handed_in])
    return attempt


def _locked_for_hand_in(attempt_id: int, employee: Employee | int | None, user_id: int | None = None) -> Attempt:
    """The attempt's row locked, read with its sitting, blueprint and employee (what marking and the result need).

    ``employee`` as an id (remembered in the API's session): the row must also be ``user_id``'s active employee
    record; when it is not, the caller resolves the employee afresh and refuses with the usual reason."""
    query = (Attempt.objects.select_for_update(of=("self",)).select_related("sitting__blueprint", "employee")
             .filter(pk=attempt_id).order_by())
    if isinstance(employee, int):
        query = query.filter(employee_id=employee, employee__user_id=user_id, employee__is_active=True)
    attempt = next(iter(query), None)
    if attempt is None or (isinstance(employee, Employee) and attempt.employee_id != employee.pk):
        raise ExamError("not_yours", status=404)
    return attempt


@_retry_when_locked
def submit_attempt(attempt_id: int, employee: Employee | int | None = None, *, now=None, acting_user=None, ip=None,
                   guard=None) -> Attempt:
    """Hand the paper in. Idempotent: a second call (double click, another tab) changes nothing.

    ``employee`` may be the employee id remembered in the signed-in user's session (the API): the locking read
    then checks it is ``acting_user``'s active record, and when it is not, the employee is resolved afresh (a
    deactivated record is refused as today)."""
    now = now or clock.now()
    if isinstance(employee, int):
        try:
            return _submit(attempt_id, employee, now=now, acting_user=acting_user, ip=ip, guard=guard,
                           user_id=getattr(acting_user, "pk", None))
        except ExamError as error:
            if error.code != "not_yours":
                raise
        employee = employee_of(acting_user)
    return _submit(attempt_id, employee, now=now, acting_user=acting_user, ip=ip, guard=guard)


def _submit(attempt_id, employee, *, now, acting_user, ip, guard, user_id=None) -> Attempt:
    with transaction.atomic():
        attempt = _locked_for_hand_in(attempt_id, employee, user_id)
        if guard is not None and attempt.is_in_progress:
            guard(attempt)
        if not attempt.is_in_progress:
            audit.record(attempt, EventKind.SUBMIT_REPEAT, at=now, acting_user=acting_user, ip_address=ip)
            return attempt
        if deadlines.accepts_answers(now, attempt.deadline):
            return _hand_in(attempt, reason=SubmitReason.CANDIDATE, at=now, now=now, acting_user=acting_user, ip=ip)
        return _hand_in(attempt, reason=_deadline_reason(attempt), at=attempt.deadline, now=now, acting_user=acting_user, ip=ip)


def expire_overdue(*, now=None, employee: Employee | int | None = None, sitting: Sitting | None = None) -> int:
    """Hand in every attempt in progress whose deadline has passed, with what was saved before it."""
    now = now or clock.now()
    overdue = Attempt.objects.overdue(now)
    if employee is not None:
        overdue = overdue.filter(employee=employee)
    if sitting is not None:
        overdue = overdue.filter(sitting=sitting)
    count = 0
    for attempt_id in list(overdue.values_list("pk", flat=True)):
        count += _expire_one(attempt_id, now)
    return count


@_retry_when_locked
def _expire_one(attempt_id: int, now) -> int:
    with transaction.atomic():
        attempt = _locked_for_hand_in(attempt_id, None)
        if attempt.is_in_progress and not deadlines.accepts_answers(now, attempt.deadline):
            _hand_in(attempt, reason=_deadline_reason(attempt), at=attempt.deadline, now=now)
            return 1
    return 0


def has_timed_attempt_in_progress(user) -> bool:
    """Whether ``user`` is sitting a timed attempt now (the idle time-out never signs them out then)."""
    return Attempt.objects.running(clock.now()).filter(employee__user=user).exists()
