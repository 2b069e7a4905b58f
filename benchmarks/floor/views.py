"""Two views over the rows of the latest fiscal year: each indicator of the latest plan with
its actual and ratings of that year — what ``/api/v1/indicators?year=Y`` and the status-list
page show — in one SQL query, with no permission checks, filters, caching or validation."""

import json
import os
import pickle
from functools import cache

from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

ROWS = """
WITH latest AS (
    SELECT plan_id, fiscal_year FROM evaluation_planyear
    WHERE status = 'published' ORDER BY fiscal_year DESC, plan_id DESC LIMIT 1
)
SELECT i.uid::text, i.plan_id, p.number, r.label, i.position, i.kind, i.name,
       i.baseline_text, i.target_text, i.aggregation,
       y.fiscal_year, y.actual_text, y.actual, y.provisional, y.published, y.computed,
       y.override, y.override_reason, y.reason, y.reason_en, y.note, y.version
FROM latest
JOIN plans_indicator i ON i.plan_id = latest.plan_id
LEFT JOIN plans_project p ON p.id = i.project_id
LEFT JOIN plans_role r ON r.id = i.role_id
LEFT JOIN evaluation_indicatoryear y ON y.indicator_id = i.id AND y.fiscal_year = latest.fiscal_year
ORDER BY p.number, i.position, i.id
"""

COLUMNS = [
    "id",
    "plan",
    "project",
    "role",
    "position",
    "kind",
    "name",
    "baseline",
    "target",
    "aggregation",
    "fiscal_year",
    "text",
    "value",
    "provisional",
    "rating_published",
    "rating_computed",
    "override",
    "override_reason",
    "reason",
    "reason_en",
    "note",
    "version",
]


def _rows(limit: int = 0) -> list[dict]:
    """The rows, the first ``limit`` of them if given (cut by the database)."""
    with connection.cursor() as cursor:
        if limit:
            cursor.execute(ROWS + " LIMIT %s", [limit])
        else:
            cursor.execute(ROWS)
        return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def rows_json(request: HttpRequest) -> HttpResponse:
    """The rows in the API's shape: ``{"items": [indicator with "actuals": [...]], "count"}``
    (``?limit=N``: the first N rows, as the API's page of N)."""
    items = []
    for r in _rows(int(request.GET.get("limit") or 0)):
        actual = {
            "fiscal_year": r["fiscal_year"],
            "text": r["text"],
            "value": json.loads(r["value"]) if isinstance(r["value"], str) else r["value"],
            "provisional": r["provisional"],
            "rating_published": r["rating_published"] or None,
            "rating_computed": r["rating_computed"] or None,
            "override": r["override"] or None,
            "override_reason": r["override_reason"] or None,
            "rating": r["override"] or r["rating_computed"] or None,
            "reason": r["reason"] or None,
            "reason_en": r["reason_en"] or None,
            "note": r["note"] or None,
            "version": r["version"],
        }
        items.append(
            {k: r[k] for k in COLUMNS[:10]}
            | {"actuals": [actual] if r["fiscal_year"] is not None else []}
        )
    body = json.dumps({"items": items, "count": len(items)}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def rows_html(request: HttpRequest) -> HttpResponse:
    """The rows as a table of the status list's columns."""
    return render(request, "floor/rows.html", {"rows": _rows()})


def write(request: HttpRequest) -> HttpResponse:
    """The floor of a save: one row updated and one history row inserted, in one transaction
    (``bench_writes.py`` creates the two tables) — no parsing, rating, rights or audit."""
    row, text = int(request.GET["id"]), request.GET.get("text", "")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE floor_row SET text = %s, version = version + 1 WHERE id = %s RETURNING version",
            [text, row],
        )
        version = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO floor_history (row_id, text, version) VALUES (%s, %s, %s)",
            [row, text, version],
        )
    return HttpResponse(
        json.dumps({"id": row, "version": version}), content_type="application/json"
    )


@cache
def _statements() -> list[tuple[str, object, bool]]:
    with open(os.environ["HYOKA_FLOOR_REPLAY"], "rb") as f:
        return pickle.load(f)


def replay(request: HttpRequest) -> HttpResponse:
    """The floor of a save doing a save's work in the database: the statements one API save
    sent (``bench_writes.py`` captures them, SQL and parameters), sent again in one
    transaction on a connection that prepares them as Hyoka's does — no authentication,
    parsing, rating, rights or ORM."""
    statements = _statements()
    with transaction.atomic(using="prepared"), connections["prepared"].cursor() as cursor:
        for sql, params, many in statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
    return HttpResponse(
        json.dumps({"statements": len(statements)}), content_type="application/json"
    )
