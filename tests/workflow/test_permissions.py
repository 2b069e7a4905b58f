"""The permission matrix: duty × own/other municipality × action, every cell, through the
services (what is written) and the web (what is answered)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import reverse

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Municipality, Plan, Project
from hyoka.workflow import entering, services
from hyoka.workflow.cycle import Action, can
from tests.factories import plan_of, year_url

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "editor", "viewer", "anonymous"]
SCOPES = ["own", "other"]  # own: 札幌市, the lead of every project; other: 小樽市, a participant

#: action → the (role, scope) cells that are allowed; every other cell is refused
ALLOWED: dict[str, set[tuple[str, str]]] = {
    "view_draft": {(r, s) for r in ("secretariat", "editor", "viewer") for s in SCOPES},
    "view_audit": {(r, s) for r in ("secretariat", "editor", "viewer") for s in SCOPES},
    "enter": {("secretariat", "own"), ("secretariat", "other"), ("editor", "own")},
    "submit": {("secretariat", "own"), ("secretariat", "other"), ("editor", "own")},
    "contribute": {
        ("secretariat", "own"),
        ("secretariat", "other"),
        ("editor", "own"),
        ("editor", "other"),
    },
    "approve": {("secretariat", "own"), ("secretariat", "other")},
    "return": {("secretariat", "own"), ("secretariat", "other")},
    "publish": {("secretariat", "own"), ("secretariat", "other")},
    "reissue": {("secretariat", "own"), ("secretariat", "other")},
    "open_year": {("secretariat", "own"), ("secretariat", "other")},
    "set_deadline": {("secretariat", "own"), ("secretariat", "other")},
    "remind": {("secretariat", "own"), ("secretariat", "other")},
}
CELLS = [(a, r, s) for a in ALLOWED for r in ROLES for s in SCOPES]


def who(users: dict[str, Any], role: str, scope: str) -> Any:
    return AnonymousUser() if role == "anonymous" else users[f"{role}-{scope}"]


def test_matrix(users: dict[str, Any]) -> None:
    """`can` for every cell of the matrix, compared as one table."""
    project = Project.objects.get(number=39)  # 職員交流: 札幌市 leads, 小樽市 takes part
    got, want = {}, {}
    for action, role, scope in CELLS:
        mine = Municipality.objects.get(code="011002" if scope == "own" else "012033")
        user = who(users, role, scope)
        got[(action, role, scope)] = can(user, Action(action), project=project, municipality=mine)
        want[(action, role, scope)] = (role, scope) in ALLOWED[action]
    assert got == want


def _attempt(action: str, user: Any, plan: Plan, fy2020: PlanYear) -> None:
    project = Project.objects.get(number=14)
    ind = project.indicators.get(position=2)
    if action == "enter":
        iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
        entering.enter_actual(user, ind, 2020, "46人", version=iy.version)
    elif action == "submit":
        for i in project.indicators.all():
            IndicatorYear.objects.filter(indicator=i, fiscal_year=2020).update(actual_text="-")
        services.submit(user, project, 2020)
    elif action == "approve":
        ProjectYear.objects.filter(project=project, fiscal_year=2020).update(state="submitted")
        services.approve(user, project, 2020)
    elif action == "open_year":
        services.open_year(user, plan, 2021)
    elif action == "remind":
        services.remind(user, fy2020)
    else:
        raise AssertionError(action)


WRITES = [c for c in CELLS if c[0] in ("enter", "submit", "approve", "open_year", "remind")]


def test_services_enforce_the_matrix(plan: Plan, users: dict[str, Any], fy2020: PlanYear) -> None:
    """Every write cell through the services; each attempt is rolled back afterwards."""
    outcome = {}
    for action, role, scope in WRITES:
        user = who(users, role, scope)
        before = (
            IndicatorYear.history.count(),
            ProjectYear.history.count(),
            PlanYear.objects.count(),
        )
        try:
            with transaction.atomic():
                try:
                    _attempt(action, user, plan, fy2020)
                    outcome[(action, role, scope)] = True
                except services.Forbidden:
                    outcome[(action, role, scope)] = False
                    after = (
                        IndicatorYear.history.count(),
                        ProjectYear.history.count(),
                        PlanYear.objects.count(),
                    )
                    assert after == before, (action, role, scope)  # nothing written
                raise _Undo
        except _Undo:
            pass
    assert outcome == {c: (c[1], c[2]) in ALLOWED[c[0]] for c in WRITES}


class _Undo(Exception):
    """Rolls one attempt back so the next starts from the same state."""


@pytest.mark.parametrize(("role", "scope"), [(r, s) for r in ROLES for s in SCOPES])
def test_web_enforces_the_matrix(
    users: dict[str, Any], fy2020: PlanYear, role: str, scope: str
) -> None:
    client = Client()
    if role != "anonymous":
        client.force_login(users[f"{role}-{scope}"])
    project = Project.objects.get(number=14)
    ind = project.indicators.get(position=2)
    iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    # drafts: the open year is visible to members only
    page = client.get(year_url("web:status_list", year=2020))
    assert page.status_code == (
        200 if ("view_draft" in ALLOWED and (role, scope) in ALLOWED["view_draft"]) else 404
    )
    # entry: a figure of 札幌市-led project 14
    response = client.post(
        year_url("workflow:project", 14, year=2020),
        {f"text-{ind.uid}": "46人", f"version-{ind.uid}": str(iy.version), "action": "save"},
    )
    iy.refresh_from_db()
    if (role, scope) in ALLOWED["enter"]:
        assert response.status_code == 302
        assert iy.actual_text == "46人"
    else:
        assert response.status_code in (302, 403)
        assert iy.actual_text == ""
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    # audit trail
    history = client.get(reverse("workflow:project_history", args=[plan_of(2019).pk, 14]))
    if (role, scope) in ALLOWED["view_audit"]:
        assert history.status_code == 200
    else:
        assert history.status_code in (302, 403)


def test_otaru_editor_cannot_change_a_sapporo_figure(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    ind = Project.objects.get(number=2).indicators.get(position=1)
    with pytest.raises(services.Forbidden, match="札幌市"):
        entering.enter_actual(users["editor-other"], ind, 2020, "1回", version=None)


def test_anonymous_never_sees_drafts(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(users["editor-own"], ind, 2020, "16件", version=None)
    client = Client()
    assert client.get(year_url("web:status_list", year=2020)).status_code == 404
    home = client.get("/", follow=True).content.decode()
    assert "2019年度" in home
    assert "16件" not in client.get(f"/indicators/{ind.uid}/").content.decode()
    assert "16件" not in client.get(year_url("web:project", 4)).content.decode()
    member = Client()
    member.force_login(users["viewer-other"])
    assert "16件" in member.get(f"/indicators/{ind.uid}/").content.decode()
