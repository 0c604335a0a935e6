"""Lean bulk inserts: many rows of one model written as multi-row INSERTs, without a model instance per row.

``QuerySet.bulk_create`` builds a model instance per row and prepares every value of every row through
the field's whole ``pre_save`` / ``get_db_prep_save`` chain; for a 50,000-question import (five rows a
question) that work costs more than reading the workbook. :func:`insert` takes plain values (by column
``attname``), fills every other column with its field's default as ``bulk_create`` would (``auto_now`` /
``auto_now_add`` columns with one ``now``), prepares each value with its field's own
``get_db_prep_save`` — except for the fields whose preparation is the identity for plain Python values
(text, integers, booleans, integer foreign keys: sent as they are) and JSON (through the database's own
adapter, as ``JSONField`` does) — and writes them in as few statements as the database's parameter limit
allows, returning the new primary keys in row order when asked (``RETURNING``, as ``bulk_create`` does).

No signals are sent (as with ``bulk_create``) and no transaction is opened: callers wrap it in theirs,
so that an import stays all or nothing.
"""

from __future__ import annotations

import datetime
import decimal
import sqlite3
import uuid
from collections.abc import Iterable, Sequence

from django.db import connections, models
from django.utils import timezone

#: fields whose ``get_db_prep_save`` returns a plain ``str`` / ``int`` / ``bool`` / None unchanged
_PLAIN_FIELDS = (
    models.CharField, models.TextField, models.SlugField, models.EmailField, models.IntegerField,
    models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField,
    models.SmallIntegerField, models.BigIntegerField, models.BooleanField, models.AutoField, models.BigAutoField,
    models.SmallAutoField,
)
_PLAIN_VALUES = (str, int, bool, type(None))
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField,
                 models.BigIntegerField, models.PositiveIntegerField)
MAX_ROWS = 2000  # rows per statement at most (fewer when the database's parameter limit says so)
_IMMUTABLE = (datetime.datetime, datetime.date, uuid.UUID, decimal.Decimal)


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], *, returning: bool = False,
           now=None, using: str = "default") -> list | None:
    """INSERT ``rows`` (each a sequence of values in the order of ``columns``, field attnames such as
    ``"bank_id"``) into ``model``'s table; every other concrete column gets its default. Returns the new
    primary keys in row order when ``returning``."""
    connection = connections[using]
    opts = model._meta
    given = {name: i for i, name in enumerate(columns)}
    fields = {f.attname: f for f in opts.concrete_fields}
    unknown = set(given) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
    now = now or timezone.now()
    plan = []  # (field, index in the row or None, the constant value when not given)
    for f in opts.concrete_fields:
        if f.primary_key and f.attname not in given:
            continue
        if f.attname in given:
            plan.append((f, given[f.attname], None))
        elif f.has_db_default():
            continue  # the database fills it
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plan.append((f, None, now))
        else:
            plan.append((f, None, f.get_default()))
    prepare = [_preparer(f, connection) for f, _i, _c in plan]
    constants = [None if i is not None else prep(constant) for (_f, i, constant), prep in zip(plan, prepare, strict=True)]
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f, _i, _c in plan)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(plan)) + ")"
    tail = f" RETURNING {qn(opts.pk.column)}" if returning else ""
    per_statement = max(1, min(MAX_ROWS, _max_params(connection) // max(len(plan), 1)))
    cells = list(zip([i for _f, i, _c in plan], prepare, constants, strict=True))
    pks: list = []
    batch: list = []
    count = 0
    with connection.cursor() as cursor:
        def flush():
            nonlocal batch, count
            if not count:
                return
            cursor.execute(head + ", ".join([one] * count) + tail, batch)
            if returning:
                pks.extend(row[0] for row in cursor.fetchall())
            batch, count = [], 0

        for row in rows:
            batch.extend(prep(row[i]) if i is not None else constant for i, prep, constant in cells)
            count += 1
            if count == per_statement:
                flush()
        flush()
    return pks if returning else None


def _max_params(connection) -> int:
    """Parameters one statement may carry: SQLite's own limit (999 in old builds), psycopg's 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return connection.features.max_query_params
    if connection.vendor == "postgresql":
        return 65535
    return connection.features.max_query_params or 999


def _preparer(field, connection):
    """The function that turns a Python value of ``field`` into its database parameter."""
    kind = type(field)
    if kind in _PLAIN_FIELDS or (isinstance(field, models.ForeignKey) and type(field.target_field) in _INTEGER_KEYS):
        slow = field.get_db_prep_save

        def plain(value):
            return value if type(value) in _PLAIN_VALUES else slow(value, connection=connection)

        return plain
    if kind is models.JSONField:
        adapt, encoder, slow = connection.ops.adapt_json_value, field.encoder, field.get_db_prep_save

        def json_value(value):
            if isinstance(value, list | dict | str | int | float | bool):
                return adapt(value, encoder)
            return slow(value, connection=connection)  # None (SQL NULL or JSON null, as the field says) …

        return json_value
    last: list = [object(), None]  # one value remembered: a column of one timestamp or uuid is prepared once

    def other(value):
        if value is last[0]:
            return last[1]
        prepared = field.get_db_prep_save(value, connection=connection)
        if type(value) in _IMMUTABLE:
            last[0], last[1] = value, prepared
        return prepared

    return other
