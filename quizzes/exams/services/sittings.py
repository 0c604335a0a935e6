"""Sittings as a person meets them: who is eligible, their own window, time and attempts (with any
overrides HR granted), the sittings on "My exams", and the override actions themselves."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, IntegerField, Max, Q, Value
from django.utils.translation import gettext as _

from content.models import PostAssignment
from portal.core import audit
from portal.people.models import Employee, OrgUnit

from .. import clock
from ..models import Attempt, AttemptStatus, EventKind, Sitting, SittingOverride
from ..rules import deadlines, eligibility

OVERRIDE_PERMISSION = "exams.add_sittingoverride"


# ------------------------------------------------------------------------------- facts


def person_of(employee: Employee) -> eligibility.Person:
    posts = frozenset(PostAssignment.objects.filter(employee=employee).values_list("post_id", flat=True))
    if employee.org_unit_id is not None and Employee.org_unit.is_cached(employee):  # read with the employee
        unit_path = employee.org_unit.path
    else:
        unit_path = OrgUnit.objects.filter(pk=employee.org_unit_id).values_list("path", flat=True).first() or ""
    return eligibility.Person(employee.pk, unit_path, posts, active=employee.is_active)


def audience_of(sitting: Sitting) -> eligibility.Audience:
    return eligibility.Audience(
        post_ids=frozenset(sitting.eligible_posts.values_list("pk", flat=True)),
        unit_paths=tuple(sitting.eligible_units.values_list("path", flat=True)),
        employee_ids=frozenset(sitting.eligible_employees.values_list("pk", flat=True)),
    )


@dataclass(frozen=True)
class Terms:
    """A person's terms at a sitting: their window, minutes, attempts (overrides applied)."""

    window: deadlines.Window
    time_limit_minutes: int
    extra_minutes: int
    attempts_allowed: int
    has_override: bool

    @property
    def minutes(self) -> int:
        return self.time_limit_minutes + self.extra_minutes


def terms_for(sitting: Sitting, employee: Employee) -> Terms:
    overrides = list(SittingOverride.objects.in_force().filter(sitting=sitting, employee=employee)
                     .order_by("created_at", "pk"))
    window = deadlines.Window(sitting.opens_at, sitting.closes_at)
    for override in overrides:  # the latest window granted applies
        if override.opens_at and override.closes_at:
            window = deadlines.Window(override.opens_at, override.closes_at)
    return Terms(
        window=window,
        time_limit_minutes=sitting.time_limit_minutes,
        extra_minutes=sum(o.extra_minutes for o in overrides),
        attempts_allowed=sitting.attempts_allowed + sum(o.extra_attempts for o in overrides),
        has_override=bool(overrides),
    )


def _person_and_audience(sitting: Sitting, employee: Employee) -> tuple[eligibility.Person, eligibility.Audience]:
    """``person_of`` and ``audience_of`` in one query: the person's posts and the sitting's posts, units and named
    people, as (kind, id, path) rows of one UNION ALL."""
    def rows(query, kind: str, id_field, path_field):
        return query.order_by().annotate(
            row_kind=Value(kind, output_field=CharField()),
            row_id=F(id_field) if isinstance(id_field, str) else id_field,
            row_path=F(path_field) if isinstance(path_field, str) else path_field,
        ).values_list("row_kind", "row_id", "row_path")

    no_id, no_path = Value(0, output_field=IntegerField()), Value("", output_field=CharField())
    query = rows(PostAssignment.objects.filter(employee=employee), "mine", "post_id", no_path).union(
        rows(sitting.eligible_posts.all(), "post", "pk", no_path),
        rows(sitting.eligible_units.all(), "unit", no_id, "path"),
        rows(sitting.eligible_employees.all(), "employee", "pk", no_path),
        all=True,
    )
    found: dict[str, list] = {"mine": [], "post": [], "unit": [], "employee": []}
    for kind, row_id, path in query:
        found[kind].append(path if kind == "unit" else row_id)
    if employee.org_unit_id is not None and Employee.org_unit.is_cached(employee):  # read with the employee
        unit_path = employee.org_unit.path
    else:
        unit_path = OrgUnit.objects.filter(pk=employee.org_unit_id).values_list("path", flat=True).first() or ""
    person = eligibility.Person(employee.pk, unit_path, frozenset(found["mine"]), active=employee.is_active)
    audience = eligibility.Audience(post_ids=frozenset(found["post"]), unit_paths=tuple(sorted(found["unit"])),
                                    employee_ids=frozenset(found["employee"]))
    return person, audience


def is_eligible(sitting: Sitting, employee: Employee, terms: Terms | None = None) -> bool:
    terms = terms or terms_for(sitting, employee)
    if not employee.is_active or terms.has_override:  # (an override admits an active person whatever the audience)
        return eligibility.in_audience(eligibility.Person(employee.pk, "", active=employee.is_active),
                                       eligibility.Audience(), has_override=terms.has_override)
    person, audience = _person_and_audience(sitting, employee)
    return eligibility.in_audience(person, audience)


def attempt_rows(employee: Employee) -> list[dict]:
    """The person's attempts (every sitting) as history_of reads them, with their ids and deadlines."""
    return list(Attempt.objects.filter(employee=employee).order_by()
                .values("pk", "sitting_id", "status", "submitted_at", "deadline"))


