"""The FY2020 cycle driven through /api/v1/ with tokens only: open (with a deadline) → what is
left to enter → enter → bulk submit → return → fix → bulk approve → publish → a correction;
each refusal with the web's rights and the projects named (409)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hyoka.api.models import ApiToken
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.publishing.models import Edition
from hyoka.workflow import services
from tests.factories import OTARU, SAPPORO, make_user

pytestmark = pytest.mark.django_db

NUMBERS = list(range(1, 41))


def bearer(user: Any) -> Client:
    _, token = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json")


def put(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.put(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def listed(client: Client, query: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/indicators?{query}&limit=1000")
    assert response.status_code == 200, response.content
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.fixture
def clients(plan: Plan) -> dict[str, Client]:
    return {
        "secretariat": bearer(make_user("sec", SAPPORO, "secretariat")),
        "editor": bearer(make_user("ed-sapporo", SAPPORO, "editor")),
        "otaru": bearer(make_user("ed-otaru", OTARU, "editor")),
    }


def enter(client: Client, item: dict[str, Any]) -> None:
    """Enter an actual (``-``: not measured yet, with the editor's note)."""
    path = f"/indicators/{item['id']}/actuals/2020"
    version = item["actuals"][0]["version"]
    done = put(client, path, {"text": "-", "version": version, "note": "測定中"})
    assert done.status_code == 200, (item["name"], done.content)


def test_the_whole_fy2020_cycle_with_tokens_only(plan: Plan, clients: dict[str, Client]) -> None:
    sec, editor, otaru = clients["secretariat"], clients["editor"], clients["otaru"]
    path = f"/plans/{plan.pk}/years"
    body = {"fiscal_year": 2020, "deadline": "2021-04-30"}

    # open: the secretariat only, once
    assert post(editor, path, body).status_code == 403
    opened = post(sec, path, body)
    assert opened.status_code == 201, opened.content
    assert opened.json()["deadline"] == "2021-04-30"
    assert opened.json()["status"] == "open"
    assert len(opened.json()["pending"]) == 40
    assert post(sec, path, body).status_code == 400
    changed = sec.patch(
        f"/api/v1{path}/2020", json.dumps({"deadline": "2021-05-31"}), "application/json"
    )
    assert changed.json()["deadline"] == "2021-05-31"

    # what is left to enter: Sapporo's editor leads every project; 小樽市 leads none
    todo = listed(editor, "year=2020&to_enter=true")
    assert todo
    assert all(i["to_enter"] == {"what": "actual", "municipality": None} for i in todo)
    assert all(i["kind"] == "project" for i in todo)
    assert listed(otaru, "year=2020&to_enter=true") == []
    assert Client().get("/api/v1/indicators?year=2020&to_enter=true").status_code == 404  # a draft
    assert Client().get("/api/v1/indicators?year=2019&to_enter=true").status_code == 401

    # enter everything but project 40's, then a bulk submit names 40 and moves nothing
    last = [i for i in todo if i["project"] == 40]
    for item in todo:
        if item["project"] != 40:
            enter(editor, item)
    assert [i["project"] for i in listed(editor, "year=2020&to_enter=true")] == [40] * len(last)
    refused = post(editor, f"{path}/2020/submit", {"projects": NUMBERS})
    assert refused.status_code == 409, refused.content
    assert [p["project"] for p in refused.json()["current"]["projects"]] == [40]
    assert "40" in refused.json()["detail"]
    assert not ProjectYear.objects.filter(fiscal_year=2020, state="submitted").exists()
    for item in last:
        enter(editor, item)
    assert listed(editor, "year=2020&to_enter=true") == []
    submitted = post(editor, f"{path}/2020/submit", {"projects": NUMBERS})
    assert submitted.status_code == 200, submitted.content
    assert {s["state"] for s in submitted.json()} == {"submitted"}

    # return one with the reason; publishing now names what is not approved
    assert post(editor, f"{path}/2020/return", {"projects": [14], "note": "x"}).status_code == 403
    returned = post(
        sec, f"{path}/2020/return", {"projects": [14], "note": "内訳を確認してください"}
    )
    assert returned.json() == [
        {
            "project": 14,
            "fiscal_year": 2020,
            "state": "returned",
            "comment": "内訳を確認してください",
        }
    ]
    early = post(sec, f"{path}/2020/publish", {"note": "早すぎる"})
    assert early.status_code == 409
    blocking = [p["project"] for p in early.json()["current"]["projects"]]
    assert blocking[:40] == NUMBERS
    assert all(str(p).startswith("基本KPI「") for p in blocking[40:])

    # fix: the editor reads the comment, enters again with the version, submits the one
    item = next(i for i in listed(editor, "year=2020&project=14") if i["position"] == 2)
    fixed = put(
        editor,
        f"/indicators/{item['id']}/actuals/2020",
        {"text": "46人", "version": item["actuals"][0]["version"]},
    )
    assert fixed.status_code == 200, fixed.content
    assert post(editor, f"{path}/2020/submit", {"projects": [14]}).status_code == 200

    # bulk approve: the secretariat only, all 40 at once
    assert post(editor, f"{path}/2020/approve", {"projects": NUMBERS}).status_code == 403
    approved = post(sec, f"{path}/2020/approve", {"projects": NUMBERS, "note": "確認済み"})
    assert approved.status_code == 200, approved.content
    assert [s["project"] for s in approved.json()] == NUMBERS
    assert sec.get(f"/api/v1{path}/2020").json()["ready_to_publish"] is False

    # the headline KPIs (基本KPI): entered by the secretariat, submitted and approved each
    for kpi in [i for i in listed(sec, "year=2020") if i["kind"] == "headline"]:
        version = kpi["actuals"][0]["version"] if kpi["actuals"] else 0
        entered = put(
            sec, f"/indicators/{kpi['id']}/actuals/2020", {"text": "-", "version": version}
        )
        assert entered.status_code == 200, entered.content
        at = f"/indicators/{kpi['id']}/years/2020"
        assert post(editor, f"{at}/approve").status_code == 403
        assert post(sec, f"{at}/submit").json()["state"] == "submitted"
        assert post(sec, f"{at}/approve").json()["state"] == "approved"
    state = sec.get(f"/api/v1{path}/2020").json()
    assert state["ready_to_publish"] is True
    assert state["pending"] == []

    # the preview against FY2019's edition, then publish what was previewed; a correction
    assert editor.get(f"/api/v1{path}/2020/preview").status_code == 403
    seen = sec.get(f"/api/v1{path}/2020/preview").json()
    assert seen["against"] == {"fiscal_year": 2019, "number": 1}
    assert seen["pending"] == []
    assert any(r["project"] == 14 for r in seen["changes"])
    assert post(editor, f"{path}/2020/publish", {"note": "x"}).status_code == 403
    published = post(
        sec,
        f"{path}/2020/publish",
        {"note": "2020年度 実施状況等一覧", "seen": seen["fingerprint"]},
    )
    assert published.status_code == 201, published.content
    assert published.json()["number"] == 1
    assert published.json()["published_by"] == "sec"
    assert Client().get(f"/api/v1{path}/2020").json()["status"] == "published"
    frozen = post(sec, f"{path}/2020/approve", {"projects": [1]})
    assert frozen.status_code == 400
    assert post(sec, f"{path}/2020/publish", {"note": ""}).status_code == 400
    again = post(sec, f"{path}/2020/publish", {"note": "誤記の訂正"})
    assert again.json()["number"] == 2
    data = Client().get(f"/api/v1/plans/{plan.pk}/editions/2020/1").json()["data"]
    assert data["fiscal_year"] == 2020
    assert Edition.objects.filter(plan_year__fiscal_year=2020).count() == 2


def test_to_enter_lists_a_members_part(plan: Plan, clients: dict[str, Client]) -> None:
    secretariat = make_user("sec2", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    summed = Project.objects.get(plan=plan, number=23).indicators.get()
    Indicator.objects.filter(pk=summed.pk).update(aggregation="sum")
    otaru = Municipality.objects.get(code=OTARU)
    summed.project.participants.add(otaru)
    items = listed(clients["otaru"], "year=2020&to_enter=true")
    assert [(i["id"], i["to_enter"]) for i in items] == [
        (str(summed.uid), {"what": "part", "municipality": OTARU})
    ]
    assert plan_year.status == PlanYear.Status.OPEN


def test_bulk_bodies_are_checked(plan: Plan, clients: dict[str, Client]) -> None:
    sec = clients["secretariat"]
    assert post(sec, f"/plans/{plan.pk}/years/2020/approve", {"projects": [1]}).status_code == 404
    post(sec, f"/plans/{plan.pk}/years", {"fiscal_year": 2020})
    for body in ({"projects": [0]}, {"projects": [2**40]}, {"projects": "1"}, {}):
        response = post(sec, f"/plans/{plan.pk}/years/2020/approve", body)
        assert response.status_code == 422, (body, response.content)
    empty = post(sec, f"/plans/{plan.pk}/years/2020/approve", {"projects": []})
    assert empty.status_code == 400
    assert (
        post(sec, f"/plans/{plan.pk}/years/99999999999/approve", {"projects": [1]}).status_code
        == 404
    )
    outside = post(sec, f"/plans/{plan.pk}/years", {"fiscal_year": 2030})
    assert outside.status_code == 400


def test_publishing_what_was_previewed(plan: Plan, clients: dict[str, Client]) -> None:
    sec = clients["secretariat"]
    path = f"/plans/{plan.pk}/years/2020"
    post(sec, f"/plans/{plan.pk}/years", {"fiscal_year": 2020})
    ProjectYear.objects.filter(fiscal_year=2020).update(state="approved")
    IndicatorYear.objects.filter(fiscal_year=2020).update(state="approved")
    seen = sec.get(f"/api/v1{path}/preview").json()["fingerprint"]
    IndicatorYear.objects.filter(fiscal_year=2020, indicator__project__number=4).update(
        actual_text="17件"
    )
    stale = post(sec, f"{path}/publish", {"note": "", "seen": seen})
    assert stale.status_code == 409, stale.content
    assert not Edition.objects.filter(plan_year__fiscal_year=2020).exists()
    fresh = sec.get(f"/api/v1{path}/preview").json()["fingerprint"]
    assert post(sec, f"{path}/publish", {"seen": fresh}).status_code == 201


def test_the_openapi_schema_has_the_cycle(db: None) -> None:
    schema = Client().get("/api/v1/schema").json()
    paths = schema["paths"]
    for p in (
        "/api/v1/plans/{plan_id}/years",
        "/api/v1/plans/{plan_id}/years/{year}",
        "/api/v1/plans/{plan_id}/years/{year}/submit",
        "/api/v1/plans/{plan_id}/years/{year}/return",
        "/api/v1/plans/{plan_id}/years/{year}/approve",
        "/api/v1/plans/{plan_id}/years/{year}/publish",
        "/api/v1/plans/{plan_id}/years/{year}/preview",
    ):
        assert p in paths, p
    assert "409" in paths["/api/v1/plans/{plan_id}/years/{year}/approve"]["post"]["responses"]
    params = [q["name"] for q in paths["/api/v1/indicators"]["get"]["parameters"]]
    assert "to_enter" in params


ISHIKARI = "012351"


def test_fy2020_for_four_members_with_tokens_only(plan: Plan) -> None:
    """The browser test's year (tests/workflow/test_browser_fy2020.py) through the API: 札幌市's
    slip refused with its warning (409) until confirmed, each member's part of project 7
    (PUT …/parts/2020), 石狩市's headline KPI in its to_enter; submit, return, fix, approve,
    publish; the published 評価 of every indicator as the database froze it."""
    Indicator.objects.filter(plan=plan, project__number=7, position=1).update(aggregation="sum")
    members = Municipality.objects.filter(code__in=(SAPPORO, OTARU, ISHIKARI))
    Project.objects.get(plan=plan, number=7).participants.add(*members)
    kpi = Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE).order_by("position")[0]
    Indicator.objects.filter(pk=kpi.pk).update(lead=members.get(code=ISHIKARI))
    sec = bearer(make_user("sec", SAPPORO, "secretariat"))
    editor = bearer(make_user("ed-sapporo", SAPPORO, "editor"))
    otaru = bearer(make_user("ed-otaru", OTARU, "editor"))
    ishikari = bearer(make_user("ed-ishikari", ISHIKARI, "editor"))
    years = f"/plans/{plan.pk}/years"
    assert post(sec, years, {"fiscal_year": 2020}).status_code == 201

    # 札幌市: the slip, refused with its warning until confirmed by its key
    four = Project.objects.get(plan=plan, number=4).indicators.get()
    at = f"/indicators/{four.uid}/actuals/2020"
    refused = put(editor, at, {"text": "１２３人", "version": 0})
    assert refused.status_code == 409, refused.content
    (warning,) = refused.json()["warnings"]
    assert "単位が違います" in warning["message"]
    confirmed = put(
        editor, at, {"text": "１２３人", "version": 0, "confirm_warnings": [warning["key"]]}
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["rating_computed"] == "-"

    # each member's part of project 7, on its own token; 石狩市's headline KPI listed to enter
    summed = Project.objects.get(plan=plan, number=7).indicators.get(position=1)
    parts = f"/indicators/{summed.uid}/parts/2020"
    todo = listed(ishikari, "year=2020&to_enter=true")
    assert {(i["id"], i["to_enter"]["what"]) for i in todo} == {
        (str(summed.uid), "part"),
        (str(kpi.uid), "actual"),
    }
    assert put(otaru, parts, {"text": "20件", "municipality": SAPPORO}).status_code == 403
    for client, text in ((editor, "40件"), (otaru, "20件"), (ishikari, "10件")):
        done = put(client, parts, {"text": text, "version": 0})
        assert done.status_code == 200, done.content
    assert done.json()["text"] == "70件"
    kpi_at = f"/indicators/{kpi.uid}"
    assert put(ishikari, f"{kpi_at}/actuals/2020", {"text": "-", "version": 0}).status_code == 200
    assert post(ishikari, f"{kpi_at}/years/2020/submit").json()["state"] == "submitted"

    # the rest: 札幌市's figures not measured yet, the secretariat's headline KPIs
    for item in listed(editor, "year=2020&to_enter=true"):
        enter(editor, item)
    for item in listed(sec, "year=2020&to_enter=true"):
        if item["kind"] == "headline":
            enter(sec, item)
            assert post(sec, f"/indicators/{item['id']}/years/2020/submit").status_code == 200
    assert post(editor, f"{years}/2020/submit", {"projects": NUMBERS}).status_code == 200

    # return project 7; 小樽市 fixes its part with the version it read; 札幌市 submits again
    back = post(sec, f"{years}/2020/return", {"projects": [7], "note": "小樽市の値を確認"})
    assert back.status_code == 200, back.content
    version = Contribution.objects.get(indicator=summed, municipality__code=OTARU).version
    fixed = put(otaru, parts, {"text": "25件", "version": version})
    assert fixed.json()["text"] == "75件"
    assert post(editor, f"{years}/2020/submit", {"projects": [7]}).status_code == 200

    # approve all at once and every headline KPI, publish
    assert post(sec, f"{years}/2020/approve", {"projects": NUMBERS}).status_code == 200
    for ind in Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE):
        assert post(sec, f"/indicators/{ind.uid}/years/2020/approve").status_code == 200
    published = post(sec, f"{years}/2020/publish", {"note": "2020年度"})
    assert published.status_code == 201, published.content
    data = Client().get(f"/api/v1/plans/{plan.pk}/editions/2020/1").json()["data"]
    printed = {
        i["id"]: i["rating_published"]
        for r in data["roles"]
        for i in r["headline_kpis"] + [i for p in r["projects"] for i in p["indicators"]]
    }
    frozen = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=2020)
    assert printed == {
        str(iy.indicator.uid): iy.published for iy in frozen.select_related("indicator")
    }
    assert printed[str(four.uid)] == "-"
