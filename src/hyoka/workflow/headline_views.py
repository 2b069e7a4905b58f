"""The headline KPIs (基本KPI) of an open year on the web: entered by the secretariat, or by
the municipality the plan names for each (``Indicator.lead``), through the one write path
(:func:`hyoka.workflow.services.save`) and the cycle's rights table — no rule of their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.evaluation.queries import symbols
from hyoka.plans.models import Indicator
from hyoka.workflow import services
from hyoka.workflow.cycle import Action, can, in_state


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
    open_now = in_state(Action.ENTER, plan_year)
    rows = []
    for ind in _headlines(plan_year):
        iy = years.get(ind.pk)
        key = str(ind.uid)
        rows.append(
            {
                "indicator": ind,
                "iy": iy,
                "can_enter": iy is not None
                and open_now
                and can(request.user, Action.ENTER, headline=ind, area_id=ind.plan.area_id),
                "text": posted.get(f"text-{key}", iy.actual_text if iy else ""),
                "note": posted.get(f"note-{key}", iy.note if iy else ""),
                "version": posted.get(f"version-{key}", iy.version if iy else 0),
                "override": posted.get(f"override-{key}", iy.override if iy else ""),
                "override_reason": posted.get(
                    f"override_reason-{key}", iy.override_reason if iy else ""
                ),
            }
        )
    return rows


def _entries(post: Any, rows: list[dict[str, Any]]) -> tuple[list[services.Entry], dict[int, str]]:
    entries: list[services.Entry] = []
    keys: dict[int, str] = {}
    for row in rows:
        ind, key = row["indicator"], str(row["indicator"].uid)
        if f"text-{key}" not in post:
            continue
        version = post.get(f"version-{key}", "")
        entries.append(
            services.Actual(
                ind,
                post[f"text-{key}"],
                int(version) if version.isdigit() else None,
                note=post.get(f"note-{key}", ""),
                override=post.get(f"override-{key}", ""),
                override_reason=post.get(f"override_reason-{key}", ""),
            )
        )
        keys[id(entries[-1])] = key
    return entries, keys


@login_required
def headline_entry(request: HttpRequest, year: int) -> HttpResponse:
    """The year's headline KPIs: actual, note (printed with the KPI) and rating, saved together
    (all or nothing)."""
    plan_year = get_object_or_404(
        PlanYear.objects.select_related("plan"), fiscal_year=year, status=PlanYear.Status.OPEN
    )
    if not can(request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id):
        raise PermissionDenied
    rows = _rows(request, plan_year)
    errors: dict[str, services.WorkflowError] = {}
    if request.method == "POST":
        entries, keys = _entries(request.POST, rows)
        try:
            saved = services.save(request.user, plan_year, entries)
        except services.SaveRefused as exc:
            errors = {keys[id(entry)]: error for entry, error in exc.errors}
        except services.WorkflowError as exc:
            errors = {"save": exc}
        else:
            for change in saved.changes:
                messages.info(request, _("評価が変わりました: %(change)s") % {"change": change})
            messages.success(request, _("保存しました。"))
            return redirect("workflow:headlines", year=year)
        rows = _rows(request, plan_year)
        for row in rows:
            row["error"] = errors.get(str(row["indicator"].uid))
    status = max((e.status for e in errors.values()), default=200)
    return render(
        request,
        "workflow/headlines.html",
        {
            "plan_year": plan_year,
            "rows": rows,
            "symbols": symbols(plan_year.plan),
            "errors": errors,
            "can_save": any(r["can_enter"] for r in rows),
        },
        status=status,
    )
