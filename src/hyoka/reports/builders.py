"""The status list of a year as published, built in one place: :func:`status_list_report`
makes the typed :class:`~hyoka.reports.statuslist.StatusListReport` every renderer lays out,
an edition freezes (as its ``to_json()``), the diff compares and the API serves; the public
list page (:func:`status_list_page`, the same report narrowed by the visitor's filters), a
project's page (:func:`project_page`), an indicator's page with its path across plans
(:func:`indicator_page`) and the dashboard (:func:`dashboard`) read the same rows: an
indicator in a year is an :class:`~hyoka.reports.statuslist.IndicatorRow` everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from hyoka.core.collector import collections_paused
from hyoka.core.periods import to_wareki
from hyoka.core.values import explain
from hyoka.core.valuetype import json_number
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.queries import Filters, symbols, visible_fiscal_years
from hyoka.evaluation.services import HeldYear, rubric_of
from hyoka.plans.models import Indicator, Lineage, Municipality, Plan, Project, Role
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

__all__ = [
    "COLUMNS",
    "FORMAT",
    "Disagreement",
    "IndicatorYears",
    "PathSegment",
    "StatusListPage",
    "YearRows",
    "dashboard",
    "indicator_page",
    "project_page",
    "status_list_page",
    "status_list_report",
]

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


@dataclass(frozen=True)
class StatusListPage:
    """The public list page: the year's report narrowed by ``filters`` (roles keep their
    headline KPIs; the page shows them only when nothing is filtered), how many projects there
    are before the role, rating and difference filters (``total``; the municipality's, when one
    is chosen), the roles to choose from, the area's municipalities and the rubric's symbols."""

    report: StatusListReport
    filters: Filters
    total: int
    role_choices: tuple[tuple[str, str], ...]
    municipalities: tuple[Municipality, ...]
    symbols: list[dict[str, Any]]

    @property
    def shown(self) -> int:
        return sum(len(g.projects) for g in self.report.roles)


def status_list_report(plan_year: PlanYear, held: HeldYear | None = None) -> StatusListReport:
    """The year's list: title, legend, roles with headline KPIs and projects, achievement.
    ``held``: the year's rows as the writer that has just stored them holds them (the import
    of a list: no reading back), else read here; the report is the same either way."""
    if held is None or _reads_more(held):
        return status_list_page(plan_year).report
    by_pk = {r.pk: r for r in held.plan.roles}
    indicators = sorted(held.plan.indicators, key=lambda i: (i.position, i.pk))
    heads = [(i, held.years.get(i.pk)) for i in indicators if i.project_id is None]
    by_project: dict[int, list[Indicator]] = {}
    for ind in indicators:
        if ind.project_id is not None:
            by_project.setdefault(ind.project_id, []).append(ind)
    rows = []
    for p in sorted(held.plan.projects, key=lambda p: p.number):
        if p.sub_role_id is not None:
            p.sub_role = by_pk[p.sub_role_id]  # the held role, not read again
        inds = by_project.get(p.pk, [])
        row = _project_row(
            p,
            held.project_years.get(p.pk),
            tuple(_indicator(i, held.years.get(i.pk)) for i in inds),
        )
        rows.append((by_pk[p.role_id].label if p.role_id else "", row))
    return _report(plan_year, held.plan.roles, heads, rows, held.municipalities, Filters())


def _reads_more(held: HeldYear) -> bool:
    """Whether the report needs rows ``held`` lacks: the predecessors (in another plan) of its
    projects and indicators."""
    return any(p.predecessor_id for p in held.plan.projects) or any(
        i.predecessor_id for i in held.plan.indicators
    )


def status_list_page(plan_year: PlanYear, filters: Filters | None = None) -> StatusListPage:
    """The year's list laid out like the official document (roles, headline KPIs, projects
    with all their indicators, published and computed ratings side by side), narrowed by
    ``filters``."""
    filters = filters or Filters()
    plan = plan_year.plan
    roles = list(Role.objects.filter(plan=plan).order_by("order"))
    # the model instances of every project, indicator and row of the year (7,900 for 1,000
    # projects): the collector's passes over them cost a fifth of the build
    with collections_paused():
        heads = [(h, _this_year(h)) for h in _headlines(plan_year)]
        rows = [
            (p.role.label if p.role else "", _project(p))
            for p in _projects(plan_year, filters.municipality)
        ]
    municipalities = tuple(Municipality.objects.filter(area=plan.area))
    report = _report(plan_year, roles, heads, rows, municipalities, filters)
    choices = tuple((r.label, r.title) for r in roles if r.parent_id is None)
    return StatusListPage(report, filters, len(rows), choices, municipalities, symbols(plan))


def _report(
    plan_year: PlanYear,
    roles: list[Role],
    heads: list[tuple[Indicator, IndicatorYear | None]],
    rows: list[tuple[str, ProjectRow]],
    municipalities: Iterable[Municipality],
    filters: Filters,
) -> StatusListReport:
    """The report of ``plan_year`` from its roles, its headline KPIs with their rows of the
    year (in position order) and its projects' rows with their role's label (in number
    order), narrowed by ``filters``."""
    plan, year = plan_year.plan, plan_year.fiscal_year
    ordered = sorted(roles, key=lambda r: (r.order, r.pk))
    labels = {r.pk: r.label for r in ordered}
    headlines: dict[str, list[IndicatorRow]] = {r.label: [] for r in ordered if r.parent_id is None}
    titles = {r.label: r.title for r in ordered if r.parent_id is None}
    for h, iy in heads:
        label = labels.get(h.role_id) if h.role_id else None
        if label in headlines:
            headlines[label].append(_indicator(h, iy))
    projects: dict[str, list[ProjectRow]] = {label: [] for label in headlines}
    for role, row in rows:
        if _matches(row, role, filters):
            projects.setdefault(role, []).append(row)
    rubric = rubric_of(plan)
    return StatusListReport(
        format=FORMAT,
        title=plan_year.title or f"{plan.area} {year}年度 連携事業実施状況等一覧",
        area=plan.area.name,
        municipalities=tuple(sorted(m.code for m in municipalities)),
        plan=PlanRef(plan.pk, plan.name, plan.start_year, plan.end_year),
        fiscal_year=year,
        fiscal_year_wareki=to_wareki(year, fiscal=True),
        status=plan_year.status,
        legend=tuple(LegendEntry(s.symbol, s.label_ja, s.label_en) for s in rubric.symbols),
        columns=COLUMNS,
        roles=tuple(
            RoleGroup(label, titles.get(label, ""), tuple(headlines.get(label, ())), tuple(rows))
            for label, rows in projects.items()
        ),
        achievement=Achievement(plan_year.achieved, plan_year.rated, plan_year.share),
    )


def _headlines(plan_year: PlanYear) -> QuerySet[Indicator]:
    iy_qs = IndicatorYear.objects.filter(fiscal_year=plan_year.fiscal_year)
    return (
        _indicators(plan_year)
        .filter(project__isnull=True)
        .select_related("role")
        .prefetch_related(Prefetch("years", queryset=iy_qs, to_attr="this_year"))
    )


def _indicators(plan_year: PlanYear) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(plan=plan_year.plan)
        .annotate(predecessor_uid=F("predecessor__uid"))
        .order_by("position")
    )


def _projects(plan_year: PlanYear, municipality: str | None) -> QuerySet[Project]:
    """The plan's projects (those ``municipality`` takes part in or leads, when given) with
    their indicators and the year's rows, in the document's order."""
    year = plan_year.fiscal_year
    iy_qs = IndicatorYear.objects.filter(fiscal_year=year)
    projects = (
        Project.objects.filter(plan=plan_year.plan)
        .select_related("role", "sub_role", "lead", "predecessor")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=_indicators(plan_year).prefetch_related(
                    Prefetch("years", queryset=iy_qs, to_attr="this_year")
                ),
            ),
            Prefetch(
                "years", queryset=ProjectYear.objects.filter(fiscal_year=year), to_attr="this_year"
            ),
        )
        .order_by("number")
    )
    if municipality:
        projects = projects.filter(
            Q(participants__code=municipality) | Q(lead__code=municipality)
        ).distinct()
    return projects


def _this_year(obj: Any) -> Any:
    """The year's row prefetched as ``this_year`` (``None``: there is none)."""
    return obj.this_year[0] if obj.this_year else None


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


