"""The status list of a year as published, built in one place: :func:`status_list_report`
makes the typed :class:`~hyoka.reports.statuslist.StatusListReport` every renderer lays out,
an edition freezes (as its ``to_json()``), the diff compares and the API serves.
"""

from __future__ import annotations

from typing import Any

from hyoka.core.periods import to_wareki
from hyoka.core.values import explain
from hyoka.core.valuetype import json_number
from hyoka.evaluation import queries
from hyoka.evaluation.models import PlanYear
from hyoka.evaluation.services import rubric_of
from hyoka.reports.statuslist import (
    FORMAT,
    Achievement,
    IndicatorRow,
    LegendEntry,
    PlanRef,
    ProjectRow,
    RoleGroup,
    StatusListReport,
    ValueCell,
)

__all__ = ["COLUMNS", "FORMAT", "status_list_report"]

#: The nine columns of the official document (連携事業名 spans number and name).
COLUMNS = (
    "役割",
    "連携事業名",
    "事業概要",
    "評価指標",
    "基準値",
    "目標値",
    "実績値（3月末見込含む）",
    "評価",
    "連携事業実施状況等",
)


def _value(text: str) -> ValueCell:
    v = explain(text)
    return ValueCell(
        text=text,
        kind=v.kind,
        number=json_number(v.number),
        unit=v.unit,
        per=v.per,
        year=v.year,
        provisional=v.provisional,
    )


def _indicator(row: dict[str, Any]) -> IndicatorRow:
    """An indicator row of :func:`hyoka.evaluation.queries.status_list` (its names:
    ``published``, ``computed``) in the published shape (``rating_published``, …)."""
    return IndicatorRow(
        id=str(row["uid"]),
        position=row["position"],
        kind=row["kind"],
        name=row["name"],
        baseline=_value(row["baseline"]),
        target=_value(row["target"]),
        actual=_value(row["actual"]),
        actual_computed=row["actual_computed"] or None,
        rating_published=row["published"] or None,
        rating_computed=row["computed"] or None,
        rating=row["rating"] or None,
        override=row["override"] or None,
        override_reason=row["override_reason"] or None,
        reason=row["reason"],
        reason_en=row["reason_en"],
        predecessor=str(row["predecessor"]) if row.get("predecessor") else None,
        lineage=row.get("lineage") or None,
        notes=row["notes"] or None,
    )


def _project(p: dict[str, Any]) -> ProjectRow:
    return ProjectRow(
        number=p["number"],
        name=p["name"],
        summary=p["summary"],
        sub_role=p["sub_role"] or None,
        sub_role_title=p["sub_role_title"] or None,
        notes=p["notes"],
        rating_published=p["published"] or None,
        rating_published_text=p["published_text"] or None,
        one_symbol=p["one_symbol"],
        rating_computed=p["computed"] or None,
        reason=p["reason"],
        indicators=tuple(_indicator(r) for r in p["indicators"]),
        predecessor=p.get("predecessor"),
        lineage=p.get("lineage") or None,
    )


def status_list_report(plan_year: PlanYear) -> StatusListReport:
    """The year's list: title, legend, roles with headline KPIs and projects, achievement."""
    data = queries.status_list(plan_year)
    plan = plan_year.plan
    rubric = rubric_of(plan)
    a = data["achievement"]
    return StatusListReport(
        format=FORMAT,
        title=data["title"],
        area=plan.area.name,
        municipalities=tuple(sorted(m.code for m in data["municipalities"])),
        plan=PlanRef(plan.pk, plan.name, plan.start_year, plan.end_year),
        fiscal_year=plan_year.fiscal_year,
        fiscal_year_wareki=to_wareki(plan_year.fiscal_year, fiscal=True),
        status=plan_year.status,
        legend=tuple(LegendEntry(s.symbol, s.label_ja, s.label_en) for s in rubric.symbols),
        columns=COLUMNS,
        roles=tuple(
            RoleGroup(
                label=g["label"],
                title=g["title"],
                headline_kpis=tuple(_indicator(h) for h in g["headlines"]),
                projects=tuple(_project(p) for p in g["projects"]),
            )
            for g in data["roles"]
        ),
        achievement=Achievement(a["achieved"], a["rated"], a["share"]),
    )
