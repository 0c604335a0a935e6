"""Lean bulk inserts: many rows of one model written as multi-row INSERTs, without a model instance per row.

``QuerySet.bulk_create`` builds a model instance per row and prepares every value of every row through
the field's whole ``pre_save`` / ``get_db_prep_save`` chain; for a 50,000-question import (five rows a
question) that work costs more than reading the workbook. :func:`insert` takes plain values (by column
``attname``) and fills every other column with its field's default as ``bulk_create`` would
(``auto_now`` / ``auto_now_add`` columns with one ``now``). Values are prepared by their field's own
``get_db_prep_save``, except where that is the identity for plain values — text, integers, booleans,
integer foreign keys: pass ``str`` / ``int`` / ``bool`` / None, they are sent as they are — and JSON,
which goes through the database's own adapter as ``JSONField`` does. The rows go in as few statements as
the database allows: on SQLite multi-row ``INSERT … VALUES`` up to its parameter limit, the new primary
keys (``returning``) from ``RETURNING`` in row order as ``bulk_create`` reads them; on PostgreSQL
``COPY … FROM STDIN`` (a client-side ``VALUES`` list or ``UNNEST`` arrays of 50,000 rows cost psycopg more
than the whole workbook's read), the new keys drawn from the table's sequence first and copied with their
rows. Either way the rows are written in the caller's transaction: a rollback leaves none.

No signals are sent (as with ``bulk_create``) and no transaction is opened: callers wrap it in theirs,
so that an import stays all or nothing. (The COPY statements do not show in ``connection.queries``.)
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
    # the given columns in the caller's order, then every other column with its constant default
    given_fields = [fields[name] for name in columns]
    other = []
    for f in opts.concrete_fields:
        if f.attname in given or f.primary_key or f.has_db_default():
            continue  # given, or filled by the database (the key, a database default)
        other.append((f, now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()))
    converters = [(i, prepare) for i, f in enumerate(given_fields) if (prepare := _preparer(f, connection))]
    constants = [(_preparer(f, connection) or _identity)(value) for f, value in other]
    all_fields = given_fields + [f for f, _value in other]
    width = len(columns)

    def prepared():
        for row in rows:
            values = list(row)
            if len(values) != width:
                raise ValueError(f"a row of {len(values)} values for {width} columns")
            for i, prepare in converters:
                values[i] = prepare(values[i])
            values += constants
            yield values

    write = _copy if connection.vendor == "postgresql" else _values
    pks: list = []
    with connection.cursor() as cursor:
        batch: list = []
        for values in prepared():
            batch.append(values)
            if len(batch) == MAX_ROWS:
                pks += write(connection, cursor, opts, all_fields, batch, returning)
                batch = []
        if batch:
            pks += write(connection, cursor, opts, all_fields, batch, returning)
    return pks if returning else None


def _values(connection, cursor, opts, fields, batch: list[list], returning: bool) -> list:
    """Multi-row ``INSERT … VALUES``, as many rows to a statement as the parameter limit allows."""
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {qn(opts.pk.column)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, _max_params(connection) // max(len(fields), 1))
    pks = []
    for start in range(0, len(batch), per_statement):
        rows = batch[start : start + per_statement]
        cursor.execute(head + ", ".join([one] * len(rows)) + tail, [value for row in rows for value in row])
        if returning:
            pks += [row[0] for row in cursor.fetchall()]
    return pks


def _copy(connection, cursor, opts, fields, batch: list[list], returning: bool) -> list:
    """PostgreSQL: ``COPY … FROM STDIN`` in the caller's transaction (psycopg formats the rows in C). The new
    keys are drawn from the table's sequence first, in ascending order, and copied with their rows."""
    qn = connection.ops.quote_name
    columns = [qn(f.column) for f in fields]
    pks: list = []
    if returning:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [qn(opts.db_table), opts.pk.column, len(batch)])
        pks = sorted(row[0] for row in cursor.fetchall())
        columns.insert(0, qn(opts.pk.column))
    with cursor.cursor.copy(f"COPY {qn(opts.db_table)} ({', '.join(columns)}) FROM STDIN") as copy:
        if returning:
            for pk, row in zip(pks, batch, strict=True):
                copy.write_row([pk, *row])
        else:
            for row in batch:
                copy.write_row(row)
    return pks


def _identity(value):
    return value


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
    """The function that turns a Python value of ``field`` into its database parameter; None for the fields
    whose values are sent as they are (text, integers, booleans, integer foreign keys)."""
    kind = type(field)
    if kind in _PLAIN_FIELDS or (isinstance(field, models.ForeignKey) and type(field.target_field) in _INTEGER_KEYS):
        return None
    if kind is models.JSONField:
        adapt, encoder, slow = connection.ops.adapt_json_value, field.encoder, field.get_db_prep_save
        empty_list, empty_dict = adapt([], encoder), adapt({}, encoder)  # most JSON cells of a bulk run

        def json_value(value):
            if type(value) is list:
                return adapt(value, encoder) if value else empty_list
            if type(value) is dict:
                return adapt(value, encoder) if value else empty_dict
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
