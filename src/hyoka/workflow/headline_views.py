"""The headline KPIs (基本KPI) of an open year on the web: entered by the secretariat, or by
the municipality the plan names for each (``Indicator.lead``), through the one write path
(:func:`hyoka.workflow.entering.save`) and the cycle's rights table — no rule of their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.evaluation.queries import symbols
from hyoka.plans.models import Indicator
from hyoka.workflow import entering, services, slips
from hyoka.workflow.cycle import Action, actual_open, allowed, can
from hyoka.workflow.plan_urls import plan_year_or_404, where
from hyoka.workflow.views import (
    confirmed_in,
    posted_actual,
    refusals,
    slip_rows,
    typed_or_stored,
)


def _headlines(plan_year: PlanYear) -> list[Indicator]:
    return list(
        Indicator.objects.filter(plan=plan_year.plan, kind=Indicator.Kind.HEADLINE)
        .select_related("plan", "role", "lead")
        .order_by("position")
    )


def _rows(request: HttpRequest, plan_year: PlanYear) -> list[dict[str, Any]]:
    """Each headline KPI with its year's row, whether this user may enter it now, and what
    they typed (kept when a save is refused)."""
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(
            indicator__plan=plan_year.plan, fiscal_year=plan_year.fiscal_year
        )
    }
    posted: Any = request.POST if request.method == "POST" else {}
    user = request.user
    confirmed = slips.confirmed_slips(years.values())
    rows = []
    for ind in _headlines(plan_year):
        iy = years.get(ind.pk)
        key = str(ind.uid)
        state = iy.state if iy else None
        rows.append(
            {
                "indicator": ind,
                "iy": iy,
                "can_enter": iy is not None
                and actual_open(plan_year, state, iy.provisional)
                and can(user, Action.ENTER, headline=ind, area_id=ind.plan.area_id),
                "can": {
                    action.value: iy is not None
                    and allowed(user, action, plan_year, project_state=state, headline=ind)
                    for action in REVIEW
                },
                "confirmed": confirmed.get(iy.pk, []) if iy else [],
                **typed_or_stored(posted, key, iy),
            }
        )
    return rows


#: the moves of a headline KPI's year, as the buttons name them
REVIEW = (Action.SUBMIT, Action.RETURN, Action.APPROVE)


def _review(request: HttpRequest, plan_year: PlanYear, asked: str) -> services.WorkflowError | None:
    """``submit:<uid>``, ``return:<uid>`` or ``approve:<uid>`` from the form; the refusal, if
    any."""
    name, _sep, uid = asked.partition(":")
    action = next((a for a in REVIEW if a.value == name), None)
    ind = Indicator.objects.filter(
        plan=plan_year.plan, kind=Indicator.Kind.HEADLINE, uid=uid if _sep else None
    ).first()
    if action is None or ind is None:
        return services.WorkflowError(_("この操作はできません。"))
    comment = request.POST.get(f"comment-{ind.uid}", "")
    try:
        services.review_headline(request.user, ind, plan_year.fiscal_year, action, comment)
    except services.WorkflowError as exc:
        return exc
    return None


def _entries(post: Any, rows: list[dict[str, Any]]) -> tuple[list[entering.Entry], dict[int, str]]:
    entries: list[entering.Entry] = []
    keys: dict[int, str] = {}
    for row in rows:
        ind, key = row["indicator"], str(row["indicator"].uid)
        if f"text-{key}" not in post:
            continue
        entries.append(posted_actual(post, ind, key))
        keys[id(entries[-1])] = key
    return entries, keys


def _post(
    request: HttpRequest, plan_year: PlanYear, rows: list[dict[str, Any]]
) -> dict[str, services.WorkflowError]:
    """Save every typed figure (all or nothing), then the move a button asked for (submit,
    return, approve); the refusals keyed by the indicator's uid (or ``save``, ``review``)."""
    entries, keys = _entries(request.POST, rows)
    try:
        saved = entering.save(
            request.user, plan_year, entries, confirmed=confirmed_in(request.POST)
        )
    except entering.SaveRefused as exc:
        return refusals(exc, keys)
    except services.WorkflowError as exc:
        return {"save": exc}
    for change in saved.changes:
        messages.info(request, _("評価が変わりました: %(change)s") % {"change": change})
    asked = request.POST.get("action", "save")
    if asked != "save":
        refused = _review(request, plan_year, asked)
        if refused is not None:
            return {"review": refused}
    messages.success(request, _("保存しました。"))
    return {}


@login_required
def headline_entry(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The year's headline KPIs: actual, note (printed with the KPI) and rating, saved together
    (all or nothing)."""
    plan_year = plan_year_or_404(plan, year, PlanYear.objects.filter(status=PlanYear.Status.OPEN))
    if not can(request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id):
        raise PermissionDenied
    rows = _rows(request, plan_year)
    errors: dict[str, services.WorkflowError] = {}
    if request.method == "POST":
        errors = _post(request, plan_year, rows)
        if not errors:
            return redirect("workflow:headlines", plan=plan, year=year)
        rows = _rows(request, plan_year)
        for row in rows:
            row["error"] = errors.get(str(row["indicator"].uid))
        slip_rows(rows, errors, request.POST)
    status = max((e.status for e in errors.values()), default=200)
    return render(
        request,
        "workflow/headlines.html",
        {
            "plan_year": plan_year,
            "where": where(plan_year),
            "rows": rows,
            "symbols": symbols(plan_year.plan),
            "errors": errors,
            "can_save": any(r["can_enter"] for r in rows),
        },
        status=status,
    )
