"""/api/v1/ behaviour: entering actuals (understood value, computed rating and reason; stale
versions, unreadable text, missing notes), the filters and pagination of the lists, the
OpenAPI schema and docs, UTF-8 answers, and malformed requests answered 4xx, never 500."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.test import Client

from hyoka.api.models import ApiToken
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import services
from tests.factories import OTARU, SAPPORO, import_seed, make_user

pytestmark = pytest.mark.django_db

YEAR = 2020


@pytest.fixture
def users(plan: Plan) -> dict[str, Any]:
    return {
        "secretariat": make_user("secretariat-sapporo", SAPPORO, "secretariat"),
        "editor": make_user("editor-sapporo", SAPPORO, "editor"),
        "viewer": make_user("viewer-otaru", OTARU, "viewer"),
    }


@pytest.fixture
def fy2020(plan: Plan, users: dict[str, Any]) -> PlanYear:
    return services.open_year(users["secretariat"], plan, YEAR)


def bearer(user: Any) -> Client:
    _, token = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def editor(users: dict[str, Any]) -> Client:
    return bearer(users["editor"])


@pytest.fixture
def participants(plan: Plan) -> Indicator:
    """Project 14, indicator 2: 「…参加者数」, target 45人/年度."""
    return Project.objects.get(plan=plan, number=14).indicators.get(position=2)


def put(client: Client, ind: Indicator, body: dict[str, Any], year: int = YEAR) -> Any:
    return client.put(
        f"/api/v1/indicators/{ind.uid}/actuals/{year}",
        json.dumps(body),
        content_type="application/json",
    )


def stored(ind: Indicator, year: int = YEAR) -> IndicatorYear:
    return IndicatorYear.objects.get(indicator=ind, fiscal_year=year)


# --- entering actuals ----------------------------------------------------------------------


def test_put_returns_the_understood_value_rating_and_reason(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    version = stored(participants).version
    response = put(editor, participants, {"text": " 46人 ", "version": version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["indicator"] == str(participants.uid)
    assert body["fiscal_year"] == YEAR
    assert body["text"] == "46人"
    assert body["value"]["kind"] == "quantity"
    assert body["value"]["number"] == 46
    assert body["value"]["unit"] == "人"
    assert body["value"]["provisional"] is False
    assert body["rating_computed"] == "◎"
    assert body["rating"] == "◎"
    assert "46人" in body["reason"]
    assert body["reason_en"]
    assert body["version"] == version + 1
    assert isinstance(body["changes"], list)
    iy = stored(participants)
    assert (iy.actual_text, iy.computed, iy.version) == ("46人", "◎", version + 1)
    # what is read back is what was answered
    read = editor.get(f"/api/v1/indicators/{participants.uid}").json()
    actual = next(a for a in read["actuals"] if a["fiscal_year"] == YEAR)
    assert (actual["text"], actual["rating_computed"], actual["version"]) == (
        "46人",
        "◎",
        version + 1,
    )
    assert actual["reason"] == body["reason"]


def test_a_provisional_value_is_understood_as_such(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    response = put(editor, participants, {"text": "約50人（見込）"})
    assert response.status_code == 200, response.content
    assert response.json()["value"]["provisional"] is True
    assert stored(participants).provisional is True


def test_changing_a_value_without_its_version_is_400(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    """No blind overwrites: once the indicator has a value, a change says which version it
    was made on."""
    assert put(editor, participants, {"text": "46人"}).status_code == 200  # nothing to overwrite
    response = put(editor, participants, {"text": "50人"})
    assert response.status_code == 400
    assert "version" in response.content.decode()
    assert stored(participants).actual_text == "46人"
    version = stored(participants).version
    assert put(editor, participants, {"text": "50人", "version": version}).status_code == 200


def test_a_stale_version_is_409_with_the_newer_value(
    fy2020: PlanYear, users: dict[str, Any], editor: Client, participants: Indicator
) -> None:
    opened = stored(participants).version
    colleague = bearer(users["secretariat"])
    assert put(colleague, participants, {"text": "46人", "version": opened}).status_code == 200
    response = put(editor, participants, {"text": "50人", "version": opened})
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["text"] == "46人"
    assert body["current"]["version"] == opened + 1
    assert body["current"]["by"] == "secretariat-sapporo"
    assert "46人" in body["detail"]
    assert stored(participants).actual_text == "46人"
    # with the current version the change goes through
    response = put(editor, participants, {"text": "50人", "version": opened + 1})
    assert response.status_code == 200
    assert stored(participants).actual_text == "50人"


def test_unreadable_text_where_a_number_is_expected_is_400_on_text(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    before = stored(participants)
    response = put(editor, participants, {"text": "たくさん"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "text"
    assert "たくさん" in body["detail"]
    after = stored(participants)
    assert (after.actual_text, after.version) == (before.actual_text, before.version)


def test_refusals_speak_the_callers_language(
    fy2020: PlanYear, users: dict[str, Any], participants: Indicator
) -> None:
    """The services' messages go through gettext: Japanese by default, English on request."""
    _, token = ApiToken.issue(users["editor"])
    for language, expected in (
        ("ja", "数値として読めません"),
        ("en", "cannot be read as a figure"),
    ):
        client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": language})
        body = put(client, participants, {"text": "たくさん"}).json()
        assert expected in body["detail"], body
        assert "たくさん" in body["detail"]
    viewer = Client(
        headers={
            "Authorization": f"Bearer {ApiToken.issue(users['viewer'])[1]}",
            "Accept-Language": "en",
        }
    )
    assert "staff of its lead" in put(viewer, participants, {"text": "3人"}).json()["detail"]


