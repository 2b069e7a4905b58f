"""Write a status list into the database: validate everything first, then one transaction.

Re-importing the same year updates rows in place (projects by number, indicators by their
position in the project or among the headline KPIs); it never duplicates them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from hyoka.core.evaluate import evaluate, is_achievement_share, plan_period
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import Problem, StatusList
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
    PlanYear.objects.filter(plan=plan, fiscal_year=year).update(
        problems=[p.to_dict(sl.source) for p in doc.problems]
    )
    return result


def _write(
    sl: StatusList,
    plan: Plan,
    year: int,
    data: bytes | None,
    result: ImportResult,
    progress: Progress | None,
) -> None:
    counts = result.counts
    PlanYear.objects.update_or_create(
        plan=plan,
        fiscal_year=year,
        defaults={
            "title": sl.title,
            "source": sl.source,
            "source_sha256": hashlib.sha256(data).hexdigest() if data else "",
        },
    )
    roles: dict[str, Role] = {}
    for order, r in enumerate(sl.roles, 1):
        role, created = Role.objects.update_or_create(
            plan=plan, label=r.label, defaults={"title": r.title, "order": order}
        )
        roles[r.label] = role
        counts["roles created" if created else "roles updated"] += 1
    for r in sl.roles:
        if r.parent and r.parent in roles and roles[r.label].parent_id != roles[r.parent].pk:
            roles[r.label].parent = roles[r.parent]
            roles[r.label].save(update_fields=["parent"])
    for position, h in enumerate(sl.headlines, 1):
        ind, created = Indicator.objects.update_or_create(
            plan=plan,
            project=None,
            position=position,
            defaults={
                "kind": Indicator.Kind.HEADLINE,
                "role": roles.get(h.role),
                "name": h.indicator.name,
                "baseline_text": h.indicator.baseline,
                "target_text": h.indicator.target,
            },
        )
        counts["indicators created" if created else "indicators updated"] += 1
        _year_row(ind, year, h.indicator.actual, h.indicator.rating_published)
    municipalities = list(Municipality.objects.filter(area=plan.area))
    central = next((m for m in municipalities if m.is_central), None)
    total = len(sl.projects)
    for done, p in enumerate(sl.projects, 1):
        project, created = Project.objects.update_or_create(
            plan=plan,
            number=p.number,
            defaults={
                "name": p.name,
                "summary": p.summary,
                "role": roles.get(p.role or ""),
                "sub_role": roles.get(p.sub_role or ""),
            },
        )
        counts["projects created" if created else "projects updated"] += 1
        if created:
            project.lead = central
            project.save(update_fields=["lead"])
            project.participants.set(municipalities)
        kept = []
        for position, doc in enumerate(p.indicators, 1):
            kind = (
                Indicator.Kind.ACHIEVEMENT
                if is_achievement_share(doc.name)
                else Indicator.Kind.PROJECT
            )
            ind, created = Indicator.objects.update_or_create(
                project=project,
                position=position,
                defaults={
                    "plan": plan,
                    "kind": kind,
                    "name": doc.name,
                    "baseline_text": doc.baseline,
                    "target_text": doc.target,
                },
            )
            kept.append(ind.pk)
            counts["indicators created" if created else "indicators updated"] += 1
            _year_row(ind, year, doc.actual, doc.rating_published)
        removed = project.indicators.exclude(pk__in=kept).filter(years__isnull=True)
        counts["indicators removed"] += removed.delete()[0]
        ProjectYear.objects.update_or_create(
            project=project,
            fiscal_year=year,
            defaults={
                "notes": p.notes,
                "published": p.rating_published or "",
                "published_text": p.rating_cell,
            },
        )
        if progress:
            progress("projects", done, total)


def _year_row(ind: Indicator, year: int, actual: str, published: str | None) -> None:
    IndicatorYear.objects.update_or_create(
        indicator=ind,
        fiscal_year=year,
        defaults={"actual_text": actual, "published": published or ""},
    )
