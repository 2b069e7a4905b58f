"""The end-of-plan summary (期末評価) of a plan as plain data: the share of indicators achieved
at the end, per role; the indicators never rated in any year; and what continued into the next
plan (継続, 見直し, 置き換え) and what ended (終了).

"At the end" is the plan's last year with a list (``final_year``; ``complete`` says whether
it is the plan's own last year).  Only project indicators count towards the shares (not the
headline KPIs, often reference only, nor the plan's own achievement share).  With
``published_only`` (what an anonymous visitor sees) only the published years count, and only a
next plan with a published year is named.  Nothing here refers to a model object: the web page,
the PDF (:mod:`hyoka.reports.render_summary`) and ``hyoka summary`` lay this out.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Prefetch

from hyoka.core.aggregate import achievement_of_counts
from hyoka.core.rubrics import Rubric
from hyoka.evaluation.lineage import ENDED, indicator_key
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.evaluation.services import rubric_of
from hyoka.plans.models import Indicator, Plan, Project, Role

__all__ = ["FORMAT", "end_of_plan_summary"]

FORMAT = "hyoka.end-of-plan-summary/1"


def _share(counts: Counter[str], rubric: Rubric) -> dict[str, Any]:
    a = achievement_of_counts(counts, rubric)
    share = round(float(a.share), 6) if a.share is not None else None
    return {
        "indicators": sum(counts.values()),
        "achieved": a.achieved,
        "rated": a.rated,
        "share": share,
    }


def _plan(plan: Plan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"id": plan.pk, "name": plan.name, "start": plan.start_year, "end": plan.end_year}


def _years(plan: Plan, published_only: bool) -> list[int]:
    qs = PlanYear.objects.filter(plan=plan)
    if published_only:
        qs = qs.filter(status=PlanYear.Status.PUBLISHED)
    return sorted(qs.values_list("fiscal_year", flat=True))


def end_of_plan_summary(plan: Plan, *, published_only: bool = False) -> dict[str, Any]:
    """期末評価 of ``plan``: see the module's docstring for what each part means."""
    rubric = rubric_of(plan)
    years = _years(plan, published_only)
    final = years[-1] if years else None
    indicators = list(
        Indicator.objects.filter(plan=plan, kind=Indicator.Kind.PROJECT)
        .select_related("project", "project__role")
        .prefetch_related(
            Prefetch("years", queryset=IndicatorYear.objects.order_by("fiscal_year")),
            Prefetch("successors", queryset=Indicator.objects.select_related("project", "plan")),
        )
        .order_by("project__number", "position")
    )
    by_role: dict[str, Counter[str]] = {}
    total: Counter[str] = Counter()
    never_rated = []
    for ind in indicators:
        ratings = {iy.fiscal_year: iy for iy in ind.years.all() if iy.fiscal_year in years}
        end = ratings.get(final) if final is not None else None
        symbol = (end.rating if end else "") or rubric.unrated
        role = ind.project.role.label if ind.project and ind.project.role else ""
        by_role.setdefault(role, Counter())[symbol] += 1
        total[symbol] += 1
        if not any(iy.rating and rubric.symbol(iy.rating).rated for iy in ratings.values()):
            last = ratings[max(ratings)] if ratings else None
            never_rated.append(
                {
                    "key": indicator_key(ind),
                    "project": ind.project.number if ind.project else None,
                    "name": ind.name,
                    "target": ind.target_text,
                    "reason": last.reason if last else "",
                }
            )
    roles = {r.label: r.title for r in Role.objects.filter(plan=plan, parent__isnull=True)}
    following = _next_plan(plan, published_only)
    return {
        "format": FORMAT,
        "area": plan.area.name,
        "plan": _plan(plan),
        "years": years,
        "final_year": final,
        "complete": final == plan.end_year,
        "roles": [
            {"label": label, "title": roles.get(label, "")} | _share(counts, rubric)
            for label, counts in sorted(by_role.items())
        ],
        "total": _share(total, rubric),
        "never_rated": never_rated,
        "published_only": published_only,
        "next_plan": _plan(following),
        "continued": _continued(plan, indicators, following),
    }


def _next_plan(plan: Plan, published_only: bool) -> Plan | None:
    later = Plan.objects.filter(area_id=plan.area_id, start_year__gt=plan.start_year)
    if published_only:
        later = later.filter(years__status=PlanYear.Status.PUBLISHED).distinct()
    return later.order_by("start_year").first()


def _continued(plan: Plan, indicators: list[Indicator], following: Plan | None) -> dict[str, Any]:
    """What of ``plan`` the next plan (``following``: the one shown) carries on, by the
    lineage recorded: counts per kind (``unmapped``: no lineage recorded yet) and each
    indicator with its successors."""
    counts: dict[str, Counter[str]] = {"projects": Counter(), "indicators": Counter()}
    shown = following.pk if following is not None else None
    projects = Project.objects.filter(plan=plan).prefetch_related("successors")
    for p in projects:
        after = [s.lineage for s in p.successors.all() if s.plan_id == shown]
        counts["projects"].update(_kinds(p.lineage, after))
    items = []
    for ind in indicators:
        successors = [s for s in ind.successors.all() if s.plan_id == shown]
        counts["indicators"].update(_kinds(ind.lineage, [s.lineage for s in successors]))
        items.append(
            {
                "key": indicator_key(ind),
                "name": ind.name,
                "ended": ind.lineage == ENDED,
                "successors": [
                    {
                        "plan": s.plan_id,
                        "uid": str(s.uid),
                        "key": indicator_key(s),
                        "name": s.name,
                        "lineage": s.lineage or None,
                        "target": s.target_text,
                    }
                    for s in successors
                ],
            }
        )
    return {k: dict(sorted(v.items())) for k, v in counts.items()} | {"indicators_detail": items}


def _kinds(own: str, successors: list[str]) -> list[str]:
    """How one item of the plan fares: each of its successors' lineage, or ended, or unmapped."""
    if successors:
        return [s or "unmapped" for s in successors]
    return [ENDED if own == ENDED else "unmapped"]
