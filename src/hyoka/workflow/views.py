"""Entry, review and the audit trail on the web.  Thin: every write goes through
:mod:`hyoka.workflow.services`, which checks rights and state and keeps the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hyoka.accounts.models import Duty
from hyoka.core.assess import Context, assess
from hyoka.core.values import explain
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.queries import symbols
from hyoka.evaluation.services import rubric_of
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.workflow import audit, entering, members, review, services, slips
from hyoka.workflow.cycle import Action, can, in_state, membership
from hyoka.workflow.plan_urls import latest_year, plan_year_or_404, where
from hyoka.workflow.workbook import WorkbookError, WorkbookRejected, apply_workbook, build_workbook


def _open_years(request: HttpRequest) -> list[PlanYear]:
    return [
        plan_year
        for plan_year in PlanYear.objects.filter(status=PlanYear.Status.OPEN)
        .select_related("plan", "plan__area")
        .order_by("-fiscal_year")
        if can(request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id)
    ]


@login_required
def entry(request: HttpRequest) -> HttpResponse:
    """The projects a user can enter or review in the open years."""
    years = _open_years(request)
    own = membership(request.user)
    blocks = []
    for plan_year in years:
        rows = services.progress_board(plan_year)
        mine = None
        if (
            own is not None
            and own.duty == Duty.EDITOR
            and own.municipality.area_id == plan_year.plan.area_id
        ):  # an editor's own figures first; the secretariat has the board per municipality
            mine = members.owed(plan_year, own.municipality)[0]
        parts = {i.project.pk for i in mine.parts if i.project} if mine else set()
        for row in rows:
            p = row["project"]
            row["can_enter"] = can(request.user, Action.ENTER, project=p) or p.pk in parts
            row["can_review"] = can(request.user, Action.APPROVE, project=p)
        secretariat = can(request.user, Action.REMIND, area_id=plan_year.plan.area_id)
        blocks.append(
            {
                "plan_year": plan_year,
                "where": where(plan_year),
                "rows": rows,
                "mine": mine,
                "by_municipality": members.owed(plan_year) if secretariat else [],
                "status": review.year_status(plan_year),
            }
        )
    return render(
        request,
        "workflow/entry.html",
        {
            "blocks": blocks,
            "membership": membership(request.user),
            "can_open": can(request.user, Action.OPEN_YEAR),
            "plans": _plans_to_open(request),
        },
    )


def _plans_to_open(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for plan in Plan.objects.select_related("area"):
        if not can(request.user, Action.OPEN_YEAR, area_id=plan.area_id):
            continue
        taken = set(PlanYear.objects.filter(plan=plan).values_list("fiscal_year", flat=True))
        free = [y for y in range(plan.start_year, plan.end_year + 1) if y not in taken]
        if free:
            out.append({"plan": plan, "years": free})
    return out


@login_required
@require_POST
def open_year(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=request.POST.get("plan"))
    try:
        year = int(request.POST.get("year", ""))
        deadline_text = request.POST.get("deadline") or ""
        deadline = dt.date.fromisoformat(deadline_text) if deadline_text else None
        services.open_year(request.user, plan, year, deadline)
        messages.success(request, _("%(year)s年度を開きました。") % {"year": year})
    except ValueError:
        messages.error(request, _("年度と期限（YYYY-MM-DD）を確かめてください。"))
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("workflow:entry")


def _project_context(request: HttpRequest, plan_year: PlanYear, project: Project) -> dict[str, Any]:
    project_year = get_object_or_404(
        ProjectYear, project=project, fiscal_year=plan_year.fiscal_year
    )
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(
            indicator__project=project, fiscal_year=plan_year.fiscal_year
        ).select_related("entered_by")
    }
    org = membership(request.user)
    posted: Any = request.POST if request.method == "POST" else {}
    rows = []
    for ind in project.indicators.order_by("position"):
        iy = years.get(ind.pk)
        contribution = None
        if ind.aggregation and org is not None:
            contribution = ind.contributions.filter(
                fiscal_year=plan_year.fiscal_year, municipality=org.municipality
            ).first()
        key = ind.uid
        typed = posted.get(f"text-{key}")
        rows.append(
            {
                "indicator": ind,
                "iy": iy,
                **typed_or_stored(posted, key, iy),
                # a refused save shows the preview of what was typed, not of what is stored
                "preview": preview_of(ind, plan_year.fiscal_year, typed)
                if typed is not None and iy is not None and typed.strip() != iy.actual_text
                else None,
                "contribution": contribution,
                "contribution_text": posted.get(
                    f"contribution-{key}", contribution.text if contribution else ""
                ),
                "contribution_version": posted.get(
                    f"contribution_version-{key}", contribution.version if contribution else 0
                ),
                "contributions": list(
                    ind.contributions.filter(fiscal_year=plan_year.fiscal_year).select_related(
                        "municipality"
                    )
                )
                if ind.aggregation
                else [],
            }
        )
    confirmed = slips.confirmed_slips(years.values())
    for row in rows:
        row["confirmed"] = confirmed.get(row["iy"].pk, []) if row["iy"] else []
    editable = in_state(Action.ENTER, plan_year, project_year.state)
    return {
        "plan_year": plan_year,
        "where": where(plan_year),
        "project": project,
        "project_year": project_year,
        "notes_text": posted.get("notes", project_year.notes),
        "notes_version": posted.get("notes_version", project_year.version),
        "rows": rows,
        "symbols": symbols(plan_year.plan),
        "can_enter": can(request.user, Action.ENTER, project=project) and editable,
        "can_confirm": can(request.user, Action.ENTER, project=project)
        and project_year.state == ProjectYear.State.APPROVED,
        "can_contribute": org is not None
        and any(r["indicator"].aggregation for r in rows)
        and can(request.user, Action.CONTRIBUTE, project=project, municipality=org.municipality)
        and editable,
        "can_submit": can(request.user, Action.SUBMIT, project=project) and editable,
        "can_review": can(request.user, Action.APPROVE, project=project),
        "errors": {},
    }


@login_required
def project_entry(request: HttpRequest, plan: int, year: int, number: int) -> HttpResponse:
    plan_year = plan_year_or_404(plan, year)
    if plan_year.status == PlanYear.Status.PUBLISHED or not can(
        request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id
    ):
        raise PermissionDenied
    project = get_object_or_404(Project, plan=plan_year.plan, number=number)
    ctx = _project_context(request, plan_year, project)
    if request.method == "POST":
        ctx["errors"] = _save_project(request, plan_year, project)
        if not ctx["errors"]:
            return redirect("workflow:project", plan=plan, year=year, number=number)
        errors = ctx["errors"]
        ctx = _project_context(request, plan_year, project) | {"errors": errors}
        for row in ctx["rows"]:
            row["error"] = errors.get(str(row["indicator"].uid))
        slip_rows(ctx["rows"], errors, request.POST)
        return render(request, "workflow/project.html", ctx, status=_status(errors))
    return render(request, "workflow/project.html", ctx)


def _status(errors: dict[str, services.WorkflowError]) -> int:
    return max((e.status for e in errors.values()), default=200)


def _save_project(
    request: HttpRequest, plan_year: PlanYear, project: Project
) -> dict[str, services.WorkflowError]:
    """Apply the form: a review action, or every figure, part and the notes of the project in
    one save (all or nothing; errors keyed by field), then the submission when asked."""
    post, user, year = request.POST, request.user, plan_year.fiscal_year
    action = post.get("action", "save")
    try:
        if action == "return":
            services.return_project(user, project, year, post.get("comment", ""))
            messages.success(request, f"事業{project.number}を差し戻しました。")
            return {}
        if action == "approve":
            services.approve(user, project, year)
            messages.success(request, f"事業{project.number}を承認しました。")
            return {}
    except services.WorkflowError as exc:
        return {"review": exc}
    entries, keys = _entries(post, project, membership(user))
    try:
        saved = entering.save(user, plan_year, entries, confirmed=confirmed_in(post))
    except entering.SaveRefused as exc:
        return refusals(exc, keys)
    except services.WorkflowError as exc:
        return {"save": exc}
    for change in saved.changes:  # every rating that changed, listed
        messages.info(request, f"評価が変わりました: {change}")
    if action == "submit":
        try:
            services.submit(user, project, year)
        except services.WorkflowError as exc:
            return {"submit": exc}
        messages.success(request, f"事業{project.number}を提出しました。")
    else:
        messages.success(request, "保存しました。")
    return {}


def _entries(
    post: Any, project: Project, member: Any
) -> tuple[list[entering.Entry], dict[int, str]]:
    """The form's fields as the entries of one save, and the form key of each."""
    entries: list[entering.Entry] = []
    keys: dict[int, str] = {}
    for ind in project.indicators.order_by("position"):
        key = str(ind.uid)
        if f"text-{key}" in post:
            entries.append(posted_actual(post, ind, key))
            keys[id(entries[-1])] = key
        if f"contribution-{key}" in post and member is not None:
            entries.append(
                entering.Part(
                    ind,
                    member.municipality,
                    post[f"contribution-{key}"],
                    _int(post.get(f"contribution_version-{key}")),
                )
            )
            keys[id(entries[-1])] = key
    if "notes" in post:
        entries.append(entering.Notes(project, post["notes"], _int(post.get("notes_version"))))
        keys[id(entries[-1])] = "notes"
    return entries, keys


