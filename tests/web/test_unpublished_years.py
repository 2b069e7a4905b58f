"""A year that is not published is never revealed to anonymous visitors (issue 13.7), error
messages included: with FY2020 open (its figures being entered), every public page and API
answer an anonymous visitor can reach speaks of FY2019 only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hyoka.evaluation import queries
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Plan
from hyoka.publishing import services as publishing
from hyoka.workflow import entering, services
from tests.factories import PASSWORD, SAPPORO, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/dashboard/",
    "/downloads/",
    "/changes/",
    "/changes/?format=csv",
    "/changes/?year=2020",
    "/changes/?from_year=2019&to_year=2020",
    "/export/2020.csv",
    "/projects/14/?year=2020",
    "/api/v1/plans",
    "/api/v1/editions",
    "/api/v1/projects?year=2020",
    "/api/v1/plans/1/editions/2020/1",
]


def _tokenless(page: str) -> str:
    """The page without its CSRF token (a new one in every answer)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_an_open_year_is_not_revealed_to_anonymous_visitors(plan: Plan) -> None:
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    ind = plan.projects.get(number=4).indicators.get()
    entering.enter_actual(secretariat, ind, 2020, "99件（見込）", version=None)
    queries.KEPT.clear()
    anonymous = Client()
    for url in PAGES:
        answer = anonymous.get(url)
        body = answer.content.decode("utf-8", "replace")
        for secret in ("99件", "2020年度 第", "令和2年度", "→ 2020年度"):
            assert secret not in body, (url, secret)
        if "2020" in url:  # answered as for a year of the plan not opened (FY2023)
            other = anonymous.get(url.replace("2020", "2023"))
            assert answer.status_code == other.status_code == 404, url
            assert _tokenless(body) == _tokenless(other.content.decode().replace("2023", "2020")), (
                url
            )
    member = Client()
    assert member.login(username="sec", password=PASSWORD)
    assert (
        "→ 2020年度"
        in member.get("/changes/?from_year=2019&to_year=2020", follow=True).content.decode()
    )


def test_a_reopened_years_drafts_are_not_shown_to_anonymous_visitors(plan: Plan) -> None:
    """FY2020 published once, then open again for a correction: its new figures are drafts."""
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    ProjectYear.objects.filter(fiscal_year=2020).update(state="approved")
    IndicatorYear.objects.filter(fiscal_year=2020).update(state="approved")
    publishing.publish(secretariat, plan_year)
    PlanYear.objects.filter(pk=plan_year.pk).update(status="open")
    ProjectYear.objects.filter(fiscal_year=2020, project__number=4).update(state="draft")
    ind = plan.projects.get(number=4).indicators.get()
    entering.enter_actual(secretariat, ind, 2020, "99件（見込）", version=None)
    queries.KEPT.clear()
    anonymous = Client()
    for url in ("/changes/", "/changes/?format=csv", "/", "/dashboard/", "/export/2020.csv"):
        assert "99件" not in anonymous.get(url).content.decode(), url
