"""Read queries for the pages: the years a visitor may see, the plans and years to switch to,
the rubric's symbols (the status list, a project's and an indicator's page and the dashboard
are the typed rows of :mod:`hyoka.reports.builders`).

Nothing here renders.  :func:`cached` lets the views keep what they render (in :data:`KEPT`),
keyed on :func:`data_version`, which changes with every committed write to the tables the
builders read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache.backends.locmem import LocMemCache
from django.db.models import Q, QuerySet

from hyoka.core.periods import to_wareki
from hyoka.evaluation import lookup
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import rubric_of
from hyoka.evaluation.versions import data_version
from hyoka.plans.models import Area, Indicator, Municipality, Plan, Project, Role

T = TypeVar("T")

#: The models whose rows the status list, the project and indicator lists of the API and
#: their filters are built from.  What :func:`cached` keeps may depend on these tables only
#: (plus the key it is given): anything else it reads must be in the key.  Their tables carry
#: the data-version triggers (:data:`hyoka.evaluation.versions.TABLES`).
VERSIONED_MODELS = (
    Area,
    Municipality,
    Plan,
    Role,
    Project,
    Project.participants.through,
    Indicator,
    PlanYear,
    ProjectYear,
    IndicatorYear,
)


#: how long a kept rendering lives; entries of older data versions are never read again
CACHE_SECONDS = 3600

#: Where renderings are kept: in each process's own memory, not in Django's default cache
#: (which production settings may put in the database, for counts every worker must share):
#: a hit then costs no round trip and no copy of the page through the database.  Bounded
#: (least recently used entries go first); keys carry the data version, so a process never
#: needs to hear of another's writes.
KEPT = LocMemCache(
    "hyoka-kept", {"TIMEOUT": CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4}}
)


def cache_key(scope: str, key: tuple[Any, ...], plan_id: int | None = None) -> str | None:
    """The name in :data:`KEPT` of what ``scope`` renders for ``key`` from the data as it is
    now (:func:`data_version`): a write to the data makes a new name, so what is kept under
    a name never goes stale.  :data:`KEPT` is the process's own, so what it holds was rendered
    by the code running.  ``key`` must hold everything else the rendering depends on (year,
    filters, language, what the visitor may see).  ``None``: no data version on this database (SQLite), keep nothing."""
    version = data_version(plan_id)
    if version is None:
        return None
    digest = hashlib.sha256(repr((version, key)).encode()).hexdigest()
    return f"hyoka:{scope}:{digest}"


def cached(
    scope: str, key: tuple[Any, ...], compute: Callable[[], T], plan_id: int | None = None
) -> T:
    """``compute()``, kept under :func:`cache_key` ``(scope, key)``; results must not be
    ``None``."""
    name = cache_key(scope, key, plan_id)
    if name is None:
        return compute()
    found: T | None = KEPT.get(name)
    if found is not None:
        return found
    value = compute()
    KEPT.set(name, value)
    return value


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


def visible_years(
    *, published_only: bool = True, draft_area: int | None = None
) -> QuerySet[PlanYear]:
    """The years a visitor may see: only published years unless drafts may be seen, and then
    only the drafts of the plans of ``draft_area`` when it is given (a member sees their own
    area's drafts; ``None`` with ``published_only=False``: every area's)."""
    qs = PlanYear.objects.select_related("plan", "plan__area").order_by("-fiscal_year", "-plan")
    if published_only:
        qs = qs.filter(status=PlanYear.Status.PUBLISHED)
    elif draft_area is not None:
        qs = qs.filter(Q(status=PlanYear.Status.PUBLISHED) | Q(plan__area_id=draft_area))
    return qs


def year_or_latest(
    year: int | None,
    *,
    published_only: bool = True,
    draft_area: int | None = None,
    plan: lookup.PlanRef = None,
    area: lookup.AreaRef = None,
) -> PlanYear | None:
    """The year asked for (of the plan and area given), or the latest one, among the years the
    visitor may see (:func:`visible_years`), found by :func:`hyoka.evaluation.lookup.plan_year`
    — which raises :class:`~hyoka.evaluation.lookup.Ambiguous` when it cannot tell (two areas
    and none given, a year two plans have); ``None`` when there is no such year to see."""
    qs = visible_years(published_only=published_only, draft_area=draft_area)
    try:
        return lookup.plan_year(year, plan=plan, area=area, queryset=qs)
    except lookup.NotFound:
        return None


def plan_years(years: QuerySet[PlanYear]) -> list[dict[str, Any]]:
    """Every plan that has one of ``years``, with those years (oldest first), grouped as the
    pages list them: by area, then plan in sequence — the year and plan switcher and the
    page of choices an old URL that fits several plans leads to."""
    by_plan: dict[int, list[PlanYear]] = {}
    ordered = years.annotate(plan_number=lookup.plan_numbers()).order_by(
        "plan__area__name", "plan__start_year", "fiscal_year"
    )
    for plan_year in ordered:
        by_plan.setdefault(plan_year.plan_id, []).append(plan_year)
    out = []
    for found in by_plan.values():
        plan = found[0].plan
        out.append(
            {
                "plan": plan,
                "area": plan.area,
                "label": lookup.plan_label(plan, found[0].plan_number),
                "years": [
                    {
                        "plan_year": y,
                        "year": y.fiscal_year,
                        "wareki": to_wareki(y.fiscal_year, fiscal=True),
                        "draft": y.status != PlanYear.Status.PUBLISHED,
                    }
                    for y in found
                ],
            }
        )
    return out


def visible_fiscal_years(plan: Plan, published_only: bool) -> set[int]:
    """The fiscal years of ``plan`` a visitor may see (only the published ones, when
    ``published_only``)."""
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
