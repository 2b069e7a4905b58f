"""/api/v1/indicators and /api/v1/projects: a constant number of queries whatever the number of
rows, and anonymous answers kept per data version — never stale, never shown to a caller
with a token or a session (who may see drafts) and never hiding a bad token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hyoka.api.models import ApiToken
from hyoka.evaluation import queries
from hyoka.evaluation.models import IndicatorYear
from hyoka.plans.models import Plan
from hyoka.workflow import services
from tests.factories import SAPPORO, make_user
from tests.web.test_perf import add_projects

pytestmark = pytest.mark.django_db

KEEPS = connection.vendor == "postgresql"
URLS = ("/api/v1/indicators?year=2019", "/api/v1/projects?year=2019", "/api/v1/plans")


def count(url: str, client: Client | None = None) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = (client or Client()).get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()


@pytest.mark.parametrize("url", URLS[:2])
def test_queries_do_not_grow_with_rows(imported: Any, url: str) -> None:
    before, body = count(url)
    add_projects(imported, 15)
    queries.KEPT.clear()
    after, grown = count(url + "&limit=1000")
    assert grown["count"] > body["count"]
    assert after == before <= 8  # the page's rows are cut in the database: one COUNT more


@pytest.mark.parametrize("url", URLS)
def test_a_kept_answer_is_one_query_and_the_same_bytes(imported: Any, url: str) -> None:
    first = Client().get(url)
    with CaptureQueriesContext(connection) as captured:
        second = Client().get(url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    if KEEPS:
        assert len(captured.captured_queries) == 1


def test_writes_show_at_once(imported: Any) -> None:
    url = "/api/v1/indicators?year=2019&project=2"
    assert Client().get(url).json()["items"][0]["actuals"][0]["text"] != "12,345,678人"
    IndicatorYear.objects.filter(indicator__project__number=2, fiscal_year=2019).update(
        actual_text="12,345,678人"
    )  # no signal, no history: only the data version can tell
    assert Client().get(url).json()["items"][0]["actuals"][0]["text"] == "12,345,678人"


def test_the_query_string_is_part_of_the_key(imported: Any) -> None:
    a = Client().get("/api/v1/indicators?year=2019&project=2").json()
    b = Client().get("/api/v1/indicators?year=2019&project=3").json()
    assert {i["project"] for i in a["items"]} == {2}
    assert {i["project"] for i in b["items"]} == {3}
    everything = Client().get("/api/v1/indicators?year=2019").json()["items"]
    two = Client().get("/api/v1/indicators?year=2019&limit=2").json()["items"]
    assert two == everything[:2]


def test_callers_who_may_see_drafts_are_never_served_the_anonymous_answer(
    imported: Any,
) -> None:
    plan = Plan.objects.get()
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    anonymous = Client().get("/api/v1/indicators").json()
    assert {a["fiscal_year"] for i in anonymous["items"] for a in i["actuals"]} == {2019}
    Client().get("/api/v1/indicators")  # kept now
    _, token = ApiToken.issue(secretariat)
    with_token = Client(headers={"Authorization": f"Bearer {token}"})
    years = {
        a["fiscal_year"]
        for i in with_token.get("/api/v1/indicators").json()["items"]
        for a in i["actuals"]
    }
    assert years == {2019, 2020}
    session = Client()
    session.force_login(secretariat)
    years = {
        a["fiscal_year"]
        for i in session.get("/api/v1/indicators").json()["items"]
        for a in i["actuals"]
    }
    assert years == {2019, 2020}
    bad = Client(headers={"Authorization": "Bearer not-a-token"}).get("/api/v1/indicators")
    assert bad.status_code == 401
    assert json.loads(bad.content)["detail"]


def _signed_in(user: Any) -> Client:
    _, token = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("url", URLS[:2])
def test_a_signed_in_page_builds_only_its_rows(imported: Any, url: str) -> None:
    """The page is cut in the database: ``limit=10`` reads ten rows whatever the plan's size,
    with the same statements as ``limit=100``; the rows are the same as a whole list's."""
    client = _signed_in(make_user("sec", SAPPORO, "secretariat"))

    def reads(url: str) -> tuple[int, Any]:
        ApiToken.objects.update(last_used_at=timezone.now())  # no write of the token's use
        return count(url, client)

    reads(url + "&limit=10")  # which plan it is and its years: kept per version of the index
    small, page = reads(url + "&limit=10")
    add_projects(imported, 200)
    big, again = reads(url + "&limit=10")
    hundred, more = reads(url + "&limit=100")
    assert big == small == hundred
    assert again["items"] == page["items"]
    assert more["items"][:10] == page["items"]
    assert again["count"] > page["count"]


def test_a_token_used_again_writes_nothing(imported: Any) -> None:
    client = _signed_in(make_user("sec", SAPPORO, "secretariat"))
    client.get("/api/v1/plans")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/plans").status_code == 200
    writes = [
        q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    assert writes == []


def test_what_is_kept_for_a_signed_in_caller_follows_the_index(imported: Any) -> None:
    """Which plan a query names and the years one may see are kept per version of the index
    (and per whether drafts may be seen): a year opened shows at once, to those who may see it."""
    plan = Plan.objects.get()
    secretariat = make_user("sec", SAPPORO, "secretariat")
    client, outsider = _signed_in(secretariat), _signed_in(make_user("someone", None, None))

    def years(caller: Client) -> set[int]:
        items = caller.get("/api/v1/indicators?limit=1000").json()["items"]
        return {a["fiscal_year"] for i in items for a in i["actuals"]}

    assert years(client) == years(outsider) == {2019}
    services.open_year(secretariat, plan, 2020)
    assert years(client) == {2019, 2020}
    assert years(outsider) == {2019}
    assert client.get("/api/v1/indicators?year=2020").json()["count"] > 0
    assert outsider.get("/api/v1/indicators?year=2020").status_code == 404
