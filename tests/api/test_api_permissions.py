"""The permission matrix through /api/v1/ with bearer tokens: role × own/other organisation ×
action, every cell, as the web matrix (tests/workflow/test_permissions.py) — and what no token,
a revoked or a disabled one, too many bad ones, and a session without CSRF may do."""

from __future__ import annotations

import json
import secrets
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hyoka.api.auth import LIMIT
from hyoka.api.models import ApiToken
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import entering, services
from tests.factories import OTARU, SAPPORO, make_user
from tests.workflow.test_permissions import ALLOWED as WEB_ALLOWED

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "editor", "viewer", "anonymous"]
SCOPES = ["own", "other"]  # own: 札幌市, the lead of every project; other: 小樽市, a participant
CELLS = [(r, s) for r in ROLES for s in SCOPES]
MEMBERS = {(r, s) for r in ("secretariat", "editor", "viewer") for s in SCOPES}
SECRETARIAT = {("secretariat", "own"), ("secretariat", "other")}

#: API action → the (role, scope) cells allowed; every other cell is refused
ALLOWED: dict[str, set[tuple[str, str]]] = {
    "view_draft": MEMBERS,
    "view_audit": MEMBERS,
    "enter": SECRETARIAT | {("editor", "own")},
    "submit": SECRETARIAT | {("editor", "own")},
    "approve": SECRETARIAT,
    "return": SECRETARIAT,
}
#: the web's name of each API action
WEB_ACTION: dict[str, str] = {}

PROJECT = 14  # led by 札幌市 like every project of the bundled plan
YEAR = 2020


@pytest.fixture
def users(plan: Plan) -> dict[str, Any]:
    """secretariat/editor/viewer of 札幌市 (the lead of every project) and of 小樽市."""
    out: dict[str, Any] = {}
    for role in ("secretariat", "editor", "viewer"):
        out[f"{role}-own"] = make_user(f"{role}-sapporo", SAPPORO, role)
        out[f"{role}-other"] = make_user(f"{role}-otaru", OTARU, role)
    return out


@pytest.fixture
def fy2020(plan: Plan, users: dict[str, Any]) -> PlanYear:
    return services.open_year(users["secretariat-own"], plan, YEAR)


def client_for(users: dict[str, Any], role: str, scope: str) -> Client:
    """A client sending the bearer token of the (role, scope) user; none for anonymous."""
    if role == "anonymous":
        return Client()
    _, token = ApiToken.issue(users[f"{role}-{scope}"])
    return Client(headers={"Authorization": f"Bearer {token}"})