def confirmed_in(post: Any) -> set[str]:
    """The warnings the person ticked 確認しました for (each box holds its warnings' keys)."""
    return {
        key
        for name in post
        if name.startswith("confirm-")
        for value in post.getlist(name)
        for key in value.split(",")
        if key
    }


def refusals(exc: entering.SaveRefused, keys: dict[int, str]) -> dict[str, services.WorkflowError]:
    """A refused save's errors by form key; warnings to confirm under ``slip-<key>``, so an
    entry's other refusal is shown too."""
    out: dict[str, services.WorkflowError] = {}
    for entry, error in exc.errors:
        slip = isinstance(error, slips.SlipsToConfirm)
        out[f"slip-{keys[id(entry)]}" if slip else keys[id(entry)]] = error
    return out


def slip_rows(rows: list[dict[str, Any]], errors: dict[str, Any], post: Any) -> None:
    """Each row's warnings to confirm (from the refused save) and whether its box is ticked."""
    ticked = confirmed_in(post)
    for row in rows:
        refused = errors.get(f"slip-{row['indicator'].uid}")
        row["slips"] = refused.slips if isinstance(refused, slips.SlipsToConfirm) else []
        row["slip_keys"] = ",".join(s.key for s in row["slips"])
        row["slip_ticked"] = bool(row["slips"]) and all(s.key in ticked for s in row["slips"])


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


