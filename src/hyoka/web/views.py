"""Pages. Thin: read the request, ask :mod:`hyoka.evaluation.queries` (or, for the status
list and the dashboard, :mod:`hyoka.reports.builders`), render a template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hyoka.core.i18n import use_language
from hyoka.evaluation import queries
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Indicator, Plan
from hyoka.publishing import services as publishing
from hyoka.publishing.models import Edition
from hyoka.reports import builders, charts
from hyoka.reports.registry import render as render_report
from hyoka.reports.render_csv import render_changes
from hyoka.workflow import review
from hyoka.workflow.cycle import Action, can, membership
from hyoka.workflow.plan_urls import plan_label, plan_year_or_404, where


@dataclass(frozen=True)
class Drafts:
    """Which years that are not published (drafts) this visitor may see: none (``seen`` False),
    their own area's (``area``, a member's), or every area's (a superuser without a
    membership)."""

    seen: bool
    area: int | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> Drafts:
        if not can(request.user, Action.VIEW_DRAFT):
            return cls(False)
        m = membership(request.user)
        return cls(True, m.municipality.area_id if m is not None else None)

    def years(self) -> QuerySet[PlanYear]:
        """Every year this visitor may see."""
        return queries.visible_years(published_only=not self.seen, draft_area=self.area)

    def plan_year(self, plan: int, year: int) -> PlanYear:
        """The year ``year`` of the plan ``plan``, or 404 when there is none to see."""
        return plan_year_or_404(plan, year, self.years())

    def latest(self, plan: Plan | int, year: int | None = None) -> PlanYear | None:
        """The plan's year ``year`` (``None``: its latest) this visitor may see, if any."""
        return queries.year_or_latest(
            year, plan=plan, published_only=not self.seen, draft_area=self.area
        )

    def of_area(self, area_id: int) -> bool:
        """Whether drafts of a plan of ``area_id`` may be seen."""
        return self.seen and self.area in (None, area_id)


def year_asked(request: HttpRequest) -> int | None:
    """``?year=`` of an old URL (``None``: none, or not a year)."""
    raw = request.GET.get("year")
    return int(raw) if raw and raw.isdigit() and len(raw) < 6 else None


def _switcher(drafts: Drafts, plan_year: PlanYear, page: str) -> dict[str, Any]:
    """Every plan and year this visitor may see, each a link to ``page`` of that year; and
    where the page is (:func:`~hyoka.workflow.plan_urls.where`)."""
    with use_language(get_language() or None):
        plans = queries.plan_years(drafts.years())
    label = next((p["label"] for p in plans if p["plan"].pk == plan_year.plan_id), None)
    return {
        "switcher": plans,
        "switch_to": page,
        "current": plan_year,
        "where": where(plan_year, label),
    }


