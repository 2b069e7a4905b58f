"""The public pages' old URLs, which named a fiscal year alone (``/?year=2019``,
``/projects/14/``, ``/dashboard/``, ``/export/2019.xlsx``, ``/changes/?year=…``,
``/publish/2020/``): each leads to its page of the one plan year the visitor may see that fits
(:func:`hyoka.workflow.plan_urls.moved`), or to the choices.  ``/`` is the latest year of the
latest plan the visitor may see."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hyoka.evaluation.models import PlanYear
from hyoka.web.views import Drafts, year_asked
from hyoka.workflow.plan_urls import moved


def _to(name: str, *rest: object) -> Callable[[PlanYear], str]:
    def target(plan_year: PlanYear) -> str:
        return reverse(name, args=[plan_year.plan_id, plan_year.fiscal_year, *rest])

    return target


def status_list(request: HttpRequest) -> HttpResponse:
    years = Drafts.of(request).years()
    return moved(request, years, year_asked(request), _to("web:status_list"))


def project(request: HttpRequest, number: int) -> HttpResponse:
    """The project of that number: among the plans that have one."""
    years = Drafts.of(request).years().filter(plan__projects__number=number)
    return moved(request, years, year_asked(request), _to("web:project", number))


def dashboard(request: HttpRequest) -> HttpResponse:
    years = Drafts.of(request).years()
    return moved(request, years, year_asked(request), _to("web:dashboard"))


def export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    years = Drafts.of(request).years()
    return moved(request, years, year, _to("web:export", fmt))


@login_required
def publish(request: HttpRequest, year: int) -> HttpResponse:
    years = Drafts.of(request).years()
    return moved(request, years, year, _to("web:publish"))


def changes(request: HttpRequest) -> HttpResponse:
    """``?year=`` (editions of a year) or ``?from_year=&to_year=``: the plan of the later year;
    the query is kept as it is."""
    get = request.GET
    raw = get.get("year") or get.get("to_year") or get.get("from_year") or ""
    year = int(raw) if raw.isdigit() and len(raw) < 6 else None

    def target(plan_year: PlanYear) -> str:
        return reverse("web:changes", args=[plan_year.plan_id])

    return moved(request, Drafts.of(request).years(), year, target, drop=())
