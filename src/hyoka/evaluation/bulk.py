"""Many rows written at once, each with its audit record (django-simple-history), in a cost
that grows with the rows and not with the rows × the fields.

Django's ``QuerySet.bulk_update`` builds one ``CASE WHEN id = … THEN …`` per row and per field
(slow past a few hundred rows: it was most of an import's time); here an update is one
statement for all the rows on PostgreSQL (``UPDATE … FROM (VALUES …)``: its statement
triggers run once), one prepared statement executed for every row in SQLite.  Inserts are one
``INSERT … SELECT FROM unnest(…) RETURNING id`` on PostgreSQL, an array per column sent as a
binary parameter bound by the server (Django's ``bulk_create`` spells every value of those
arrays into the statement's text, escaped in Python value by value), Django's ``bulk_create``
elsewhere.  The audit records are the rows ``save()`` would record through
django-simple-history, with ``reason`` (or the object's ``_change_reason``) and ``user``,
copied from the rows as stored by one ``INSERT … SELECT`` per user and reason.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

#: What the audit record keeps of a reason (django-simple-history's column).
REASON_LENGTH = 100
#: Rows per audit statement: within the parameters PostgreSQL takes in one (65,535) and within
#: the 999 of the oldest SQLite Django supports (its statements grow with the rows anyway: its
#: bulk inserts are cut in batches of 999 parameters).
CHUNK = {"postgresql": 60_000, "sqlite": 990}
#: Parameters per statement (PostgreSQL's protocol takes at most 65,535).
MAX_PARAMETERS = 65_535


def audit_reason(reason: str) -> str:
    """``reason`` within the audit record's column (an uploaded file's long name would not
    fit: PostgreSQL refuses it, SQLite keeps it and the dump would not load again)."""
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def insert_rows(objs: Sequence[Any], *, user: Any = None, reason: str = "") -> None:
    """Insert ``objs`` (all of one model) and record each in its history."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql" and all(obj.pk is None for obj in objs):
        _insert_returning(model, objs, connection)
    else:
        model.objects.bulk_create(objs)
    _record(model, objs, user, reason, update=False)


def _insert_returning(model: Any, objs: Sequence[Any], connection: Any) -> None:
    """``objs`` (none saved yet) inserted as ``bulk_create`` would insert them — each field's
    ``pre_save`` (``auto_now``) and database value, the new ids put on the objects — in one
    statement whose parameters are an array per column, bound by the server (in binary):
    no value is spelled into the statement."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs] for f in fields
    ]
    arrays = ", ".join(f"%b::{f.cast_db_type(connection)}[]" for f in fields)
    pk = model._meta.pk
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT * FROM unnest({arrays}) RETURNING {quote(pk.column)}"
    )
    with _bound_cursor(connection) as cursor:
        cursor.execute(sql, columns)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk_value in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, pk_value)
        obj._state.adding, obj._state.db = False, connection.alias


def _bound_cursor(connection: Any) -> Any:
    """A cursor of ``connection`` (PostgreSQL) whose parameters the server binds (Django's
    are bound by the client), wrapped as Django wraps its own (so its statements are
    logged and counted)."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))


def insert_plain(model: Any, fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (values of ``fields``, integers) into a model that keeps no audit
    record (a many-to-many table): no model instance built, one statement on PostgreSQL
    (``INSERT … SELECT unnest(…)``, an array per column, bound by the server), one prepared
    statement executed for every row in SQLite."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    if connection.vendor == "postgresql":
        arrays = ", ".join(["%b::bigint[]"] * len(columns))
        with _bound_cursor(connection) as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays})",
                [list(column) for column in zip(*rows, strict=True)],
            )
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            [list(row) for row in rows],
        )


#: An audit record as it is to be written: the tracked fields' values (by attribute name, see
#: :func:`audit_values`), who (a user's primary key or ``None``) and why.
Record = tuple[dict[str, Any], Any, str]


#: each model's audit record model, as :func:`history_model` found it
_HISTORY_MODELS: dict[Any, Any] = {}


def history_model(model: Any) -> Any:
    """The model of ``model``'s audit records: django-simple-history's
    ``model.history.model``, read off the descriptor once — reading ``model.history`` builds a
    new manager class each time (four times a save, 5 % of its time)."""
    found = _HISTORY_MODELS.get(model)
    if found is None:
        found = _HISTORY_MODELS[model] = inspect.getattr_static(model, "history").model
    return found


def audit_values(obj: Any) -> dict[str, Any]:
    """What ``obj``'s audit record keeps of it now (its tracked fields, by attribute name)."""
    return {f.attname: getattr(obj, f.attname) for f in history_model(type(obj)).tracked_fields}


def audit_of(obj: Any, reason: str, user: Any = None) -> Record:
    """``obj``'s audit record as it is now: who (its ``_history_user``, else ``user``) and why
    (its ``_change_reason``, else ``reason``), as :func:`update_rows` records it."""
    by, why = _who_and_why(obj, user, reason)
    return audit_values(obj), by, why


