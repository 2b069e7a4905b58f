"""Which plan, which year: the one resolver of an area, a plan and a fiscal year.

A database may hold several areas (連携中枢都市圏), each with plans in sequence (第1期
2019–2023, 第2期 2024–2028), and project numbers and fiscal years repeat across them.  Every
place that is given a year (the command line, the API's lists, publishing, the exports) asks
here, never ``PlanYear.objects.filter(fiscal_year=…)`` alone.

* ``area``: an :class:`~hyoka.plans.models.Area`, its id, its name as the lists print it
  (``さっぽろ連携中枢都市圏``) or its slug (``sapporo``).  Needed only when the database holds
  more than one area.
* ``plan``: a :class:`~hyoka.plans.models.Plan`, its id (``3`` or ``"3"``) or its period
  ``"2024-2028"`` (``START-END``).
* Nothing given: the latest year of the latest plan of the only area.

What cannot be told apart raises :class:`Ambiguous` naming the choices (two areas and none
given; a year two plans of one area cover); what does not exist raises :class:`NotFound`
naming what does.  Messages are Japanese first, English through the catalogue
(:func:`hyoka.core.i18n.tr`).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from hyoka.core.i18n import language, tr
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Area, Plan

__all__ = [
    "Ambiguous",
    "LookupProblem",
    "NotFound",
    "area",
    "parse_period",
    "plan",
    "plan_label",
    "plan_numbers",
    "plan_year",
    "previous_plan",
]

AreaRef = Area | int | str | None
PlanRef = Plan | int | str | None


class LookupProblem(LookupError):
    """An area, plan or year that cannot be found, or not told apart; ``choices`` names what
    there is to choose from."""

    def __init__(self, message: str, choices: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.choices = choices or []


class NotFound(LookupProblem):
    """No such area, plan or year (the message says which exist)."""


class Ambiguous(LookupProblem):
    """More than one area or plan fits (the message names them: give ``area`` or ``plan``)."""


def parse_period(text: str) -> tuple[int, int] | None:
    """``"2019-2023"`` → ``(2019, 2023)``; anything else ``None``.

    >>> parse_period("2019-2023"), parse_period("2019〜2023"), parse_period("3")
    ((2019, 2023), (2019, 2023), None)
    """
    for sep in ("-", "〜", "~", "–"):
        parts = text.strip().split(sep)
        if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
            return int(parts[0]), int(parts[1])
    return None


def _names(items: list[Area]) -> list[str]:
    return [f"{a.name} ({a.slug})" for a in items]


def _two_areas(areas: list[Area]) -> Ambiguous:
    choices = _names(areas)
    return Ambiguous(
        tr(
            "圏域が複数あります。--area（API では area=）でどれかを指定してください: %(choices)s",
            choices=_list(choices),
        ),
        choices,
    )


def _plan_names(plans: list[Plan]) -> list[str]:
    return [f"{p.start_year}-{p.end_year} (id {p.pk}, {p.area.name})" for p in plans]


def area(ref: AreaRef = None, *, required: bool = True) -> Area | None:
    """The area ``ref`` names; with no ``ref`` the only area that has plans (``None`` when
    there is none and not ``required``).  :class:`Ambiguous` when there are several."""
    if isinstance(ref, Area):
        return ref
    if ref is not None and str(ref).strip():
        text = str(ref).strip()
        qs = Area.objects.all()
        found = (
            (qs.filter(pk=int(text)).first() if _an_id(text) else None)
            or qs.filter(name=text).first()
            or qs.filter(slug=text).first()
        )
        if found is None:
            known = _names(list(Area.objects.order_by("name")))
            raise NotFound(
                tr(
                    "圏域「%(area)s」はありません（登録済み: %(known)s）",
                    area=text,
                    known=_list(known),
                ),
                known,
            )
        return found
    with_plans = list(Area.objects.filter(plans__isnull=False).distinct().order_by("name"))
    if len(with_plans) > 1:
        raise _two_areas(with_plans)
    if not with_plans and required:
        raise NotFound(tr("一覧がまだありません。先に一覧を取り込んでください（hyoka import）"))
    return with_plans[0] if with_plans else None


def plan(
    ref: PlanRef = None,
    *,
    area: AreaRef = None,
    fiscal_year: int | None = None,
    years: QuerySet[PlanYear] | None = None,
) -> Plan:
    """The plan ``ref`` names (id or ``START-END``), or the plan of the area that has (or
    covers) ``fiscal_year``, or the area's latest plan that has a list.  ``years``: the lists
    that count (e.g. published only, for a visitor who may not learn of drafts)."""
    if isinstance(ref, Plan):
        return ref
    text = str(ref).strip() if ref is not None else ""
    if text.isdigit():
        return _plan_by_id(int(text), area)
    the_area, plans = _plans_of(area, fiscal_year, years)
    if text:
        period = parse_period(text)
        found = [p for p in plans if period and (p.start_year, p.end_year) == period]
        if not found:
            raise NotFound(
                tr(
                    "%(area)sに計画「%(plan)s」はありません（登録済み: %(known)s）",
                    area=the_area.name,
                    plan=text,
                    known=_list(_plan_names(plans)),
                ),
                _plan_names(plans),
            )
        return found[0]
    if fiscal_year is not None:
        # the plan that has the year's list; when none has it yet, the one whose period covers
        # it (two plans of one area overlapping are told apart by their lists first)
        having = [p for p in plans if p.has_year]
        covering = having or [p for p in plans if p.start_year <= fiscal_year <= p.end_year]
        return _one_covering(covering, plans, the_area, fiscal_year)
    if not plans:
        raise NotFound(tr("%(area)sの一覧がまだありません", area=the_area.name))
    with_years = [p for p in plans if p.has_years]
    return (with_years or plans)[-1]


def _plans_of(
    area_ref: AreaRef, fiscal_year: int | None, counted: QuerySet[PlanYear] | None = None
) -> tuple[Area, list[Plan]]:
    """The area (named, or the only one that has plans) and its plans, oldest first, each
    marked with whether it has lists (``has_years``, among ``counted`` when given) and the
    list of ``fiscal_year`` (``has_year``): one query when no area is named."""
    years = (counted if counted is not None else PlanYear.objects.all()).filter(plan=OuterRef("pk"))
    qs = (
        Plan.objects.select_related("area")
        .annotate(
            has_years=Exists(years),
            has_year=Exists(years.filter(fiscal_year=fiscal_year or 0)),
        )
        .order_by("start_year", "pk")
    )
    if area_ref is not None and str(area_ref).strip():
        the_area = _area_of(area_ref)
        return the_area, list(qs.filter(area=the_area))
    plans = list(qs)
    areas = {p.area_id: p.area for p in plans}
    if len(areas) > 1:
        raise _two_areas(sorted(areas.values(), key=lambda a: a.name))
    if not areas:
        raise NotFound(tr("一覧がまだありません。先に一覧を取り込んでください（hyoka import）"))
    return plans[0].area, plans


_find_plan = plan  # for plan_year, whose argument ``plan`` hides the function


def plan_year(
    fiscal_year: int | None = None,
    *,
    plan: PlanRef = None,
    area: AreaRef = None,
    queryset: QuerySet[PlanYear] | None = None,
) -> PlanYear:
    """The year ``fiscal_year`` of the plan (given, or found as in :func:`plan`); with no year
    the plan's latest.  ``queryset`` narrows the years that count (e.g. published only)."""
    if fiscal_year and isinstance(plan, int | str) and _an_id(str(plan)) and area is None:
        # a plan's id and a year name at most one list: one query when it is there
        found = (
            (queryset if queryset is not None else PlanYear.objects.all())
            .select_related("plan", "plan__area")
            .filter(plan_id=int(plan), fiscal_year=fiscal_year)
            .first()
        )
        if found is not None:
            return found
    the_plan = _find_plan(plan, area=area, fiscal_year=fiscal_year, years=queryset)
    qs = (queryset if queryset is not None else PlanYear.objects.all()).filter(plan=the_plan)
    qs = qs.select_related("plan", "plan__area").order_by("-fiscal_year")
    found = qs.filter(fiscal_year=fiscal_year).first() if fiscal_year else qs.first()
    if found is None:
        known = [str(y) for y in qs.values_list("fiscal_year", flat=True)]
        raise NotFound(
            tr(
                "%(plan)sに%(year)s年度の一覧はありません（年度: %(known)s）",
                plan=the_plan,
                year=fiscal_year or "",
                known=_list(sorted(known)),
            ),
            sorted(known),
        )
    return found


