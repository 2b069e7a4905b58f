"""Write a status list into the database: validate everything first, then one transaction.

Re-importing the same year updates rows in place (projects by number, indicators by their
position in the project or among the headline KPIs); it never duplicates them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from hyoka.core.evaluate import evaluate, is_achievement_share, plan_period
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import Indicator as DocIndicator
from hyoka.core.statuslist import Problem, StatusList
from hyoka.evaluation.bulk import insert_rows, update_rows
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import Change, evaluate_year, rubric_of
from hyoka.plans.areas import KNOWN_AREAS, ensure_known_areas
from hyoka.plans.models import Area, Indicator, Municipality, Plan, Project, Role

Progress = Callable[[str, int, int], None]


class ImportRefused(Exception):
    """The list has problems that make writing it unsafe; nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ImportResult:
    plan: Plan
    fiscal_year: int
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False
    achieved: int = 0
    rated: int = 0
    #: the edition number made when a published list was imported or changed (else None)
    edition: int | None = None


def _validate(sl: StatusList, year: int | None) -> int:
    errors = [p for p in sl.problems if p.severity == "error"]
    if errors:
        raise ImportRefused(f"{sl.source}: {len(errors)} error(s); nothing was written", errors)
    year = year or sl.fiscal_year
    if year is None:
        raise ImportRefused(
            f"{sl.source}: no fiscal year in the title; give one with --year (nothing was written)"
        )
    dupes = sorted(n for n, c in Counter(p.number for p in sl.projects).items() if c > 1)
    if dupes:
        raise ImportRefused(
            f"{sl.source}: project numbers {dupes} appear more than once; each project needs "
            "its own number (nothing was written)"
        )
    if not sl.area:
        raise ImportRefused(
            f"{sl.source}: the title names no area (e.g. 「さっぽろ連携中枢都市圏 2019年度 …」); "
            "nothing was written"
        )
    return year


def _plan_for(area: Area, year: int, period: tuple[int, int] | None, rubric: str) -> Plan:
    period = period or plan_period(area.name, year)
    if period is None:
        raise ImportRefused(
            f"no plan of {area.name} covers {year}; give its period with --plan START-END"
        )
    known = KNOWN_AREAS.get(area.name, {}).get("plans", [])
    name = next(
        (n for n, s, e in known if (s, e) == period),  # type: ignore[attr-defined]
        f"{area.name} ビジョン {period[0]}〜{period[1]}",
    )
    plan, created = Plan.objects.get_or_create(
        area=area,
        start_year=period[0],
        defaults={
            "name": name,
            "end_year": period[1],
            "rubric_code": rubric,
            "rubric": load_rubric(rubric).to_dict(),
        },
    )
    if not created and plan.end_year != period[1]:
        raise ImportRefused(
            f"{plan} already exists with another period than {period[0]}〜{period[1]}"
        )
    return plan


@transaction.atomic
def write_status_list(
    sl: StatusList,
    data: bytes | None = None,
    *,
    year: int | None = None,
    period: tuple[int, int] | None = None,
    rubric: str = "sapporo",
    progress: Progress | None = None,
) -> ImportResult:
    """Write ``sl`` (read from ``data``) as the plan's ``year`` and rate it; :class:`ImportRefused`
    if it cannot be written safely.  The edition an official list makes, and the dry run, are
    :func:`hyoka.publishing.imports.import_status_list`'s: call that one."""
    year = _validate(sl, year)
    load_rubric(rubric)  # an unknown rubric is refused before anything is written
    ensure_known_areas(Area, Municipality)
    area, _ = Area.objects.get_or_create(
        name=sl.area, defaults={"slug": f"area-{Area.objects.count() + 1}"}
    )
    plan = _plan_for(area, year, period, rubric)
    result = ImportResult(plan, year, problems=list(sl.problems))
    _write(sl, plan, year, data, result, progress)
    ev, result.changes = evaluate_year(plan, year)
    result.achieved, result.rated = ev.achievement.achieved, ev.achievement.rated
    # the document's own evaluation names rows and columns for every problem
    doc = evaluate(sl, rubric_of(plan), fiscal_year=year, plan=(plan.start_year, plan.end_year))
    result.problems = doc.problems
    problems = [p.to_dict(sl.source) for p in doc.problems]
    plan_year = PlanYear.objects.get(plan=plan, fiscal_year=year)
    if plan_year.problems != problems:
        PlanYear.objects.filter(pk=plan_year.pk).update(problems=problems)
    return result


