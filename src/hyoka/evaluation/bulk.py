"""Many rows written at once, each with its audit record (django-simple-history), in a cost
that grows with the rows and not with the rows × the fields.

Django's ``QuerySet.bulk_update`` builds one ``CASE WHEN id = … THEN …`` per row and per field
(slow past a few hundred rows: it was most of an import's time); here an update is one
statement prepared once and executed for every row (``executemany``: pipelined by psycopg 3,
in-process in SQLite).  Inserts are Django's ``bulk_create``.  The audit records are
simple_history's own ``bulk_history_create`` — the same rows ``save()`` would record, with
``reason`` (or the object's ``_change_reason``) and ``user``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router

#: What the audit record keeps of a reason (django-simple-history's column).
REASON_LENGTH = 100


def audit_reason(reason: str) -> str:
    """``reason`` within the audit record's column (an uploaded file's long name would not
    fit: PostgreSQL refuses it, SQLite keeps it and the dump would not load again)."""
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def insert_rows(objs: Sequence[Any], *, user: Any = None, reason: str = "") -> None:
    """Insert ``objs`` (all of one model) and record each in its history."""
    if not objs:
        return
    model = type(objs[0])
    model.objects.bulk_create(objs)
    _record(model, objs, user, reason, update=False)


def update_rows(
    objs: Sequence[Any], fields: Sequence[str], *, user: Any = None, reason: str = ""
) -> None:
    """Write ``fields`` of ``objs`` (all of one model, all saved before) and record each in its
    history."""
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    sets = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"
    params = [
        [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    _record(model, objs, user, reason, update=True)


def _record(model: Any, objs: Sequence[Any], user: Any, reason: str, *, update: bool) -> None:
    who = user if getattr(user, "is_authenticated", False) else None
    model.history.bulk_history_create(
        objs, update=update, default_user=who, default_change_reason=audit_reason(reason)
    )
