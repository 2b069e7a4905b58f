"""The status list of a year as plain data, in the document's order and layout.

This is what every renderer lays out and what an edition freezes: nothing here refers to a
model object, so ``json.dumps`` takes it as it is.
"""

from __future__ import annotations

from typing import Any

from hyoka.core.periods import to_wareki
from hyoka.core.values import explain
from hyoka.evaluation import queries
from hyoka.evaluation.models import PlanYear
from hyoka.evaluation.services import rubric_of

#: The nine columns of the official document (連携事業名 spans number and name).
COLUMNS = [
    "役割",
    "連携事業名",
    "事業概要",
    "評価指標",
    "基準値",
    "目標値",
    "実績値（3月末見込含む）",
    "評価",
    "連携事業実施状況等",
]
FORMAT = "hyoka.status-list/1"


def _value(text: str) -> dict[str, Any]:
    v = explain(text)
    return {
        "text": text,
        "kind": v.kind,
        "number": v.to_dict()["number"],
        "unit": v.unit,
        "per": v.per,
        "year": v.year,
        "provisional": v.provisional,
    }


def _indicator(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["uid"]),
        "position": row["position"],
        "kind": row["kind"],
        "name": row["name"],
        "baseline": _value(row["baseline"]),
        "target": _value(row["target"]),
        "actual": _value(row["actual"]),
        "actual_computed": row["actual_computed"] or None,
        "rating_published": row["published"] or None,
        "rating_computed": row["computed"] or None,
        "rating": row["rating"] or None,
        "override": row["override"] or None,
        "override_reason": row["override_reason"] or None,
        "reason": row["reason"],
        "reason_en": row["reason_en"],
        "predecessor": str(row["predecessor"]) if row.get("predecessor") else None,
        "lineage": row.get("lineage") or None,
        "notes": row["notes"] or None,
    }


def status_list_report(plan_year: PlanYear) -> dict[str, Any]:
    """The year's list: title, legend, roles with headline KPIs and projects, achievement."""
    data = queries.status_list(plan_year)
    plan = plan_year.plan
    rubric = rubric_of(plan)
    municipalities = {m.pk: m.code for m in data["municipalities"]}
    roles = []
    for g in data["roles"]:
        roles.append(
            {
                "label": g["label"],
                "title": g["title"],
                "headline_kpis": [_indicator(h) for h in g["headlines"]],
                "projects": [
                    {
                        "number": p["number"],
                        "name": p["name"],
                        "summary": p["summary"],
                        "sub_role": p["sub_role"] or None,
                        "sub_role_title": p["sub_role_title"] or None,
                        "notes": p["notes"],
                        "rating_published": p["published"] or None,
                        "rating_published_text": p["published_text"] or None,
                        "one_symbol": p["one_symbol"],
                        "rating_computed": p["computed"] or None,
                        "reason": p["reason"],
                        "indicators": [_indicator(r) for r in p["indicators"]],
                        "predecessor": p.get("predecessor"),
                        "lineage": p.get("lineage") or None,
                    }
                    for p in g["projects"]
                ],
            }
        )
    a = data["achievement"]
    return {
        "format": FORMAT,
        "title": data["title"],
        "area": plan.area.name,
        "municipalities": sorted(municipalities.values()),
        "plan": {"id": plan.pk, "name": plan.name, "start": plan.start_year, "end": plan.end_year},
        "fiscal_year": plan_year.fiscal_year,
        "fiscal_year_wareki": to_wareki(plan_year.fiscal_year, fiscal=True),
        "status": plan_year.status,
        "legend": [
            {"symbol": s.symbol, "label": s.label_ja, "label_en": s.label_en}
            for s in rubric.symbols
        ],
        "columns": COLUMNS,
        "roles": roles,
        "achievement": {
            "achieved": a["achieved"],
            "rated": a["rated"],
            "share": a["share"],
        },
    }
