"""One shape for the status list (hyoka.reports.statuslist): built once, written as JSON one
way, read back from an edition's frozen data — old editions included."""

from __future__ import annotations

import json
import tomllib
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

from hyoka.evaluation.models import PlanYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.publishing import services as publishing
from hyoka.publishing.demo import load_demo
from hyoka.publishing.imports import import_status_list
from hyoka.publishing.models import Edition
from hyoka.reports import render_json
from hyoka.reports.builders import indicator_page, status_list_report
from hyoka.reports.statuslist import (
    FORMAT,
    Change,
    ChangedRow,
    IndicatorRow,
    JsonObject,
    ProjectRow,
    StatusListReport,
    ValueCell,
)
from tests.factories import import_seed

ROOT = Path(__file__).resolve().parent.parent.parent
#: the ``report`` fixture (tests/reports/conftest.py) reads the seed imported in the test database
needs_db = pytest.mark.django_db


@needs_db
def test_round_trip_is_the_same_report(report: StatusListReport) -> None:
    data = report.to_json()
    again = StatusListReport.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == report
    assert again.to_json() == data
    edition = report.as_edition(3)
    assert StatusListReport.from_json(edition.to_json()) == edition
    assert list(edition.to_json())[-1] == "edition"
    assert "edition" not in data


@needs_db
def test_the_json_keys_are_the_open_data_names(report: StatusListReport) -> None:
    data = report.to_json()
    assert list(data) == [
        "format",
        "title",
        "area",
        "municipalities",
        "plan",
        "fiscal_year",
        "fiscal_year_wareki",
        "status",
        "legend",
        "columns",
        "roles",
        "achievement",
    ]
    kpi = data["roles"][0]["headline_kpis"][0]
    assert {"rating_published", "rating_computed", "notes"} <= set(kpi)
    assert not {"published", "computed", "uid"} & set(kpi)
    assert data["format"] == FORMAT


@needs_db
def test_the_report_is_frozen(report: StatusListReport) -> None:
    with pytest.raises(FrozenInstanceError):
        report.title = "changed"  # type: ignore[misc]
    assert isinstance(report.roles, tuple)
    assert all(isinstance(p.indicators, tuple) for p in report.projects())


def _old_edition() -> JsonObject:
    """An edition as an earlier Hyoka froze it: no ``predecessor``, ``lineage``, ``notes``,
    ``override_reason``, ``reason_en`` nor ``actual_computed``; a value without ``per``."""
    indicator: dict[str, Any] = {
        "id": "00000000-0000-0000-0000-000000000001",
        "position": 1,
        "kind": "project",
        "name": "会議の開催回数",
        "baseline": {"text": "-", "kind": "none", "number": None, "unit": None},
        "target": {"text": "1回/年度", "kind": "quantity", "number": 1, "unit": "回"},
        "actual": {"text": "2回", "kind": "quantity", "number": 2, "unit": "回", "year": None},
        "rating_published": "◎",
        "rating_computed": "◎",
        "rating": "◎",
        "override": None,
        "reason": "目標値 1回 を上回る",
    }
    return {
        "format": "hyoka.status-list/1",
        "title": "さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧",
        "area": "さっぽろ連携中枢都市圏",
        "municipalities": ["011002"],
        "plan": {"id": 1, "name": "第1期", "start": 2019, "end": 2023},
        "fiscal_year": 2019,
        "fiscal_year_wareki": "令和元年度",
        "status": "published",
        "legend": [{"symbol": "◎", "label": "達成済み"}],
        "columns": ["役割"],
        "roles": [
            {
                "label": "ア",
                "title": "圏域全体の経済成長のけん引",
                "headline_kpis": [],
                "projects": [
                    {
                        "number": 1,
                        "name": "事業",
                        "summary": "概要",
                        "sub_role": None,
                        "notes": "・会議を開催",
                        "rating_published": None,
                        "one_symbol": False,
                        "rating_computed": "◎",
                        "reason": "",
                        "indicators": [indicator],
                    }
                ],
            }
        ],
        "achievement": {"achieved": 1, "rated": 1, "share": 1.0},
        "edition": 1,
        "no_longer_a_key": True,  # a key the shape dropped: ignored
    }


def test_an_old_edition_loads_with_defaults() -> None:
    old = StatusListReport.from_json(_old_edition())
    assert old.edition == 1
    [project] = old.projects()
    assert (project.predecessor, project.lineage, project.sub_role_title) == (None, None, None)
    [ind] = project.indicators
    assert (ind.predecessor, ind.lineage, ind.notes, ind.override_reason) == (None,) * 4
    assert (ind.reason_en, ind.actual_computed) == ("", None)
    assert ind.actual == ValueCell("2回", "quantity", 2, "回")
    assert old.legend[0].label_en == ""
    # written again, it has every key of the open-data dictionary (the new ones empty)
    data = old.to_json()
    assert "no_longer_a_key" not in data
    written = data["roles"][0]["projects"][0]["indicators"][0]
    assert list(written) == list(IndicatorRow("x", 1, "project", "x").to_json())
    assert (written["lineage"], written["reason_en"]) == (None, "")
    assert list(data["roles"][0]["projects"][0]) == list(ProjectRow(1, "x").to_json())
    assert json.loads(render_json.render(old)[2])["edition"] == 1


