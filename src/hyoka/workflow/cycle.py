"""The yearly cycle (年度の流れ) as one table: who may do what, in which state of the year and
of the project, and what it leads to.  The web pages, the API, the entry workbook, publishing
and the command line all ask this module; none keeps a rule of its own.

Who (a user's duty, 権限, and the scope it reaches):

========================  ===========  ================================  ========
action                    secretariat  editor                            viewer
========================  ===========  ================================  ========
view_draft, view_audit    area         area                              area
enter (a project's figs)  area         projects its municipality leads   –
  and a headline KPI's                 and headline KPIs it is named for
contribute (own part)     area         its own municipality's part       –
submit                    area         projects (and headline KPIs) too  –
return, approve           area         –                                 –
open_year, remind         area         –                                 –
set_deadline              area         –                                 –
publish, reissue          area         –                                 –
confirm_lineage           area         –                                 –
  (across plans)
========================  ===========  ================================  ========

When (the state of the year, 年度の状態, and of the project, 事業の状態):

============  =====================  ======================  ====================
action        the year is            the project is          and then it is
============  =====================  ======================  ====================
enter         open                   draft, returned [#]_    (unchanged)
contribute    open                   draft, returned         (unchanged)
submit        open                   draft, returned         submitted
return        open, closed           submitted, approved     returned
approve       open, closed           submitted               approved
remind        open                   –                       –
set_deadline  open, closed           –                       –
publish       open, closed           every one approved      the year: published
reissue       published              –                       a new edition
============  =====================  ======================  ====================

Headline KPIs (基本KPI) have no project: each goes through the same states on its own
(``IndicatorYear.state``), entered and submitted by the secretariat or by the editors of the
municipality the plan names for it (``Indicator.lead``), returned or approved by the
secretariat, and published with the year once every project and headline KPI is approved.

.. [#] and, until the year is published, an approved project's provisional figure (見込・予定),
   to be replaced by the confirmed one.

A published year is frozen: every action but a new edition (``reissue``) is refused on it.
Submit, return and approve also act on several projects at once (:mod:`hyoka.workflow.review`):
all or nothing, refused with :class:`Blocked` naming each project that cannot move.
The scope "area" means the plans of the user's own area (圏域); a superuser without a
membership acts as a secretariat everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from hyoka.accounts.models import Membership
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Project

#: the year's statuses and the project's states, by their stored values
OPEN, CLOSED, PUBLISHED = PlanYear.Status.values
DRAFT, SUBMITTED, RETURNED, APPROVED = ProjectYear.State.values
#: the project states in which its figures are typed in
EDITABLE = (DRAFT, RETURNED)


class WorkflowError(Exception):
    """Refused, with a message for the person (Japanese) — nothing was written."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Forbidden(WorkflowError):
    status = 403


class Conflict(WorkflowError):
    """Someone saved first: the caller's version is stale; ``current`` is the newer value."""

    status = 409

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current


class Blocked(Conflict):
    """Some of the projects asked for cannot move (all or nothing: none moved); ``projects``
    pairs each one's number (or a headline KPI's name) with the reason."""

    def __init__(self, message: str, projects: Sequence[tuple[int | str, str]]) -> None:
        super().__init__(
            message, current={"projects": [{"project": n, "reason": r} for n, r in projects]}
        )
        self.projects = list(projects)


class Action(StrEnum):
    VIEW_DRAFT = "view_draft"
    VIEW_AUDIT = "view_audit"
    ENTER = "enter"
    CONTRIBUTE = "contribute"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    OPEN_YEAR = "open_year"
    SET_DEADLINE = "set_deadline"
    REMIND = "remind"
    PUBLISH = "publish"
    REISSUE = "reissue"
    CONFIRM_LINEAGE = "confirm_lineage"


#: duty → action → scope: "area", "lead" (projects its municipality leads, and headline KPIs
#: the plan names it for), "own" (its part)
WHO: dict[str, dict[Action, str]] = {
    "secretariat": dict.fromkeys(Action, "area"),
    "editor": {
        Action.VIEW_DRAFT: "area",
        Action.VIEW_AUDIT: "area",
        Action.ENTER: "lead",
        Action.SUBMIT: "lead",
        Action.CONTRIBUTE: "own",
    },
    "viewer": {Action.VIEW_DRAFT: "area", Action.VIEW_AUDIT: "area"},
}


@dataclass(frozen=True)
class Step:
    """When an action may happen and what it leads to."""

    years: tuple[str, ...]  # the year's statuses it is allowed in
    projects: tuple[str, ...] = ()  # the project's states it is allowed in (() = any)
    then: str = ""  # the project's state after it ("" = unchanged)


