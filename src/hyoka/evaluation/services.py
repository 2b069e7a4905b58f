"""Evaluate a plan's year from the database: ORM → core → stored ratings with reasons.

The rules live in :mod:`hyoka.core`; this module only moves data in and out.  The rows are
turned back into the document model (:class:`~hyoka.core.statuslist.StatusList`) so the
database and ``hyoka check`` rate by the very same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hyoka.core.aggregate import trajectory
from hyoka.core.evaluate import Evaluation, evaluate
from hyoka.core.rubrics import Rubric, load_rubric
from hyoka.core.statuslist import Headline, Indicator, Project, Role, StatusList
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator as IndicatorRow
from hyoka.plans.models import Plan


@dataclass(frozen=True)
class Change:
    """A computed rating that changed when a year was evaluated again."""

    label: str
    before: str
    after: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before or '（なし）'} → {self.after} — {self.reason}"


def stamp(obj: Any, user: Any, reason: str) -> None:
    """Who and why, for the audit record (django-simple-history) of ``obj``'s next save."""
    obj._history_user = user if getattr(user, "is_authenticated", False) else None
    obj._change_reason = reason


def rubric_of(plan: Plan) -> Rubric:
    """The plan's own rubric (stored with it), or the shipped one of its code."""
    if plan.rubric:
        return Rubric.from_dict(plan.rubric)
    return load_rubric(plan.rubric_code)


def status_list_of(plan: Plan, year: int) -> tuple[StatusList, dict[tuple[str, int, int], int]]:
    """The plan's year as the document model, and a map back to the IndicatorYear ids."""
    plan_year = PlanYear.objects.filter(plan=plan, fiscal_year=year).first()
    roles = [
        Role(r.label, r.title, r.parent.label if r.parent else None, r.order)
        for r in plan.roles.select_related("parent").order_by("order")
    ]
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year)
    }
    rows: dict[tuple[str, int, int], int] = {}

    def doc_indicator(ind: IndicatorRow) -> Indicator:
        iy = years.get(ind.pk)
        return Indicator(
            ind.name,
            ind.baseline_text,
            ind.target_text,
            iy.actual_text if iy else "",
            (iy.published or None) if iy else None,
        )

    headlines = []
    indicators = plan.indicators.select_related("role", "project").order_by("position")
    for ind in indicators.filter(project__isnull=True):
        headlines.append(Headline(ind.role.label if ind.role else "", doc_indicator(ind), "", 0))
        rows[("kpi", 0, len(headlines))] = ind.pk
    project_years = {
        project_year.project_id: project_year
        for project_year in ProjectYear.objects.filter(project__plan=plan, fiscal_year=year)
    }
    by_project: dict[int, list[IndicatorRow]] = {}
    for ind in indicators.filter(project__isnull=False):
        assert ind.project_id is not None
        by_project.setdefault(ind.project_id, []).append(ind)
    projects = []
    for p in plan.projects.select_related("role", "sub_role").order_by("number"):
        inds = by_project.get(p.pk, [])
        project_year = project_years.get(p.pk)
        published = (project_year.published or None) if project_year else None
        doc = [doc_indicator(i) for i in inds]
        if len(doc) > 1 and published:
            for d in doc:
                d.rating_published = None
        projects.append(
            Project(
                p.number,
                p.name,
                p.summary,
                p.role.label if p.role else None,
                p.sub_role.label if p.sub_role else None,
                doc,
                project_year.published_text if project_year else "",
                published if len(doc) > 1 else (doc[0].rating_published if doc else None),
                project_year.notes if project_year else "",
                0,
            )
        )
        for position, ind in enumerate(inds, 1):
            rows[("project", p.number, position)] = ind.pk
    sl = StatusList(
        source=plan_year.source if plan_year else "",
        title=plan_year.title if plan_year else "",
        area=plan.area.name,
        fiscal_year=year,
        legend={},
        roles=roles,
        headlines=headlines,
        projects=projects,
        problems=[],
    )
    return sl, rows


COMPUTED_FIELDS = (
    "actual",
    "number",
    "provisional",
    "computed_actual_text",
    "computed",
    "reason",
    "reason_en",
    "outcome",
    "trajectory",
)


@transaction.atomic
def evaluate_year(plan: Plan, year: int, *, user: Any = None) -> tuple[Evaluation, list[Change]]:
    """Rate every indicator of ``plan`` in ``year`` and store the results; returns the
    evaluation and the computed ratings that changed.  Only rows whose results changed are
    written (and so enter the audit trail, as 再評価 by ``user``)."""
    sl, rows = status_list_of(plan, year)
    ev = evaluate(sl, rubric_of(plan), fiscal_year=year, plan=(plan.start_year, plan.end_year))
    stored = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.select_for_update(of=("self",)).filter(
            indicator__plan=plan, fiscal_year=year
        )
    }
    changes: list[Change] = []
    rated = [(("kpi", 0, i), ri) for i, ri in enumerate(ev.headlines, 1)]
    for rp in ev.projects:
        rated += [(("project", rp.project.number, i), ri) for i, ri in enumerate(rp.indicators, 1)]
    for key, ri in rated:
        pk = rows[key]
        iy = stored.get(pk) or IndicatorYear(indicator_id=pk, fiscal_year=year)
        a = ri.rating.assessment
        label = f"事業{key[1]} 指標{key[2]}" if key[0] == "project" else f"基本KPI{key[2]}"
        if iy.computed and iy.computed != ri.rating.symbol:
            changes.append(Change(label, iy.computed, ri.rating.symbol, ri.rating.reason.ja))
        actual = ri.computed_actual or ri.actual
        path = trajectory(ri.baseline, ri.target, actual, year)
        new = {
            "actual": ri.actual.to_dict(),
            "number": actual.number if actual.number is None else Decimal(actual.number),
            "provisional": actual.provisional,
            "computed_actual_text": ri.computed_actual.text if ri.computed_actual else "",
            "computed": ri.rating.symbol,
            "reason": ri.rating.reason.ja,
            "reason_en": ri.rating.reason.en,
            "outcome": a.outcome if a else "",
            "trajectory": path.to_dict() if path else None,
        }
        if iy.pk and all(_same(getattr(iy, f), new[f]) for f in COMPUTED_FIELDS):
            continue
        for f, v in new.items():
            setattr(iy, f, v)
        stamp(iy, user, "再評価")
        iy.save()
    project_rows = {
        project_year.project.number: project_year
        for project_year in ProjectYear.objects.filter(
            project__plan=plan, fiscal_year=year
        ).select_related("project")
    }
    for rp in ev.projects:
        project_year = project_rows.get(rp.project.number)
        if project_year is None:
            continue
        if project_year.computed and project_year.computed != rp.rating.symbol:
            changes.append(
                Change(
                    f"事業{rp.project.number}",
                    project_year.computed,
                    rp.rating.symbol,
                    rp.rating.reason.ja,
                )
            )
        if (project_year.computed, project_year.reason, project_year.reason_en) == (
            rp.rating.symbol,
            rp.rating.reason.ja,
            rp.rating.reason.en,
        ):
            continue
        project_year.computed = rp.rating.symbol
        project_year.reason = rp.rating.reason.ja
        project_year.reason_en = rp.rating.reason.en
        stamp(project_year, user, "再評価")
        project_year.save(update_fields=["computed", "reason", "reason_en"])
    PlanYear.objects.filter(plan=plan, fiscal_year=year).update(
        achieved=ev.achievement.achieved,
        rated=ev.achievement.rated,
        evaluated_at=timezone.now(),
    )
    return ev, changes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return bool(old == new)