def test_an_empty_object_loads() -> None:
    empty = StatusListReport.from_json({})
    assert (empty.format, empty.roles, empty.edition) == (FORMAT, (), None)
    assert render_json.render(empty)[0] == "hyoka-status-list-unknown.json"


def test_nulls_read_as_the_fields_defaults() -> None:
    """One generic reading (JsonShape): ``null`` or a missing key gives the field's default,
    a number that is not one gives ``None``, a key's text is kept as text."""
    cell = ValueCell.from_json({"text": None, "kind": None, "number": "12", "year": "2019"})
    assert cell == ValueCell("", "text", None, year=2019)
    row = IndicatorRow.from_json({"id": 7, "position": None, "rating_published": None})
    assert (row.id, row.position, row.rating_published, row.reason) == ("7", 0, None, "")
    assert not row.disagrees


def test_the_pages_english_reason_of_a_project_is_not_written() -> None:
    """``ProjectRow.reason_en`` is for the pages: not in format 1, not compared."""
    project = ProjectRow(1, "x", reason="理由", reason_en="reason")
    assert "reason_en" not in project.to_json()
    assert ProjectRow.from_json(project.to_json()) == project


def test_a_diff_row_round_trips() -> None:
    row = ChangedRow(14, "事業", "指標", (Change("実績値", "29人", "45人"), Change("評価（公表）")))
    data = row.to_json()
    assert data == {
        "project": 14,
        "project_name": "事業",
        "indicator": "指標",
        "changes": [
            {"field": "実績値", "before": "29人", "after": "45人"},
            {"field": "評価（公表）", "before": None, "after": None},
        ],
    }
    assert ChangedRow.from_json(data) == row


def test_the_module_is_checked_strictly() -> None:
    """mypy's strict options cover the shape (pyproject's strict override names it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    strict = [
        o
        for o in config["tool"]["mypy"]["overrides"]
        if o.get("disallow_untyped_defs") and o.get("disallow_any_generics")
    ]
    assert any("hyoka.reports.statuslist" in o["module"] for o in strict)


@needs_db
def test_an_old_edition_in_the_database_exports_and_compares() -> None:
    """An edition frozen before ``predecessor``, ``lineage`` and ``override_reason`` existed:
    it is exported with them empty, compared with today's list it differs in nothing, and the
    same list imported again makes no new edition (a field the report gained is no change
    where today's list has it empty)."""

    def drop(x: Any) -> Any:
        if isinstance(x, dict):
            gone = ("predecessor", "lineage", "override_reason")
            return {k: drop(v) for k, v in x.items() if k not in gone}
        return [drop(v) for v in x] if isinstance(x, list) else x

    import_seed()
    Edition.objects.update(data=drop(Edition.objects.get().data))
    old = publishing.report_for(2019, 1)
    assert old.edition == 1
    kpi = json.loads(render_json.render(old)[2])["roles"][0]["headline_kpis"][0]
    assert (kpi["predecessor"], kpi["lineage"], kpi["override_reason"]) == (None, None, None)
    now = publishing.report_for(2019)
    assert publishing.diff(old, now) == []
    # the same list imported again is no correction: no new edition
    data = bundled_bytes()
    assert import_status_list(read_status_list(data, "again"), data).edition is None


@needs_db
def test_an_indicators_page_reads_the_lists_rows() -> None:
    """One shape for an indicator in a year: the indicator's page (its years and those of its
    path across plans) holds the very rows of each year's list, with the open data's names."""
    loaded = load_demo()
    plan1, plan2 = (r.plan for r in loaded.imports)
    now = plan2.projects.get(number=3).indicators.get(position=1)  # continues plan 1's 3-1
    page = indicator_page(now)
    rows = {
        year: {
            r.id: r
            for r in status_list_report(
                PlanYear.objects.get(plan=plan, fiscal_year=year)
            ).indicators()
        }
        for plan, year in ((plan1, 2019), (plan2, 2024))
    }
    assert page["history"] == ((2024, rows[2024][str(now.uid)]),)
    before, current = page["path"]
    assert (before.plan, before.before, before.carried_on_as) == (plan1, True, "continuing")
    assert before.history == ((2019, rows[2019][str(now.predecessor.uid)]),)
    assert current.current
    assert current.history == page["history"]
    assert {"rating_published", "rating_computed"} <= set(page["history"][0][1].to_json())
