"""Evaluate a plan's year from the database: ORM → core → stored ratings with reasons.

The rules live in :mod:`hyoka.core`; this module only moves data in and out.  The rows are
turned back into the document model (:class:`~hyoka.core.statuslist.StatusList`) so the
database and ``hyoka check`` rate by the very same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hyoka.core.aggregate import Achievement, achievement_of_counts, trajectory
from hyoka.core.assess import Context
from hyoka.core.evaluate import (
    Evaluation,
    RatedIndicator,
    RatedProject,
    evaluate,
    rate_indicator,
    rate_project,
    rate_share,
)
from hyoka.core.rubrics import Rating, Rubric, load_rubric
from hyoka.core.statuslist import Headline, Indicator, Project, Role, StatusList
from hyoka.evaluation.bulk import Record, audit_of, audit_reason, insert_rows, update_rows
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator as IndicatorRow
from hyoka.plans.models import Municipality, Plan
from hyoka.plans.models import Project as ProjectRow
from hyoka.plans.models import Role as RoleRow


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
    obj._change_reason = audit_reason(reason)


def rubric_of(plan: Plan) -> Rubric:
    """The plan's own rubric (stored with it), or the shipped one of its code."""
    if plan.rubric:
        return Rubric.from_dict(plan.rubric)
    return load_rubric(plan.rubric_code)


@dataclass(frozen=True)
class PlanRows:
    """A plan's roles, indicators and projects (saved rows), in any order: read by
    :meth:`of`, or those a writer already holds (the import of a list, which wrote them)."""

    roles: list[RoleRow]
    indicators: list[IndicatorRow]
    projects: list[ProjectRow]

    @classmethod
    def of(cls, plan: Plan) -> PlanRows:
        """The plan's rows as stored: three queries."""
        return cls(
            list(plan.roles.order_by("order", "pk")),
            list(plan.indicators.order_by("position", "pk")),
            list(plan.projects.order_by("number")),
        )


@dataclass(frozen=True)
class HeldYear:
    """A plan's year as the writer that has just stored it holds it — the plan's rows
    (``plan``), the year's rows by indicator id and by project id, the area's municipalities —
    from which the year's report is built without reading them back
    (:func:`hyoka.reports.builders.status_list_report`)."""

    plan: PlanRows
    years: dict[int, IndicatorYear]
    project_years: dict[int, ProjectYear]
    municipalities: list[Municipality]


