"""Every web URL that has a year names its plan (issue 16.2, 16.4): two plans of one area and a
second area in one database; each page, export, entry page and action picks the right one;
the old URLs that named a year alone redirect when exactly one plan fits, list the choices
otherwise (never a 500, never a silent pick), and never tell an anonymous visitor of a draft."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hyoka.evaluation import queries
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Plan
from hyoka.workflow import services
from tests.factories import (
    OTHER_AREA,
    OTHER_MEMBERS,
    SAPPORO,
    SAPPORO_AREA,
    import_two_areas,
    import_two_plans,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans() -> dict[str, Plan]:
    return import_two_plans()


@pytest.fixture
def areas() -> dict[str, Plan]:
    return import_two_areas()


def _page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.content.decode()


def _main(page: str) -> str:
    return page.split('<main id="main"', 1)[1]


def _to(client: Client, url: str) -> str:
    """Where an old URL leads (it must redirect)."""
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code, response.content[:300])
    return str(response["Location"])


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_page_of_a_plan_year_shows_that_plan(areas: dict[str, Plan]) -> None:
    p1, p2, other = areas["p1"], areas["p2"], areas["other"]
    c = Client()
    one = _page(c, reverse("web:status_list", args=[p1.pk, 2019]))
    assert "第1期（2019〜2023年度）" in one
    assert 'data-project="40"' in one
    two = _page(c, reverse("web:status_list", args=[p2.pk, 2024]))
    assert 'data-testid="where-plan">第2期（2024〜2028年度）' in two
    assert 'data-project="40"' not in two
    # the switcher: every plan and year, one click away (here: the other plan's list)
    assert f'href="{reverse("web:status_list", args=[p1.pk, 2019])}"' in two
    assert f'href="{reverse("web:status_list", args=[other.pk, 2024])}"' in two
    assert OTHER_AREA in _page(c, reverse("web:status_list", args=[other.pk, 2024]))
    # a project's number repeats across plans: each URL says which
    project = _page(c, reverse("web:project", args=[p2.pk, 2024, 2]))
    assert "15社/年度" in project
    assert "第2期" in project
    assert "15社/年度" not in _page(c, reverse("web:project", args=[p1.pk, 2019, 2]))
    _page(c, reverse("web:project", args=[p2.pk, 2024, 14]), 404)
    _page(c, reverse("web:project", args=[p1.pk, 2024, 14]), 404)  # not plan 1's year
    dashboard = _page(c, reverse("web:dashboard", args=[p1.pk, 2019]))
    assert "第1期" in dashboard
    assert f'href="{reverse("web:dashboard", args=[p2.pk, 2024])}"' in dashboard
    for plan, area in ((p2, SAPPORO_AREA), (other, OTHER_AREA)):
        report = json.loads(c.get(reverse("web:export", args=[plan.pk, 2024, "json"])).content)
        assert report["area"] == area
    changes = c.get(reverse("web:changes", args=[p1.pk]), {"year": 2019, "from": 1, "to": 1})
    assert changes.status_code == 200
    _page(c, reverse("web:changes", args=[p1.pk]) + "?year=2024", 404)


def test_old_urls_redirect_when_one_plan_fits(plans: dict[str, Plan]) -> None:
    p1, p2 = plans["p1"], plans["p2"]
    c = Client()
    assert _to(c, "/") == reverse("web:status_list", args=[p2.pk, 2024])
    assert _to(c, "/?year=2019&role=ア") == (
        reverse("web:status_list", args=[p1.pk, 2019]) + "?role=%E3%82%A2"
    )
    # project 14 is plan 1's only: no more 404 without a year
    assert _to(c, "/projects/14/") == reverse("web:project", args=[p1.pk, 2019, 14])
    assert _to(c, "/projects/2/") == reverse("web:project", args=[p2.pk, 2024, 2])
    assert _to(c, "/projects/2/?year=2019") == reverse("web:project", args=[p1.pk, 2019, 2])
    assert _to(c, "/dashboard/?year=2019") == reverse("web:dashboard", args=[p1.pk, 2019])
    assert _to(c, "/export/2019.xlsx") == reverse("web:export", args=[p1.pk, 2019, "xlsx"])
    assert _to(c, "/changes/?year=2019&from=1&to=1") == (
        reverse("web:changes", args=[p1.pk]) + "?year=2019&from=1&to=1"
    )
    for url in ("/?year=2030", "/projects/99/", "/export/2021.json", "/projects/14/?year=2024"):
        _page(c, url, 404)


def test_old_urls_that_fit_several_plans_list_them(areas: dict[str, Plan]) -> None:
    p1, p2, other = areas["p1"], areas["p2"], areas["other"]
    c = Client()
    choices = _page(c, "/", 300)  # two areas: the latest of each plan
    for plan, year in ((p1, 2019), (p2, 2024), (other, 2024)):
        assert f'href="{reverse("web:status_list", args=[plan.pk, year])}"' in choices
    assert OTHER_AREA in choices
    assert "第2期" in choices
    choices = _page(c, "/dashboard/?year=2024", 300)
    assert reverse("web:dashboard", args=[p2.pk, 2024]) in choices
    assert reverse("web:dashboard", args=[other.pk, 2024]) in choices
    assert reverse("web:dashboard", args=[p1.pk, 2019]) not in choices
    assert reverse("web:export", args=[other.pk, 2024, "csv"]) in _page(c, "/export/2024.csv", 300)
    _page(c, "/projects/2/?year=2024", 300)
    _page(c, "/changes/?year=2024", 300)
    # one fits: a redirect, even with two areas
    assert _to(c, "/?year=2019") == reverse("web:status_list", args=[p1.pk, 2019])
    assert _to(c, "/projects/14/") == reverse("web:project", args=[p1.pk, 2019, 14])


def test_a_year_two_plans_of_one_area_have_is_a_choice(plans: dict[str, Plan]) -> None:
    p1 = plans["p1"]
    overlapping = Plan.objects.create(
        area=p1.area, name="見直し後のビジョン", start_year=2020, end_year=2024
    )
    for plan in (p1, overlapping):
        PlanYear.objects.create(plan=plan, fiscal_year=2022, title=f"{plan.name} 2022年度")
    choices = _page(Client(), "/?year=2022", 300)
    assert reverse("web:status_list", args=[p1.pk, 2022]) in choices
    assert reverse("web:status_list", args=[overlapping.pk, 2022]) in choices


def test_drafts_stay_hidden_from_anonymous_visitors_and_other_areas(
    areas: dict[str, Plan],
) -> None:
    p2, other = areas["p2"], areas["other"]
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, p2, 2025)
    queries.KEPT.clear()
    anonymous = Client()
    assert "2025" not in _page(anonymous, "/", 300)  # the choices: published years only
    _page(anonymous, "/?year=2025", 404)
    # answered as for a year no plan has
    assert _main(_page(anonymous, "/?year=2025", 404)) == _main(
        _page(anonymous, "/?year=2029", 404)
    )
    _page(anonymous, reverse("web:status_list", args=[p2.pk, 2025]), 404)
    _page(anonymous, reverse("web:export", args=[p2.pk, 2025, "csv"]), 404)
    listing = _page(anonymous, reverse("web:status_list", args=[p2.pk, 2024]))
    assert "2025" not in listing
    member = _signed_in(secretariat)
    assert reverse("web:status_list", args=[p2.pk, 2025]) in _page(member, "/", 300)
    assert _to(member, "/?year=2025") == reverse("web:status_list", args=[p2.pk, 2025])
    mine = _page(member, reverse("web:status_list", args=[p2.pk, 2024]))
    assert f'href="{reverse("web:status_list", args=[p2.pk, 2025])}"' in mine
    outsider = _signed_in(make_user("kamome", OTHER_MEMBERS[0][0], "secretariat"))
    _page(outsider, "/?year=2025", 404)
    _page(outsider, reverse("web:status_list", args=[p2.pk, 2025]), 404)
    assert reverse("web:status_list", args=[p2.pk, 2025]) not in _page(outsider, "/", 300)
    entry = reverse("workflow:project", args=[p2.pk, 2025, 2])
    assert outsider.get(entry).status_code == 403
    _page(outsider, "/entry/2025/projects/2/", 404)  # no year of theirs fits
    assert member.get(entry).status_code == 200
    assert _to(member, "/entry/2025/projects/2/") == entry
    assert other.pk != p2.pk


def test_entry_pages_and_actions_name_the_plan(areas: dict[str, Plan]) -> None:
    p1, p2, other = areas["p1"], areas["p2"], areas["other"]
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, p1, 2020)
    services.open_year(secretariat, p2, 2025)
    kamome = make_user("kamome", OTHER_MEMBERS[0][0], "secretariat")
    services.open_year(kamome, other, 2025)
    member = _signed_in(secretariat)
    board = _page(member, reverse("workflow:entry"))
    assert reverse("workflow:project", args=[p1.pk, 2020, 14]) in board
    assert reverse("workflow:headlines", args=[p2.pk, 2025]) in board
    assert reverse("workflow:headlines", args=[other.pk, 2025]) not in board
    page = _page(member, reverse("workflow:project", args=[p2.pk, 2025, 2]))
    assert "第2期" in page
    assert reverse("workflow:workbook", args=[p2.pk, 2025]) in page
    _page(member, reverse("workflow:review", args=[p2.pk, 2025]))
    _page(member, reverse("workflow:headlines", args=[p1.pk, 2020]))
    # the old URLs: the one year of the user's area (kamome's FY2025 is not theirs)
    assert _to(member, "/entry/2025/kpi/") == reverse("workflow:headlines", args=[p2.pk, 2025])
    assert _to(member, "/entry/2020/review/?state=all") == (
        reverse("workflow:review", args=[p1.pk, 2020]) + "?state=all"
    )
    moved = member.post("/entry/2025/deadline/", {"deadline": "2026-05-31"})
    assert moved.status_code == 307  # a form posted to an old URL is posted again there
    assert moved["Location"] == reverse("workflow:deadline", args=[p2.pk, 2025])
    member.post(reverse("workflow:deadline", args=[p2.pk, 2025]), {"deadline": "2026-05-31"})
    assert str(PlanYear.objects.get(plan=p2, fiscal_year=2025).deadline) == "2026-05-31"
    assert PlanYear.objects.get(plan=other, fiscal_year=2025).deadline is None
    assert member.post(reverse("workflow:deadline", args=[other.pk, 2025])).status_code == 403
    # the audit trail: a project by its plan and number
    history = reverse("workflow:project_history", args=[p1.pk, 14])
    assert _to(member, "/history/projects/14/") == history
    assert "変更履歴" in _page(member, history)
    choices = _page(member, "/history/projects/2/", 300)
    assert reverse("workflow:project_history", args=[p2.pk, 2]) in choices
    assert reverse("workflow:project_history", args=[other.pk, 2]) not in choices
    assert _signed_in(kamome).get("/history/projects/14/").status_code == 403
    # the superuser sees every area: a year two areas have is a choice, not an error
    admin = _signed_in(make_user("root", None, None, is_superuser=True, is_staff=True))
    choices = _page(admin, "/entry/2025/kpi/", 300)
    assert reverse("workflow:headlines", args=[other.pk, 2025]) in choices
    assert Client().get("/entry/2025/kpi/").status_code == 302  # to the login first


def test_publish_names_the_plan(areas: dict[str, Plan]) -> None:
    p1 = areas["p1"]
    secretariat = _signed_in(make_user("sec", SAPPORO, "secretariat"))
    page = _page(secretariat, reverse("web:publish", args=[p1.pk, 2019]))
    assert "第1期" in page
    assert _to(secretariat, "/publish/2019/") == reverse("web:publish", args=[p1.pk, 2019])
    _page(secretariat, reverse("web:publish", args=[areas["p2"].pk, 2019]), 404)
    _page(secretariat, "/publish/2024/", 300)  # two areas' FY2024 published
    downloads = _page(Client(), reverse("web:downloads"))
    assert reverse("web:export", args=[areas["other"].pk, 2024, "xlsx"]) in downloads
    assert "第2期（2024〜2028年度）" in downloads
