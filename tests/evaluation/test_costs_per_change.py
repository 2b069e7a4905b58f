"""Issue 14: an import, the opening of a year and the signed-in pages cost the same statements
for a small and a bigger year — they fail when one of them starts growing with the year.

The import's and the opening's counts are PostgreSQL's (the database that serves many rows):
there a bulk insert is one statement whatever its rows; SQLite's bulk inserts are cut into
batches of its 999 parameters, so its counts grow with the rows by design (no round trip: it is
in the process).  The pages' counts are checked on both.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.evaluation import queries
from hyoka.evaluation.bulk import audit_of, insert_rows, update_rows
from hyoka.evaluation.imports import ImportResult
from hyoka.evaluation.models import IndicatorYear, ProjectYear
from hyoka.evaluation.services import stamp
from hyoka.ingest.statuslist_text import read_status_list
from hyoka.publishing.imports import import_status_list
from hyoka.workflow import services
from tests.factories import SAPPORO, make_user, year_url
from tests.web.test_perf import add_projects

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from synthetic import generate

pytestmark = pytest.mark.django_db
POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="statement counts of bulk writes: PostgreSQL's (SQLite batches by 999 parameters)",
)

SMALL, BIG = 12, 90


def statements(run: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries]


def synthetic(n: int) -> tuple[bytes, Any]:
    data = generate(n, seed=5, section_size=n).encode()
    return data, read_status_list(data, f"synthetic-{n}.txt")


def rolled_back(f: Callable[[], object]) -> None:
    """Run ``f`` in a transaction rolled back after it."""
    with transaction.atomic():
        f()
        transaction.set_rollback(True)


@POSTGRESQL
def test_an_import_costs_the_same_statements_for_a_bigger_list() -> None:
    counts = {}
    for n in (SMALL, BIG):
        data, sl = synthetic(n)
        assert len(sl.projects) == n

        def first_and_again(data: bytes = data, sl: Any = sl, n: int = n) -> None:
            first = statements(lambda: import_status_list(sl, data, year=2019, period=(2019, 2023)))
            again = statements(lambda: import_status_list(sl, data, year=2019, period=(2019, 2023)))
            assert ProjectYear.objects.filter(fiscal_year=2019).count() == n
            counts[n] = (len(first), len(again))
            # identical data again: no row written, no audit record
            assert not [s for s in again if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]

        rolled_back(first_and_again)
    assert counts[SMALL] == counts[BIG], counts


@POSTGRESQL
def test_opening_a_year_costs_the_same_statements_for_a_bigger_plan() -> None:
    secretariat = make_user("sec", SAPPORO, "secretariat")
    counts = {}
    for n in (SMALL, BIG):
        data, sl = synthetic(n)

        def open_next(data: bytes = data, sl: Any = sl, n: int = n) -> None:
            plan = import_status_list(sl, data, year=2019, period=(2019, 2023)).plan
            counts[n] = len(statements(lambda: services.open_year(secretariat, plan, 2020)))
            rows = IndicatorYear.objects.filter(fiscal_year=2020, indicator__plan=plan)
            assert rows.count() == IndicatorYear.objects.filter(fiscal_year=2019).count()
            assert not rows.filter(computed="").exists()  # rated in the same transaction
            # one audit record per row written, the opener's
            opened = IndicatorYear.history.filter(fiscal_year=2020, history_type="+")
            assert opened.count() == rows.count()
            assert set(opened.values_list("history_user_id", flat=True)) == {secretariat.pk}

        rolled_back(open_next)
    assert counts[SMALL] == counts[BIG], counts


def _signed_in(duty: str) -> Client:
    client = Client()
    client.force_login(make_user(f"u-{duty}", SAPPORO, duty))
    return client


def _grow(imported: ImportResult, n: int, year: int) -> None:
    """``n`` more projects, with their rows of ``year`` too."""
    add_projects(imported, n)
    have = IndicatorYear.objects.filter(fiscal_year=year).values("indicator_id")
    IndicatorYear.objects.bulk_create(
        IndicatorYear(indicator_id=pk, fiscal_year=year, actual_text="3回", computed="◎")
        for pk in imported.plan.indicators.exclude(pk__in=have).values_list("pk", flat=True)
    )
    have = ProjectYear.objects.filter(fiscal_year=year).values("project_id")
    ProjectYear.objects.bulk_create(
        ProjectYear(project_id=pk, fiscal_year=year)
        for pk in imported.plan.projects.exclude(pk__in=have).values_list("pk", flat=True)
    )


#: (duty, page) of an open year's pages that a signed-in member sees
SIGNED_IN_PAGES = (
    ("secretariat", "web:status_list"),
    ("secretariat", "workflow:review"),
    ("secretariat", "web:dashboard"),
    ("editor", "web:status_list"),
    ("editor", "workflow:entry"),
)


@pytest.mark.parametrize(("duty", "page"), SIGNED_IN_PAGES)
def test_signed_in_pages_cost_the_same_statements_in_a_bigger_year(
    imported: ImportResult, duty: str, page: str
) -> None:
    """A signed-in member's page of an open year (drafts shown), built afresh."""
    services.open_year(make_user("opener", SAPPORO, "secretariat"), imported.plan, 2020)
    client = _signed_in(duty)
    url = reverse(page) if page == "workflow:entry" else year_url(page, year=2020)

    def get() -> None:
        queries.KEPT.clear()
        response = client.get(url)
        assert response.status_code == 200, response

    get()  # the session's first request reads what later ones do not
    small = statements(get)
    _grow(imported, 30, 2020)
    big = statements(get)
    assert len(big) == len(small), "\n".join(big)


