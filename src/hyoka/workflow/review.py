"""The secretariat's work on a year as a whole: its deadline, several projects submitted,
returned or approved at once (all or nothing), whether the year is ready to publish, and what
a reviewer reads before deciding.  (What a municipality still has to enter is
:mod:`hyoka.workflow.members`'.)

Each write checks the cycle (:mod:`hyoka.workflow.cycle`), runs in one transaction that locks
the year's row first, and leaves its audit record; the one-project moves are
:func:`hyoka.workflow.services.submit` and its neighbours, whose checks these reuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import lock_year
from hyoka.plans.models import Indicator, Project
from hyoka.workflow import services, slips
from hyoka.workflow.cycle import (
    APPROVED,
    PUBLISHED,
    SUBMITTED,
    Action,
    Blocked,
    Forbidden,
    WorkflowError,
    in_state,
    refusal_when,
    require,
)
from hyoka.workflow.models import YearEvent

#: what the audit trail says of a move made for several projects at once
AUDIT = {
    Action.SUBMIT: "提出（一括）",
    Action.RETURN: "差戻し（一括）",
    Action.APPROVE: "承認（一括）",
}


def _locked(plan_year: PlanYear) -> PlanYear:
    locked = lock_year(plan_year.plan, plan_year.fiscal_year)
    if locked is None:
        raise WorkflowError(
            _("%(year)s年度はまだ開かれていません。") % {"year": plan_year.fiscal_year}
        )
    return locked


# --- the deadline --------------------------------------------------------------------------


@transaction.atomic
def set_deadline(
    user: Any, plan_year: PlanYear, deadline: dt.date | None, *, cli: bool = False
) -> PlanYear:
    """Set, change or clear (``None``) the year's deadline for entering figures (入力期限).
    ``cli``: run by the command line without a user (the year's state is still checked)."""
    plan_year = _locked(plan_year)
    if not cli:
        require(user, Action.SET_DEADLINE, plan_year)
    elif not in_state(Action.SET_DEADLINE, plan_year):
        raise WorkflowError(refusal_when(Action.SET_DEADLINE, plan_year, None))
    services.check_deadline(plan_year.fiscal_year, deadline)
    before = plan_year.deadline
    if before == deadline:
        return plan_year
    plan_year.deadline = deadline
    plan_year.save(update_fields=["deadline"])
    YearEvent.record(
        plan_year,
        Action.SET_DEADLINE,
        before.isoformat() if before else "",
        deadline.isoformat() if deadline else "",
        user,
    )
    return plan_year


# --- several projects at once ----------------------------------------------------------------


@transaction.atomic
def move(
    user: Any, plan_year: PlanYear, numbers: Iterable[int], action: Action, *, note: str = ""
) -> list[ProjectYear]:
    """Submit, return or approve the projects ``numbers`` of the year together: every one is
    checked first, then all move in one transaction — or none does.  Refused with
    :class:`~hyoka.workflow.cycle.Forbidden` (403) naming the projects outside the user's
    rights, with :class:`~hyoka.workflow.cycle.Blocked` (409) naming each project that cannot
    move and why, or with :class:`~hyoka.workflow.cycle.WorkflowError` when the year allows
    no such move.  ``note``: the reason of a return (required), else added to the audit."""
    if action not in AUDIT:
        raise ValueError(action)
    wanted = sorted(set(numbers))
    if not wanted:
        raise WorkflowError(_("事業を選んでください。"), field="projects")
    note = note.strip()
    if action == Action.RETURN and not note:
        raise WorkflowError(_("差し戻す理由を書いてください。"), field="comment")
    plan_year = _locked(plan_year)
    if not in_state(action, plan_year):
        raise WorkflowError(refusal_when(action, plan_year, None))
    rows = list(
        ProjectYear.objects.select_for_update(of=("self",))
        .filter(
            project__plan=plan_year.plan,
            fiscal_year=plan_year.fiscal_year,
            project__number__in=wanted,
        )
        .select_related("project", "project__plan", "project__lead")
        .order_by("pk")
    )
    found = {r.project.number for r in rows}
    blocked = [
        (n, _("事業%(number)sはありません。") % {"number": n}) for n in wanted if n not in found
    ]
    forbidden: list[int] = []
    for row in rows:
        try:
            require(user, action, plan_year, project=row.project, project_year=row)
            if action == Action.SUBMIT:
                services.check_complete(row.project, plan_year.fiscal_year)
        except Forbidden:
            forbidden.append(row.project.number)
        except WorkflowError as exc:
            blocked.append((row.project.number, exc.message))
    if forbidden:
        raise Forbidden(
            _("次の事業は、あなたの権限では操作できません: %(numbers)s")
            % {"numbers": ", ".join(str(n) for n in sorted(forbidden))}
        )
    if blocked:
        blocked.sort()
        raise Blocked(
            _("動かせない事業があるため、どの事業も動かしていません: %(projects)s")
            % {"projects": "; ".join(f"{n}（{reason}）" for n, reason in blocked)},
            blocked,
        )
    audit = AUDIT[action] + (f": {note}" if note and action != Action.RETURN else "")
    moved = [
        services.move_project(
            user, row, action, audit[:100], comment=note if action == Action.RETURN else None
        )
        for row in rows
    ]
    return sorted(moved, key=lambda r: r.project.number)


def submit(
    user: Any, plan_year: PlanYear, numbers: Iterable[int], note: str = ""
) -> list[ProjectYear]:
    return move(user, plan_year, numbers, Action.SUBMIT, note=note)


def return_(user: Any, plan_year: PlanYear, numbers: Iterable[int], note: str) -> list[ProjectYear]:
    return move(user, plan_year, numbers, Action.RETURN, note=note)


def approve(
    user: Any, plan_year: PlanYear, numbers: Iterable[int], note: str = ""
) -> list[ProjectYear]:
    return move(user, plan_year, numbers, Action.APPROVE, note=note)


# --- ready to publish ------------------------------------------------------------------------


def pending(plan_year: PlanYear) -> list[int]:
    """The numbers of the year's projects not yet approved."""
    return list(
        ProjectYear.objects.filter(project__plan=plan_year.plan, fiscal_year=plan_year.fiscal_year)
        .exclude(state=APPROVED)
        .order_by("project__number")
        .values_list("project__number", flat=True)
    )


def pending_headlines(plan_year: PlanYear) -> list[str]:
    """The year's headline KPIs (基本KPI) not yet approved, named as the refusals name them."""
    return [
        _("基本KPI「%(name)s」") % {"name": name}
        for name in IndicatorYear.objects.filter(
            indicator__plan=plan_year.plan,
            indicator__kind=Indicator.Kind.HEADLINE,
            fiscal_year=plan_year.fiscal_year,
        )
        .exclude(state=APPROVED)
        .order_by("indicator__position", "pk")
        .values_list("indicator__name", flat=True)
    ]


def ready_to_publish(plan_year: PlanYear) -> bool:
    """Whether the year may be published now: not yet published, every project and headline
    KPI approved."""
    return (
        in_state(Action.PUBLISH, plan_year)
        and not pending(plan_year)
        and not pending_headlines(plan_year)
    )


def year_status(plan_year: PlanYear) -> dict[str, Any]:
    """Where the year stands, for the board: its status, or 公表待ち once every project is
    approved; how many projects are submitted and approved."""
    states = list(
        ProjectYear.objects.filter(
            project__plan=plan_year.plan, fiscal_year=plan_year.fiscal_year
        ).values_list("state", flat=True)
    )
    approved = states.count(APPROVED)
    ready = (
        plan_year.status != PUBLISHED
        and bool(states)
        and approved == len(states)
        and not pending_headlines(plan_year)
    )
    return {
        "code": "ready" if ready else plan_year.status,
        "label": _("公表待ち（すべての事業を承認済み）")
        if ready
        else plan_year.get_status_display(),
        "ready": ready,
        "submitted": states.count(SUBMITTED),
        "approved": approved,
        "projects": len(states),
    }


# --- what the reviewer reads --------------------------------------------------------------------


def review(plan_year: PlanYear, numbers: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """The projects of the year (``numbers``, or every one), each with its state, return
    comment and progress notes (連携事業実施状況等), and every indicator with its target, last
    year's actual, the actual, the computed rating with its reason, the override with its
    reason, the editor's 説明, the municipalities' parts and the warnings the editor
    confirmed (確認した注意) for the figure in force."""
    year = plan_year.fiscal_year
    projects = Project.objects.filter(plan=plan_year.plan).select_related("lead").order_by("number")
    if numbers is not None:
        projects = projects.filter(number__in=list(numbers))
    project_years = {
        p.project_id: p
        for p in ProjectYear.objects.filter(project__plan=plan_year.plan, fiscal_year=year)
    }
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(
            indicator__plan=plan_year.plan, fiscal_year=year
        ).select_related("entered_by")
    }
    parts: dict[int, list[Contribution]] = {}
    for c in (
        Contribution.objects.filter(indicator__plan=plan_year.plan, fiscal_year=year)
        .select_related("municipality")
        .order_by("municipality__order", "pk")
    ):
        parts.setdefault(c.indicator_id, []).append(c)
    indicators: dict[int, list[Indicator]] = {}
    for ind in Indicator.objects.filter(plan=plan_year.plan, project__isnull=False).order_by(
        "position"
    ):
        assert ind.project_id is not None
        indicators.setdefault(ind.project_id, []).append(ind)
    confirmed = slips.confirmed_slips(years.values())
    out = []
    for project in projects:
        project_year = project_years.get(project.pk)
        if project_year is None:
            continue
        rows = [
            {
                "indicator": ind,
                "iy": (iy := years.get(ind.pk)),
                "parts": parts.get(ind.pk, []),
                "confirmed": confirmed.get(iy.pk, []) if iy else [],
            }
            for ind in indicators.get(project.pk, [])
        ]
        out.append(
            {
                "project": project,
                "project_year": project_year,
                "rows": rows,
                "notes_missing": [
                    ind
                    for ind in indicators.get(project.pk, [])
                    if (iy := years.get(ind.pk)) is not None
                    and iy.rating in ("△", "×")
                    and not iy.note
                ],
            }
        )
    return out