#: action → when (the actions not listed — viewing, opening a year — depend on no state)
WHEN: dict[Action, Step] = {
    Action.ENTER: Step((OPEN,), EDITABLE),
    Action.CONTRIBUTE: Step((OPEN,), EDITABLE),
    Action.SUBMIT: Step((OPEN,), EDITABLE, SUBMITTED),
    Action.RETURN: Step((OPEN, CLOSED), (SUBMITTED, APPROVED), RETURNED),
    Action.APPROVE: Step((OPEN, CLOSED), (SUBMITTED,), APPROVED),
    Action.REMIND: Step((OPEN,)),
    Action.SET_DEADLINE: Step((OPEN, CLOSED)),
    Action.PUBLISH: Step((OPEN, CLOSED)),
    Action.REISSUE: Step((PUBLISHED,)),
}


def membership(user: Any) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        found: Membership = user.membership
        return found
    except Membership.DoesNotExist:
        return None


def duty_of(user: Any) -> str | None:
    m = membership(user)
    if m is not None:
        return str(m.duty)
    if getattr(user, "is_superuser", False) and user.is_active:
        return "secretariat"
    return None


def can(
    user: Any,
    action: Action,
    *,
    project: Project | None = None,
    municipality: Municipality | None = None,
    area_id: int | None = None,
    headline: Indicator | None = None,
) -> bool:
    """Whether ``user``'s duty lets them do ``action`` on ``project`` (or on the headline KPI
    ``headline``, or for ``municipality``'s part, or in the area ``area_id``) — whatever the
    state."""
    duty = duty_of(user)
    scope = WHO[duty].get(action) if duty else None
    if scope is None:
        return False
    m = membership(user)
    if m is None:  # a superuser without membership acts as secretariat everywhere
        return True
    own = m.municipality
    target_area = area_id
    if project is not None:
        target_area = project.plan.area_id
    elif headline is not None:
        target_area = headline.plan.area_id
    elif municipality is not None:
        target_area = municipality.area_id
    if target_area is not None and target_area != own.area_id:
        return False
    if scope == "area":
        return True
    if scope == "lead":
        if headline is not None and project is None:
            return headline.lead_id == own.pk
        return project is not None and project.lead_id == own.pk
    # "own": the user's municipality's part of a project it takes part in
    if municipality is None or municipality.pk != own.pk:
        return False
    return project is None or (
        project.lead_id == own.pk or project.participants.filter(pk=own.pk).exists()
    )


def in_state(action: Action, plan_year: PlanYear, project_state: str | None = None) -> bool:
    """Whether the year (and the project, in ``project_state``) allow ``action`` now."""
    step = WHEN.get(action)
    if step is None:
        return plan_year.status != PUBLISHED or action in (Action.VIEW_DRAFT, Action.VIEW_AUDIT)
    if plan_year.status not in step.years:
        return False
    return not step.projects or project_state is None or project_state in step.projects


def actual_open(plan_year: PlanYear, state: str | None, provisional: bool) -> bool:
    """Whether a project's actual may be changed now: in the states of ``enter``, or an
    approved project's provisional figure (見込・予定), to be replaced by the confirmed one,
    until the year is published.  The rule behind entry and the cells the entry workbook
    leaves unlocked."""
    if in_state(Action.ENTER, plan_year, state) and state is not None:
        return True
    return plan_year.status != PUBLISHED and state == APPROVED and provisional


def allowed(
    user: Any,
    action: Action,
    plan_year: PlanYear,
    *,
    project: Project | None = None,
    project_state: str | None = None,
    municipality: Municipality | None = None,
    headline: Indicator | None = None,
) -> bool:
    """Whether ``user`` may do ``action`` now: who and when (for showing a button)."""
    return can(
        user,
        action,
        project=project,
        municipality=municipality,
        area_id=plan_year.plan.area_id,
        headline=headline,
    ) and in_state(action, plan_year, project_state)


def require(
    user: Any,
    action: Action,
    plan_year: PlanYear,
    *,
    project: Project | None = None,
    project_year: ProjectYear | IndicatorYear | None = None,
    municipality: Municipality | None = None,
    headline: Indicator | None = None,
) -> None:
    """Raise :class:`Forbidden` unless ``user`` may do ``action``, or :class:`WorkflowError`
    (the message says why) unless the year and the project (or the headline KPI ``headline``,
    whose year row is then ``project_year``) are in a state that allows it."""
    if not can(
        user,
        action,
        project=project,
        municipality=municipality,
        area_id=plan_year.plan.area_id,
        headline=headline,
    ):
        raise Forbidden(refusal_who(action, project, municipality, headline))
    state = project_year.state if project_year is not None else None
    if not in_state(action, plan_year, state):
        raise WorkflowError(refusal_when(action, plan_year, project_year))


