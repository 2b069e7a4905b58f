"""/api/v1/ operations on a year as a whole, so other systems can drive the yearly cycle: open
a year (with its deadline) and change the deadline, read where it stands, submit, return or
approve several projects at once (all or nothing: 409 naming each project that cannot move),
publish (409 naming the projects not yet approved).  Thin, with the web's rights: every call
is one of :mod:`hyoka.workflow.services`, :mod:`hyoka.workflow.review` or
:func:`hyoka.publishing.services.publish`."""

from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError

from hyoka.accounts.models import Duty
from hyoka.api.schemas import (
    AUDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DeadlineIn,
    EditionOut,
    EntryOut,
    HeadlineReviewIn,
    HeadlineStateOut,
    PartIn,
    PreviewOut,
    ProjectsIn,
    PublishIn,
    StateOut,
    YearIn,
    YearStateOut,
)
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan
from hyoka.publishing import services as publishing
from hyoka.publishing.models import Edition
from hyoka.workflow import entering, members, review, services
from hyoka.workflow.cycle import Action, can, membership

router = Router(tags=["cycle"])


def edition_row(e: Edition) -> dict[str, Any]:
    return {
        "plan": e.plan_year.plan_id,
        "fiscal_year": e.plan_year.fiscal_year,
        "number": e.number,
        "published_at": e.published_at.isoformat(),
        "published_by": e.published_by.username if e.published_by else None,
        "note": e.note,
    }


def _plan_year(plan_id: int, year: int) -> PlanYear:
    plan = get_object_or_404(Plan, pk=plan_id)  # ids out of the database's range: 404
    if not 0 < year < 10_000:
        raise HttpError(404, f"no fiscal year {year}")
    plan_year = PlanYear.objects.select_related("plan").filter(plan=plan, fiscal_year=year).first()
    if plan_year is None:
        raise HttpError(404, f"fiscal year {year} of plan {plan_id} is not open")
    return plan_year


def _year_state(plan_year: PlanYear) -> dict[str, Any]:
    status = review.year_status(plan_year)
    return {
        "plan": plan_year.plan_id,
        "fiscal_year": plan_year.fiscal_year,
        "status": plan_year.status,
        "deadline": plan_year.deadline,
        "projects": status["projects"],
        "submitted": status["submitted"],
        "approved": status["approved"],
        "ready_to_publish": status["ready"],
        "pending": review.pending(plan_year),
    }


@router.post("/plans/{plan_id}/years", response={201: YearStateOut, **WRITE_ERRORS})
def open_year(request: HttpRequest, plan_id: int, body: YearIn) -> Any:
    """Open a fiscal year (secretariat): indicators and targets carry over, every project
    starts as a draft. 400 outside the plan's period or when the year is already open."""
    plan = get_object_or_404(Plan, pk=plan_id)
    plan_year = services.open_year(request.user, plan, body.fiscal_year, body.deadline)
    return Status(201, _year_state(plan_year))


@router.get("/plans/{plan_id}/years/{year}", response={200: YearStateOut, **READ_ERRORS})
def year_state(request: HttpRequest, plan_id: int, year: int) -> Any:
    """Where the year stands: its status and deadline, how many projects are submitted and
    approved, which are not yet approved, whether it is ready to publish."""
    plan_year = _plan_year(plan_id, year)
    if plan_year.status != PlanYear.Status.PUBLISHED and not can(
        request.user, Action.VIEW_DRAFT, area_id=plan_year.plan.area_id
    ):
        raise HttpError(404, f"no visible fiscal year {year} in plan {plan_id}")
    return _year_state(plan_year)


@router.patch("/plans/{plan_id}/years/{year}", response={200: YearStateOut, **WRITE_ERRORS})
def change_deadline(request: HttpRequest, plan_id: int, year: int, body: DeadlineIn) -> Any:
    """Set, change or clear (null) the year's deadline (secretariat)."""
    return _year_state(review.set_deadline(request.user, _plan_year(plan_id, year), body.deadline))


def _states(moved: list[ProjectYear]) -> list[dict[str, Any]]:
    return [
        {
            "project": p.project.number,
            "fiscal_year": p.fiscal_year,
            "state": p.state,
            "comment": p.comment,
        }
        for p in moved
    ]


@router.post("/plans/{plan_id}/years/{year}/submit", response={200: list[StateOut], **WRITE_ERRORS})
def submit(request: HttpRequest, plan_id: int, year: int, body: ProjectsIn) -> Any:
    """Submit several projects at once: all or nothing (409 naming each that cannot move)."""
    plan_year = _plan_year(plan_id, year)
    return _states(review.submit(request.user, plan_year, body.projects, body.note))


@router.post("/plans/{plan_id}/years/{year}/return", response={200: list[StateOut], **WRITE_ERRORS})
def return_projects(request: HttpRequest, plan_id: int, year: int, body: ProjectsIn) -> Any:
    """Return several projects with one reason (``note`` or ``comment``): all or nothing."""
    plan_year = _plan_year(plan_id, year)
    note = body.comment if body.comment is not None else body.note
    return _states(review.return_(request.user, plan_year, body.projects, note))


@router.post(
    "/plans/{plan_id}/years/{year}/approve", response={200: list[StateOut], **WRITE_ERRORS}
)
def approve(request: HttpRequest, plan_id: int, year: int, body: ProjectsIn) -> Any:
    """Approve several projects at once: all or nothing (409 naming each that cannot move)."""
    plan_year = _plan_year(plan_id, year)
    return _states(review.approve(request.user, plan_year, body.projects, body.note))