def _write(
    sl: StatusList,
    plan: Plan,
    year: int,
    data: bytes | None,
    result: ImportResult,
    progress: Progress | None,
) -> None:
    """Write the list as the plan's year: every model compared with what is stored, then the
    new rows inserted and the changed ones updated in bulk, each with its audit record; rows
    that would not change are not written (an identical list writes nothing)."""
    bulk = _Bulk(f"取込: {sl.source}", result.counts)
    sha = hashlib.sha256(data).hexdigest() if data else ""
    plan_year = PlanYear.objects.filter(plan=plan, fiscal_year=year).first()
    fields = {"title": sl.title, "source": sl.source, "source_sha256": sha}
    if plan_year is None:
        PlanYear.objects.create(plan=plan, fiscal_year=year, **fields)
    elif _changed(plan_year, fields):
        plan_year.save(update_fields=list(fields))
    roles = _roles(sl, plan, bulk)
    total = len(sl.projects)
    projects = _projects(sl, plan, roles, bulk)
    indicators = _indicators(sl, plan, roles, projects, bulk)
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year)
    }
    # a headline KPI's notes (its 連携事業実施状況等 cell) are its year's note (説明)
    rows: list[tuple[Indicator, dict[str, str]]] = [
        (ind, _year_values(h.indicator) | {"note": h.notes})
        for h, ind in zip(sl.headlines, indicators[None], strict=True)
    ] + [
        (ind, _year_values(doc))
        for p in sl.projects
        for doc, ind in zip(p.indicators, indicators[p.number], strict=True)
    ]
    for ind, values in rows:
        iy = years.get(ind.pk) or IndicatorYear(indicator=ind, fiscal_year=year)
        bulk.put(iy, values, "indicator years")
    bulk.flush(IndicatorYear)
    project_years = {
        py.project_id: py for py in ProjectYear.objects.filter(project__plan=plan, fiscal_year=year)
    }
    for p in sl.projects:
        project = projects[p.number]
        row = project_years.get(project.pk) or ProjectYear(project=project, fiscal_year=year)
        values = {
            "notes": p.notes,
            "published": p.rating_published or "",
            "published_text": p.rating_cell,
        }
        bulk.put(row, values, "project years")
    bulk.flush(ProjectYear)
    if progress:
        progress("projects", total, total)


def _year_values(doc: DocIndicator) -> dict[str, str]:
    return {"actual_text": doc.actual, "published": doc.rating_published or ""}


def _roles(sl: StatusList, plan: Plan, bulk: _Bulk) -> dict[str, Role]:
    roles = {r.label: r for r in Role.objects.filter(plan=plan)}
    for order, r in enumerate(sl.roles, 1):
        role = roles.setdefault(r.label, Role(plan=plan, label=r.label))
        bulk.put(role, {"title": r.title, "order": order}, "roles")
    bulk.flush(Role)
    for r in sl.roles:
        if r.parent and r.parent in roles:
            bulk.put(roles[r.label], {"parent_id": roles[r.parent].pk}, "roles")
    bulk.flush(Role)
    return roles