#: An actual's fields in the entry forms (``text-<uid>`` …): the field, where the
#: IndicatorYear stores it, and what an empty row shows.
ACTUAL_FIELDS = (
    ("text", "actual_text", ""),
    ("note", "note", ""),
    ("version", "version", 0),
    ("override", "override", ""),
    ("override_reason", "override_reason", ""),
)


def typed_or_stored(posted: Any, key: object, iy: IndicatorYear | None) -> dict[str, Any]:
    """An actual's fields as the form shows them: what the person typed (it survives a refused
    save, with the version they saw), else what is stored."""
    return {
        field: posted.get(f"{field}-{key}", getattr(iy, stored) if iy else empty)
        for field, stored, empty in ACTUAL_FIELDS
    }


def posted_actual(post: Any, ind: Indicator, key: str) -> entering.Actual:
    """The actual of ``ind`` a form posted (its fields named ``<field>-<key>``)."""
    return entering.Actual(
        ind,
        post[f"text-{key}"],
        _int(post.get(f"version-{key}")),
        note=post.get(f"note-{key}", ""),
        override=post.get(f"override-{key}", ""),
        override_reason=post.get(f"override_reason-{key}", ""),
    )


def preview_of(ind: Indicator, year: int, text: str) -> dict[str, Any]:
    """How ``text`` is understood as ``ind``'s actual in ``year`` and the rating it would get,
    with the symbol's code (for its style) — nothing is saved."""
    value = explain(text)
    ctx = Context(year, ind.plan.start_year, ind.plan.end_year)
    rating = rubric_of(ind.plan).rate(
        assess(explain(ind.target_text), value, explain(ind.baseline_text), ctx)
    )
    code = next((s["code"] for s in symbols(ind.plan) if s["symbol"] == rating.symbol), "")
    last = (
        IndicatorYear.objects.filter(indicator=ind, fiscal_year=year)
        .values_list("prefill_text", flat=True)
        .first()
    )
    return {
        "value": value.to_dict(),
        "rating": rating.symbol,
        "code": code,
        "reason": rating.reason.ja,
        "reason_en": rating.reason.en,
        # what saving it will ask to confirm (確認しました（このまま保存）)
        "warnings": [s.to_dict() for s in slips.slips_of(ind, year, text, last or "")],
    }


@require_GET
def preview(request: HttpRequest) -> JsonResponse:
    """How a text is understood and the rating it would get — nothing is saved."""
    ind = get_object_or_404(
        Indicator.objects.select_related("plan"), uid=request.GET.get("indicator")
    )
    year = _int(request.GET.get("year")) or ind.plan.start_year
    if not can(request.user, Action.VIEW_DRAFT, area_id=ind.plan.area_id):
        raise PermissionDenied
    return JsonResponse(preview_of(ind, year, request.GET.get("text", "")))


