"""The answer save path: one conditional UPDATE … RETURNING and the evidence row (issue 19).

A save is the exam's hottest call, so it does only what a durable, ordered, evidence-keeping save needs:

* the frozen paper's **metadata** (item ids, positions, question types, option/blank/prompt counts, option orders;
  never a key, never an option text) is read once per attempt and kept (``paper_meta``; ``memo``: the process's
  own cache, or per process where the cache is shared), along with the attempt's owner, seed and the sitting's
  access rules (the networks; only *whether* a password is set).
  The paper never changes after the start, so any copy is correct; the seed in the key check below makes a copy
  from another database (a reused attempt id) harmless;
* the answer is checked against the item's shape in Python (``rules.scoring.clean_response``) and the room's
  access guard runs on the cached rules;
* then **one statement** writes it only if every condition still holds in the database: the item is this
  attempt's item at this position, the sequence number is newer than the stored one, the attempt is the
  person's (and, from the API, that person is the signed-in user's active employee record), in progress, before
  its deadline, with the seed and the access rules the cache holds. On PostgreSQL the sub-select locks the
  attempt row (``FOR UPDATE``), so a save and a hand-in never interleave: a save that waited behind a hand-in
  sees it handed in and writes nothing. SQLite serialises writers itself. ``RETURNING`` gives the stored
  sequence number and the (possibly moved) deadline;
* the evidence row (``AttemptEvent`` "save", built by ``audit.record``) is inserted with it: on PostgreSQL in the
  same statement (``WITH saved AS (UPDATE …) , evidence AS (INSERT … FROM saved)``, atomic by itself: no
  BEGIN/COMMIT round trips), elsewhere in the same transaction.

When the statement writes nothing (stale or repeated sequence number, past the deadline, handed in, not the
person's, access rules changed…) — or anything here does not fit — ``try_save`` returns None and the caller runs
the full locked path (``attempts.save_answer``), which decides and records why, exactly as before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.core import audit
from portal.people.models import Employee

from ..models import Attempt, AttemptEvent, AttemptItem, AttemptStatus, EventKind, Sitting
from ..rules import shuffle
from ..rules.scoring import FILL_BLANK, MAX_SHORT_ANSWER, clean_response
from . import memo, papers
from .errors import ExamError


@dataclass(frozen=True)
class Saved:
    position: int
    seq: int
    stale: bool
    saved_at: object
    deadline: object


# The paper's metadata never changes after the start: the copies are kept by ``memo`` (in the process's own cache,
# or per process in front of a shared one); a stale copy of the room rules only sends a save to the full path,
# which decides on the database's own rows.
_PAPERS = memo.Memo("exams:paper-meta:v2", 5000)
_local = _PAPERS.local  # (the per-process copies; the benchmark's profile empties them)


def paper_meta(attempt_id: int) -> dict | None:
    """The attempt's frozen paper metadata (kept; one query on a miss), or None when there is no such paper."""
    meta = _PAPERS.get(attempt_id)
    if meta is not None:
        return meta
    rows = list(
        AttemptItem.objects.filter(attempt_id=attempt_id).order_by().values_list(
            "pk", "position", "option_order", "version_id", "attempt__employee_id", "attempt__seed",
            "attempt__sitting_id", "attempt__sitting__allowed_networks", "attempt__sitting__access_password",
        )
    )
    if not rows:
        return None
    versions = papers.versions_by_id(row[3] for row in rows)
    first = rows[0]
    meta = _meta(first[4], first[5], first[6], first[7], first[8],
                 ((pk, position, order, versions[version_id]) for pk, position, order, version_id, *_rest in rows))
    _PAPERS.set(attempt_id, meta)
    return meta


def _meta(employee_id, seed, sitting_id, networks, password, items) -> dict:
    """``items``: (item id, position, option order, version) of each question."""
    return {
        "employee_id": employee_id, "seed": seed, "sitting_id": sitting_id, "networks": networks or "",
        "password": bool(password),
        "items": {
            position: (pk, version.type, len(version.options or ()),
                       len(version.blanks or ()) if version.type == FILL_BLANK else 0,
                       len(version.prompts or ()), list(order or ()))
            for pk, position, order, version in items
        },
    }


def remember(attempt: Attempt, sitting: Sitting, items: list[AttemptItem]) -> None:
    """Keep the metadata of a paper just started (its items and their versions are in hand): the first save
    and the paper's first load read nothing more. Skipped when the database did not return the items' ids."""
    if not items or any(item.pk is None for item in items):
        return
    meta = _meta(attempt.employee_id, attempt.seed, sitting.pk, sitting.allowed_networks, sitting.access_password,
                 ((item.pk, item.position, item.option_order, item.version) for item in items))
    _PAPERS.set(attempt.pk, meta)


def forget(attempt_id: int) -> None:
    _PAPERS.delete(attempt_id)


