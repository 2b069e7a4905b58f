"""Pages. Thin: read the request, ask :mod:`hyoka.evaluation.queries`, render a template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from hyoka.evaluation import queries
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Indicator
from hyoka.web import charts
from hyoka.workflow.permissions import Action, can


def _drafts(request: HttpRequest) -> bool:
    """Whether this visitor may see years that are not published (drafts)."""
    return can(request.user, Action.VIEW_DRAFT)


def _year(request: HttpRequest) -> PlanYear:
    raw = request.GET.get("year")
    year = int(raw) if raw and raw.isdigit() else None
    py = queries.year_or_latest(year, published_only=not _drafts(request))
    if py is None:
        raise Http404(_("まだ一覧がありません。hyoka import で取り込んでください。"))
    return py


def status_list(request: HttpRequest) -> HttpResponse:
    py = _year(request)
    get = request.GET
    filters = queries.Filters(
        role=get.get("role") or None,
        rating=get.get("rating") or None,
        disagreement=get.get("disagreement") == "1",
        municipality=get.get("municipality") or None,
    )
    return render(request, "web/status_list.html", queries.status_list(py, filters))


def project_detail(request: HttpRequest, number: int) -> HttpResponse:
    py = _year(request)
    data = queries.project_detail(
        py.plan, number, py.fiscal_year, published_only=not _drafts(request)
    )
    if data is None:
        raise Http404(_("その番号の連携事業はありません。"))
    return render(request, "web/project.html", data)


def indicator_detail(request: HttpRequest, uid: str) -> HttpResponse:
    ind = get_object_or_404(Indicator.objects.select_related("project", "plan", "role"), uid=uid)
    data = queries.indicator_detail(ind, published_only=not _drafts(request))
    data["chart"] = charts.path_chart(
        data["baseline"],
        data["target"],
        data["points"],
        title=_("%(name)s：基準値から目標値への経路と実績") % {"name": ind.name},
        plan=(ind.plan.start_year, ind.plan.end_year),
    )
    return render(request, "web/indicator.html", data)


def dashboard(request: HttpRequest) -> HttpResponse:
    py = _year(request)
    data = queries.dashboard(py)
    data["role_chart"] = charts.bar_chart(
        [(r["label"], r["counts"]) for r in data["by_role"]], title=_("役割ごとの評価の内訳")
    )
    for h in data["headline_kpis"]:
        c = h["chart"]
        h["svg"] = charts.path_chart(
            c["baseline"],
            c["target"],
            c["points"],
            title=h["name"],
            plan=(py.plan.start_year, py.plan.end_year),
            height=240,
        )
    return render(request, "web/dashboard.html", data)
