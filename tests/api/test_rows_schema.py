"""The list operations answer their rows as built (:mod:`hyoka.api.rows`), without ninja's
validation: every answer must still be exactly what the declared schema gives (the same fields,
in its order, of its types), its values those the models tell, and the OpenAPI schema the one
ninja's pagination would write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hyoka.api.models import ApiToken
from hyoka.api.schemas import PagedIndicatorOut, PagedProjectOut
from hyoka.evaluation.models import IndicatorYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import services
from tests.factories import SAPPORO, make_user

pytestmark = pytest.mark.django_db

INDICATORS = (
    "year=2019",
    "",
    "year=2020&limit=7&offset=3",
    "project=1",
    "role=ア",
    "rating=×",
    "year=2020&to_enter=true",
)
PROJECTS = ("year=2019", "", "year=2020&limit=5&offset=2", "rating=×", "municipality=012033")


@pytest.fixture
def secretariat(plan: Plan) -> Client:
    """The secretariat's token, FY2020 open, one rating overridden, one note written, one
    actual printed as Hyoka computes it (project 1's 達成割合: nobody types it)."""
    user = make_user("sec", SAPPORO, "secretariat")
    services.open_year(user, plan, 2020)
    years = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=2019)
    years.filter(pk=years.order_by("pk")[3].pk).update(
        override="◎", override_reason="修正の理由", note="説明"
    )
    years.filter(pk=years.order_by("pk")[0].pk).update(actual_text="", computed_actual_text="85.1%")
    _, token = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def _exactly(schema: Any, body: dict[str, Any]) -> None:
    """``body`` is what ``schema`` gives of it: no field missing, added, coerced or moved."""
    shaped = schema.model_validate(body).model_dump(mode="json")
    assert json.dumps(shaped, ensure_ascii=False) == json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize("query", INDICATORS)
def test_indicators_match_their_schema_and_the_models(secretariat: Client, query: str) -> None:
    for client in (secretariat, Client()):
        response = client.get(f"/api/v1/indicators?{query}")
        if response.status_code != 200:  # a draft year, to_enter: not for anonymous callers
            assert client is not secretariat
            continue
        body = response.json()
        _exactly(PagedIndicatorOut, body)
        for item in body["items"]:
            ind = Indicator.objects.select_related("project", "role").get(uid=item["id"])
            assert item["project"] == (ind.project.number if ind.project else None)
            assert item["role"] == (ind.role.label if ind.role else None)
            for actual in item["actuals"]:
                iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=actual["fiscal_year"])
                assert actual["text"] == iy.actual_printed
                assert actual["rating"] == (iy.rating or None)
                assert actual["override"] == (iy.override or None)
                assert actual["value"] == iy.actual
                assert actual["version"] == iy.version


def test_an_override_and_a_computed_actual_are_shown(secretariat: Client) -> None:
    items = secretariat.get("/api/v1/indicators?year=2019&limit=1000").json()["items"]
    actuals = [a for i in items for a in i["actuals"]]
    assert [(a["override"], a["rating"], a["note"]) for a in actuals if a["override"]] == [
        ("◎", "◎", "説明")
    ]
    assert "85.1%" in {a["text"] for a in actuals}


@pytest.mark.parametrize("query", PROJECTS)
def test_projects_match_their_schema_and_the_models(secretariat: Client, query: str) -> None:
    for client in (secretariat, Client()):
        response = client.get(f"/api/v1/projects?{query}")
        if response.status_code != 200:
            assert client is not secretariat
            continue
        body = response.json()
        _exactly(PagedProjectOut, body)
        for item in body["items"]:
            p = Project.objects.get(plan_id=item["plan"], number=item["number"])
            assert item["participants"] == [m.code for m in p.participants.all()]
            assert [i["position"] for i in item["indicators"]] == sorted(
                p.indicators.values_list("position", flat=True)
            )
            y = ProjectYear.objects.filter(project=p, fiscal_year=item["year"]).first()
            assert item["state"] == (y.state if y else None)
            assert item["rating_computed"] == ((y.computed or None) if y else None)


def test_one_indicator_and_one_project_are_their_rows_in_the_list(secretariat: Client) -> None:
    listed = secretariat.get("/api/v1/indicators?limit=1000").json()["items"]
    one = secretariat.get(f"/api/v1/indicators/{listed[5]['id']}").json()
    assert one == listed[5]
    projects = secretariat.get("/api/v1/projects?limit=1000").json()["items"]
    plan = projects[2]["plan"]
    assert secretariat.get(f"/api/v1/plans/{plan}/projects/3").json() == projects[2]


def test_the_openapi_schema_is_ninjas_paginated_one() -> None:
    schema = Client().get("/api/v1/schema").json()
    for path, paged, item in (
        ("/api/v1/indicators", "PagedIndicatorOut", "IndicatorOut"),
        ("/api/v1/projects", "PagedProjectOut", "ProjectOut"),
    ):
        operation = schema["paths"][path]["get"]
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{paged}"}
        assert {"limit", "offset"} <= {p["name"] for p in operation["parameters"]}
        component = schema["components"]["schemas"][paged]
        assert component["required"] == ["items", "count"]
        assert component["properties"]["items"]["items"] == {"$ref": f"#/components/schemas/{item}"}