#: a headline KPI's moves through the cycle (基本KPI: each on its own, as on the web)
HEADLINE_ACTIONS = {"submit": Action.SUBMIT, "return": Action.RETURN, "approve": Action.APPROVE}


@router.post(
    "/indicators/{indicator_id}/years/{year}/{action}",
    response={200: HeadlineStateOut, **WRITE_ERRORS},
)
def review_headline(
    request: HttpRequest,
    indicator_id: UUID,
    year: int,
    action: Literal["submit", "return", "approve"],
    body: HeadlineReviewIn,
) -> Any:
    """Submit, return (with ``comment``) or approve a headline KPI's year (基本KPI), with the
    web's rights: entered and submitted by the secretariat or the municipality the plan names
    for it, returned or approved by the secretariat; publishing waits for every one."""
    indicator = get_object_or_404(Indicator, uid=indicator_id, kind=Indicator.Kind.HEADLINE)
    try:
        iy = services.review_headline(
            request.user, indicator, year, HEADLINE_ACTIONS[action], body.comment
        )
    except IndicatorYear.DoesNotExist:
        raise HttpError(404, f"no fiscal year {year} of this headline KPI") from None
    return {
        "indicator": indicator.uid,
        "fiscal_year": iy.fiscal_year,
        "state": iy.state,
        "comment": iy.comment,
    }


@router.put(
    "/indicators/{indicator_id}/parts/{fiscal_year}", response={200: EntryOut, **WRITE_ERRORS}
)
def put_part(request: HttpRequest, indicator_id: UUID, fiscal_year: int, body: PartIn) -> Any:
    """Enter a member's own part (市町村ごとの値) of an indicator that adds up the parts; returns
    the total, its computed rating and reason. 403 outside your rights, 409 when ``version`` is
    stale or the total has warnings not confirmed (``confirm_warnings``; the 409 names them)."""
    ind = get_object_or_404(Indicator.objects.select_related("plan", "project"), uid=indicator_id)
    if not request.user.is_authenticated:
        raise HttpError(401, "entering a part needs a token")
    own = membership(request.user)
    code = body.municipality or (own.municipality.code if own else "")
    municipality = get_object_or_404(Municipality, code=code)
    if not IndicatorYear.objects.filter(indicator=ind, fiscal_year=fiscal_year).exists():
        raise HttpError(404, f"fiscal year {fiscal_year} is not open for this indicator")
    result = entering.enter_contribution(
        request.user,
        ind,
        fiscal_year,
        municipality,
        body.text,
        version=body.version,
        confirmed=body.confirm_warnings,
        via="（API）",
    )
    return result.to_dict()


@router.get("/plans/{plan_id}/years/{year}/preview", response={200: PreviewOut, **AUDIT_ERRORS})
def preview(request: HttpRequest, plan_id: int, year: int) -> Any:
    """What publishing the year now would change against the last edition (secretariat)."""
    plan_year = _plan_year(plan_id, year)
    action = Action.REISSUE if plan_year.status == PlanYear.Status.PUBLISHED else Action.PUBLISH
    if not can(request.user, action, area_id=plan_year.plan.area_id):
        raise HttpError(403, "the publish preview is the secretariat's")
    seen = publishing.preview(plan_year)
    last = seen.last
    return {
        "fiscal_year": plan_year.fiscal_year,
        "correction": seen.correction,
        "against": {"fiscal_year": last.plan_year.fiscal_year, "number": last.number}
        if last is not None
        else None,
        "fingerprint": seen.fingerprint,
        "pending": [] if seen.correction else review.pending(plan_year),
        "changes": [row.to_json() for row in seen.rows],
    }


@router.post("/plans/{plan_id}/years/{year}/publish", response={201: EditionOut, **WRITE_ERRORS})
def publish(request: HttpRequest, plan_id: int, year: int, body: PublishIn) -> Any:
    """Publish the year as its next edition (secretariat); on a published year, a corrected
    edition (``note`` then says what it corrects). 409 naming the projects not yet approved,
    or when the list changed since the preview whose fingerprint is sent as ``seen``."""
    plan_year = _plan_year(plan_id, year)
    edition = publishing.publish(request.user, plan_year, body.note, seen=body.seen)
    return Status(201, edition_row(edition))


def to_enter_of(request: HttpRequest, plan: Plan, year: int | None) -> dict[int, dict[str, Any]]:
    """Indicator id → what the caller's municipality still has to enter in ``year`` (the
    latest open year of the plan by default): :func:`hyoka.workflow.members.owed`, the figures
    still missing in projects open for entry; 401 without a user."""
    if not request.user.is_authenticated:
        raise HttpError(401, "to_enter lists what your municipality has to enter: send a token")
    member = membership(request.user)
    years = PlanYear.objects.filter(plan=plan, status=PlanYear.Status.OPEN)
    if member is None or (year is not None and not 0 < year < 10_000):
        return {}
    plan_year = (years.filter(fiscal_year=year) if year else years.order_by("-fiscal_year")).first()
    if plan_year is None:
        return {}
    code = member.municipality.code
    return {
        item.indicator.pk: {
            "to_enter": {
                "what": "part" if item.part else "actual",
                "municipality": code if item.part else None,
            }
        }
        for owed in members.owed(
            plan_year, member.municipality, secretariat=member.duty == Duty.SECRETARIAT
        )
        for item in owed.overdue
    }