def refusal_who(
    action: Action,
    project: Project | None,
    municipality: Municipality | None,
    headline: Indicator | None = None,
) -> str:
    number = project.number if project is not None else ""
    if action == Action.ENTER and project is None:
        if headline is not None and headline.lead is not None:
            return _("基本KPI「%(name)s」の実績値は、事務局と%(lead)sの担当者が入力します。") % {
                "name": headline.name,
                "lead": headline.lead,
            }
        return _("基本KPIの実績値を入力できるのは事務局だけです。")
    if action == Action.SUBMIT and headline is not None:
        return _("基本KPI「%(name)s」を提出できるのは、事務局と担当の市町村の担当者です。") % {
            "name": headline.name
        }
    messages = {
        Action.ENTER: _("事業%(number)sの数値は、幹事の%(lead)sの担当者が入力します。"),
        Action.CONTRIBUTE: _("%(municipality)sの値は%(municipality)sの担当者が入力します。"),
        Action.SUBMIT: _("事業%(number)sを提出できるのは幹事団体の担当者です。"),
        Action.RETURN: _("差し戻しは事務局が行います。"),
        Action.APPROVE: _("承認は事務局が行います。"),
        Action.OPEN_YEAR: _("年度を開けるのは事務局だけです。"),
        Action.SET_DEADLINE: _("入力期限を決めるのは事務局だけです。"),
        Action.REMIND: _("督促は事務局が行います。"),
        Action.PUBLISH: _("公表は事務局が行います。"),
        Action.REISSUE: _("公表は事務局が行います。"),
        Action.CONFIRM_LINEAGE: _("計画間のつながりを確定するのは事務局だけです。"),
    }
    lead = (project.lead if project is not None else None) or _("団体")
    return messages.get(action, _("この操作はできません。")) % {
        "number": number,
        "lead": lead,
        "municipality": municipality or "",
    }


def refusal_when(
    action: Action, plan_year: PlanYear, project_year: ProjectYear | IndicatorYear | None
) -> str:
    if plan_year.status == PUBLISHED:
        return _("公表済みの年度は変更できません（訂正は新しい版で行います）。")
    if action == Action.REISSUE:
        return _("%(year)s年度はまだ公表されていません。") % {"year": plan_year.fiscal_year}
    if project_year is None or plan_year.status not in WHEN[action].years:
        return _("この年度は入力を受け付けていません。")
    state = project_year.get_state_display()
    if action in (Action.ENTER, Action.CONTRIBUTE):
        if project_year.state == SUBMITTED:
            return _("提出済みです。差し戻されるまで変更できません。")
        return _(
            "承認済みで確定しています。見込・予定の値を決算後の確定値に置き換えるときだけ変更できます。"
        )
    if isinstance(project_year, IndicatorYear):
        kpi = {
            Action.SUBMIT: _("基本KPI「%(name)s」は%(state)sです。"),
            Action.RETURN: _("基本KPI「%(name)s」は%(state)sのため差し戻せません。"),
            Action.APPROVE: _("基本KPI「%(name)s」は%(state)sのため承認できません。"),
        }
        name = project_year.indicator.name
        return kpi.get(action, _("この操作はできません。")) % {"name": name, "state": state}
    messages = {
        Action.SUBMIT: _("事業%(number)sは%(state)sです。"),
        Action.RETURN: _("事業%(number)sは%(state)sのため差し戻せません。"),
        Action.APPROVE: _("事業%(number)sは%(state)sのため承認できません。"),
    }
    number = project_year.project.number
    return messages.get(action, _("この操作はできません。")) % {"number": number, "state": state}


def next_state(action: Action) -> str:
    """The project's state after ``action``."""
    return WHEN[action].then


def entry_reason(
    user: Any,
    plan_year: PlanYear,
    project: Project | None,
    project_year: ProjectYear | IndicatorYear | None,
    provisional_now: bool,
    provisional_new: bool,
    headline: Indicator | None = None,
) -> str:
    """Why entering an actual is allowed (the audit reason), or raise: a project's figures
        are entered by its lead's editors and the secretariat, a headline KPI's (``headline``) by
        the secretariat and the editors of the municipality the plan names for it (its own year row,
    ``project_year``, holds its state);
        in the states of ``enter`` — and an approved project's provisional figure may be replaced by
        a confirmed one until the year is published."""
    if not can(
        user, Action.ENTER, project=project, area_id=plan_year.plan.area_id, headline=headline
    ):
        raise Forbidden(refusal_who(Action.ENTER, project, None, headline))
    state = project_year.state if project_year is not None else None
    if actual_open(plan_year, state, provisional_now):
        if state in EDITABLE:
            return "入力"
        if not provisional_new:
            return "決算後の確定値に置き換え"
    raise WorkflowError(refusal_when(Action.ENTER, plan_year, project_year))