def put_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def post_json(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def written() -> tuple[int, int, int]:
    """How many audit records and years there are: unchanged after a refusal."""
    return (
        IndicatorYear.history.count(),
        ProjectYear.history.count(),
        PlanYear.objects.count(),
    )


def _state(project: Project) -> str:
    return str(ProjectYear.objects.get(project=project, fiscal_year=YEAR).state)


def _set_state(project: Project, state: str) -> None:
    ProjectYear.objects.filter(project=project, fiscal_year=YEAR).update(state=state)


def test_the_api_table_is_the_web_matrix() -> None:
    """The cells expected here are those of the web's matrix, action by action."""
    for action, cells in ALLOWED.items():
        assert cells == WEB_ALLOWED[WEB_ACTION.get(action, action)], action


@pytest.mark.parametrize(("role", "scope"), CELLS)
def test_api_enforces_the_matrix(
    plan: Plan, users: dict[str, Any], fy2020: PlanYear, role: str, scope: str
) -> None:
    client = client_for(users, role, scope)
    cell = (role, scope)
    project = Project.objects.get(plan=plan, number=PROJECT)
    ind = project.indicators.get(position=2)
    base = f"/api/v1/plans/{plan.pk}/projects/{PROJECT}/years/{YEAR}"

    # drafts: the open year is visible to members only
    listing = client.get(f"/api/v1/projects?year={YEAR}")
    if cell in ALLOWED["view_draft"]:
        assert listing.status_code == 200, listing.content
        assert {row["year"] for row in listing.json()["items"]} == {YEAR}
    else:
        assert listing.status_code == 404
    one = client.get(f"/api/v1/plans/{plan.pk}/projects/{PROJECT}?year={YEAR}")
    assert one.status_code == (200 if cell in ALLOWED["view_draft"] else 404)

    # entry: a figure of 札幌市-led project 14
    iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=YEAR)
    before = written()
    response = put_json(
        client,
        f"/api/v1/indicators/{ind.uid}/actuals/{YEAR}",
        {"text": "46人", "version": iy.version},
    )
    after = IndicatorYear.objects.get(pk=iy.pk)
    if cell in ALLOWED["enter"]:
        assert response.status_code == 200, response.content
        assert response.json()["text"] == "46人"
        assert after.actual_text == "46人"
        assert after.version == iy.version + 1
    else:
        assert response.status_code == 403, response.content
        assert (after.actual_text, after.version) == ("", iy.version)
        assert written() == before

    # submit: every figure entered (「-」 where there is none), the project a draft
    IndicatorYear.objects.filter(indicator__project=project, fiscal_year=YEAR).exclude(
        indicator__kind=Indicator.Kind.ACHIEVEMENT
    ).update(actual_text="-")
    _set_state(project, ProjectYear.State.DRAFT)
    before = written()
    response = post_json(client, f"{base}/submit")
    if cell in ALLOWED["submit"]:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "submitted"
        assert _state(project) == ProjectYear.State.SUBMITTED
    else:
        assert response.status_code == 403, response.content
        assert _state(project) == ProjectYear.State.DRAFT
        assert written() == before

    # approve: a submitted project
    _set_state(project, ProjectYear.State.SUBMITTED)
    before = written()
    response = post_json(client, f"{base}/approve")
    if cell in ALLOWED["approve"]:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "approved"
        assert _state(project) == ProjectYear.State.APPROVED
    else:
        assert response.status_code == 403, response.content
        assert _state(project) == ProjectYear.State.SUBMITTED
        assert written() == before

    # return: a submitted project, with the reason
    _set_state(project, ProjectYear.State.SUBMITTED)
    before = written()
    response = post_json(client, f"{base}/return", {"comment": "指標2の根拠を添えてください"})
    if cell in ALLOWED["return"]:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "returned"
        assert response.json()["comment"] == "指標2の根拠を添えてください"
        assert _state(project) == ProjectYear.State.RETURNED
    else:
        assert response.status_code == 403, response.content
        assert _state(project) == ProjectYear.State.SUBMITTED
        assert written() == before

    # the audit trail of the indicator and of the project
    for url in (
        f"/api/v1/indicators/{ind.uid}/audit",
        f"/api/v1/plans/{plan.pk}/projects/{PROJECT}/audit",
    ):
        trail = client.get(url)
        if cell in ALLOWED["view_audit"]:
            assert trail.status_code == 200, (url, trail.content)
            assert isinstance(trail.json(), list)
            assert trail.json(), url  # the year's opening at least
        else:
            assert trail.status_code == 403, (url, trail.content)