def test_bulk_writes_record_each_row_as_stored_with_its_user_and_reason(
    imported: ImportResult,
) -> None:
    """``insert_rows``/``update_rows`` write one audit record per row — the row as stored,
    ``+`` or ``~``, the object's own user and reason before the call's — as ``save()`` would."""
    editor = make_user("ed", SAPPORO, "editor")
    other = make_user("other", SAPPORO, "editor")
    rows = list(IndicatorYear.objects.filter(fiscal_year=2019).order_by("pk")[:3])
    for row, text in zip(rows, ("1回", "2回", "3回"), strict=True):
        row.actual_text = text
    stamp(rows[0], other, "本人の理由")
    update_rows(rows, ["actual_text"], user=editor, reason="まとめて")
    records = [row.history.order_by("-history_id").first() for row in rows]
    assert [(r.history_type, r.actual_text) for r in records] == [
        ("~", "1回"),
        ("~", "2回"),
        ("~", "3回"),
    ]
    assert [(r.history_user_id, r.history_change_reason) for r in records] == [
        (other.pk, "本人の理由"),
        (editor.pk, "まとめて"),
        (editor.pk, "まとめて"),
    ]
    assert records[1].reason == rows[1].reason  # every tracked field, as stored
    new = [
        ProjectYear(project=p, fiscal_year=2030) for p in imported.plan.projects.order_by("pk")[:2]
    ]
    insert_rows(new, reason="x" * 300)
    added = ProjectYear.history.filter(fiscal_year=2030)
    assert added.count() == 2
    assert {(h.history_type, h.history_user_id) for h in added} == {("+", None)}
    assert {len(h.history_change_reason) for h in added} == {100}  # within its column


def test_given_audit_records_are_written_in_order_within_the_parameters(
    imported: ImportResult,
) -> None:
    """``update_rows(records=…)`` writes the records it is given, in their order, in as many
    statements as the database's parameters need (SQLite's 999: 31 a record)."""
    editor = make_user("ed", SAPPORO, "editor")
    rows = list(IndicatorYear.objects.filter(fiscal_year=2019).order_by("pk")[:40])
    records = []
    for i, row in enumerate(rows):
        row.actual_text = f"{i}回"
        records.append(audit_of(row, f"入力{i}", editor))
        records.append(audit_of(row, "再評価", editor))
    update_rows(rows, ["actual_text"], records=records)
    for i, row in enumerate(rows):
        history = list(row.history.order_by("-history_id")[:2])[::-1]
        assert [(h.history_change_reason, h.actual_text) for h in history] == [
            (f"入力{i}", f"{i}回"),
            ("再評価", f"{i}回"),
        ]
        assert {h.history_user_id for h in history} == {editor.pk}


def test_inserted_rows_are_stored_as_given_with_their_ids(imported: ImportResult) -> None:
    """``insert_rows`` (on PostgreSQL one statement, an array per column bound by the server)
    stores every field as given — texts with quotes, braces and commas, JSON, decimals, None,
    ``auto_now`` — and puts each row's id on its object, in order."""
    indicators = list(imported.plan.indicators.order_by("pk")[:3])
    new = [
        IndicatorYear(
            indicator=ind,
            fiscal_year=2031,
            actual_text=text,
            actual={"kind": "count", "text": text},
            number=number,
            provisional=n == 1,
            trajectory=None if n else {"points": [1, 2]},
            reason='理由 "{a,b}" \\ NULL',
        )
        for n, (ind, text, number) in enumerate(
            zip(
                indicators,
                ("1,000人", "{x}", ""),
                (Decimal("1000.5"), None, Decimal(0)),
                strict=True,
            )
        )
    ]
    insert_rows(new, reason="試し")
    assert all(row.pk is not None and not row._state.adding for row in new)
    for row in new:
        stored = IndicatorYear.objects.get(pk=row.pk)
        assert stored.updated_at is not None
        for f in IndicatorYear._meta.concrete_fields:
            assert getattr(stored, f.attname) == getattr(row, f.attname), f.name
    assert IndicatorYear.history.filter(fiscal_year=2031, history_type="+").count() == 3