def _indicator(ind: Indicator, iy: IndicatorYear | None) -> IndicatorRow:
    """An indicator in the year ``iy`` (``None``: no row for the year)."""
    # the uid of the indicator it carries on (annotated as ``predecessor_uid`` by the query)
    predecessor = getattr(ind, "predecessor_uid", None)
    return IndicatorRow(
        id=str(ind.uid),
        position=ind.position,
        kind=ind.kind,
        name=ind.name,
        baseline=_value(ind.baseline_text),
        target=_value(ind.target_text),
        actual=_value(iy.actual_printed if iy else ""),
        actual_computed=(iy.computed_actual_text if iy else "") or None,
        rating_published=(iy.published if iy else "") or None,
        rating_computed=(iy.computed if iy else "") or None,
        rating=(iy.rating if iy else "") or None,
        override=(iy.override if iy else "") or None,
        override_reason=(iy.override_reason if iy else "") or None,
        reason=iy.reason if iy else "",
        reason_en=iy.reason_en if iy else "",
        predecessor=str(predecessor) if predecessor else None,
        lineage=ind.lineage or None,
        # the notes the list prints with a headline KPI (a project's are the project's)
        notes=(iy.note if iy and ind.kind == Indicator.Kind.HEADLINE else "") or None,
    )


def _project(p: Project) -> ProjectRow:
    return _project_row(
        p, _this_year(p), tuple(_indicator(i, _this_year(i)) for i in p.indicators.all())
    )