def update_rows(
    objs: Sequence[Any],
    fields: Sequence[str],
    *,
    user: Any = None,
    reason: str = "",
    records: Sequence[Record] | None = None,
) -> None:
    """Write ``fields`` of ``objs`` (all of one model, all saved before) and record each in its
    history — or, with ``records``, write those audit records instead (in their order, one
    statement): a row written once for two changes (an entry and its re-rating) keeps one
    record of each."""
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    params = [
        [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{quote(c.column)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s", params)
        else:
            # one statement for many rows: PostgreSQL's statement triggers (the data
            # versions) then run once, not once per row
            names = [f"c{i}" for i in range(len(columns))] + ["pk"]
            casts = [c.cast_db_type(connection) for c in [*columns, pk]]
            row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
            sets = ", ".join(
                f"{quote(c.column)} = v.{n}" for c, n in zip(columns, names[:-1], strict=True)
            )
            size = max(1, MAX_PARAMETERS // len(names))
            for start in range(0, len(params), size):
                chunk = params[start : start + size]
                cursor.execute(
                    f"UPDATE {table} AS t SET {sets} FROM (VALUES "
                    + ", ".join([row] * len(chunk))
                    + f") AS v({', '.join(names)}) WHERE t.{quote(pk.column)} = v.pk",
                    [p for r in chunk for p in r],
                )
    if records is None:
        _record(model, objs, user, reason, update=True)
    else:
        insert_records(model, records)


def insert_records(model: Any, records: Sequence[Record]) -> None:
    """Write ``records`` (audit records of rows of ``model`` that were updated), in their
    order, with one statement (one per chunk within the database's parameters); their time is
    now."""
    if not records or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = history_model(model)
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    tracked = [history._meta.get_field(f.name) for f in history.tracked_fields]
    meta = [
        history._meta.get_field(name)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    into = ", ".join(quote(f.column) for f in [*tracked, *meta])
    row = "(" + ", ".join(["%s"] * (len(tracked) + len(meta))) + ")"
    when = meta[0].get_db_prep_save(timezone.now(), connection)
    limit = connection.features.max_query_params or MAX_PARAMETERS
    size = max(1, limit // (len(tracked) + len(meta)))
    with connection.cursor() as cursor:
        for start in range(0, len(records), size):
            chunk = records[start : start + size]
            params: list[Any] = []
            for values, by, why in chunk:
                params += [f.get_db_prep_save(values[f.attname], connection) for f in tracked]
                params += [when, why, "~", by]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({into}) VALUES "
                + ", ".join([row] * len(chunk)),
                params,
            )


def _who_and_why(obj: Any, user: Any, reason: str) -> tuple[Any, str]:
    """Who (a user's primary key or ``None``) and why of ``obj``'s next audit record: its own
    ``_history_user`` and ``_change_reason`` (:func:`hyoka.evaluation.services.stamp`), else
    ``user`` (or the request's, as simple_history) and ``reason``."""
    who = user if getattr(user, "is_authenticated", False) else None
    model = type(obj)
    default = who or history_model(model).get_default_history_user(model())
    by = getattr(obj, "_history_user", default)
    why = get_change_reason_from_object(obj) or audit_reason(reason)
    return (by.pk if by is not None else None), why


def analyze(*models: Any) -> None:
    """Fresh planner statistics of the tables of ``models`` after a bulk import (PostgreSQL's
    ``ANALYZE``, which also counts the rows this transaction wrote): until autovacuum comes by,
    the planner takes tables never analysed for nearly empty and joins them row by row (the
    API's page of a fresh 1,000-project import sorted its 1,585 rows by nested loops in 9 ms,
    3 ms by hash joins once analysed).  Nothing elsewhere."""
    connection = connections[router.db_for_write(models[0])]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(m._meta.db_table) for m in models))


def _record(model: Any, objs: Sequence[Any], user: Any, reason: str, *, update: bool) -> None:
    """One audit record per object, as ``bulk_history_create`` would write it — the row as
    stored, who (the object's ``_history_user`` or ``user``), why (its ``_change_reason`` or
    ``reason``) — but copied by the database (``INSERT … SELECT``), one statement per (who,
    why): no historical model instance is built in Python for each row."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = history_model(model)
    who = user if getattr(user, "is_authenticated", False) else None
    # as simple_history: the object's own user, else ``user``, else the request's
    default = who or history.get_default_history_user(model())
    groups: dict[tuple[Any, str], list[Any]] = {}
    for obj in objs:
        by = getattr(obj, "_history_user", default)
        why = get_change_reason_from_object(obj) or audit_reason(reason)
        groups.setdefault((by.pk if by is not None else None, why), []).append(obj.pk)
    using = router.db_for_write(history)
    connection = connections[using]
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    into = [quote(history._meta.get_field(f.name).column) for f in tracked]
    meta = ("history_date", "history_change_reason", "history_type", "history_user")
    into += [quote(history._meta.get_field(name).column) for name in meta]
    pk = quote(model._meta.pk.column)
    select = ", ".join(f"{quote(f.column)}" for f in tracked)
    now = timezone.now()
    kind = "~" if update else "+"
    size = CHUNK.get(connection.vendor, 990)
    with connection.cursor() as cursor:
        for (by, why), pks in groups.items():
            for start in range(0, len(pks), size):
                chunk = pks[start : start + size]
                cursor.execute(
                    f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(into)}) "
                    f"SELECT {select}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                    f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {pk}",
                    [now, why, kind, by, *chunk],
                )
