"""Who-has-read reports: per round, who must read, who has, who is overdue — in total and by org unit.

Counting rules (one place, used by the round list, the round report and its exports):

* **must read** — requests still standing: acknowledged, or pending for an active employee (requests
  replaced by a later version or withdrawn, and pending requests of people who have left, do not count);
* **acknowledged** — confirmed (on time or late); **pending** — must read and not yet acknowledged;
* **overdue** — pending past the due date;
* percentages are of "must read".

Org units are the employees' current units; each unit's line also counts its sub-units (a branch includes
its outlets). Every function here runs a fixed number of queries, whatever the number of employees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.people.models import OrgUnit

from ..models import Acknowledgement, AcknowledgementRound, reading_states

Status = Acknowledgement.Status
OVERDUE_LABEL = _("Overdue")
LEFT_LABEL = _("Left (inactive)")


def _counts(today: datetime.date, prefix: str = "") -> dict:
    field = f"{prefix}pk" if prefix else "pk"
    return {
        f"n_{name}": Count(field, filter=condition) for name, condition in reading_states(today, prefix).items()
    }


@dataclass
class Counts:
    required: int = 0
    acknowledged: int = 0
    pending: int = 0
    overdue: int = 0

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    @property
    def acknowledged_percent(self) -> float:
        return self.percent(self.acknowledged, self.required)

    @property
    def overdue_percent(self) -> float:
        return self.percent(self.overdue, self.required)

    @property
    def pending_percent(self) -> float:
        return self.percent(self.pending, self.required)

    def add(self, other: Counts) -> None:
        self.required += other.required
        self.acknowledged += other.acknowledged
        self.pending += other.pending
        self.overdue += other.overdue

    @classmethod
    def from_row(cls, row: dict) -> Counts:
        return cls(
            required=row["n_required"],
            acknowledged=row["n_acknowledged"],
            pending=row["n_pending"],
            overdue=row["n_overdue"],
        )


def annotate_rounds(queryset, today: datetime.date | None = None):
    """Rounds with ``n_required``, ``n_acknowledged``, ``n_pending``, ``n_overdue`` (one grouped query)."""
    return queryset.annotate(**_counts(today or timezone.localdate(), "acknowledgements__"))


@dataclass(frozen=True)
class RoundPlace:
    """A round's number among its rule's rounds (1 = the first published), and for a round replaced by a
    later version the number of the round that replaced it."""

    number: int
    replaced_by: int | None = None


def round_places(rounds) -> dict[int, RoundPlace]:
    """``{round pk: RoundPlace}`` for the given rounds, in one query over their rules' rounds.

    A replaced round's figures are frozen at the moment it was replaced (its pending requests moved to
    the later round): the lists show "replaced by round N" instead of a rate that would read 1/1 = 100%.
    """
    rounds = list(rounds)
    page_ids = {r.page_id for r in rounds}
    ordered: dict[int, list[int]] = {}
    for pk, page_id in (
        AcknowledgementRound.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "opened_at", "pk")
        .values_list("pk", "page_id")
    ):
        ordered.setdefault(page_id, []).append(pk)
    places = {}
    for r in rounds:
        sequence = ordered.get(r.page_id, [r.pk])
        index = sequence.index(r.pk) if r.pk in sequence else 0
        replaced = r.close_reason == AcknowledgementRound.CloseReason.REPLACED and index + 1 < len(sequence)
        places[r.pk] = RoundPlace(index + 1, index + 2 if replaced else None)
    return places


def totals(round_, today: datetime.date | None = None) -> Counts:
    row = Acknowledgement.objects.filter(round=round_).aggregate(**_counts(today or timezone.localdate()))
    return Counts.from_row(row)


@dataclass
class OrgUnitLine:
    unit: OrgUnit
    level: int  # depth below the top unit shown, for indentation
    own: Counts  # people in this unit itself
    total: Counts  # this unit and its sub-units

    @property
    def path_label(self) -> str:
        return " / ".join(self.unit.path_names_cached)


def by_org_unit(round_, today: datetime.date | None = None) -> list[OrgUnitLine]:
    """One line per org unit with people in the round (and each of their ancestors), in tree order: two
    queries (the grouped counts, the units)."""
    today = today or timezone.localdate()
    rows = (
        Acknowledgement.objects.filter(round=round_)
        .values("employee__org_unit_id")
        .annotate(**_counts(today))
        .order_by()
    )
    own = {row["employee__org_unit_id"]: Counts.from_row(row) for row in rows}
    if not own:
        return []
    units = list(OrgUnit.objects.order_by("path"))
    by_path = {u.path: u for u in units}
    steplen = OrgUnit.steplen
    totals_by_path: dict[str, Counts] = {}
    for unit in units:
        counts = own.get(unit.pk)
        if counts is None:
            continue
        for depth in range(1, len(unit.path) // steplen + 1):
            totals_by_path.setdefault(unit.path[: depth * steplen], Counts()).add(counts)
    lines = []
    for unit in units:
        total = totals_by_path.get(unit.path)
        if total is None or not (total.required or own.get(unit.pk)):
            continue
        ancestors = [by_path[unit.path[: d * steplen]] for d in range(1, len(unit.path) // steplen)]
        unit.path_names_cached = [a.display_name for a in ancestors] + [unit.display_name]
        lines.append(
            OrgUnitLine(unit=unit, level=unit.depth - 1, own=own.get(unit.pk, Counts()), total=total)
        )
    return lines


def people(round_):
    """The round's requests with person, unit and revision, for the listing and the export."""
    return (
        Acknowledgement.objects.filter(round=round_)
        .select_related("employee", "employee__org_unit")
        .order_by("employee__org_unit__path", "employee__employee_number")
    )


def situation(acknowledgement: Acknowledgement, today: datetime.date | None = None) -> str:
    """The one-word state shown per person: acknowledged, overdue, pending, replaced, withdrawn, left."""
    today = today or timezone.localdate()
    if acknowledgement.status == Status.PENDING:
        if not acknowledgement.employee.is_active:
            return "left"
        return "overdue" if acknowledgement.due_on < today else "pending"
    return acknowledgement.status


def unit_paths() -> dict[int, str]:
    """``{org unit id: "省联社 / 城区支行 / 东街网点"}`` in the active language (one query)."""
    units = list(OrgUnit.objects.order_by("path"))
    names = {u.path: u.display_name for u in units}
    steplen = OrgUnit.steplen
    return {
        u.pk: " / ".join(
            names[u.path[: d * steplen]]
            for d in range(1, len(u.path) // steplen + 1)
            if u.path[: d * steplen] in names
        )
        for u in units
    }


SITUATION_LABELS = {
    "overdue": OVERDUE_LABEL,
    "left": LEFT_LABEL,
    "acknowledged": Acknowledgement.Status.ACKNOWLEDGED.label,
    "pending": Acknowledgement.Status.PENDING.label,
    "replaced": Acknowledgement.Status.REPLACED.label,
    "withdrawn": Acknowledgement.Status.WITHDRAWN.label,
}