def _project_row(
    p: Project, year: ProjectYear | None, rows: tuple[IndicatorRow, ...]
) -> ProjectRow:
    """The project ``p`` in the year ``year`` (``None``: no row for the year) with the rows of
    its indicators."""
    return ProjectRow(
        number=p.number,
        name=p.name,
        summary=p.summary,
        sub_role=p.sub_role.label if p.sub_role else None,
        sub_role_title=(p.sub_role.title if p.sub_role else "") or None,
        notes=year.notes if year else "",
        rating_published=(year.published if year else "") or None,
        rating_published_text=(year.published_text if year else "") or None,
        one_symbol=bool(year and year.published and len(rows) > 1),
        rating_computed=(year.computed if year else "") or None,
        reason=year.reason if year else "",
        indicators=rows,
        predecessor=p.predecessor.number if p.predecessor else None,
        lineage=p.lineage or None,
        reason_en=year.reason_en if year else "",
    )


#: An indicator's rows in the years a visitor may see: fiscal year and row, oldest first.
YearRows = tuple[tuple[int, IndicatorRow], ...]


@dataclass(frozen=True)
class IndicatorYears:
    """An indicator on its project's page: its row in the year shown (``row``) and its row in
    every year the visitor may see (``years``)."""

    row: IndicatorRow
    years: YearRows


def project_page(
    plan: Plan, number: int, year: int, *, published_only: bool = True
) -> dict[str, Any] | None:
    """A project's page: the project (``project``, the model), its row in ``year`` (``row``:
    ratings, reason, notes), its indicators with their years (:class:`IndicatorYears`), its
    notes by year (``history``) and participants; ``None`` when there is no such project."""
    p = (
        Project.objects.filter(plan=plan, number=number)
        .select_related("role", "sub_role", "lead", "predecessor")
        .prefetch_related("participants")
        .first()
    )
    if p is None:
        return None
    visible = visible_fiscal_years(plan, published_only)
    years = {
        project_year.fiscal_year: project_year
        for project_year in ProjectYear.objects.filter(project=p)
        if project_year.fiscal_year in visible
    }
    indicators = []
    found = p.indicators.annotate(predecessor_uid=F("predecessor__uid")).order_by("position")
    for ind in found.prefetch_related("years"):
        by_year = {iy.fiscal_year: iy for iy in ind.years.all() if iy.fiscal_year in visible}
        indicators.append(
            IndicatorYears(
                _indicator(ind, by_year.get(year)),
                tuple((y, _indicator(ind, iy)) for y, iy in sorted(by_year.items())),
            )
        )
    return {
        "project": p,
        "year": year,
        "wareki": to_wareki(year, fiscal=True),
        "row": _project_row(p, years.get(year), tuple(i.row for i in indicators)),
        "indicators": indicators,
        "history": [
            {"year": y, "wareki": to_wareki(y, fiscal=True), "notes": project_year.notes}
            for y, project_year in sorted(years.items())
        ],
        "participants": list(p.participants.all()),
        "symbols": symbols(plan),
    }


def _matches(p: ProjectRow, role: str, f: Filters) -> bool:
    if f.role and f.role not in (role, p.sub_role or ""):
        return False
    if (
        f.rating
        and f.rating != p.rating_computed
        and all(r.rating_computed != f.rating for r in p.indicators)
    ):
        return False
    return not (f.disagreement and not p.disagrees)


@dataclass(frozen=True)
class Disagreement:
    """A published rating that differs from the computed one: an indicator's, or (``indicator``
    ``None``) the project's one symbol."""

    project: ProjectRow
    indicator: IndicatorRow | None = None


