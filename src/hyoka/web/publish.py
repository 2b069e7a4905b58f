"""Publishing on the web: what would change against the last edition, then the edition — a
year's first, or a corrected one (訂正版) of a published year.  Thin: the preview and the
edition are :mod:`hyoka.publishing.services`' own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hyoka.evaluation.models import PlanYear
from hyoka.publishing import services as publishing
from hyoka.workflow import review
from hyoka.workflow.cycle import Action, Blocked, WorkflowError, can
from hyoka.workflow.plan_urls import plan_year_or_404, where


@login_required
def publish(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """GET: the preview (every change against the last edition, and the projects not yet
    approved); POST: publish with the note (required for a correction)."""
    plan_year = plan_year_or_404(plan, year)
    correction = plan_year.status == PlanYear.Status.PUBLISHED
    action = Action.REISSUE if correction else Action.PUBLISH
    if not can(request.user, action, area_id=plan_year.plan.area_id):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        try:
            edition = publishing.publish(
                request.user,
                plan_year,
                request.POST.get("note", ""),
                seen=request.POST.get("seen") or None,
            )
        except Blocked as exc:
            messages.error(request, exc.message)
            status = exc.status
        except WorkflowError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(
                request,
                _("%(year)s年度を第%(number)s版として公表しました。")
                % {"year": year, "number": edition.number},
            )
            return redirect("web:downloads")
    preview = publishing.preview(plan_year)
    pending = [] if correction else review.pending(plan_year)
    return render(
        request,
        "web/publish.html",
        {
            "preview": preview,
            "plan_year": plan_year,
            "where": where(plan_year),
            "correction": correction,
            "pending": pending,
            "rows": preview.rows,
            "note": request.POST.get("note", ""),
        },
        status=status,
    )