def status_list_of(
    plan: Plan,
    year: int,
    years: dict[int, IndicatorYear] | None = None,
    project_years: dict[int, ProjectYear] | None = None,
    plan_year: PlanYear | None = None,
    held: PlanRows | None = None,
) -> tuple[StatusList, dict[tuple[str, int, int], int], dict[int, int]]:
    """The plan's year as the document model, a map back to the IndicatorYear ids and the
    projects' ids by number.  ``years`` (by indicator id), ``project_years`` (by project id),
    ``plan_year`` and ``held`` (the plan's roles, indicators and projects): the year's rows
    and the plan's when the caller holds them (the years saved or not), else read here."""
    if plan_year is None:
        plan_year = PlanYear.objects.filter(plan=plan, fiscal_year=year).first()
    held = held or PlanRows.of(plan)
    labels = {r.pk: r.label for r in held.roles}
    roles = [
        Role(r.label, r.title, labels.get(r.parent_id) if r.parent_id else None, r.order)
        for r in sorted(held.roles, key=lambda r: (r.order, r.pk))
    ]
    if years is None:
        years = {
            iy.indicator_id: iy
            for iy in IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year)
        }
    rows: dict[tuple[str, int, int], int] = {}

    headlines = []
    by_project: dict[int, list[IndicatorRow]] = {}
    for ind in sorted(held.indicators, key=lambda i: (i.position, i.pk)):
        if ind.project_id is not None:
            by_project.setdefault(ind.project_id, []).append(ind)
            continue
        iy = years.get(ind.pk)
        role = labels.get(ind.role_id, "") if ind.role_id else ""
        headlines.append(Headline(role, _doc_indicator(ind, iy), iy.note if iy else "", 0))
        rows[("kpi", 0, len(headlines))] = ind.pk
    if project_years is None:
        project_years = {
            project_year.project_id: project_year
            for project_year in ProjectYear.objects.filter(project__plan=plan, fiscal_year=year)
        }
    projects = []
    numbers: dict[int, int] = {}
    for p in sorted(held.projects, key=lambda p: p.number):
        numbers[p.number] = p.pk
        inds = by_project.get(p.pk, [])
        project_year = project_years.get(p.pk)
        published = (project_year.published or None) if project_year else None
        doc = [_doc_indicator(i, years.get(i.pk)) for i in inds]
        if len(doc) > 1 and published:
            for d in doc:
                d.rating_published = None
        projects.append(
            Project(
                p.number,
                p.name,
                p.summary,
                labels.get(p.role_id) if p.role_id else None,
                labels.get(p.sub_role_id) if p.sub_role_id else None,
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
    return sl, rows, numbers


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


def lock_year(plan: Plan, year: int) -> PlanYear | None:
    """Lock the year's row, the first lock of every transaction that writes a year: writers of
    one year then queue in one order and never deadlock.  The order after it: the rows written,
    each table in primary-key order (projects' years, indicators' years, members' parts), then
    the share projects' rows and the year's share (:func:`rerate`), then on PostgreSQL the
    plan's data version (:mod:`hyoka.evaluation.versions`, with the first write).  Exclusive
    (``FOR UPDATE``), not shared with only the share serialised: see docs/architecture.md,
    "The locks of a year's writes"."""
    return (
        PlanYear.objects.select_for_update(of=("self",))
        .select_related("plan")  # read by every writer (its area, period, rubric): not locked
        .filter(plan=plan, fiscal_year=year)
        .first()
    )


@transaction.atomic
def evaluate_year(plan: Plan, year: int, *, user: Any = None) -> tuple[Evaluation, list[Change]]:
    """Rate every indicator of ``plan`` in ``year`` and store the results; returns the
    evaluation and the computed ratings that changed.  Only rows whose results changed are
    written (and so enter the audit trail, as 再評価 by ``user``), in bulk."""
    plan_year = lock_year(plan, year)
    rows = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.select_for_update(of=("self",))
        .filter(indicator__plan=plan, fiscal_year=year)
        .order_by("pk")
    }
    project_years = {
        project_year.project_id: project_year
        for project_year in ProjectYear.objects.filter(
            project__plan=plan, fiscal_year=year
        ).order_by("pk")
    }
    changes: list[Change] = []
    ev, changed, changed_projects = rate_year(
        plan, year, rows, project_years, changes, plan_year=plan_year
    )
    _save_ratings(changed, changed_projects, user)
    store_share(plan_year, ev.achievement)
    return ev, changes


def rate_year(
    plan: Plan,
    year: int,
    rows: dict[int, IndicatorYear],
    project_years: dict[int, ProjectYear],
    changes: list[Change],
    *,
    plan_year: PlanYear | None = None,
    held: PlanRows | None = None,
) -> tuple[Evaluation, list[IndicatorYear], list[ProjectYear]]:
    """Rate the whole year from ``rows`` (the year's rows by indicator id; a missing one is
    made, unsaved) and ``project_years`` (by project id), saved or not, and put the results on
    them — nothing is written: :func:`evaluate_year` stores them, and the opening of a year
    inserts its new rows already rated.  Returns the evaluation and the rows whose results
    changed (every unsaved one); a changed symbol is added to ``changes``.  ``held``: the
    plan's roles, indicators and projects when the caller holds them all (else read)."""
    sl, keys, numbers = status_list_of(plan, year, rows, project_years, plan_year, held)
    ev = evaluate(sl, rubric_of(plan), fiscal_year=year, plan=(plan.start_year, plan.end_year))
    rated = [(("kpi", 0, i), ri) for i, ri in enumerate(ev.headlines, 1)]
    for rp in ev.projects:
        rated += [(("project", rp.project.number, i), ri) for i, ri in enumerate(rp.indicators, 1)]
    changed = []
    for key, ri in rated:
        pk = keys[key]
        iy = rows.get(pk)
        if iy is None:
            iy = rows[pk] = IndicatorYear(indicator_id=pk, fiscal_year=year)
        label = f"事業{key[1]} 指標{key[2]}" if key[0] == "project" else f"基本KPI{key[2]}"
        if _set_rating(iy, ri, year, label, changes):
            changed.append(iy)
    changed_projects = []
    for rp in ev.projects:
        project_year = project_years.get(numbers[rp.project.number])
        if project_year and _set_project_rating(
            project_year, rp.rating, rp.project.number, changes
        ):
            changed_projects.append(project_year)
    return ev, changed, changed_projects


def store_share(plan_year: PlanYear | None, achievement: Achievement) -> None:
    """The year's achievement share, written when it changed (``evaluated_at``: when)."""
    if plan_year is None:
        return
    new = (achievement.achieved, achievement.rated)
    if (plan_year.achieved, plan_year.rated) == new and plan_year.evaluated_at is not None:
        return
    plan_year.achieved, plan_year.rated = new
    plan_year.evaluated_at = timezone.now()
    plan_year.save(update_fields=["achieved", "rated", "evaluated_at"])


PROJECT_FIELDS = ("computed", "reason", "reason_en")


def rerate(
    plan_year: PlanYear,
    *,
    projects: Iterable[int] = (),
    headlines: Iterable[int] = (),
    user: Any = None,
    rows: dict[int, IndicatorYear] | None = None,
    project_years: dict[int, ProjectYear] | None = None,
    entered: Iterable[tuple[IndicatorYear, Record]] = (),
) -> list[Change]:
    """Rate again what a save changed — the headline KPIs ``headlines`` and the projects
    ``projects`` (ids), each with all its indicators, then the year's achievement share and,
    when it moved, the share indicator's project — not the whole year; the share is counted
    only when a symbol it counts moved (else the stored one is still right).  Stores what
    changed (audited as 再評価 by ``user``) and returns the ratings that changed.  The caller holds
    the year's lock (:func:`lock_year`); the result is what :func:`evaluate_year` would store.

    ``rows`` and ``project_years``: the year's rows the caller has already locked (by
    indicator id, by project id) — those of ``headlines`` and of every indicator of
    ``projects``; they are rated and stored in place (no second read).  A row missing there
    is read (and locked) here, or made when the year has none.

    ``entered``: rows of ``rows`` the caller changed in place (its entries) but did not store,
    each with its audit record as entered (:func:`~hyoka.evaluation.bulk.audit_of`, the ratings
    as they were): each is stored here with its re-rating by one ``UPDATE``, keeping both
    audit records — the caller's, then 再評価 when its ratings changed."""
    plan, year = plan_year.plan, plan_year.fiscal_year
    writes = _Writes(entered, user)
    rubric = rubric_of(plan)
    ctx = Context(year, plan.start_year, plan.end_year)
    changes: list[Change] = []
    heads, by_project = _indicators_held(plan, rows, project_years, set(headlines), set(projects))
    if heads is None:
        heads, by_project = _indicators_of(plan, set(headlines), set(projects))
    share_touched = {
        pk for pk, inds in by_project.items() if any(i.kind == _ACHIEVEMENT for i in inds)
    }
    rows = _locked_rows(
        plan, year, [*heads, *(i for inds in by_project.values() for i in inds)], rows
    )
    project_years = _locked_project_years(year, set(by_project), project_years)
    rated_heads = []
    for ind in heads:
        iy = rows.setdefault(ind.pk, IndicatorYear(indicator_id=ind.pk, fiscal_year=year))
        rated_heads.append((rate_indicator(_doc_indicator(ind, iy), rubric, ctx), iy, ind))
    _store(
        [(ri, iy, f"基本KPI{ind.position}") for ri, iy, ind in rated_heads],
        [],
        year,
        writes,
        changes,
    )
    todo = {pk: inds for pk, inds in by_project.items() if pk not in share_touched}
    counted = [ind.pk for inds in todo.values() for ind in inds]
    before = [rows[pk].computed if pk in rows else "" for pk in counted]
    rated = _rate_projects(todo, year, rubric, ctx, rows, project_years, None)
    _store_projects(rated, rows, year, writes, changes)
    writes.flush(projects=False)  # the share counts the indicators' stored symbols
    moved = before != [rows[pk].computed for pk in counted]
    if not (moved or share_touched or plan_year.evaluated_at is None):
        writes.flush()
        return changes  # no symbol the share counts moved: the stored share is still right
    achievement = _share_of(plan, year, rubric)
    if (achievement.achieved, achievement.rated) != (plan_year.achieved, plan_year.rated) or (
        share_touched
    ):
        _, share = _indicators_of(plan, set(), _share_projects(plan))
        rows = _locked_rows(plan, year, [i for inds in share.values() for i in inds], rows)
        project_years = _locked_project_years(year, set(share), project_years)
        rated = _rate_projects(share, year, rubric, ctx, rows, project_years, achievement)
        _store_projects(rated, rows, year, writes, changes)
    writes.flush()
    store_share(plan_year, achievement)
    return changes


_ACHIEVEMENT = IndicatorRow.Kind.ACHIEVEMENT


def _indicators_of(
    plan: Plan, heads: set[int], projects: set[int] | QuerySet[Any, Any]
) -> tuple[list[IndicatorRow], dict[int, list[IndicatorRow]]]:
    """The headline KPIs among ``heads`` and every indicator of ``projects`` (by project id,
    the projects in number order), each in position order: one query."""
    if not heads and isinstance(projects, set) and not projects:
        return [], {}
    wanted = Q(pk__in=heads, project__isnull=True) | Q(project__in=projects)
    found = (
        IndicatorRow.objects.filter(wanted, plan=plan)
        .select_related("project")
        .order_by("project__number", "position", "pk")
    )
    out: list[IndicatorRow] = []
    by_project: dict[int, list[IndicatorRow]] = {}
    for ind in found:
        if ind.project_id is None:
            out.append(ind)
        else:
            by_project.setdefault(ind.project_id, []).append(ind)
    out.sort(key=lambda i: (i.position, i.pk))
    return out, by_project


def _indicators_held(
    plan: Plan,
    rows: dict[int, IndicatorYear] | None,
    project_years: dict[int, ProjectYear] | None,
    heads: set[int],
    projects: set[int],
) -> tuple[list[IndicatorRow] | None, dict[int, list[IndicatorRow]]]:
    """:func:`_indicators_of` from the rows a caller locked with their indicators (and their
    projects) — when they hold every one: each of ``heads``, and as many of each project's as
    its year row's ``indicator_count`` (annotated by the caller's lock) says it has.  ``None``
    (and the caller reads them) when a row or a count is missing: an indicator added after its
    year was opened has no row yet."""
    if rows is None or project_years is None:
        return None, {}
    out: list[IndicatorRow] = []
    by_project: dict[int, list[IndicatorRow]] = {}
    for iy in rows.values():
        if not IndicatorYear.indicator.is_cached(iy):
            return None, {}
        ind = iy.indicator
        if ind.plan_id != plan.pk:
            return None, {}
        if ind.project_id is None:
            if ind.pk in heads:
                out.append(ind)
        elif ind.project_id in projects:
            by_project.setdefault(ind.project_id, []).append(ind)
    if len(out) != len(heads):
        return None, {}
    for pk in projects:
        count = getattr(project_years.get(pk), "indicator_count", None)
        held = by_project.get(pk)
        if not held or count != len(held) or not IndicatorRow.project.is_cached(held[0]):
            return None, {}
    out.sort(key=lambda i: (i.position, i.pk))
    ordered = sorted(by_project.items(), key=lambda kv: kv[1][0].project.number)
    return out, {pk: sorted(inds, key=lambda i: (i.position, i.pk)) for pk, inds in ordered}


def _share_projects(plan: Plan) -> QuerySet[IndicatorRow, dict[str, Any]]:
    """The projects holding an achievement-share indicator (達成割合), as a subquery."""
    return IndicatorRow.objects.filter(plan=plan, kind=_ACHIEVEMENT, project__isnull=False).values(
        "project_id"
    )


def _locked_rows(
    plan: Plan, year: int, indicators: list[IndicatorRow], rows: dict[int, IndicatorYear] | None
) -> dict[int, IndicatorYear]:
    """``rows`` with the year's rows of ``indicators`` it lacks, read and locked in
    primary-key order (no query when none is missing)."""
    rows = {} if rows is None else rows
    missing = [i.pk for i in indicators if i.pk not in rows]
    if missing:
        rows.update(
            (iy.indicator_id, iy)
            for iy in IndicatorYear.objects.select_for_update(of=("self",))
            .filter(indicator__in=missing, fiscal_year=year, indicator__plan=plan)
            .order_by("pk")
        )
    return rows


def _locked_project_years(
    year: int, projects: set[int], project_years: dict[int, ProjectYear] | None
) -> dict[int, ProjectYear]:
    """``project_years`` with the year's rows of ``projects`` it lacks, read and locked in
    primary-key order (no query when none is missing)."""
    project_years = {} if project_years is None else project_years
    missing = projects - set(project_years)
    if missing:
        project_years.update(
            (project_year.project_id, project_year)
            for project_year in ProjectYear.objects.select_for_update(of=("self",))
            .filter(project_id__in=missing, fiscal_year=year)
            .select_related("project")
            .order_by("pk")
        )
    return project_years


def freeze_published(plan_year: PlanYear, *, user: Any = None) -> int:
    """At publication, the approved rating of every indicator and project of a year of the
    cycle — the computed one, or a person's override (with its reason) — becomes its 評価（公表）:
    what the list, every export, the API and the edition show from then on, even if a later
    re-rating computes otherwise.  A project of several indicators keeps one symbol per
    indicator (its 評価 cell reads ``◎ ○``), as the published lists print it.  A year read
    from an official list keeps the symbols that list printed (nothing is changed).  The
    caller holds the year's lock; rows are locked projects first, then indicators, by primary
    key; what changed is written with its audit record (公表).  Returns the rows changed."""
    if not plan_year.entered:
        return 0
    plan, year = plan_year.plan, plan_year.fiscal_year
    project_years = list(
        ProjectYear.objects.select_for_update(of=("self",))
        .filter(project__plan=plan, fiscal_year=year)
        .order_by("pk")
    )
    rows = list(
        IndicatorYear.objects.select_for_update(of=("self",))
        .filter(indicator__plan=plan, fiscal_year=year)
        .select_related("indicator")
        .order_by("pk")
    )
    changed = [iy for iy in rows if _set(iy, published=iy.rating)]
    by_project: dict[int, list[IndicatorYear]] = {}
    for iy in sorted(rows, key=lambda iy: iy.indicator.position):
        if iy.indicator.project_id is not None:
            by_project.setdefault(iy.indicator.project_id, []).append(iy)
    changed_projects = []
    for project_year in project_years:
        marks = [iy.published for iy in by_project.get(project_year.project_id, [])]
        one = marks[0] if len(marks) == 1 else ""
        if _set(project_year, published=one, published_text=" ".join(m for m in marks if m)):
            changed_projects.append(project_year)
    update_rows(changed, ["published"], user=user, reason="公表")
    update_rows(changed_projects, ["published", "published_text"], user=user, reason="公表")
    return len(changed) + len(changed_projects)


def _set(obj: Any, **values: Any) -> bool:
    """Set ``values`` on ``obj``; whether any differed."""
    differs = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in differs:
        setattr(obj, name, values[name])
    return bool(differs)


class _Writes:
    """The rows :func:`rerate` changed, written together (:meth:`flush`): the rows entered in
    place by its caller (each with the audit record the caller stamped, taken as entered) and
    the re-rated ones (再評価 by ``user``) by one ``UPDATE`` and one ``INSERT`` of their
    audit records, the project years by one more of each."""

    def __init__(self, entered: Iterable[tuple[IndicatorYear, Record]], user: Any) -> None:
        self.user = user
        #: the entered rows not written yet, each with its audit records as entered (a row
        #: entered twice — two members' parts of one total — has two)
        self.entered = list(entered)
        self.rows: list[IndicatorYear] = []
        self.projects: list[ProjectYear] = []

    def flush(self, *, projects: bool = True) -> None:
        """Write what changed since the last flush (the project years too, or later)."""
        for obj in (*self.rows, *self.projects):
            stamp(obj, self.user, "再評価")
        insert_rows([iy for iy in self.rows if iy.pk is None], user=self.user, reason="再評価")
        rerated = [iy for iy in self.rows if iy.pk is not None]
        if self.entered:
            records = [record for _, record in self.entered]
            records += [audit_of(iy, "再評価", self.user) for iy in rerated]
            once = {id(iy): iy for iy, _ in self.entered} | {id(iy): iy for iy in rerated}
            rows = list(once.values())
            update_rows(rows, ALL_FIELDS, records=records)
        else:
            update_rows(rerated, COMPUTED_FIELDS, user=self.user, reason="再評価")
        self.entered, self.rows = [], []
        if projects:
            update_rows(self.projects, PROJECT_FIELDS, user=self.user, reason="再評価")
            self.projects = []


#: every field of an indicator's year row but its key, as ``save()`` writes them
ALL_FIELDS = tuple(f.name for f in IndicatorYear._meta.concrete_fields if not f.primary_key)


def _store_projects(
    rated: RatedRows,
    rows: dict[int, IndicatorYear],
    year: int,
    writes: _Writes,
    changes: list[Change],
) -> None:
    """Store the ratings of re-rated projects and of their indicators."""
    indicators = [
        (ri, rows[pk], f"事業{rp.project.number} 指標{position}")
        for rp, _, row_ids in rated
        for position, (ri, pk) in enumerate(zip(rp.indicators, row_ids, strict=True), 1)
    ]
    projects = [
        (rp.rating, project_year, rp.project.number)
        for rp, project_year, _ in rated
        if project_year
    ]
    _store(indicators, projects, year, writes, changes)


def _store(
    indicators: list[tuple[RatedIndicator, IndicatorYear, str]],
    projects: list[tuple[Rating, ProjectYear, int]],
    year: int,
    writes: _Writes,
    changes: list[Change],
) -> None:
    """Put these ratings on their rows; what changed is written by ``writes``' next flush."""
    writes.rows += [iy for ri, iy, label in indicators if _set_rating(iy, ri, year, label, changes)]
    writes.projects += [
        project_year
        for rating, project_year, number in projects
        if _set_project_rating(project_year, rating, number, changes)
    ]


def _save_ratings(
    changed: list[IndicatorYear], changed_projects: list[ProjectYear], user: Any
) -> None:
    """Write the indicator years (new ones inserted, stored ones updated) and project years
    whose ratings changed, in bulk, with their audit records."""
    _save_all(
        IndicatorYear,
        [iy for iy in changed if iy.pk is None],
        [iy for iy in changed if iy.pk is not None],
        COMPUTED_FIELDS,
        user,
    )
    _save_all(ProjectYear, [], changed_projects, PROJECT_FIELDS, user)


def _doc_indicator(ind: IndicatorRow, iy: IndicatorYear | None) -> Indicator:
    """An indicator and its year's row as the document model has it."""
    return Indicator(
        ind.name,
        ind.baseline_text,
        ind.target_text,
        iy.actual_text if iy else "",
        (iy.published or None) if iy else None,
    )


RatedRows = list[tuple[RatedProject, ProjectYear | None, list[int]]]


def _rate_projects(
    projects: dict[int, list[IndicatorRow]],
    year: int,
    rubric: Rubric,
    ctx: Context,
    rows: dict[int, IndicatorYear],
    project_years: dict[int, ProjectYear],
    achievement: Achievement | None,
) -> RatedRows:
    """Each project of ``projects`` (id → its indicators in position order) rated with all its
    indicators (its share indicator too when ``achievement`` is given), with its year row and
    its indicators' ids in order."""
    out: RatedRows = []
    for pk, indicators in projects.items():
        p = indicators[0].project
        assert p is not None
        for ind in indicators:
            rows.setdefault(ind.pk, IndicatorYear(indicator_id=ind.pk, fiscal_year=year))
        doc = [_doc_indicator(ind, rows[ind.pk]) for ind in indicators]
        project = Project(p.number, p.name, "", None, None, doc, "", None, "", 0)
        rp = rate_project(project, rubric, ctx)
        if achievement is not None:
            rate_share(rp, achievement, rubric, ctx)
        out.append((rp, project_years.get(pk), [ind.pk for ind in indicators]))
    return out


def _share_of(plan: Plan, year: int, rubric: Rubric) -> Achievement:
    """The year's achievement share from the stored ratings: the indicators of every project
    but those holding the share indicator, counted in the database (one query, whatever the
    year's size)."""
    counts = (
        IndicatorYear.objects.filter(
            indicator__plan=plan, fiscal_year=year, indicator__project__isnull=False
        )
        .exclude(indicator__project__in=_share_projects(plan))
        .exclude(computed="")
        .values_list("computed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return achievement_of_counts(dict(counts), rubric)


def _set_rating(
    iy: IndicatorYear, ri: RatedIndicator, year: int, label: str, changes: list[Change]
) -> bool:
    """Put ``ri``'s results on ``iy``; whether anything changed (a changed symbol is added to
    ``changes``)."""
    a = ri.rating.assessment
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
        return False
    if iy.computed and iy.computed != ri.rating.symbol:
        changes.append(Change(label, iy.computed, ri.rating.symbol, ri.rating.reason.ja))
    for f, v in new.items():
        setattr(iy, f, v)
    return True


def _set_project_rating(
    project_year: ProjectYear, rating: Rating, number: int, changes: list[Change]
) -> bool:
    if (project_year.computed, project_year.reason, project_year.reason_en) == (
        rating.symbol,
        rating.reason.ja,
        rating.reason.en,
    ):
        return False
    if project_year.computed and project_year.computed != rating.symbol:
        changes.append(
            Change(f"事業{number}", project_year.computed, rating.symbol, rating.reason.ja)
        )
    project_year.computed = rating.symbol
    project_year.reason = rating.reason.ja
    project_year.reason_en = rating.reason.en
    return True


def _save_all(
    model: Any, created: list[Any], updated: list[Any], fields: tuple[str, ...], user: Any
) -> None:
    """Write re-rated rows in bulk, each with its audit record (再評価 by ``user``) — also a
    row a save has just written in place, whose stamp said why it was written."""
    for obj in (*created, *updated):
        stamp(obj, user, "再評価")
    insert_rows(created, user=user, reason="再評価")
    update_rows(updated, fields, user=user, reason="再評価")


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return bool(old == new)