def status_list(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The status list.  Its body (everything but the site's header, which shows the visitor
    and carries a CSRF token) is rendered once per data version, plan, year, filters, language
    and whether drafts may be seen, then kept (:func:`hyoka.evaluation.queries.cached`) under
    the plan's own data version."""
    drafts = Drafts.of(request)
    get = request.GET
    filters = queries.Filters(
        role=get.get("role") or None,
        rating=get.get("rating") or None,
        disagreement=get.get("disagreement") == "1",
        municipality=get.get("municipality") or None,
    )

    def body() -> tuple[str, str, dict[str, Any]]:
        plan_year = drafts.plan_year(plan, year)
        page = builders.status_list_page(plan_year, filters)
        switcher = _switcher(drafts, plan_year, "web:status_list")
        data = {"page": page, "report": page.report, "symbols": page.symbols} | switcher
        html = render_to_string("web/status_list_body.html", data, request)
        return page.report.title, html, switcher["where"]

    key = (get_language(), drafts, plan, year, filters)
    # kept per this plan's data version and the index (its switcher): another plan's writes
    # leave it kept
    title, html, here = queries.cached("status-list", key, body, plan_id=plan)
    # the body was rendered by our own template (autoescaped) and kept as it was
    return render(
        request,
        "web/status_list.html",
        {"title": title, "body": mark_safe(html), "where": here},
    )


def project_detail(request: HttpRequest, plan: int, year: int, number: int) -> HttpResponse:
    drafts = Drafts.of(request)
    plan_year = drafts.plan_year(plan, year)
    data = builders.project_page(
        plan_year.plan,
        number,
        plan_year.fiscal_year,
        published_only=not drafts.of_area(plan_year.plan.area_id),
    )
    if data is None:
        raise Http404(_("その番号の連携事業はありません。"))
    data |= {"plan_year": plan_year, "where": where(plan_year)}
    return render(request, "web/project.html", data)


def indicator_detail(request: HttpRequest, uid: str) -> HttpResponse:
    ind = get_object_or_404(
        Indicator.objects.select_related("project", "plan", "plan__area", "role"), uid=uid
    )
    drafts = Drafts.of(request)
    data = builders.indicator_page(ind, published_only=not drafts.of_area(ind.plan.area_id))
    plan_year = drafts.latest(ind.plan)
    data |= {"plan_year": plan_year, "where": where(plan_year) if plan_year else None}
    data["chart"] = charts.path_chart(
        data["baseline"],
        data["target"],
        data["points"],
        title=_("%(name)s：基準値から目標値への経路と実績") % {"name": ind.name},
        plan=(ind.plan.start_year, ind.plan.end_year),
    )
    return render(request, "web/indicator.html", data)


def dashboard(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    drafts = Drafts.of(request)
    plan_year = drafts.plan_year(plan, year)
    data = builders.dashboard(plan_year) | _switcher(drafts, plan_year, "web:dashboard")
    data["role_chart"] = charts.bar_chart(
        [(r["label"], r["counts"]) for r in data["by_role"]], title=_("役割ごとの評価の内訳")
    )
    for h in data["headline_kpis"]:
        c = h["chart"]
        h["svg"] = charts.path_chart(
            c["baseline"],
            c["target"],
            c["points"],
            title=h["kpi"].name,
            plan=(plan_year.plan.start_year, plan_year.plan.end_year),
            height=240,
        )
    return render(request, "web/dashboard.html", data)


EXPORT_FORMATS = ("xlsx", "pdf", "html", "csv", "json")


def downloads(request: HttpRequest) -> HttpResponse:
    """Every published edition of every year, in every format; and what changed between them."""
    years = PlanYear.objects.select_related("plan", "plan__area").order_by("-fiscal_year")
    drafts = Drafts.of(request)
    if not drafts.seen:
        years = years.filter(status=PlanYear.Status.PUBLISHED)
    elif drafts.area is not None:
        years = years.filter(Q(status=PlanYear.Status.PUBLISHED) | Q(plan__area_id=drafts.area))
    rows = []
    for plan_year in years:
        editions = list(Edition.objects.filter(plan_year=plan_year).order_by("-number"))
        area = plan_year.plan.area_id
        rows.append(
            {
                "plan_year": plan_year,
                "plan": plan_label(plan_year),
                "editions": editions,
                "status": review.year_status(plan_year)["label"],
                "can_reissue": plan_year.status == PlanYear.Status.PUBLISHED
                and can(request.user, Action.REISSUE, area_id=area),
            }
        )
    return render(request, "web/downloads.html", {"rows": rows, "formats": EXPORT_FORMATS})


def export(request: HttpRequest, plan: int, year: int, fmt: str) -> HttpResponse:
    """A year's list in one format: an edition (?edition=N), or the current data for members."""
    if fmt not in EXPORT_FORMATS:
        raise Http404(fmt)
    raw = request.GET.get("edition")
    edition = int(raw) if raw and raw.isdigit() and len(raw) < 10 else None
    plan_year = Drafts.of(request).plan_year(plan, year)
    if edition is None and plan_year.status == PlanYear.Status.PUBLISHED:
        last = plan_year.editions.order_by("-number").first()
        edition = last.number if last else None
    try:
        report = publishing.report_for(plan_year, edition)
    except publishing.NotFound as exc:
        raise Http404(str(exc)) from None
    filename, mimetype, data = render_report(fmt, report)
    response = HttpResponse(data, content_type=mimetype)
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if fmt == "html":  # a standalone document: its styles are inline (django-csp)
        response._csp_update = {"style-src": ["'unsafe-inline'"]}
    return response


def _number(get: Any, name: str) -> int | None:
    raw = get.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def changes(request: HttpRequest, plan: int) -> HttpResponse:
    """What changed between two editions of a year of the plan (``?year=&from=&to=``), or
    between two of its years (``?from_year=&to_year=``; ``?from_plan=`` for a year of another
    plan, e.g. the last of plan 1 against the first of plan 2)."""
    get = request.GET
    year = _number(get, "year")
    from_year, to_year = _number(get, "from_year") or year, _number(get, "to_year") or year
    old_ed, new_ed = _number(get, "from"), _number(get, "to")
    # the years this visitor may see (no year asked: the plan's latest of those) — an
    # anonymous visitor never learns of a year that is not published, not even from a message
    drafts = Drafts.of(request)
    old_year = drafts.latest(_number(get, "from_plan") or plan, from_year)
    new_year = drafts.latest(plan, to_year)
    if old_year is None or new_year is None:
        raise Http404(_("その年度の一覧はありません。"))
    try:
        same = old_year.pk == new_year.pk
        old = publishing.report_for(old_year, old_ed or (1 if same else None))
        new = publishing.report_for(new_year, new_ed)
    except publishing.NotFound as exc:
        raise Http404(str(exc)) from None
    rows = publishing.diff(old, new)
    if get.get("format") == "csv":
        response = HttpResponse(render_changes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hyoka-changes.csv"'
        return response
    return render(
        request,
        "web/changes.html",
        {
            "rows": rows,
            "old": old,
            "new": new,
            "query": request.GET.urlencode(),
            "where": where(new_year),
        },
    )
