"""Report builders: plain data about a plan's year for the pages (and later the exports).

Nothing here renders; views hand these dicts to templates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from hyoka.core.periods import to_wareki
from hyoka.core.values import explain
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import rubric_of
from hyoka.plans.models import Indicator, Municipality, Plan, Project, Role


@dataclass(frozen=True)
class Filters:
    """What the status list is narrowed to (all ``None`` = everything)."""

    role: str | None = None
    rating: str | None = None
    disagreement: bool = False
    municipality: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.role or self.rating or self.disagreement or self.municipality)


def year_or_latest(year: int | None, *, published_only: bool = True) -> PlanYear | None:
    """The year asked for, or the latest one; only published years unless drafts may be seen."""
    qs = PlanYear.objects.select_related("plan", "plan__area").order_by("-fiscal_year", "-plan")
    if published_only:
        qs = qs.filter(status=PlanYear.Status.PUBLISHED)
    if year is not None:
        qs = qs.filter(fiscal_year=year)
    return qs.first()


def _visible_years(plan: Plan, published_only: bool) -> set[int]:
    qs = PlanYear.objects.filter(plan=plan)
    if published_only:
        qs = qs.filter(status=PlanYear.Status.PUBLISHED)
    return set(qs.values_list("fiscal_year", flat=True))


def symbols(plan: Plan) -> list[dict[str, Any]]:
    rubric = rubric_of(plan)
    return [
        {"symbol": s.symbol, "label": s.label_ja, "label_en": s.label_en, "code": s.code}
        for s in rubric.symbols
    ]


def _indicator_row(ind: Indicator, iy: IndicatorYear | None) -> dict[str, Any]:
    return {
        "uid": ind.uid,
        "position": ind.position,
        "kind": ind.kind,
        "name": ind.name,
        "baseline": ind.baseline_text,
        "target": ind.target_text,
        "actual": iy.actual_text if iy else "",
        "actual_computed": iy.computed_actual_text if iy else "",
        "provisional": iy.provisional if iy else False,
        "published": iy.published if iy else "",
        "computed": iy.computed if iy else "",
        "override": iy.override if iy else "",
        "rating": iy.rating if iy else "",
        "reason": iy.reason if iy else "",
        "reason_en": iy.reason_en if iy else "",
        "disagrees": iy.disagrees if iy else False,
        "trajectory": iy.trajectory if iy else None,
    }


def status_list(py: PlanYear, filters: Filters | None = None) -> dict[str, Any]:
    """The year's list laid out like the official document: roles, headline KPIs, projects
    with all their indicators, published and computed ratings side by side."""
    filters = filters or Filters()
    plan, year = py.plan, py.fiscal_year
    iy_qs = IndicatorYear.objects.filter(fiscal_year=year)
    indicators = Indicator.objects.filter(plan=plan).order_by("position")
    projects = (
        Project.objects.filter(plan=plan)
        .select_related("role", "sub_role", "lead")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=indicators.prefetch_related(
                    Prefetch("years", queryset=iy_qs, to_attr="this_year")
                ),
            ),
            Prefetch(
                "years", queryset=ProjectYear.objects.filter(fiscal_year=year), to_attr="this_year"
            ),
        )
        .order_by("number")
    )
    if filters.municipality:
        projects = projects.filter(
            Q(participants__code=filters.municipality) | Q(lead__code=filters.municipality)
        ).distinct()
    headlines = (
        indicators.filter(project__isnull=True)
        .select_related("role")
        .prefetch_related(Prefetch("years", queryset=iy_qs, to_attr="this_year"))
    )
    roles = list(Role.objects.filter(plan=plan).select_related("parent").order_by("order"))
    groups: dict[str, dict[str, Any]] = {}
    for r in roles:
        if r.parent is None:
            groups[r.label] = {"label": r.label, "title": r.title, "headlines": [], "projects": []}
    for h in headlines:
        iy = h.this_year[0] if h.this_year else None
        if h.role and h.role.label in groups:
            groups[h.role.label]["headlines"].append(_indicator_row(h, iy))
    shown = total = 0
    counts: Counter[str] = Counter()
    for p in projects:
        total += 1
        pyear = p.this_year[0] if p.this_year else None
        rows = [
            _indicator_row(i, i.this_year[0] if i.this_year else None) for i in p.indicators.all()
        ]
        counts.update(r["computed"] for r in rows if r["computed"])
        data = {
            "number": p.number,
            "name": p.name,
            "summary": p.summary,
            "role": p.role.label if p.role else "",
            "sub_role": p.sub_role.label if p.sub_role else "",
            "sub_role_title": p.sub_role.title if p.sub_role else "",
            "notes": pyear.notes if pyear else "",
            "published": pyear.published if pyear else "",
            "published_text": pyear.published_text if pyear else "",
            "computed": pyear.computed if pyear else "",
            "reason": pyear.reason if pyear else "",
            "reason_en": pyear.reason_en if pyear else "",
            "indicators": rows,
            "one_symbol": bool(pyear and pyear.published and len(rows) > 1),
        }
        data["disagrees"] = bool(
            (data["one_symbol"] and data["published"] != data["computed"])
            or any(r["disagrees"] for r in rows)
        )
        if not _matches(data, filters):
            continue
        shown += 1
        groups.setdefault(
            data["role"], {"label": data["role"], "title": "", "headlines": [], "projects": []}
        )["projects"].append(data)
    for g in groups.values():
        g["visible"] = bool(g["projects"]) or (not filters.active and bool(g["headlines"]))
    return {
        "plan": plan,
        "year": year,
        "wareki": to_wareki(year, fiscal=True),
        "title": py.title or f"{plan.area} {year}年度 連携事業実施状況等一覧",
        "roles": list(groups.values()),
        "role_choices": [(r.label, r.title) for r in roles if r.parent is None],
        "shown": shown,
        "total": total,
        "achievement": {"achieved": py.achieved, "rated": py.rated, "share": py.share},
        "counts": counts,
        "symbols": symbols(plan),
        "municipalities": list(Municipality.objects.filter(area=plan.area)),
        "years": sorted(_visible_years(plan, py.status == PlanYear.Status.PUBLISHED)),
        "filters": filters,
    }


def _matches(p: dict[str, Any], f: Filters) -> bool:
    if f.role and f.role not in (p["role"], p["sub_role"]):
        return False
    if (
        f.rating
        and f.rating != p["computed"]
        and all(r["computed"] != f.rating for r in p["indicators"])
    ):
        return False
    return not (f.disagreement and not p["disagrees"])


def project_detail(
    plan: Plan, number: int, year: int, *, published_only: bool = True
) -> dict[str, Any] | None:
    """A project: its indicators with the reason for each rating, notes, history by year."""
    p = (
        Project.objects.filter(plan=plan, number=number)
        .select_related("role", "sub_role", "lead")
        .prefetch_related("participants")
        .first()
    )
    if p is None:
        return None
    visible = _visible_years(plan, published_only)
    years = {
        py.fiscal_year: py
        for py in ProjectYear.objects.filter(project=p)
        if py.fiscal_year in visible
    }
    indicators = []
    for ind in p.indicators.order_by("position").prefetch_related("years"):
        by_year = {iy.fiscal_year: iy for iy in ind.years.all() if iy.fiscal_year in visible}
        row = _indicator_row(ind, by_year.get(year))
        row["history"] = [_history_row(iy) for _, iy in sorted(by_year.items())]
        indicators.append(row)
    current = years.get(year)
    return {
        "project": p,
        "year": year,
        "wareki": to_wareki(year, fiscal=True),
        "indicators": indicators,
        "published": current.published if current else "",
        "computed": current.computed if current else "",
        "reason": current.reason if current else "",
        "reason_en": current.reason_en if current else "",
        "notes": current.notes if current else "",
        "one_symbol": bool(current and current.published and len(indicators) > 1),
        "history": [
            {
                "year": y,
                "wareki": to_wareki(y, fiscal=True),
                "notes": py.notes,
                "published": py.published,
                "computed": py.computed,
            }
            for y, py in sorted(years.items())
        ],
        "participants": list(p.participants.all()),
        "symbols": symbols(plan),
    }


def _history_row(iy: IndicatorYear) -> dict[str, Any]:
    return {
        "year": iy.fiscal_year,
        "wareki": to_wareki(iy.fiscal_year, fiscal=True),
        "actual": iy.actual_text,
        "actual_computed": iy.computed_actual_text,
        "published": iy.published,
        "computed": iy.computed,
        "override": iy.override,
        "reason": iy.reason,
        "reason_en": iy.reason_en,
        "trajectory": iy.trajectory,
    }


def indicator_detail(ind: Indicator, *, published_only: bool = True) -> dict[str, Any]:
    """An indicator's path from baseline to target with its actuals by year."""
    visible = _visible_years(ind.plan, published_only)
    years = [iy for iy in ind.years.order_by("fiscal_year") if iy.fiscal_year in visible]
    baseline, target = explain(ind.baseline_text), explain(ind.target_text)
    points = []
    for iy in years:
        value = explain(iy.computed_actual_text or iy.actual_text)
        number = value.number
        if value.kind == "quantity" and number is not None:
            points.append(
                {
                    "year": value.year or iy.fiscal_year,
                    "value": float(number),
                    "label": iy.actual_text,
                    "provisional": value.provisional,
                }
            )
    latest = years[-1] if years else None
    return {
        "indicator": ind,
        "project": ind.project,
        "baseline": baseline,
        "target": target,
        "history": [_history_row(iy) for iy in years],
        "points": points,
        "latest": _history_row(latest) if latest else None,
        "trajectory": latest.trajectory if latest else None,
        "symbols": symbols(ind.plan),
    }


def dashboard(py: PlanYear) -> dict[str, Any]:
    """Ratings by role, the achievement share, disagreements, headline KPIs."""
    data = status_list(py)
    syms = [s["symbol"] for s in data["symbols"]]
    by_role = []
    disagreements = []
    for g in data["roles"]:
        c: Counter[str] = Counter()
        for p in g["projects"]:
            c.update(r["computed"] for r in p["indicators"] if r["computed"])
            if p["one_symbol"] and p["published"] != p["computed"]:
                disagreements.append({"project": p, "indicator": None})
            for r in p["indicators"]:
                if r["disagrees"] and not p["one_symbol"]:
                    disagreements.append({"project": p, "indicator": r})
        by_role.append(
            {"label": g["label"], "title": g["title"], "counts": [(s, c.get(s, 0)) for s in syms]}
        )
    published_only = py.status == PlanYear.Status.PUBLISHED
    headlines = [
        h
        | {
            "chart": indicator_detail(
                Indicator.objects.get(uid=h["uid"]), published_only=published_only
            )
        }
        for g in data["roles"]
        for h in g["headlines"]
    ]
    return data | {"by_role": by_role, "disagreements": disagreements, "headline_kpis": headlines}