def _projects(
    sl: StatusList, plan: Plan, roles: dict[str, Role], bulk: _Bulk
) -> dict[int, Project]:
    projects = {p.number: p for p in Project.objects.filter(plan=plan)}
    municipalities = list(Municipality.objects.filter(area=plan.area).order_by("pk"))
    central = next((m for m in municipalities if m.is_central), None)
    new = []
    for p in sl.projects:
        project = projects.get(p.number)
        if project is None:
            project = projects[p.number] = Project(plan=plan, number=p.number, lead=central)
            new.append(project)
        role, sub_role = roles.get(p.role or ""), roles.get(p.sub_role or "")
        values = {
            "name": p.name,
            "summary": p.summary,
            "role_id": role.pk if role else None,
            "sub_role_id": sub_role.pk if sub_role else None,
        }
        bulk.put(project, values, "projects")
    bulk.flush(Project)
    Project.participants.through.objects.bulk_create(
        [
            Project.participants.through(project_id=project.pk, municipality_id=m.pk)
            for project in new
            for m in municipalities
        ]
    )
    return projects


def _indicators(
    sl: StatusList,
    plan: Plan,
    roles: dict[str, Role],
    projects: dict[int, Project],
    bulk: _Bulk,
) -> dict[int | None, list[Indicator]]:
    """The list's indicators by project number (``None``: the headline KPIs), in order."""
    stored = {(ind.project_id, ind.position): ind for ind in Indicator.objects.filter(plan=plan)}
    out: dict[int | None, list[Indicator]] = {}
    for position, h in enumerate(sl.headlines, 1):
        ind = stored.get((None, position)) or Indicator(plan=plan, position=position)
        role = roles.get(h.role)
        values = {
            "kind": Indicator.Kind.HEADLINE,
            "role_id": role.pk if role else None,
            "name": h.indicator.name,
            "baseline_text": h.indicator.baseline,
            "target_text": h.indicator.target,
        }
        bulk.put(ind, values, "indicators")
        out.setdefault(None, []).append(ind)
    for p in sl.projects:
        project = projects[p.number]
        for position, doc in enumerate(p.indicators, 1):
            ind = stored.get((project.pk, position)) or Indicator(
                plan=plan, project=project, position=position
            )
            share = is_achievement_share(doc.name)
            values = {
                "kind": Indicator.Kind.ACHIEVEMENT if share else Indicator.Kind.PROJECT,
                "name": doc.name,
                "baseline_text": doc.baseline,
                "target_text": doc.target,
            }
            bulk.put(ind, values, "indicators")
            out.setdefault(p.number, []).append(ind)
    bulk.flush(Indicator)
    out.setdefault(None, [])
    kept = {ind.pk for inds in out.values() for ind in inds}
    removed = Indicator.objects.filter(
        project__in=[projects[p.number] for p in sl.projects], years__isnull=True
    ).exclude(pk__in=kept)
    if removed.exists():
        bulk.counts["indicators removed"] += removed.delete()[0]
    for p in sl.projects:
        out.setdefault(p.number, [])
    return out


class _Bulk:
    """New and changed rows of one model, written together with their audit records."""

    def __init__(self, reason: str, counts: Counter[str]) -> None:
        self.reason, self.counts = reason, counts
        self.new: list[Any] = []
        self.changed: list[Any] = []
        self.fields: set[str] = set()

    def put(self, obj: Any, values: dict[str, Any], label: str) -> None:
        """``obj`` with ``values``: to insert, to update (the fields that differ), or as it is."""
        if obj.pk is None:
            for name, value in values.items():
                setattr(obj, name, value)
            self.new.append(obj)
            self.counts[f"{label} created"] += 1
        elif _changed(obj, values):
            self.changed.append(obj)
            self.fields |= set(values)
            self.counts[f"{label} updated"] += 1
        else:
            self.counts[f"{label} unchanged"] += 1

    def flush(self, model: Any) -> None:
        insert_rows(self.new, reason=self.reason)
        update_rows(self.changed, sorted(self.fields), reason=self.reason)
        self.new, self.changed, self.fields = [], [], set()


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; whether any differed."""
    differs = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            differs = True
    return differs
