"""Readable, unique certificate serials: ``<year>-<branch code>-<sequence>``, e.g. ``2026-BR01-000123``.

The branch is the holder's nearest ancestor-or-self org unit of kind *branch* (else the root of their
tree: head office). The sequence is per (year, branch) and is allocated from ``SerialCounter`` by an
``UPDATE … SET last_value = last_value + n`` *before* the value is read back, inside the caller's
transaction. The UPDATE takes the row lock on PostgreSQL and the database write lock on SQLite, so two
issuers can never read the same value: the second waits until the first commits and then increments past
it. A failed issue rolls the counter back with its transaction, so serials have no gaps except when a bulk
run allocates a block and then finds a subject already issued by someone else in the meantime.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F

from portal.people.models import OrgUnit

SEQUENCE_DIGITS = 6
SERIAL_RE = re.compile(r"^(?P<year>\d{4})-(?P<branch>[A-Z0-9]{1,16})-(?P<sequence>\d{6,})$")


def format_serial(year: int, branch_code: str, sequence: int) -> str:
    return f"{year:04d}-{branch_code}-{sequence:0{SEQUENCE_DIGITS}d}"


def parse_serial(serial: str) -> tuple[int, str, int] | None:
    match = SERIAL_RE.match(serial or "")
    if not match:
        return None
    return int(match["year"]), match["branch"], int(match["sequence"])


def clean_branch_code(code: str) -> str:
    """Org unit codes may hold lower case, dashes or CJK; serials keep upper-case ASCII letters and digits."""
    cleaned = re.sub(r"[^A-Z0-9]", "", (code or "").upper())[:16]
    return cleaned or "HO"


def branch_code_for(org_unit) -> str:
    """The code of the branch ``org_unit`` belongs to (itself if it is one), else of its root unit."""

    if org_unit.kind == OrgUnit.Kind.BRANCH:
        return clean_branch_code(org_unit.code)
    ancestors = list(org_unit.get_ancestors())  # root first
    for unit in reversed(ancestors):
        if unit.kind == OrgUnit.Kind.BRANCH:
            return clean_branch_code(unit.code)
    root = ancestors[0] if ancestors else org_unit
    return clean_branch_code(root.code)


def allocate(year: int, branch_code: str, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive serials for (year, branch). Must run inside a transaction."""
    from .models import SerialCounter

    if count < 1:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must be called inside transaction.atomic()")
    counter = SerialCounter.objects.filter(year=year, branch_code=branch_code)
    if not counter.update(last_value=F("last_value") + count):
        try:
            with transaction.atomic():
                SerialCounter.objects.create(year=year, branch_code=branch_code, last_value=0)
        except IntegrityError:
            pass  # created concurrently; the UPDATE below waits for that transaction
        counter.update(last_value=F("last_value") + count)
    last = counter.values_list("last_value", flat=True).get()
    return [format_serial(year, branch_code, n) for n in range(last - count + 1, last + 1)]