def test_the_audit_trail_names_the_api(plan: Plan, users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(plan=plan, number=PROJECT).indicators.get(position=2)
    client = client_for(users, "editor", "own")
    assert put_json(client, f"/api/v1/indicators/{ind.uid}/actuals/{YEAR}", {"text": "46人"})
    trail = client_for(users, "viewer", "other").get(f"/api/v1/indicators/{ind.uid}/audit")
    assert trail.status_code == 200
    entry = next(e for e in trail.json() if "（API）" in e["reason"])
    assert entry["who"] == "editor-sapporo"
    assert "46人" in json.dumps(entry["changes"], ensure_ascii=False)


def test_anonymous_never_sees_drafts(plan: Plan, users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(plan=plan, number=4).indicators.get()
    entering.enter_actual(users["editor-own"], ind, YEAR, "16件", version=None)
    anonymous = Client()
    body = anonymous.get(f"/api/v1/indicators/{ind.uid}")
    assert body.status_code == 200
    assert [a["fiscal_year"] for a in body.json()["actuals"]] == [2019]
    assert "16件" not in body.content.decode()
    assert anonymous.get(f"/api/v1/indicators?year={YEAR}").status_code == 404
    assert "16件" not in anonymous.get("/api/v1/indicators?project=4").content.decode()
    assert anonymous.get("/api/v1/projects").json()["items"][0]["year"] == 2019
    years = anonymous.get("/api/v1/plans").json()[0]["years"]
    assert [y["fiscal_year"] for y in years] == [2019]

    viewer = client_for(users, "viewer", "other")
    body = viewer.get(f"/api/v1/indicators/{ind.uid}")
    actuals = {a["fiscal_year"]: a for a in body.json()["actuals"]}
    assert actuals[YEAR]["text"] == "16件"
    assert viewer.get("/api/v1/projects").json()["items"][0]["year"] == YEAR
    years = viewer.get("/api/v1/plans").json()[0]["years"]
    assert [y["fiscal_year"] for y in years] == [2019, YEAR]


def test_a_revoked_token_is_refused(users: dict[str, Any], fy2020: PlanYear) -> None:
    row, token = ApiToken.issue(users["viewer-own"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(f"/api/v1/projects?year={YEAR}").status_code == 200
    row.revoked_at = timezone.now()
    row.save()
    response = client.get(f"/api/v1/projects?year={YEAR}")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert client.get("/api/v1/plans").status_code == 401  # not served as anonymous either


def test_a_disabled_users_token_is_refused(users: dict[str, Any], fy2020: PlanYear) -> None:
    user = users["editor-own"]
    _, token = ApiToken.issue(user)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(f"/api/v1/projects?year={YEAR}").status_code == 200
    user.is_active = False
    user.save()
    assert client.get(f"/api/v1/projects?year={YEAR}").status_code == 401
    ind = Project.objects.get(number=PROJECT).indicators.get(position=2)
    response = put_json(client, f"/api/v1/indicators/{ind.uid}/actuals/{YEAR}", {"text": "46人"})
    assert response.status_code == 401
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=YEAR).actual_text == ""


@pytest.mark.parametrize("header", ["Bearer hyk_not-a-token", "Basic dXNlcjpwdw==", "Bearer"])
def test_a_bad_token_is_401_not_anonymous(plan: Plan, header: str) -> None:
    response = Client(headers={"Authorization": header}).get("/api/v1/plans")
    assert response.status_code == 401


def test_too_many_bad_tokens_are_throttled(users: dict[str, Any], fy2020: PlanYear) -> None:
    _, good = ApiToken.issue(users["viewer-own"])
    for i in range(LIMIT):
        bad = Client(headers={"Authorization": f"Bearer hyk_guess{i}"})
        assert bad.get("/api/v1/plans").status_code == 401, i
    response = Client(headers={"Authorization": "Bearer hyk_guess-eleven"}).get("/api/v1/plans")
    assert response.status_code == 429
    assert response.json()["detail"]
    # the address is held back, even with a good token, until the window passes
    held = Client(headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="127.0.0.1")
    assert held.get("/api/v1/plans").status_code == 429
    # another address is not
    other = Client(headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="192.0.2.7")
    assert other.get(f"/api/v1/projects?year={YEAR}").status_code == 200
    cache.clear()  # the window passed
    assert held.get("/api/v1/plans").status_code == 200


def test_session_writes_need_the_csrf_token(
    plan: Plan, users: dict[str, Any], fy2020: PlanYear
) -> None:
    """The web's own session works for the API, but a write without the CSRF token is refused
    (a page elsewhere must not write through the signed-in browser)."""
    ind = Project.objects.get(plan=plan, number=PROJECT).indicators.get(position=2)
    url = f"/api/v1/indicators/{ind.uid}/actuals/{YEAR}"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["editor-own"])
    assert browser.get(f"/api/v1/projects?year={YEAR}").status_code == 200  # reads: no token
    before = written()
    response = put_json(browser, url, {"text": "46人"})
    assert response.status_code == 403
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=YEAR).actual_text == ""
    assert written() == before
    response = post_json(browser, f"/api/v1/plans/{plan.pk}/projects/{PROJECT}/years/{YEAR}/submit")
    assert response.status_code == 403
    # with the token (cookie and header, as the web's pages send it) the write goes through
    csrf = secrets.token_hex(16)
    browser.cookies["csrftoken"] = csrf
    response = browser.put(
        url, json.dumps({"text": "46人"}), content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200, response.content
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=YEAR).actual_text == "46人"


def test_session_of_an_anonymous_browser_is_anonymous(plan: Plan, fy2020: PlanYear) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(f"/api/v1/projects?year={YEAR}").status_code == 404
    ind = Project.objects.get(plan=plan, number=PROJECT).indicators.get(position=2)
    response = put_json(browser, f"/api/v1/indicators/{ind.uid}/actuals/{YEAR}", {"text": "46人"})
    assert response.status_code == 403