def history_of(sitting: Sitting, employee: Employee, rows: list[dict] | None = None) -> eligibility.History:
    """``rows``: ``attempt_rows(employee)`` when the caller has read them."""
    attempts = rows if rows is not None else list(
        Attempt.objects.filter(employee=employee).order_by().values("sitting_id", "status", "submitted_at"))
    here = [a for a in attempts if a["sitting_id"] == sitting.pk]
    submitted = [a["submitted_at"] for a in here if a["submitted_at"] is not None]
    return eligibility.History(
        attempts_used=len(here),
        in_progress_here=any(a["status"] == AttemptStatus.IN_PROGRESS for a in here),
        in_progress_elsewhere=any(
            a["status"] == AttemptStatus.IN_PROGRESS and a["sitting_id"] != sitting.pk for a in attempts
        ),
        last_submitted_at=max(submitted) if submitted else None,
    )


def decision_for(sitting: Sitting, employee: Employee, now: datetime.datetime | None = None, *,
                 terms: Terms | None = None, history: eligibility.History | None = None) -> eligibility.Decision:
    """Whether the person may start now. ``terms`` and ``history``, when the caller has read them, are reused."""
    now = now or clock.now()
    terms = terms or terms_for(sitting, employee)
    return eligibility.start_decision(
        now=now,
        eligible=is_eligible(sitting, employee, terms),
        window=terms.window,
        attempts_allowed=terms.attempts_allowed,
        cooldown_minutes=sitting.cooldown_minutes,
        history=history if history is not None else history_of(sitting, employee),
    )


def last_close(sitting: Sitting) -> datetime.datetime:
    """When the last window of the sitting (its own or any override's) closes: answers may be shown after."""
    latest = SittingOverride.objects.in_force().filter(sitting=sitting).aggregate(m=Max("closes_at"))["m"]
    return max(sitting.closes_at, latest) if latest else sitting.closes_at


def sittings_for(employee: Employee):
    """Every sitting this person is eligible for (or has attempted), newest first."""
    unit = OrgUnit.objects.filter(pk=employee.org_unit_id).first()
    unit_paths = [unit.path[:n] for n in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)] if unit else []
    posts = PostAssignment.objects.filter(employee=employee).values_list("post_id", flat=True)
    return (
        Sitting.objects.filter(
            Q(eligible_employees=employee)
            | Q(eligible_posts__in=posts)
            | Q(eligible_units__path__in=unit_paths)
            | Q(overrides__employee=employee, overrides__revoked_at__isnull=True)
            | Q(attempts__employee=employee)
        )
        .distinct()
        .select_related("blueprint")
        .order_by("-opens_at", "-pk")
    )


# ------------------------------------------------------------------------------- overrides


def _require(user, permission):
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(permission)


@transaction.atomic
def grant_override(
    sitting: Sitting,
    employee: Employee,
    *,
    reason: str,
    acting_user=None,
    extra_minutes: int = 0,
    extra_attempts: int = 0,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> SittingOverride:
    """Extra time, another window or more attempts for one person, with a reason (audited)."""
    _require(acting_user, OVERRIDE_PERMISSION)
    override = SittingOverride(
        sitting=sitting, employee=employee, reason=(reason or "").strip(), extra_minutes=extra_minutes or 0,
        extra_attempts=extra_attempts or 0, opens_at=opens_at, closes_at=closes_at,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    override.full_clean()
    override.save()
    audit.record(override, "exams.override.grant", acting_user=acting_user, data={
        "sitting": sitting.pk, "employee": employee.employee_number, "extra_minutes": override.extra_minutes,
        "extra_attempts": override.extra_attempts, "reason": override.reason,
        "window": [str(opens_at), str(closes_at)] if opens_at else None,
    })
    recompute_deadlines(sitting, employee=employee, acting_user=acting_user, now=now)
    return override


@transaction.atomic
def revoke_override(override: SittingOverride, *, reason: str, acting_user=None, now=None) -> SittingOverride:
    _require(acting_user, "exams.change_sittingoverride")
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason."))
    override = SittingOverride.objects.select_for_update().get(pk=override.pk)
    if override.revoked_at is not None:
        return override
    override.revoked_at = now or clock.now()
    override.revoked_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    override.revoke_reason = reason.strip()
    override.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(override, "exams.override.revoke", acting_user=acting_user, data={"reason": override.revoke_reason})
    recompute_deadlines(override.sitting, employee=override.employee, acting_user=acting_user, now=now)
    return override


def recompute_deadlines(sitting: Sitting, *, employee: Employee | None = None, acting_user=None, now=None) -> int:
    """Move the deadlines of attempts in progress after the sitting's close or an override changed."""
    now = now or clock.now()
    attempts = Attempt.objects.select_for_update().in_progress().filter(sitting=sitting)
    if employee is not None:
        attempts = attempts.filter(employee=employee)
    moved = 0
    for attempt in attempts:
        terms = terms_for(sitting, attempt.employee)
        deadline = deadlines.attempt_deadline(
            attempt.started_at, terms.time_limit_minutes, terms.extra_minutes, terms.window.closes_at
        )
        if deadline != attempt.deadline:
            audit.record(attempt, EventKind.DEADLINE_MOVED, at=now, acting_user=acting_user,
                        data={"old": attempt.deadline.isoformat(), "new": deadline.isoformat()})
            attempt.deadline = deadline
            attempt.save(update_fields=["deadline"])
            moved += 1
    if moved and employee is None:
        audit.record(sitting, "exams.sitting.deadlines", acting_user=acting_user, data={"attempts": moved})
    return moved