def _statement(*, with_seq: bool, check_user: bool, password: bool) -> str:
    item, attempt = AttemptItem._meta.db_table, Attempt._meta.db_table
    sitting, employee = Sitting._meta.db_table, Employee._meta.db_table
    seq_set = "%s" if with_seq else "response_seq + 1"
    seq_where = " AND response_seq < %s" if with_seq else ""
    user_join = f" INNER JOIN {employee} e ON e.id = a.employee_id" if check_user else ""
    user_where = " AND e.user_id = %s AND e.is_active = %s" if check_user else ""
    lock = " FOR UPDATE OF a" if connection.vendor == "postgresql" else ""
    return (
        f"UPDATE {item} SET response = %s, response_seq = {seq_set}, answered_at = %s"
        f" WHERE id = %s AND attempt_id = %s AND position = %s{seq_where}"
        f" AND EXISTS (SELECT 1 FROM {attempt} a INNER JOIN {sitting} s ON s.id = a.sitting_id{user_join}"
        f" WHERE a.id = %s AND a.employee_id = %s AND a.seed = %s AND a.status = %s AND a.deadline > %s"
        f" AND s.allowed_networks = %s AND s.access_password {'<>' if password else '='} ''{user_where}{lock})"
        f" RETURNING response_seq, (SELECT deadline FROM {attempt} WHERE id = %s) AS deadline"
    )


def _as_datetime(value) -> datetime.datetime:
    if isinstance(value, str):  # SQLite gives a computed column back as text (UTC)
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def try_save(attempt_id: int, employee_id: int, position: int, response, *, seq: int | None, now, ip, acting_user,
             guard, user_id: int | None) -> Saved | None:
    """Save on the short path, or None: then the full path must decide (and nothing was written here).

    ``user_id``: the signed-in user the employee id came from (the session); the statement then also checks that
    this employee record is that user's and active.
    """
    meta = paper_meta(attempt_id)
    if meta is None or meta["employee_id"] != employee_id or position not in meta["items"]:
        return None
    item_pk, qtype, option_count, blank_count, prompt_count, order = meta["items"][position]
    if guard is not None:
        sitting = Sitting(pk=meta["sitting_id"], allowed_networks=meta["networks"],
                          access_password="set" if meta["password"] else "")
        try:
            guard(Attempt(pk=attempt_id, sitting=sitting, employee_id=employee_id))
        except ExamError:  # the full path refuses with the same reason, in today's order
            return None
    try:
        cleaned = clean_response(qtype, response, option_count=option_count, blank_count=blank_count,
                                 prompt_count=prompt_count, max_text=MAX_SHORT_ANSWER)
    except ValueError:  # AnswerTooLong too: the full path names the reason
        return None
    stored = shuffle.to_original(qtype, cleaned, order)
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    params = [AttemptItem._meta.get_field("response").get_db_prep_value(stored, connection)]
    if seq is not None:
        params.append(seq)
    params += [at, item_pk, attempt_id, position]
    if seq is not None:
        params.append(seq)
    params += [attempt_id, employee_id, meta["seed"], AttemptStatus.IN_PROGRESS, at, meta["networks"]]
    if user_id is not None:
        params += [user_id, True]
    params.append(attempt_id)
    sql = _statement(with_seq=seq is not None, check_user=user_id is not None, password=meta["password"])
    # The evidence row, built by the audit trail (its "seq" is the stored one: the statement fills it in).
    event = audit.record(Attempt(pk=attempt_id), EventKind.SAVE, at=now, position=position, acting_user=acting_user,
                         ip_address=ip, data={"response": stored, "seq": seq}, save=False)
    if connection.vendor == "postgresql":
        # One statement: the UPDATE and the evidence INSERT in a data-modifying WITH, atomic by itself (no
        # BEGIN/COMMIT round trips); the INSERT writes a row only when the UPDATE wrote the answer.
        insert_sql, insert_params = _evidence_insert(event)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH saved AS ({sql}), evidence AS ({insert_sql} FROM saved)"
                           f" SELECT response_seq, deadline FROM saved", params + insert_params)
            row = cursor.fetchone()
        if row is None:
            return None
        stored_seq, deadline = row
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone()
            if row is None:
                return None
            stored_seq, deadline = row
            event.data["seq"] = stored_seq
            event.save()
    return Saved(position, stored_seq, False, now, _as_datetime(deadline))


_EVIDENCE_INSERT: dict[str, tuple[str, list]] = {}  # per database alias: the statement and its fields


def _evidence_insert(event: AttemptEvent) -> tuple[str, list]:
    """``INSERT INTO <events> (…) SELECT …`` of ``event``'s values (to be completed with ``FROM saved``), its data's
    "seq" taken from the saved row."""
    prepared = _EVIDENCE_INSERT.get(connection.alias)
    if prepared is None:
        fields = [field for field in AttemptEvent._meta.concrete_fields if not field.primary_key]
        values = ["jsonb_set(CAST(%s AS jsonb), '{seq}', to_jsonb(saved.response_seq))" if field.name == "data"
                  else f"CAST(%s AS {field.db_type(connection)})" for field in fields]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        prepared = _EVIDENCE_INSERT[connection.alias] = (
            f"INSERT INTO {AttemptEvent._meta.db_table} ({columns}) SELECT {', '.join(values)}", fields)
    sql, fields = prepared
    return sql, [field.get_db_prep_save(field.pre_save(event, add=True), connection) for field in fields]
