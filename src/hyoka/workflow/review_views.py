"""The secretariat's pages for a year as a whole: its deadline, and the review list — every
project with its figures, ratings, the editor's 説明 and the 連携事業実施状況等 side by side,
returned or approved several at once.  Thin: every write goes through
:mod:`hyoka.workflow.review`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hyoka.evaluation.models import PlanYear
from hyoka.evaluation.queries import symbols
from hyoka.workflow import review
from hyoka.workflow.cycle import Action, Blocked, WorkflowError, can, in_state
from hyoka.workflow.plan_urls import plan_year_or_404, where

#: what the review list shows by default: the projects waiting for a decision
STATES = ("submitted", "returned", "approved", "draft", "all")


def _year(request: HttpRequest, plan: int, year: int) -> PlanYear:
    plan_year = plan_year_or_404(plan, year)
    if plan_year.status == PlanYear.Status.PUBLISHED or not can(
        request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id
    ):
        raise PermissionDenied
    return plan_year


@login_required
@require_POST
def deadline(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """Set, change or clear the year's deadline (入力期限)."""
    plan_year = _year(request, plan, year)
    text = request.POST.get("deadline", "").strip()
    try:
        new = dt.date.fromisoformat(text) if text else None
    except ValueError:
        messages.error(request, _("期限は YYYY-MM-DD の形で書いてください。"))
        return redirect("workflow:entry")
    try:
        review.set_deadline(request.user, plan_year, new)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(year)s年度の入力期限を%(deadline)sにしました。")
            % {"year": year, "deadline": new.isoformat() if new else _("なし")},
        )
    return redirect("workflow:entry")


def _numbers(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 10]


@login_required
def review_list(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The projects of the year waiting for review (``?state=``, or ``?project=N`` for one),
    each with every value, rating, 説明 and the 連携事業実施状況等; checkboxes to return or
    approve several at once."""
    plan_year = _year(request, plan, year)
    if request.method == "POST":
        _decide(request, plan_year)
        return redirect(request.get_full_path())
    asked = _numbers(request.GET.getlist("project"))
    state = request.GET.get("state") or ("all" if asked else "submitted")
    if state not in STATES:
        state = "submitted"
    projects = review.review(plan_year, asked or None)
    if state != "all":
        projects = [p for p in projects if p["project_year"].state == state]
    may_review = can(request.user, Action.APPROVE, area_id=plan_year.plan.area_id)
    return render(
        request,
        "workflow/review.html",
        {
            "plan_year": plan_year,
            "where": where(plan_year),
            "status": review.year_status(plan_year),
            "projects": projects,
            "state": state,
            "states": STATES,
            "symbols": symbols(plan_year.plan),
            "can_review": may_review and in_state(Action.APPROVE, plan_year),
            "events": plan_year.events.select_related("user").order_by("at", "pk"),
        },
    )


def _decide(request: HttpRequest, plan_year: PlanYear) -> None:
    """Return or approve the projects ticked: all or none."""
    post = request.POST
    action = {"approve": Action.APPROVE, "return": Action.RETURN}.get(post.get("action", ""))
    if action is None:
        messages.error(request, _("差し戻すか承認するかを選んでください。"))
        return
    numbers = _numbers(post.getlist("projects"))
    try:
        moved = review.move(request.user, plan_year, numbers, action, note=post.get("comment", ""))
    except Blocked as exc:
        messages.error(request, _("どの事業も動かしていません。次の事業を確かめてください。"))
        for number, reason in exc.projects:
            messages.error(request, f"{number}: {reason}")
        return
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return
    done = ", ".join(str(p.project.number) for p in moved)
    text = (
        _("%(count)s件の事業を承認しました: %(numbers)s")
        if action == Action.APPROVE
        else _("%(count)s件の事業を差し戻しました: %(numbers)s")
    )
    messages.success(request, text % {"count": len(moved), "numbers": done})
    if review.ready_to_publish(plan_year):
        messages.info(request, _("すべての事業を承認しました。この年度は公表できます。"))