def test_a_low_rating_needs_a_note(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    response = put(editor, participants, {"text": "5人"})
    assert response.status_code == 400
    assert response.json()["field"] == "note"
    assert stored(participants).actual_text == ""  # nothing written
    response = put(editor, participants, {"text": "5人", "note": "会場の都合で1回のみ開催"})
    assert response.status_code == 200, response.content
    assert response.json()["rating_computed"] in ("△", "×")
    assert stored(participants).note == "会場の都合で1回のみ開催"


def test_an_override_needs_a_known_symbol_and_a_reason(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    response = put(editor, participants, {"text": "46人", "override": "★", "override_reason": "x"})
    assert (response.status_code, response.json()["field"]) == (400, "override")
    response = put(editor, participants, {"text": "46人", "override": "○"})
    assert (response.status_code, response.json()["field"]) == (400, "override_reason")
    response = put(
        editor, participants, {"text": "46人", "override": "○", "override_reason": "一部は来年度"}
    )
    assert response.status_code == 200
    assert (response.json()["rating_computed"], response.json()["rating"]) == ("◎", "○")


def test_a_published_or_unopened_year_cannot_be_written(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    published = put(editor, participants, {"text": "46人"}, year=2019)
    assert published.status_code == 400
    assert published.json()["detail"]
    assert put(editor, participants, {"text": "46人"}, year=2021).status_code == 404


def test_return_needs_a_comment(fy2020: PlanYear, users: dict[str, Any], plan: Plan) -> None:
    project = Project.objects.get(plan=plan, number=14)
    ProjectYear.objects.filter(project=project, fiscal_year=YEAR).update(state="submitted")
    response = bearer(users["secretariat"]).post(
        f"/api/v1/plans/{plan.pk}/projects/14/years/{YEAR}/return",
        json.dumps({"comment": "  "}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["field"]) == (400, "comment")


def test_submit_needs_every_figure(fy2020: PlanYear, editor: Client, plan: Plan) -> None:
    response = editor.post(f"/api/v1/plans/{plan.pk}/projects/14/years/{YEAR}/submit")
    assert response.status_code == 400
    assert "未入力" in response.json()["detail"]


# --- filters and pagination --------------------------------------------------------------


def numbers(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["items"]]


def test_project_filters(plan: Plan, fy2020: PlanYear, users: dict[str, Any]) -> None:
    client = Client()
    everything = numbers(client.get("/api/v1/projects?limit=100"))
    assert everything == sorted(Project.objects.values_list("number", flat=True))
    assert numbers(client.get(f"/api/v1/projects?plan={plan.pk}&limit=100")) == everything
    assert client.get("/api/v1/projects?plan=999999").status_code == 404

    # role: the role or the sub-role
    for label in ("ア", "ウ", "A"):
        want = sorted(
            Project.objects.filter(Q(role__label=label) | Q(sub_role__label=label)).values_list(
                "number", flat=True
            )
        )
        assert want, label
        got = client.get(f"/api/v1/projects?role={label}&limit=100")
        assert numbers(got) == want, label
        assert all(label in (r["role"], r["sub_role"]) for r in got.json()["items"])
    assert numbers(client.get("/api/v1/projects?role=ZZ")) == []

    # municipality: the lead or a participant (``organisation`` is its older name)
    assert numbers(client.get(f"/api/v1/projects?municipality={SAPPORO}&limit=100")) == everything
    assert numbers(client.get(f"/api/v1/projects?organisation={SAPPORO}&limit=100")) == everything
    otaru = sorted(
        set(
            Project.objects.filter(Q(lead__code=OTARU) | Q(participants__code=OTARU)).values_list(
                "number", flat=True
            )
        )
    )
    got = client.get(f"/api/v1/projects?municipality={OTARU}&limit=100")
    assert numbers(got) == otaru
    assert all(OTARU in r["participants"] or r["lead"] == OTARU for r in got.json()["items"])
    assert numbers(client.get("/api/v1/projects?municipality=999999")) == []

    # rating: the project's or one of its indicators' computed rating in the year
    for symbol in ("◎", "×"):
        want = sorted(
            set(
                Project.objects.filter(
                    Q(years__fiscal_year=2019, years__computed=symbol)
                    | Q(indicators__years__fiscal_year=2019, indicators__years__computed=symbol)
                ).values_list("number", flat=True)
            )
        )
        assert want, symbol
        got = numbers(client.get(f"/api/v1/projects?year=2019&rating={symbol}&limit=100"))
        assert got == want, symbol
    assert numbers(client.get("/api/v1/projects?rating=nothing")) == []

    # year: the ratings of that year; drafts for members only
    rows = client.get("/api/v1/projects?year=2019&limit=100").json()["items"]
    assert {r["year"] for r in rows} == {2019}
    assert {r["state"] for r in rows} == {"approved"}
    assert client.get("/api/v1/projects?year=1999").status_code == 404
    member = bearer(users["viewer"]).get(f"/api/v1/projects?year={YEAR}&limit=100").json()
    assert {(r["year"], r["state"]) for r in member["items"]} == {(YEAR, "draft")}
    # filters combine
    got = numbers(client.get(f"/api/v1/projects?role=ウ&municipality={OTARU}&limit=100"))
    ou = {
        p.number
        for p in Project.objects.filter(Q(role__label="ウ") | Q(sub_role__label="ウ"))
        if p.number in otaru
    }
    assert got == sorted(ou)


def test_indicator_filters(plan: Plan, fy2020: PlanYear, users: dict[str, Any]) -> None:
    client = Client()
    rows = client.get("/api/v1/indicators?project=14").json()["items"]
    assert [(r["project"], r["position"]) for r in rows] == [(14, 1), (14, 2)]
    assert client.get("/api/v1/indicators?project=999").json() == {"items": [], "count": 0}

    # rating in a year: indicators whose computed rating that year is the symbol
    want = set(
        IndicatorYear.objects.filter(fiscal_year=2019, computed="×").values_list(
            "indicator__uid", flat=True
        )
    )
    got = client.get("/api/v1/indicators?year=2019&rating=×&limit=100").json()
    assert {r["id"] for r in got["items"]} == {str(u) for u in want}
    assert got["count"] == len(want)
    for r in got["items"]:
        assert [a["fiscal_year"] for a in r["actuals"]] == [2019]
        assert r["actuals"][0]["rating_computed"] == "×"

    # year: only that year's actuals; without it every visible year
    anon = client.get("/api/v1/indicators?project=14").json()["items"]
    assert {a["fiscal_year"] for r in anon for a in r["actuals"]} == {2019}
    viewer = bearer(users["viewer"])
    both = viewer.get("/api/v1/indicators?project=14").json()["items"]
    assert {a["fiscal_year"] for r in both for a in r["actuals"]} == {2019, YEAR}
    only = viewer.get(f"/api/v1/indicators?project=14&year={YEAR}").json()["items"]
    assert {a["fiscal_year"] for r in only for a in r["actuals"]} == {YEAR}
    assert client.get(f"/api/v1/indicators?year={YEAR}").status_code == 404  # a draft
    assert client.get("/api/v1/indicators?plan=999999").status_code == 404


@pytest.mark.parametrize(("url", "total", "size"), [("projects", 40, 7), ("indicators", 60, 25)])
def test_pages_together_are_the_full_list_in_order(
    plan: Plan, url: str, total: int, size: int
) -> None:
    client = Client()
    full = client.get(f"/api/v1/{url}?limit=1000").json()
    assert full["count"] == total
    assert len(full["items"]) == total
    pages: list[Any] = []
    offset = 0
    while offset < total:
        page = client.get(f"/api/v1/{url}?limit={size}&offset={offset}").json()
        assert page["count"] == total
        assert len(page["items"]) == min(size, total - offset)
        pages += page["items"]
        offset += size
    assert pages == full["items"]
    # asked twice, the same order
    assert client.get(f"/api/v1/{url}?limit=1000").json() == full
    beyond = client.get(f"/api/v1/{url}?limit={size}&offset={total + 5}").json()
    assert beyond == {"items": [], "count": total}
    if url == "projects":
        assert [r["number"] for r in full["items"]] == list(range(1, 41))
    # a filter is paged the same way
    role = client.get(f"/api/v1/{url}?role=ウ&limit=1000").json()
    first = client.get(f"/api/v1/{url}?role=ウ&limit=5").json()
    second = client.get(f"/api/v1/{url}?role=ウ&limit=5&offset=5").json()
    assert first["count"] == second["count"] == role["count"]
    assert first["items"] + second["items"] == role["items"][:10]


def test_default_page_size_and_bad_paging(plan: Plan) -> None:
    client = Client()
    default = client.get("/api/v1/indicators").json()
    assert default["count"] == 60
    assert 0 < len(default["items"]) <= 60
    assert client.get("/api/v1/projects?limit=0").status_code == 422
    assert client.get("/api/v1/projects?offset=-1").status_code == 422
    assert client.get("/api/v1/projects?limit=abc").status_code == 422


# --- schema, docs, encoding --------------------------------------------------------------


PATHS = {
    "/api/v1/plans": {"get"},
    "/api/v1/plans/{plan_id}/roles": {"get"},
    "/api/v1/projects": {"get"},
    "/api/v1/plans/{plan_id}/projects/{number}": {"get"},
    "/api/v1/plans/{plan_id}/projects/{number}/audit": {"get"},
    "/api/v1/indicators": {"get"},
    "/api/v1/indicators/{indicator_id}": {"get"},
    "/api/v1/indicators/{indicator_id}/audit": {"get"},
    "/api/v1/indicators/{indicator_id}/actuals/{fiscal_year}": {"put"},
    "/api/v1/plans/{plan_id}/projects/{number}/years/{year}/submit": {"post"},
    "/api/v1/plans/{plan_id}/projects/{number}/years/{year}/return": {"post"},
    "/api/v1/plans/{plan_id}/projects/{number}/years/{year}/approve": {"post"},
    "/api/v1/editions": {"get"},
    "/api/v1/plans/{plan_id}/editions/{fiscal_year}/{number}": {"get"},
    "/api/v1/plans/{plan_id}/years": {"post"},
    "/api/v1/plans/{plan_id}/years/{year}": {"get", "patch"},
    "/api/v1/plans/{plan_id}/years/{year}/submit": {"post"},
    "/api/v1/plans/{plan_id}/years/{year}/return": {"post"},
    "/api/v1/plans/{plan_id}/years/{year}/approve": {"post"},
    "/api/v1/indicators/{indicator_id}/years/{year}/{action}": {"post"},
    "/api/v1/plans/{plan_id}/years/{year}/publish": {"post"},
    "/api/v1/plans/{plan_id}/years/{year}/preview": {"get"},
    "/api/v1/indicators/{indicator_id}/parts/{fiscal_year}": {"put"},
}


def test_the_openapi_schema(db: None) -> None:
    response = Client().get("/api/v1/schema")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content.decode("utf-8"))
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Hyoka API"
    assert {p: set(ops) for p, ops in schema["paths"].items()} == PATHS
    schemes = schema["components"]["securitySchemes"]
    assert any(s == {"type": "http", "scheme": "bearer"} for s in schemes.values())
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            # the token is optional: an empty alternative
            assert {} in op["security"], (path, method)
            assert len(op["security"]) == 2, (path, method)
            # errors documented: bad token, throttled, malformed request
            assert {"401", "422", "429"} <= set(op["responses"]), (path, method)
            assert {"200", "201"} & set(op["responses"]), (path, method)
    put_op = schema["paths"]["/api/v1/indicators/{indicator_id}/actuals/{fiscal_year}"]["put"]
    assert {"400", "403", "404", "409"} <= set(put_op["responses"])
    params = {p["name"]: p["schema"] for p in put_op["parameters"]}
    assert params["indicator_id"]["format"] == "uuid"
    body = put_op["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/ActualIn")
    assert "version" in schema["components"]["schemas"]["ActualIn"]["properties"]
    assert "confirm_warnings" in schema["components"]["schemas"]["ActualIn"]["properties"]
    assert "warnings" in schema["components"]["schemas"]["ErrorOut"]["properties"]


def test_the_docs_answer(db: None) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/schema" in response.content


def test_the_docs_need_no_internet(db: None) -> None:
    """LGWAN networks reach no CDN: every script and style of /api/v1/docs is served here."""
    page = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # no other host
        path = asset.removeprefix(settings.STATIC_URL)
        assert finders.find(path), asset


def test_answers_are_utf8_not_escaped(plan: Plan) -> None:
    response = Client().get("/api/v1/projects?limit=1")
    assert response["Content-Type"].startswith("application/json")
    raw = response.content
    assert "連携事業".encode() in raw
    assert b"\\u" not in raw
    assert raw.decode("utf-8")  # valid UTF-8
    assert json.loads(raw)["items"][0]["lead"] == SAPPORO


def test_errors_are_utf8_too(fy2020: PlanYear, editor: Client, participants: Indicator) -> None:
    raw = put(editor, participants, {"text": "たくさん"}).content
    assert "たくさん".encode() in raw
    assert b"\\u" not in raw


# --- malformed requests: 4xx, never 500 ----------------------------------------------------


HUGE = 2**70


def test_a_malformed_indicator_id_is_422(
    fy2020: PlanYear, editor: Client, participants: Indicator
) -> None:
    for bad in ("0", "not-a-uuid", "%3C", "..", "é"):
        assert editor.get(f"/api/v1/indicators/{bad}").status_code == 422, bad
        assert editor.get(f"/api/v1/indicators/{bad}/audit").status_code == 422, bad
        response = editor.put(
            f"/api/v1/indicators/{bad}/actuals/{YEAR}",
            json.dumps({"text": "46人"}),
            content_type="application/json",
        )
        assert response.status_code == 422, bad
    unknown = "00000000-0000-4000-8000-000000000000"
    assert editor.get(f"/api/v1/indicators/{unknown}").status_code == 404
    assert editor.get(f"/api/v1/indicators/{unknown}/audit").status_code == 404
    # the id in another spelling of the same uuid
    assert editor.get(f"/api/v1/indicators/{participants.uid.hex}").status_code == 200


def test_huge_numbers_are_404(plan: Plan, fy2020: PlanYear, editor: Client) -> None:
    for url in (
        f"/api/v1/plans/{HUGE}/roles",
        f"/api/v1/plans/{HUGE}/projects/1",
        f"/api/v1/plans/{HUGE}/projects/1/audit",
        f"/api/v1/plans/{plan.pk}/projects/{HUGE}",
        f"/api/v1/plans/{plan.pk}/projects/{HUGE}/audit",
        f"/api/v1/plans/{plan.pk}/projects/1?year={HUGE}",
        f"/api/v1/projects?plan={HUGE}",
        f"/api/v1/projects?year={HUGE}",
        f"/api/v1/indicators?plan={HUGE}",
        f"/api/v1/indicators?year={HUGE}",
    ):
        assert editor.get(url).status_code == 404, url
    assert editor.get(f"/api/v1/indicators?project={HUGE}").json()["count"] == 0
    assert editor.get(f"/api/v1/projects?offset={HUGE}").json()["items"] == []
    for action in ("submit", "approve", "return"):
        for plan_id, number, year in ((HUGE, 14, YEAR), (plan.pk, HUGE, YEAR), (plan.pk, 14, HUGE)):
            url = f"/api/v1/plans/{plan_id}/projects/{number}/years/{year}/{action}"
            response = editor.post(
                url, json.dumps({"comment": "x"}), content_type="application/json"
            )
            assert response.status_code == 404, url
    ind = Project.objects.get(plan=plan, number=14).indicators.get(position=2)
    response = put(editor, ind, {"text": "46人"}, year=HUGE)
    assert response.status_code == 404
    response = put(editor, ind, {"text": "46人", "version": HUGE})
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "46\x00人"}, "text"),
        ({"text": "46\x01人"}, "text"),
        ({"text": "46\ud800人"}, "text"),
        ({"text": "46人\n47人"}, "text"),
        ({"text": "4" * 201}, "text"),
        ({"text": "46人", "note": "\x00"}, "note"),
        ({"text": "46人", "note": "x" * 20_001}, "note"),
        ({"text": "46人", "override": "○\x00", "override_reason": "x"}, "override"),
        ({"text": "46人", "override": "○", "override_reason": "\x1b[2J"}, "override_reason"),
    ],
)
def test_a_text_the_gate_refuses_is_400_naming_the_field(
    fy2020: PlanYear, editor: Client, participants: Indicator, body: dict[str, Any], field: str
) -> None:
    """Over-long texts, NUL, control characters, line breaks in a one-line field and lone
    surrogates: 400 naming the field (the gate, hyoka.gate), never a database error."""
    response = put(editor, participants, body)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert stored(participants).actual_text == ""


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": None},
        {"text": 46},
        {"text": "46人", "version": "one"},
    ],
)
def test_a_malformed_body_is_422(
    fy2020: PlanYear, editor: Client, participants: Indicator, body: dict[str, Any]
) -> None:
    """A body that is not the schema: 422, not a database error."""
    response = put(editor, participants, body)
    assert response.status_code == 422, response.content
    assert isinstance(response.json()["detail"], list)
    assert stored(participants).actual_text == ""


