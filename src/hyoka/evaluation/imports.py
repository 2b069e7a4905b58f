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

from hyoka.core.evaluate import Evaluation, evaluate, is_achievement_share, plan_period
from hyoka.core.i18n import tr
from hyoka.core.participation import participation
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import Indicator as DocIndicator
from hyoka.core.statuslist import Problem, StatusList
from hyoka.evaluation.bulk import analyze, insert_plain, insert_rows, update_rows
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import (
    Change,
    HeldYear,
    PlanRows,
    evaluate_year,
    rate_year,
    rubric_of,
    store_share,
)
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
    #: the year as written, when the import holds all of it (a year new to the database):
    #: its edition is built from it (else read back)
    held: HeldYear | None = None


def _validate(sl: StatusList, year: int | None) -> int:
    errors = [p for p in sl.problems if p.severity == "error"]
    if errors:
        raise ImportRefused(
            tr(
                "%(source)s: 誤りが%(count)s件あります。何も書き込んでいません",
                source=sl.source,
                count=len(errors),
            ),
            errors,
        )
    year = year or sl.fiscal_year
    if year is None:
        raise ImportRefused(
            tr(
                "%(source)s: 表題に年度がありません。--year で年度を指定してください"
                "（何も書き込んでいません）",
                source=sl.source,
            )
        )
    dupes = sorted(n for n, c in Counter(p.number for p in sl.projects).items() if c > 1)
    if dupes:
        raise ImportRefused(
            tr(
                "%(source)s: 事業番号 %(numbers)s が複数回あります。事業ごとに別の番号が必要です"
                "（何も書き込んでいません）",
                source=sl.source,
                numbers=dupes,
            )
        )
    if not sl.area:
        raise ImportRefused(
            tr(
                "%(source)s: 表題に圏域名がありません（例: 「さっぽろ連携中枢都市圏 2019年度 …」）。"
                "何も書き込んでいません",
                source=sl.source,
            )
        )
    return year


def _area_given(sl: StatusList, ref: str | None) -> None:
    """Put the area ``ref`` names (a name or a slug) on a list whose title names none; refuse
    a list whose title names another."""
    if not ref:
        return
    found = Area.objects.filter(slug=ref).first() or Area.objects.filter(name=ref).first()
    name = found.name if found else ref
    if sl.area and sl.area != name:
        raise ImportRefused(
            tr(
                "%(source)s: 表題の圏域「%(title)s」が --area「%(area)s」と違います"
                "（何も書き込んでいません）",
                source=sl.source,
                title=sl.area,
                area=ref,
            )
        )
    sl.area = name