@login_required
@require_POST
def remind(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    plan_year = plan_year_or_404(plan, year, PlanYear.objects.filter(status=PlanYear.Status.OPEN))
    try:
        done = services.remind(
            request.user, plan_year, link=request.build_absolute_uri(reverse("workflow:entry"))
        )
        messages.success(
            request,
            _("%(municipalities)s団体の入力担当に%(sent)s件の督促メールを送りました。")
            % {"municipalities": len(done.owing), "sent": done.sent},
        )
        for municipality, user in done.without_email:
            messages.warning(
                request,
                _(
                    "%(municipality)sの%(user)sはメールアドレスが登録されていないため、届いていません。"
                )
                % {"municipality": municipality, "user": user.get_full_name() or user.username},
            )
        for municipality in done.unreached:
            if not any(m == municipality for m, _user in done.without_email):
                messages.warning(
                    request,
                    _("%(municipality)sには入力担当者がいないため、督促メールを送れません。")
                    % {"municipality": municipality},
                )
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect("workflow:entry")


@login_required
def project_history(request: HttpRequest, plan: int, number: int) -> HttpResponse:
    """The audit trail of a project: who changed what, when, before and after."""
    project = get_object_or_404(
        Project.objects.select_related("plan", "plan__area"), plan_id=plan, number=number
    )
    if not can(request.user, Action.VIEW_AUDIT, project=project):
        raise PermissionDenied
    return render(
        request,
        "workflow/history.html",
        {
            "subject": project,
            "entries": audit.project_trail(project),
            "project": project,
            "plan_year": latest_year(project.plan),
        },
    )


@login_required
def indicator_history(request: HttpRequest, uid: str) -> HttpResponse:
    ind = get_object_or_404(Indicator.objects.select_related("plan", "project"), uid=uid)
    if not can(request.user, Action.VIEW_AUDIT, area_id=ind.plan.area_id):
        raise PermissionDenied
    return render(
        request,
        "workflow/history.html",
        {
            "subject": ind,
            "entries": audit.indicator_trail(ind),
            "project": ind.project,
            "plan_year": latest_year(ind.plan),
        },
    )


@login_required
def workbook_download(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """The pre-filled entry workbook of the user's municipality (or ?municipality=CODE for the
    secretariat; ``?organisation=`` is the older name of the same parameter)."""
    plan_year = plan_year_or_404(plan, year)
    m = membership(request.user)
    code = (
        request.GET.get("municipality")
        or request.GET.get("organisation")
        or (m.municipality.code if m else "")
    )
    org = get_object_or_404(Municipality, code=code)
    own = m is not None and m.municipality.pk == org.pk
    if not (
        own and can(request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id)
    ) and not can(request.user, Action.APPROVE, area_id=plan_year.plan.area_id):
        raise PermissionDenied
    if not members.owed(plan_year, org)[0].items:
        messages.info(
            request,
            _(
                "%(municipality)sが%(year)s年度に入力するものはありません（幹事の事業も、"
                "参加する事業の市町村ごとの値もありません）。入力用のExcelは作りませんでした。"
            )
            % {"municipality": org.name, "year": year},
        )
        return redirect("workflow:entry")
    data = build_workbook(plan_year, org)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"hyoka-{year}-{org.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def workbook_upload(request: HttpRequest, plan: int, year: int) -> HttpResponse:
    """Take a filled workbook back: validated as a whole; nothing is written unless all is valid."""
    plan_year = plan_year_or_404(plan, year)
    upload = request.FILES.get("workbook")
    if upload is None:
        messages.error(request, "Excelファイルを選んでください。")
        return redirect("workflow:entry")
    if upload.size and upload.size > 10 * 1024 * 1024:
        messages.error(request, f"{upload.name}: 10MBを超えるファイルは取り込めません。")
        return redirect("workflow:entry")
    try:
        result = apply_workbook(
            upload.read(),
            request.user,
            plan_year,
            source=upload.name or "workbook",
            confirm_warnings=request.POST.get("confirm_warnings") == "1",
        )
    except WorkbookError as exc:
        messages.error(request, f"{upload.name}: {exc.message}")
    except WorkbookRejected as exc:
        messages.error(
            request,
            f"{upload.name}: {len(exc.problems)}件の問題があるため、何も取り込んでいません。",
        )
        for p in exc.problems:
            messages.error(request, str(p))
    else:
        messages.success(
            request,
            f"{upload.name}: {len(result.applied)}件を取り込みました（変更なし {result.unchanged}件）。",
        )
        for c in result.applied:
            messages.info(request, str(c))
    return redirect("workflow:entry")
