"""The yearly cycle as services: each call checks the cycle (:mod:`hyoka.workflow.cycle`: who
may do what, in which state), runs in one transaction, leaves an audit record
(django-simple-history: who, when, before and after) and re-rates what it changed.  Views, the
API and the workbook upload all call these; none writes rows itself.  Entering figures and notes
(the save path) lives in :mod:`hyoka.workflow.entering`.

Every transaction that writes a year locks that year's row first, then the rows it changes in
primary-key order: writers of one year queue, none deadlocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hyoka.evaluation.bulk import insert_rows
from hyoka.evaluation.models import (
    ENTRY_SOURCE,
    Contribution,
    IndicatorYear,
    PlanYear,
    ProjectYear,
    State,
)
from hyoka.evaluation.services import rate_year, stamp, store_share
from hyoka.gate import TextRefused, clean_text
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import members
from hyoka.workflow.cycle import (
    EDITABLE,
    Action,
    Conflict,
    Forbidden,
    WorkflowError,
    next_state,
    require,
)
from hyoka.workflow.entering import locked_year
from hyoka.workflow.members import Reminded, remind
from hyoka.workflow.models import YearEvent

__all__ = [
    "EDITABLE",
    "Conflict",
    "Forbidden",
    "Reminded",
    "WorkflowError",
    "remind",
]


# --- opening a year -----------------------------------------------------------------------


@transaction.atomic
def open_year(
    user: Any, plan: Plan, year: int, deadline: dt.date | None = None, *, cli: bool = False
) -> PlanYear:
    """Start a fiscal year with its deadline (入力期限, optional; changed later with
    :func:`hyoka.workflow.review.set_deadline`): indicators and targets carry over, last year's
    values pre-fill the forms, every project starts as a draft.  The rows are written in bulk,
    each with its audit record.  ``cli``: run by the command line without a user (no one's
    rights are checked)."""
    if not plan.start_year <= year <= plan.end_year:
        raise WorkflowError(
            _("%(year)s年度は計画期間（%(start)s〜%(end)s年度）の外です。")
            % {"year": year, "start": plan.start_year, "end": plan.end_year}
        )
    if PlanYear.objects.filter(plan=plan, fiscal_year=year).exists():
        raise WorkflowError(_("%(year)s年度はすでに開かれています。") % {"year": year})
    check_deadline(year, deadline)
    plan_year = PlanYear(
        plan=plan,
        fiscal_year=year,
        status=PlanYear.Status.OPEN,
        deadline=deadline,
        title=f"{plan.area} {year}年度 連携事業実施状況等一覧",
        source=ENTRY_SOURCE,
    )
    if not cli:
        require(user, Action.OPEN_YEAR, plan_year)
    plan_year.save()
    YearEvent.record(
        plan_year, Action.OPEN_YEAR, "", deadline.isoformat() if deadline else "", user
    )
    last = dict(
        IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year - 1).values_list(
            "indicator_id", "actual_text"
        )
    )
    indicators = Indicator.objects.filter(plan=plan).order_by("pk").values_list("pk", "kind")
    rows = {
        pk: IndicatorYear(
            indicator_id=pk,
            fiscal_year=year,
            prefill_text=last.get(pk, ""),
            # a headline KPI goes through the cycle on its own; a project's indicators
            # follow their project's state
            state=State.DRAFT if kind == Indicator.Kind.HEADLINE else State.APPROVED,
        )
        for pk, kind in indicators
    }
    projects = Project.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True)
    project_years = {
        pk: ProjectYear(project_id=pk, fiscal_year=year, state=ProjectYear.State.DRAFT)
        for pk in projects
    }
    # rated before they are written: each row is inserted once, with its ratings and one
    # audit record (the year's opening), as evaluate_year would store them
    ev = rate_year(plan, year, rows, project_years, [], plan_year=plan_year)[0]
    reason = f"{year}年度を開始"
    insert_rows(list(rows.values()), user=user, reason=reason)
    insert_rows(list(project_years.values()), user=user, reason=reason)
    insert_rows(_parts_owed(plan, year), user=user, reason=reason)
    store_share(plan_year, ev.achievement)
    plan_year.refresh_from_db()
    return plan_year


def check_deadline(year: int, deadline: dt.date | None) -> None:
    """Refuse a deadline before the fiscal year begins (1 April): surely a slip of the year."""
    if deadline is not None and deadline < dt.date(year, 4, 1):
        raise WorkflowError(
            _("入力期限 %(deadline)s は%(year)s年度の始まり（%(year)s年4月1日）より前です。")
            % {"deadline": deadline.isoformat(), "year": year},
            field="deadline",
        )


def _parts_owed(plan: Plan, year: int) -> list[Contribution]:
    """One part, still empty, per participant of each indicator that adds up the parts: what
    each member has to enter in the year."""
    pairs = (
        Indicator.objects.filter(plan=plan, project__participants__isnull=False)
        .exclude(aggregation="")
        .order_by("pk", "project__participants__order")
        .values_list("pk", "project__participants")
    )
    return [Contribution(indicator_id=i, fiscal_year=year, municipality_id=m) for i, m in pairs]


# --- submitting, returning, approving ----------------------------------------------------


def _project_year(project: Project, year: int) -> ProjectYear:
    return (
        ProjectYear.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(project=project, fiscal_year=year)
    )


def check_complete(project: Project, year: int) -> None:
    """Refuse a submission while an indicator of ``project`` has no actual, or a participant's
    part of an added-up indicator is empty (``-`` if none)."""
    missing = [
        iy.indicator.name
        for iy in IndicatorYear.objects.filter(indicator__project=project, fiscal_year=year)
        .exclude(indicator__kind=Indicator.Kind.ACHIEVEMENT)
        .select_related("indicator")
        .order_by("indicator__position")
        if not iy.actual_text.strip()
    ]
    if missing:
        raise WorkflowError(
            _("実績値が未入力の指標があります: %(indicators)s（ない場合は「-」）")
            % {"indicators": "、".join(missing)}
        )
    parts = members.parts_missing(project, year)
    if parts:
        raise WorkflowError(
            _("市町村ごとの値が未入力です: %(parts)s（ない場合は「-」）")
            % {"parts": "、".join(parts)}
        )


@transaction.atomic
def submit(user: Any, project: Project, year: int) -> ProjectYear:
    plan_year = locked_year(project.plan, year)
    project_year = _project_year(project, year)
    require(user, Action.SUBMIT, plan_year, project=project, project_year=project_year)
    check_complete(project, year)
    return move_project(user, project_year, Action.SUBMIT, "提出", comment="")


@transaction.atomic
def return_project(user: Any, project: Project, year: int, comment: str) -> ProjectYear:
    plan_year = locked_year(project.plan, year)
    project_year = _project_year(project, year)
    require(user, Action.RETURN, plan_year, project=project, project_year=project_year)
    try:
        comment = clean_text(ProjectYear, "comment", comment)
    except TextRefused as exc:
        raise WorkflowError(exc.message, field="comment") from None
    if not comment:
        raise WorkflowError(_("差し戻す理由を書いてください。"), field="comment")
    return move_project(user, project_year, Action.RETURN, "差戻し", comment=comment.strip())


@transaction.atomic
def approve(user: Any, project: Project, year: int) -> ProjectYear:
    plan_year = locked_year(project.plan, year)
    project_year = _project_year(project, year)
    require(user, Action.APPROVE, plan_year, project=project, project_year=project_year)
    return move_project(user, project_year, Action.APPROVE, "承認")


def move_project(
    user: Any, project_year: ProjectYear, action: Action, audit: str, comment: str | None = None
) -> ProjectYear:
    """Put the project in the state ``action`` leads to (the cycle's table), audited."""
    project_year.state = next_state(action)
    if comment is not None:
        project_year.comment = comment
    project_year.version += 1
    stamp(project_year, user, audit)
    project_year.save()
    return project_year


@transaction.atomic
def review_headline(
    user: Any, indicator: Indicator, year: int, action: Action, comment: str = ""
) -> IndicatorYear:
    """Submit, return (with ``comment``) or approve a headline KPI's year — the cycle's
    table says who may and when, as for a project."""
    if action not in (Action.SUBMIT, Action.RETURN, Action.APPROVE):
        raise ValueError(action)
    plan_year = locked_year(indicator.plan, year)
    iy = (
        IndicatorYear.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .get(indicator=indicator, fiscal_year=year, indicator__kind=Indicator.Kind.HEADLINE)
    )
    require(user, action, plan_year, project_year=iy, headline=indicator)
    if action == Action.SUBMIT and not iy.actual_text.strip():
        raise WorkflowError(
            _("実績値が未入力の指標があります: %(indicators)s（ない場合は「-」）")
            % {"indicators": indicator.name}
        )
    if action == Action.RETURN and not comment.strip():
        raise WorkflowError(_("差し戻す理由を書いてください。"), field="comment")
    audit = {Action.SUBMIT: "提出", Action.RETURN: "差戻し", Action.APPROVE: "承認"}[action]
    iy.state = next_state(action)
    if action != Action.APPROVE:
        iy.comment = comment.strip()
    iy.version += 1
    stamp(iy, user, audit)
    iy.save()
    return iy


# --- the board and reminders --------------------------------------------------------------


def progress_board(plan_year: PlanYear) -> list[dict[str, Any]]:
    """Per project: how many figures are missing or entered — its actuals and each
    participant's part of its added-up indicators (:func:`members.owed`) — and the state."""
    year = plan_year.fiscal_year
    rows = []
    states = {
        p.project_id: p
        for p in ProjectYear.objects.filter(project__plan=plan_year.plan, fiscal_year=year)
    }
    entered: dict[int, list[bool]] = {}
    for owed in members.owed(plan_year):
        for item in owed.items:
            if item.project is not None:  # a headline KPI has a state of its own
                entered.setdefault(item.project.pk, []).append(item.entered)
    for project in (
        Project.objects.filter(plan=plan_year.plan)
        .select_related("lead", "plan")  # the rights read each project's plan
        .order_by("number")
    ):
        marks = entered.get(project.pk, [])
        project_year = states.get(project.pk)
        rows.append(
            {
                "project": project,
                "municipality": project.lead,
                "state": project_year.state if project_year else "",
                "state_label": project_year.get_state_display() if project_year else "",
                "comment": project_year.comment if project_year else "",
                "entered": sum(marks),
                "missing": len(marks) - sum(marks),
                "total": len(marks),
            }
        )
    return rows
