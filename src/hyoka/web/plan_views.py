"""A plan's own pages: its end-of-plan summary (期末評価, as a page and as a PDF) and its lineage
to the plan before (計画間のつながり), confirmed there by the area's secretariat.

Thin: the summary is :func:`hyoka.reports.summary.end_of_plan_summary`'s (an anonymous visitor's
built from the published years only, as :class:`hyoka.web.views.Drafts` says), its PDF
:mod:`hyoka.reports.render_summary`'s; the lineage proposed, recorded and confirmed is
:mod:`hyoka.evaluation.lineage`'s (the same :func:`~hyoka.evaluation.lineage.apply_mapping` as
``hyoka lineage apply``); who may confirm it is :mod:`hyoka.workflow.cycle`'s.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hyoka.evaluation import lineage, lookup
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Lineage, Plan
from hyoka.reports import render_summary
from hyoka.reports.summary import end_of_plan_summary
from hyoka.web.views import Drafts
from hyoka.workflow.cycle import Action, can

#: the kinds an item of the new plan may be given on the page (終了 is for the plan before)
KINDS = [(value, label) for value, label in Lineage.choices if value != Lineage.ENDED]


def _plan(request: HttpRequest, plan_id: int) -> tuple[Plan, bool]:
    """The plan and whether only its published years may be seen; 404 for a plan whose years
    this visitor may not see (none published and no drafts of its area)."""
    plan = get_object_or_404(Plan.objects.select_related("area"), pk=plan_id)
    published_only = not Drafts.of(request).of_area(plan.area_id)
    if published_only and not _published(plan):
        raise Http404(_("その計画の一覧はありません。"))
    return plan, published_only


def _published(plan: Plan) -> bool:
    return PlanYear.objects.filter(plan=plan, status=PlanYear.Status.PUBLISHED).exists()


def plans_seen(request: HttpRequest) -> list[dict[str, Any]]:
    """The plans whose pages this visitor may see (the downloads page links them), oldest
    first, each with whether it has a plan before it (a lineage to show)."""
    drafts = Drafts.of(request)
    plans = Plan.objects.select_related("area").order_by("area__name", "start_year")
    first: dict[int, int] = {}
    for p in plans:
        first.setdefault(p.area_id, p.start_year)
    seen = [p for p in plans if drafts.of_area(p.area_id) or _published(p)]
    return [{"plan": p, "has_before": p.start_year > first[p.area_id]} for p in seen]


def summary(request: HttpRequest, plan: int) -> HttpResponse:
    """期末評価 of the plan, as a page."""
    the_plan, published_only = _plan(request, plan)
    data = end_of_plan_summary(the_plan, published_only=published_only)
    return render(request, "web/plan_summary.html", {"plan": the_plan, "s": data})


def summary_pdf(request: HttpRequest, plan: int) -> HttpResponse:
    """期末評価 of the plan, as a PDF (A4, WeasyPrint)."""
    the_plan, published_only = _plan(request, plan)
    data = end_of_plan_summary(the_plan, published_only=published_only)
    response = HttpResponse(render_summary.pdf_bytes(data), content_type=render_summary.MIMETYPE)
    response["Content-Disposition"] = f'inline; filename="{render_summary.filename(data)}"'
    return response


def lineage_page(request: HttpRequest, plan: int) -> HttpResponse:
    """GET: the plan's items with their lineage to the plan before — for the area's
    secretariat the names' proposal where none is recorded yet, each row's kind and
    predecessor to change; for everyone else what is recorded, read-only.  POST (the
    secretariat): confirm every row at once, all or nothing."""
    new, _published_only = _plan(request, plan)
    try:
        old = lookup.previous_plan(new)
    except lookup.NotFound:
        raise Http404(_("この計画の前の計画はありません。")) from None
    may = can(request.user, Action.CONFIRM_LINEAGE, area_id=new.area_id)
    items, ended = lineage.review(old, new)
    problems: list[lineage.MappingProblem] = []
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        chosen = [_chosen(request, x.row) for x in items]
        try:
            counts = lineage.confirm(old, new, chosen, user=request.user)
        except lineage.MappingRefused as exc:
            messages.error(request, str(exc))
            problems, status = exc.problems, 400
            items = [_as_posted(x, c) for x, c in zip(items, chosen, strict=True)]
        else:
            changed = sum(counts.values())
            messages.success(
                request, _("計画間のつながりを確定しました（%(n)s件を変更）。") % {"n": changed}
            )
            return redirect("web:plan_lineage", plan=new.pk)
    if not may:
        items = [x for x in items if x.confirmed]
        ended = [x for x in ended if x.confirmed]
    context = {
        "plan": new,
        "old": old,
        "items": items,
        "ended": ended,
        "may_confirm": may,
        "kinds": KINDS,
        "predecessors": lineage.predecessors(old) if may else {},
        "problems": [str(p) for p in problems],
        "problem_rows": {p.row for p in problems},
    }
    return render(request, "web/plan_lineage.html", context, status=status)


def _chosen(request: HttpRequest, row: lineage.Row) -> tuple[str, str, str, str]:
    """What the form says of one row: (item, to, lineage, from)."""
    name = f"{row.item}-{row.to}"
    kind = request.POST.get(f"kind-{name}", row.lineage)
    before = request.POST.get(f"from-{name}", row.from_)
    return row.item, row.to, kind, before if kind != lineage.NEW else ""


def _as_posted(x: lineage.Proposal, chosen: tuple[str, str, str, str]) -> lineage.Proposal:
    item, to, kind, before = chosen
    row = lineage.Row(item, to, x.row.to_name, kind, before, "", x.row.similarity)
    return lineage.Proposal(row, x.proposed, x.confirmed)