def _plan_for(area: Area, year: int, period: tuple[int, int] | None, rubric: str) -> Plan:
    period = period or plan_period(area.name, year)
    if period is None:
        raise ImportRefused(
            tr(
                "%(area)sの計画に%(year)s年度を含むものがありません。"
                "--plan 開始年-終了年 で計画期間を指定してください",
                area=area.name,
                year=year,
            )
        )
    if not period[0] <= year <= period[1]:
        raise ImportRefused(
            tr(
                "%(year)s年度は計画期間 %(start)s〜%(end)s の外です。--plan か --year を確かめてください"
                "（何も書き込んでいません）",
                year=year,
                start=period[0],
                end=period[1],
            )
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
            tr(
                "%(plan)sは%(start)s〜%(end)sとは別の期間で登録されています",
                plan=plan,
                start=period[0],
                end=period[1],
            )
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
    area: str | None = None,
) -> ImportResult:
    """Write ``sl`` (read from ``data``) as the plan's ``year`` and rate it; :class:`ImportRefused`
    if it cannot be written safely.  ``area`` (a name or slug) names the area when the title
    does not; a title naming another area is refused.  ``period`` chooses the plan (a list
    imported with ``(2024, 2028)`` is plan 2 and never mixes with plan 1).  The edition an official list makes, and the dry run, are
    :func:`hyoka.publishing.imports.import_status_list`'s: call that one."""
    ensure_known_areas(Area, Municipality)
    _area_given(sl, area)
    year = _validate(sl, year)
    load_rubric(rubric)  # an unknown rubric is refused before anything is written
    the_area, _ = Area.objects.get_or_create(
        name=sl.area, defaults={"slug": f"area-{Area.objects.count() + 1}"}
    )
    plan = _plan_for(the_area, year, period, rubric)
    result = ImportResult(plan, year, problems=list(sl.problems))
    ev = _write(sl, plan, year, data, result, progress)
    if any(n for label, n in result.counts.items() if label.endswith("created")):
        analyze(Role, Project, Indicator, IndicatorYear, ProjectYear)
    if ev is None:
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
) -> Evaluation | None:
    """Write the list as the plan's year: every model compared with what is stored, then the
    new rows inserted and the changed ones updated in bulk, each with its audit record; rows
    that would not change are not written (an identical list writes nothing).  A year new to
    the database has its rows rated before they are inserted (each written once, rated, with
    one audit record) and its share stored: its evaluation is returned (``None``: the year
    is still to be rated, by :func:`~hyoka.evaluation.services.evaluate_year`)."""
    bulk = _Bulk(f"取込: {sl.source}", result.counts)
    sha = hashlib.sha256(data).hexdigest() if data else ""
    plan_year = PlanYear.objects.filter(plan=plan, fiscal_year=year).first()
    fields = {"title": sl.title, "source": sl.source, "source_sha256": sha}
    new_year = plan_year is None
    if plan_year is None:
        plan_year = PlanYear.objects.create(plan=plan, fiscal_year=year, **fields)
    elif _changed(plan_year, fields):
        plan_year.save(update_fields=list(fields))
    roles = _roles(sl, plan, bulk)
    total = len(sl.projects)
    projects, municipalities = _projects(sl, plan, roles, bulk)
    indicators, complete = _indicators(sl, plan, roles, projects, bulk)
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
    years_bulk, bulk = bulk, _Bulk(bulk.reason, result.counts)
    project_years = {
        project_year.project_id: project_year
        for project_year in ProjectYear.objects.filter(project__plan=plan, fiscal_year=year)
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
    ev = None
    if new_year and not years and not project_years:
        # every role, project and indicator of the plan is in hand (rated without reading
        # them back) unless the plan holds indicators the list does not
        held = PlanRows(
            list(roles.values()),
            [ind for inds in indicators.values() for ind in inds],
            list(projects.values()),
        )
        ev = _rated(plan, plan_year, years_bulk.new, bulk.new, held if complete else None)
        if ev is not None and complete:
            result.held = HeldYear(
                held,
                {iy.indicator_id: iy for iy in years_bulk.new},
                {py.project_id: py for py in bulk.new},
                municipalities,
            )
    years_bulk.flush(IndicatorYear)
    bulk.flush(ProjectYear)
    if progress:
        progress("projects", total, total)
    return ev


def _rated(
    plan: Plan,
    plan_year: PlanYear,
    rows: list[IndicatorYear],
    project_years: list[ProjectYear],
    held: PlanRows | None,
) -> Evaluation | None:
    """The new year's unsaved ``rows`` and ``project_years`` rated in memory as
    :func:`~hyoka.evaluation.services.evaluate_year` would rate them once stored, the year's
    share stored; ``None`` when the plan has indicators the list does not (their rows would
    be made: left to ``evaluate_year``).  ``held``: the plan's roles, indicators and projects
    as written (``None``: read back)."""
    by_indicator = {iy.indicator_id: iy for iy in rows}
    ev = rate_year(
        plan,
        plan_year.fiscal_year,
        by_indicator,
        {py.project_id: py for py in project_years},
        [],
        plan_year=plan_year,
        held=held,
    )[0]
    if len(by_indicator) != len(rows):
        return None
    store_share(plan_year, ev.achievement)
    return ev


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
) -> tuple[dict[int, Project], list[Municipality]]:
    """Every project of the plan by number (the list's written), and the area's
    municipalities."""
    projects = {p.number: p for p in Project.objects.filter(plan=plan)}
    municipalities = list(Municipality.objects.filter(area=plan.area).order_by("order", "code"))
    central = next((m for m in municipalities if m.is_central), None)
    named: dict[int, tuple[str, ...]] = {}
    for p in sl.projects:
        project = projects.get(p.number)
        if project is None:
            project = projects[p.number] = Project(plan=plan, number=p.number, lead=central)
        role, sub_role = roles.get(p.role or ""), roles.get(p.sub_role or "")
        found = participation(
            {"連携事業名": p.name, "事業概要": p.summary, "連携事業実施状況等": p.notes},
            [m.name for m in municipalities],
        )
        named[p.number] = found.members
        values = {
            "name": p.name,
            "summary": p.summary,
            "role_id": role.pk if role else None,
            "sub_role_id": sub_role.pk if sub_role else None,
            "participation_basis": _basis(project.participation_basis, found.basis),
        }
        bulk.put(project, values, "projects")
    bulk.flush(Project)
    _add_participants(projects, named, municipalities)
    return projects, municipalities


def _basis(stored: str, found: str) -> str:
    """The words that named a project's participants: this list's added to what earlier
    lists said (a list that says nothing new changes nothing)."""
    if not found or found in stored:
        return stored
    return "、".join(t for t in (stored, found) if t)[:500]


def _add_participants(
    projects: dict[int, Project],
    named: dict[int, tuple[str, ...]],
    municipalities: list[Municipality],
) -> None:
    """参加市町村 as the list's texts say them (:mod:`hyoka.core.participation`): the lead and
    the members a project names, or every member for 各市町村 / 連携市町村.  Added, never
    removed: another year's list, or a person in the admin, may have named more."""
    through = Project.participants.through
    by_name = {m.name: m.pk for m in municipalities}
    have = set(
        through.objects.filter(project__in=[p.pk for p in projects.values()]).values_list(
            "project_id", "municipality_id"
        )
    )
    rows: list[tuple[int, int]] = []
    for number, names in sorted(named.items()):
        project = projects[number]
        wanted = {by_name[n] for n in names} | ({project.lead_id} if project.lead_id else set())
        rows += [(project.pk, pk) for pk in sorted(wanted) if (project.pk, pk) not in have]
    insert_plain(through, ("project", "municipality"), rows)


def _indicators(
    sl: StatusList,
    plan: Plan,
    roles: dict[str, Role],
    projects: dict[int, Project],
    bulk: _Bulk,
) -> tuple[dict[int | None, list[Indicator]], bool]:
    """The list's indicators by project number (``None``: the headline KPIs), in order, and
    whether they are all the plan's (none kept that the list does not name)."""
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
    removed = set(
        Indicator.objects.filter(
            project__in=[projects[p.number] for p in sl.projects], years__isnull=True
        )
        .exclude(pk__in=kept)
        .values_list("pk", flat=True)
    )
    if removed:
        deleted = Indicator.objects.filter(pk__in=removed).delete()[0]
        bulk.counts["indicators removed"] += deleted
    for p in sl.projects:
        out.setdefault(p.number, [])
    return out, all(ind.pk in kept or ind.pk in removed for ind in stored.values())


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