def plan_label(the_plan: Plan, number: int | None = None) -> str:
    """The plan as the pages name it: its place in its area's sequence (``number``, counted
    when not given: :func:`plan_numbers`) and its period, ``第2期（2024〜2028年度）``
    (``Plan 2 (FY2024–2028)``)."""
    if number is None:
        number = (
            1
            + Plan.objects.filter(
                area_id=the_plan.area_id, start_year__lt=the_plan.start_year
            ).count()
        )
    return tr(
        "第%(number)s期（%(start)s〜%(end)s年度）",
        number=number,
        start=the_plan.start_year,
        end=the_plan.end_year,
    )


def plan_numbers(plan_ref: str = "plan") -> Subquery:
    """An annotation: the place in its area's sequence (1, 2, …) of the plan ``plan_ref``
    names (``"plan"`` on a :class:`PlanYear`, ``"pk"`` on a :class:`Plan`)."""
    earlier = (
        Plan.objects.filter(
            area_id=OuterRef(f"{plan_ref}__area_id" if plan_ref != "pk" else "area_id"),
            start_year__lte=OuterRef(
                f"{plan_ref}__start_year" if plan_ref != "pk" else "start_year"
            ),
        )
        .order_by()
        .values("area_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(earlier)


def previous_plan(the_plan: Plan) -> Plan:
    """The plan of the same area before ``the_plan`` (plan 1 before plan 2)."""
    found = (
        Plan.objects.filter(area_id=the_plan.area_id, start_year__lt=the_plan.start_year)
        .select_related("area")
        .order_by("-start_year")
        .first()
    )
    if found is None:
        raise NotFound(tr("%(plan)sより前の計画はありません", plan=the_plan))
    return found


def _one_covering(covering: list[Plan], plans: list[Plan], the_area: Area, year: int) -> Plan:
    if len(covering) > 1:
        choices = _plan_names(covering)
        raise Ambiguous(
            tr(
                "%(year)s年度は%(area)sの複数の計画にあります。--plan 開始年-終了年（API では plan=ID）"
                "で指定してください: %(choices)s",
                year=year,
                area=the_area.name,
                choices=_list(choices),
            ),
            choices,
        )
    if not covering:
        raise NotFound(
            tr(
                "%(area)sに%(year)s年度を含む計画はありません（登録済み: %(known)s）",
                area=the_area.name,
                year=year,
                known=_list(_plan_names(plans)),
            ),
            _plan_names(plans),
        )
    return covering[0]


def _plan_by_id(pk: int, area_ref: AreaRef) -> Plan:
    found = Plan.objects.select_related("area").filter(pk=pk).first() if _an_id(str(pk)) else None
    the_area = area(area_ref) if area_ref is not None and str(area_ref).strip() else None
    if found is None or (the_area is not None and found.area_id != the_area.pk):
        where = the_area.name if the_area else tr("データベース")
        raise NotFound(tr("%(area)sに計画 %(plan)s はありません", area=where, plan=pk))
    return found


def _an_id(text: str) -> bool:
    """Digits a database key can hold (an id out of its range names nothing, not an error)."""
    return text.isdigit() and int(text) < 2**63


def _area_of(ref: AreaRef) -> Area:
    found = area(ref)
    assert found is not None
    return found


def _list(items: list[str]) -> str:
    return ("、" if language() == "ja" else ", ").join(items) if items else "—"