def test_unparseable_json_is_400(fy2020: PlanYear, editor: Client, participants: Indicator) -> None:
    response = editor.put(
        f"/api/v1/indicators/{participants.uid}/actuals/{YEAR}",
        b"{not json",
        content_type="application/json",
    )
    assert response.status_code == 400


def test_nul_in_a_filter_is_422(plan: Plan) -> None:
    for name in ("role", "rating", "municipality", "organisation"):
        assert Client().get(f"/api/v1/projects?{name}=%00").status_code == 422, name
    for name in ("role", "rating"):
        assert Client().get(f"/api/v1/indicators?{name}=a%00").status_code == 422, name


def test_nul_in_a_return_comment_is_400(
    fy2020: PlanYear, users: dict[str, Any], plan: Plan
) -> None:
    project = Project.objects.get(plan=plan, number=14)
    ProjectYear.objects.filter(project=project, fiscal_year=YEAR).update(state="submitted")
    response = bearer(users["secretariat"]).post(
        f"/api/v1/plans/{plan.pk}/projects/14/years/{YEAR}/return",
        json.dumps({"comment": "理由\x00"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "comment"
    assert ProjectYear.objects.get(project=project, fiscal_year=YEAR).state == "submitted"


def test_editions_are_public(client: Any) -> None:

    plan = import_seed().plan
    listed = client.get("/api/v1/editions").json()
    assert [(e["fiscal_year"], e["number"]) for e in listed] == [(2019, 1)]
    one = client.get(f"/api/v1/plans/{plan.pk}/editions/2019/1").json()
    assert len([p for r in one["data"]["roles"] for p in r["projects"]]) == 40
    assert client.get(f"/api/v1/plans/{plan.pk}/editions/2019/9").status_code == 404


def test_edition_ids_out_of_range_are_404(client: Any, db: None) -> None:
    huge = 2**70
    assert client.get(f"/api/v1/editions?plan={huge}").status_code in (404, 422)
    assert client.get(f"/api/v1/plans/{huge}/editions/2019/1").status_code in (404, 422)
    big_year = 2**40
    assert client.get(f"/api/v1/plans/1/editions/{big_year}/1").status_code in (404, 422)