def dashboard(plan_year: PlanYear) -> dict[str, Any]:
    """Ratings by role, the achievement share, disagreements, headline KPIs with their
    paths (``chart``: :func:`indicator_page`)."""
    page = status_list_page(plan_year)
    report = page.report
    syms = [s["symbol"] for s in page.symbols]
    by_role = []
    disagreements: list[Disagreement] = []
    for g in report.roles:
        c: Counter[str] = Counter()
        for p in g.projects:
            c.update(r.rating_computed for r in p.indicators if r.rating_computed)
            if p.one_symbol and p.rating_published != p.rating_computed:
                disagreements.append(Disagreement(p))
            for r in p.indicators:
                if r.disagrees and not p.one_symbol:
                    disagreements.append(Disagreement(p, r))
        by_role.append(
            {"label": g.label, "title": g.title, "counts": [(s, c.get(s, 0)) for s in syms]}
        )
    published_only = plan_year.status == PlanYear.Status.PUBLISHED
    headlines = [
        {
            "kpi": h,
            "chart": indicator_page(Indicator.objects.get(uid=h.id), published_only=published_only),
        }
        for g in report.roles
        for h in g.headline_kpis
    ]
    return {
        "report": report,
        "year": report.fiscal_year,
        "wareki": report.fiscal_year_wareki,
        "achievement": report.achievement,
        "symbols": page.symbols,
        "by_role": by_role,
        "disagreements": disagreements,
        "headline_kpis": headlines,
    }


@dataclass(frozen=True)
class PathSegment:
    """An indicator of one plan on an indicator's path across plans: the indicator and its
    plan, its rows in the years the visitor may see (``history``), whether it is the page's
    own (``current``) or of an earlier plan (``before``), its lineage and how the next plan's
    indicator carries it on (``carried_on_as``; ``""``: none does)."""

    indicator: Indicator
    plan: Plan
    current: bool
    before: bool
    lineage: str
    carried_on_as: str
    history: YearRows


def indicator_page(ind: Indicator, *, published_only: bool = True) -> dict[str, Any]:
    """An indicator's page: baseline and target (``Value``), its rows in the years the visitor
    may see (``history``), the actuals that are figures as a chart's ``points`` (with those of
    the indicators it continues unchanged, 継続), the latest year's ``trajectory`` and its path
    across plans (``path``: :class:`PathSegment` of the indicators it carries on and that
    carry it on, oldest plan first; empty when no other plan's indicator is shown)."""
    shown = _path(ind, published_only)
    path = [
        PathSegment(
            indicator=x,
            plan=x.plan,
            current=x.pk == ind.pk,
            before=x.plan.start_year < ind.plan.start_year,
            lineage=x.lineage,
            carried_on_as=shown[i + 1][0].lineage if i + 1 < len(shown) else "",
            history=tuple((iy.fiscal_year, _indicator(x, iy)) for iy in years),
        )
        for i, (x, years) in enumerate(shown)
    ]
    own = next(years for x, years in shown if x.pk == ind.pk)
    history = next(s.history for s in path if s.current)
    earlier: list[dict[str, Any]] = []
    for seg in reversed([s for s in path if s.before]):
        if seg.carried_on_as != Lineage.CONTINUING:
            break
        earlier[:0] = _points(seg.history)
    return {
        "indicator": ind,
        "project": ind.project,
        "baseline": explain(ind.baseline_text),
        "target": explain(ind.target_text),
        "history": history,
        "points": earlier + _points(history),
        "trajectory": own[-1].trajectory if own else None,
        "symbols": symbols(ind.plan),
        "path": path if len(path) > 1 else [],
    }


def _points(rows: YearRows) -> list[dict[str, Any]]:
    """The actuals that are figures, as a chart's points (the figure Hyoka computes, when it
    computes one, else the actual as typed)."""
    points = []
    for year, row in rows:
        value = explain(row.actual_computed or row.actual.text)
        number = value.number
        if value.kind == "quantity" and number is not None:
            points.append(
                {
                    "year": value.year or year,
                    "value": float(number),
                    "label": row.actual.text,
                    "provisional": value.provisional,
                }
            )
    return points


def _path(ind: Indicator, published_only: bool) -> list[tuple[Indicator, list[IndicatorYear]]]:
    """``ind`` with its predecessors before it (oldest first) and, while one indicator carries
    it on, its successors after it; each with its years the visitor may see (a plan with none
    is left out, a plan this visitor may not see is not named)."""
    related = ("plan", "project")
    chain = [ind]
    before = ind.predecessor
    while before is not None and before not in chain:
        chain.insert(0, before)
        before = Indicator.objects.select_related(*related).filter(pk=before.predecessor_id).first()
    after = list(ind.successors.select_related(*related))
    while len(after) == 1 and after[0] not in chain:
        chain.append(after[0])
        after = list(after[0].successors.select_related(*related))
    found = (
        Indicator.objects.filter(pk__in=[x.pk for x in chain])
        .select_related(*related)
        .annotate(predecessor_uid=F("predecessor__uid"))
        .prefetch_related(Prefetch("years", queryset=IndicatorYear.objects.order_by("fiscal_year")))
        .in_bulk()
    )
    shown = []
    for x in (found[x.pk] for x in chain):
        visible = visible_fiscal_years(x.plan, published_only)
        if x.pk == ind.pk or visible:
            shown.append((x, [iy for iy in x.years.all() if iy.fiscal_year in visible]))
    return shown
