"""Who may do what: one table, read by the web, the API and the services alike.

A user's rights come from their membership: a municipality (市町村) and a duty (権限).  The
scope of an action is either the area (everything of the plans of the user's area), a
project the user's municipality leads, or the user's own municipality's part.

========================  ===========  ==============================  ========  =========
action                    secretariat  editor                          viewer    anonymous
========================  ===========  ==============================  ========  =========
view_draft                area         area                            area      –
view_audit                area         area                            area      –
enter (a project's figs)  area         projects its municipality leads –         –
contribute (own part)     area         its own municipality's part     –         –
submit                    area         projects its municipality leads –         –
review (return, approve)  area         –                               –         –
open_year, remind         area         –                               –         –
========================  ===========  ==============================  ========  =========

The state of the year and of the project (open, submitted, approved …) is checked by the
services on top of this table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from hyoka.accounts.models import Membership
from hyoka.plans.models import Municipality, Project


class Action(StrEnum):
    VIEW_DRAFT = "view_draft"
    VIEW_AUDIT = "view_audit"
    ENTER = "enter"
    CONTRIBUTE = "contribute"
    SUBMIT = "submit"
    REVIEW = "review"
    OPEN_YEAR = "open_year"
    REMIND = "remind"


#: role → action → scope: "area", "lead" (projects its municipality leads), "own" (its part)
MATRIX: dict[str, dict[Action, str]] = {
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


def membership(user: Any) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        found: Membership = user.membership
        return found
    except Membership.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
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
) -> bool:
    """Whether ``user`` may do ``action`` on ``project`` (or for ``municipality``'s part)."""
    role = role_of(user)
    if role is None:
        return False
    scope = MATRIX[role].get(action)
    if scope is None:
        return False
    m = membership(user)
    if m is None:  # a superuser without membership acts as secretariat everywhere
        return True
    org = m.municipality
    target_area = area_id
    if project is not None:
        target_area = project.plan.area_id
    elif municipality is not None:
        target_area = municipality.area_id
    if target_area is not None and target_area != org.area_id:
        return False
    if scope == "area":
        return True
    if scope == "lead":
        return project is not None and project.lead_id == org.pk
    # "own": the user's municipality's part of a project it takes part in
    if municipality is None or municipality.pk != org.pk:
        return False
    return project is None or (
        project.lead_id == org.pk or project.participants.filter(pk=org.pk).exists()
    )
