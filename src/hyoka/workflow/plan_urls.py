"""The plan and year a web URL names, and the old URLs that named a fiscal year alone.

Every page of a year says its plan in its URL (``/plans/<plan>/<year>/…``,
``/entry/plans/<plan>/<year>/…``): plan ids are unique across areas, so the URL cannot be
ambiguous.  The old URLs (``/?year=2019``, ``/projects/14/``, ``/export/2019.xlsx``,
``/entry/2020/…``) still work for bookmarks: :func:`moved` asks
:mod:`hyoka.evaluation.lookup` (the one resolver) which of the years the visitor may see fits,
and redirects there when exactly one plan does; when several do (two areas, a year two plans
have) it lists them — never a guess, never an error; when none does, 404 (a visitor who may
not see drafts is never told of one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hyoka.core.i18n import use_language
from hyoka.core.periods import to_wareki
from hyoka.evaluation import lookup
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Area, Plan, Project
from hyoka.workflow.cycle import Action, can


def plan_year_or_404(plan: int, year: int, queryset: QuerySet[PlanYear] | None = None) -> PlanYear:
    """The year ``year`` of the plan with id ``plan`` (among ``queryset``, the years the
    visitor may see), or 404."""
    try:
        return lookup.plan_year(year, plan=plan, queryset=queryset)
    except lookup.LookupProblem:
        raise Http404(_("その年度の一覧はありません。")) from None


def latest_year(plan: Plan) -> PlanYear | None:
    """The plan's latest year (every one counts: the pages that link to it check their own
    visitor's rights)."""
    try:
        return lookup.plan_year(plan=plan)
    except lookup.NotFound:
        return None


def plan_label(plan_year: PlanYear) -> str:
    """``第2期（2024〜2028年度）`` in the page's language."""
    with use_language(get_language() or None):
        return lookup.plan_label(plan_year.plan)


def where(plan_year: PlanYear, label: str | None = None) -> dict[str, Any]:
    """What the header and the breadcrumbs say of the year a page shows: the area, the plan,
    the year (西暦 and 和暦), and the list and dashboard of that year (plain values: kept with
    a page's rendering).  ``label``: the plan's, when the page already has it."""
    args = [plan_year.plan_id, plan_year.fiscal_year]
    return {
        "area": plan_year.plan.area.name,
        "plan": label or plan_label(plan_year),
        "plan_id": plan_year.plan_id,
        "year": plan_year.fiscal_year,
        "wareki": to_wareki(plan_year.fiscal_year, fiscal=True),
        "list_url": reverse("web:status_list", args=args),
        "dashboard_url": reverse("web:dashboard", args=args),
    }


def moved(
    request: HttpRequest,
    years: QuerySet[PlanYear],
    fiscal_year: int | None,
    target: Callable[[PlanYear], str],
    *,
    drop: tuple[str, ...] = ("year",),
) -> HttpResponse:
    """An old URL that named ``fiscal_year`` alone (``None``: the latest): a redirect to
    ``target`` of the one year among ``years`` that fits (its query kept but for ``drop``),
    or the page of choices when several plans fit; 404 when none does."""
    try:
        found = [lookup.plan_year(fiscal_year, queryset=years)]
    except lookup.Ambiguous:
        found = _each_plan(years, fiscal_year)
    except lookup.NotFound:
        found = []
    if not found:
        raise Http404(_("その年度の一覧はありません。"))
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    suffix = f"?{query.urlencode()}" if query else ""
    if len(found) == 1:
        return _redirect(request, target(found[0]) + suffix)
    choices = [{"url": target(y) + suffix, "label": _label(y)} for y in found]
    return choices_page(request, choices)


def choices_page(request: HttpRequest, choices: list[dict[str, str]]) -> HttpResponse:
    """The old URL fits several pages: each one, named by area, plan and year (300)."""
    return render(request, "workflow/choices.html", {"choices": choices}, status=300)


def _each_plan(years: QuerySet[PlanYear], fiscal_year: int | None) -> list[PlanYear]:
    """The year ``fiscal_year`` (or the latest) of each plan that has one of ``years``."""
    plans = {y.plan_id: y.plan for y in years.order_by("plan__area__name", "plan__start_year")}
    found = []
    for plan in plans.values():
        try:
            found.append(lookup.plan_year(fiscal_year, plan=plan, queryset=years))
        except lookup.NotFound:
            continue
    return found


def _label(plan_year: PlanYear) -> str:
    wareki = to_wareki(plan_year.fiscal_year, fiscal=True)
    return (
        f"{plan_year.plan.area.name} {plan_label(plan_year)} "
        f"{plan_year.fiscal_year}年度（{wareki}）"
    )


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """302 for a page; 307 for a form posted to an old URL, so it is posted again there."""
    response = HttpResponseRedirect(url)
    if request.method == "POST":
        response.status_code = 307
    return response


def draft_years(request: HttpRequest) -> QuerySet[PlanYear]:
    """The years of the areas whose drafts the user may see (the entry pages' years)."""
    areas = [a for a in Area.objects.values_list("pk", flat=True) if _sees(request, a)]
    return PlanYear.objects.filter(plan__area_id__in=areas).select_related("plan", "plan__area")


def _sees(request: HttpRequest, area_id: int) -> bool:
    return can(request.user, Action.VIEW_DRAFT, area_id=area_id)


def old_entry_page(name: str) -> Callable[..., HttpResponse]:
    """The view of the old ``/entry/<year>/…`` URL of the entry page ``name``: to
    ``/entry/plans/<plan>/<year>/…`` of the one plan of the user's areas that has the year (and
    the project, for a project's page)."""

    @login_required
    def view(request: HttpRequest, year: int, number: int | None = None) -> HttpResponse:
        years = draft_years(request)
        rest: list[int] = []
        if number is not None:
            years, rest = years.filter(plan__projects__number=number), [number]
        return moved(
            request,
            years,
            year,
            lambda y: reverse(f"workflow:{name}", args=[y.plan_id, y.fiscal_year, *rest]),
        )

    view.__name__ = f"old_{name}"
    return view


@login_required
def old_project_history(request: HttpRequest, number: int) -> HttpResponse:
    """``/history/projects/<number>/``: the trail of the one project of that number the user
    may read, or the choices when several plans have one."""
    projects = list(
        Project.objects.filter(number=number)
        .select_related("plan", "plan__area")
        .order_by("plan__area__name", "plan__start_year")
    )
    if not projects:
        raise Http404(_("その番号の連携事業はありません。"))
    allowed = [p for p in projects if can(request.user, Action.VIEW_AUDIT, project=p)]
    if not allowed:
        raise PermissionDenied
    urls = [reverse("workflow:project_history", args=[p.plan_id, p.number]) for p in allowed]
    if len(allowed) == 1:
        return _redirect(request, urls[0])
    with use_language(get_language() or None):
        labels = [
            f"{p.plan.area.name} {lookup.plan_label(p.plan)} {p.number} {p.name}" for p in allowed
        ]
    return choices_page(
        request, [{"url": u, "label": label} for u, label in zip(urls, labels, strict=True)]
    )
