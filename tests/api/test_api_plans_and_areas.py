"""The API's lists with two plans of one area and a second area in one database: ``plan``,
``year`` and ``area`` pick the right list; no area with several areas is a 400 naming them,
never a 500; a token of one area's editor never sees the other area's drafts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hyoka.api.models import ApiToken
from hyoka.plans.models import Plan
from hyoka.workflow import services
from tests.factories import (
    OTHER_AREA,
    OTHER_MEMBERS,
    OTHER_SLUG,
    SAPPORO,
    SAPPORO_AREA,
    import_two_areas,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans() -> dict[str, Plan]:
    return import_two_areas()


def _get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return json.loads(response.content)


def _token_client(user: Any) -> Client:
    _, token = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_lists_pick_the_plan_year_and_area(plans: dict[str, Plan]) -> None:
    c = Client()
    p1, p2, other = plans["p1"], plans["p2"], plans["other"]
    rows = _get(c, f"/api/v1/projects?plan={p1.pk}&year=2019&limit=100")["items"]
    assert len(rows) == 40
    assert {r["plan"] for r in rows} == {p1.pk}
    assert {r["year"] for r in rows} == {2019}
    rows = _get(c, f"/api/v1/projects?plan={p2.pk}&year=2024")["items"]
    assert len(rows) == 8
    assert rows[1]["indicators"][0]["name"] == "誘致施策を活用した立地企業数"
    rows = _get(c, "/api/v1/projects?area=sapporo&year=2019&limit=100")["items"]
    assert {r["plan"] for r in rows} == {p1.pk}  # the year says the plan
    rows = _get(c, "/api/v1/projects?area=sapporo")["items"]
    assert {r["plan"] for r in rows} == {p2.pk}  # the latest plan
    rows = _get(c, f"/api/v1/projects?area={OTHER_SLUG}")["items"]
    assert {r["plan"] for r in rows} == {other.pk}
    assert {r["lead"] for r in rows} == {OTHER_MEMBERS[0][0]}
    rows = _get(c, f"/api/v1/indicators?area={OTHER_AREA}&year=2024&limit=100")["items"]
    assert rows
    assert {r["plan"] for r in rows} == {other.pk}
    rows = _get(c, "/api/v1/indicators?area=sapporo&project=2")["items"]
    assert [r["target"] for r in rows] == ["15社/年度"]
    assert [p["id"] for p in _get(c, f"/api/v1/plans?area={OTHER_SLUG}")] == [other.pk]
    assert len(_get(c, "/api/v1/plans")) == 3
    editions = _get(c, f"/api/v1/editions?area={OTHER_SLUG}")
    assert {e["plan"] for e in editions} == {other.pk}


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/projects", 400, SAPPORO_AREA),
        ("/api/v1/projects?year=2024", 400, OTHER_AREA),
        ("/api/v1/indicators", 400, "area="),
        ("/api/v1/projects?area=nowhere", 404, "nowhere"),
        ("/api/v1/plans?area=nowhere", 404, "nowhere"),
        ("/api/v1/editions?area=nowhere", 404, "nowhere"),
        ("/api/v1/projects?area=sapporo&year=2031", 404, "2031"),
        ("/api/v1/projects?plan=99999999999999999999", 404, "99999999999999999999"),
    ],
)
def test_what_cannot_be_told_apart_is_a_clear_error_not_a_500(
    plans: dict[str, Plan], url: str, status: int, words: str
) -> None:
    body = _get(Client(), url, status)
    assert words in json.dumps(body, ensure_ascii=False), body
    if status == 400:
        assert len(body["choices"]) == 2


def test_a_token_of_one_areas_editor_never_sees_the_other_areas_drafts(
    plans: dict[str, Plan],
) -> None:
    p2, other = plans["p2"], plans["other"]
    services.open_year(make_user("sec-sapporo", SAPPORO, "secretariat"), p2, 2025)
    own_code = OTHER_MEMBERS[0][0]
    services.open_year(make_user("sec-kamome", own_code, "secretariat"), other, 2025)
    editor = _token_client(make_user("ed-kamome", own_code, "editor"))
    # their own area's draft year: visible
    rows = _get(editor, f"/api/v1/projects?plan={other.pk}&year=2025")["items"]
    assert rows
    assert {r["state"] for r in rows} == {"draft"}
    # the other area's draft year: as if it did not exist
    _get(editor, f"/api/v1/projects?plan={p2.pk}&year=2025", 404)
    _get(editor, "/api/v1/projects?area=sapporo&year=2025", 404)
    rows = _get(editor, "/api/v1/projects?area=sapporo")["items"]
    assert {r["year"] for r in rows} == {2024}
    rows = _get(editor, "/api/v1/indicators?area=sapporo&limit=100")["items"]
    assert {a["fiscal_year"] for r in rows for a in r["actuals"]} == {2024}
    years = {p["id"]: [y["fiscal_year"] for y in p["years"]] for p in _get(editor, "/api/v1/plans")}
    assert years[p2.pk] == [2024]
    assert years[other.pk] == [2024, 2025]
    # and Sapporo's editor sees Sapporo's draft, not the other area's
    sapporo_editor = _token_client(make_user("ed-sapporo", SAPPORO, "editor"))
    assert _get(sapporo_editor, f"/api/v1/projects?plan={p2.pk}&year=2025")["items"]
    _get(sapporo_editor, f"/api/v1/projects?area={OTHER_SLUG}&year=2025", 404)
