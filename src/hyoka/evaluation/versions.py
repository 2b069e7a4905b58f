"""Data versions: a number per plan that changes, in the same transaction, with every write to
the rows its pages are built from — so a kept rendering is checked with one small query, and a
commit elsewhere (another plan, another database on the server) leaves it alone.

On PostgreSQL, statement-level triggers on each table of :data:`TABLES` (after every insert,
update and delete: the ORM, ``QuerySet.update()``, bulk writes, raw SQL, the admin) find the
plans the changed rows belong to — from the statement's transition table — and give each of
them a new number in ``hyoka_data_version`` from one sequence.  The new number is visible
exactly when the rows are (it commits with them); it is never handed out twice (a sequence does
not roll back), so a number seen once always means the same data.  SQLite has no such
triggers here: there nothing is kept (:func:`data_version` is ``None``).

Beside the plans' numbers, the index (:data:`INDEX`, row 0) changes with what every page shows
of all plans — which areas, plans and years there are, their names, a year's state
(:data:`INDEX_TABLES`): a plan's page (its switcher of plans and years, the plan a request
resolves to) is kept under its own plan's number and the index, so a save in another plan
leaves it kept.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

TABLE = "hyoka_data_version"
SEQUENCE = "hyoka_data_version_seq"

#: table → how to find the plans of the changed rows in the transition table ``{rows}``
TABLES: dict[str, str] = {
    "plans_area": "SELECT p.id FROM plans_plan p JOIN {rows} r ON p.area_id = r.id",
    "plans_municipality": "SELECT p.id FROM plans_plan p JOIN {rows} r ON p.area_id = r.area_id",
    "plans_plan": "SELECT r.id FROM {rows} r",
    "plans_role": "SELECT r.plan_id FROM {rows} r",
    # a project's plan, and the plans of the projects that continue it (they show its number)
    "plans_project": (
        "SELECT r.plan_id FROM {rows} r UNION ALL "
        "SELECT s.plan_id FROM plans_project s JOIN {rows} r ON s.predecessor_id = r.id"
    ),
    "plans_project_participants": (
        "SELECT p.plan_id FROM plans_project p JOIN {rows} r ON p.id = r.project_id"
    ),
    "plans_indicator": "SELECT r.plan_id FROM {rows} r",
    "evaluation_planyear": "SELECT r.plan_id FROM {rows} r",
    "evaluation_projectyear": (
        "SELECT p.plan_id FROM plans_project p JOIN {rows} r ON p.id = r.project_id"
    ),
    "evaluation_indicatoryear": (
        "SELECT i.plan_id FROM plans_indicator i JOIN {rows} r ON i.id = r.indicator_id"
    ),
}


#: the row of the index: what every plan's pages show of all plans
INDEX = 0

#: table → when a statement changes the index (``{rows}``: the changed rows; an update also
#: has ``changed_before``): areas and plans always; a year when it is made, removed, or its
#: state (公開) or year changes — not when its share is re-counted
INDEX_TABLES: dict[str, tuple[str, str]] = {
    "plans_area": ("TRUE", "TRUE"),
    "plans_plan": ("TRUE", "TRUE"),
    "evaluation_planyear": (
        "TRUE",
        "EXISTS (SELECT 1 FROM changed n JOIN changed_before o ON n.id = o.id "
        "WHERE (n.status, n.fiscal_year, n.plan_id) IS DISTINCT FROM "
        "(o.status, o.fiscal_year, o.plan_id))",
    ),
}


def _bump(plans: str) -> str:
    return (
        f"INSERT INTO {TABLE} AS v (plan_id, number) "
        f"SELECT plan_id, nextval('{SEQUENCE}') FROM (SELECT DISTINCT plan_id "
        f"FROM ({plans}) AS s(plan_id) WHERE plan_id IS NOT NULL ORDER BY plan_id) AS d "
        f"ON CONFLICT (plan_id) DO UPDATE SET number = excluded.number"
    )


def install_sql() -> list[str]:
    """The statements that create the table, the sequence and every table's triggers
    (idempotent)."""
    out = [
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"CREATE TABLE IF NOT EXISTS {TABLE} (plan_id bigint PRIMARY KEY, number bigint NOT NULL)",
    ]
    for table, plans in TABLES.items():
        function = f"hyoka_version_{table}"
        on_write, on_update = INDEX_TABLES.get(table, ("FALSE", "FALSE"))
        out.append(
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        {_bump(plans.format(rows="changed") + " UNION " + plans.format(rows="changed_before"))};
        IF {on_update} THEN
            {_bump(f"SELECT {INDEX}")};
        END IF;
    ELSE
        {_bump(plans.format(rows="changed"))};
        IF {on_write} THEN
            {_bump(f"SELECT {INDEX}")};
        END IF;
    END IF;
    RETURN NULL;
END $$"""
        )
        events = {
            "insert": "NEW TABLE AS changed",
            "update": "OLD TABLE AS changed_before NEW TABLE AS changed",
            "delete": "OLD TABLE AS changed",
        }
        for event, tables in events.items():
            trigger = f"hyoka_version_{event}"
            out.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            out.append(
                f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {table} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return out


def uninstall_sql() -> list[str]:
    out = []
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            out.append(f"DROP TRIGGER IF EXISTS hyoka_version_{event} ON {table}")
        out.append(f"DROP FUNCTION IF EXISTS hyoka_version_{table}()")
    return [*out, f"DROP TABLE IF EXISTS {TABLE}", f"DROP SEQUENCE IF EXISTS {SEQUENCE}"]


def data_version(plan_id: int | None = None, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The data version of ``plan_id``'s rows with the index (:data:`INDEX`), or of every
    plan's (``None``): one query that reads two rows (or one row per plan).  ``None`` where
    versions are not kept (SQLite)."""
    found = versions(plan_id, using)
    if found is None:
        return None
    if plan_id is None:
        return "all:" + ",".join(f"{p}:{n}" for p, n in sorted(found.items()))
    return f"{plan_id}:{found.get(plan_id, 0)}/{found.get(INDEX, 0)}"


def versions(plan_id: int | None = None, using: str = DEFAULT_DB_ALIAS) -> dict[int, int] | None:
    """The numbers of ``plan_id`` and of the index (or of every plan, ``None``), by plan id
    (a plan never written has none): one query.  ``None`` where versions are not kept."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return None
    with conn.cursor() as cursor:
        if plan_id is None:
            cursor.execute(f"SELECT plan_id, number FROM {TABLE}")
        else:
            cursor.execute(
                f"SELECT plan_id, number FROM {TABLE} WHERE plan_id IN (%s, %s)", [plan_id, INDEX]
            )
        rows: list[Any] = cursor.fetchall()
    return {int(p): int(n) for p, n in rows}
