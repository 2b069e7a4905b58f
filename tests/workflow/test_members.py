"""Every member has a part (issue 13.3): the demo's added-up indicators, what each member owes,
an editor of 小樽市 entering Otaru's part (services and web), the board per municipality,
reminders with the link and the deadline in 和暦 and 西暦."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from hyoka.api.models import ApiToken
from hyoka.evaluation.demo import REASON
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear
from hyoka.evaluation.services import evaluate_year
from hyoka.plans.models import Indicator, Municipality, Project
from hyoka.workflow import entering, members, services
from tests.factories import OTARU, SAPPORO, import_demo, make_user, year_url

ISHIKARI = "012351"
SHINSHINOTSU = "013048"


@pytest.fixture
def demo(db: None) -> Any:
    return import_demo().plan


@pytest.fixture
def people(demo: Any) -> dict[str, Any]:
    return {
        "secretariat": make_user("jimukyoku", SAPPORO, "secretariat", email="sec@sapporo.test"),
        "sapporo": make_user("sapporo-ed", SAPPORO, "editor", email="ed@sapporo.test"),
        "otaru": make_user("otaru-ed", OTARU, "editor", email="ed@otaru.test"),
        "otaru-nomail": make_user("otaru-ed2", OTARU, "editor", first_name="小樽 二郎"),
        "ishikari": make_user("ishikari-ed", ISHIKARI, "editor", email="ed@ishikari.test"),
    }


@pytest.fixture
def fy2020(demo: Any, people: dict[str, Any]) -> PlanYear:
    return services.open_year(people["secretariat"], demo, 2020, deadline=dt.date(2021, 4, 30))


def staff() -> Indicator:
    return Project.objects.get(number=39).indicators.get()  # 交流職員数 2人以上/年度


def test_the_demo_adds_up_the_indicators_that_count_across_members(demo: Any) -> None:
    summed = [
        (i.project.number, i.position)
        for i in Indicator.objects.exclude(aggregation="").order_by("project__number", "position")
    ]
    assert summed == [(14, 2), (24, 2), (31, 1), (32, 1), (32, 2), (39, 1)]
    assert staff().history.latest().history_change_reason == REASON
    # FY2019 keeps the published totals
    assert IndicatorYear.objects.get(indicator=staff(), fiscal_year=2019).actual_text == "2人"


def test_each_of_the_eleven_neighbours_has_figures_to_enter(fy2020: PlanYear) -> None:
    owed = {o.code: o for o in members.owed(fy2020) if not o.secretariat}
    assert len(owed) == 12
    for code, o in owed.items():
        assert o.parts, code
        assert o.missing == o.total
    assert not owed[OTARU].figures  # 小樽市 leads nothing
    assert len(owed[OTARU].parts) == 4  # 31, 32 ×2, 39
    assert len(owed[ISHIKARI].parts) == 5  # and 14 (its issue: 特産品開発)
    # one empty part per participant of each added-up indicator
    assert Contribution.objects.filter(indicator=staff(), fiscal_year=2020, text="").count() == 12


def test_an_editor_of_otaru_enters_otarus_part_and_the_total_is_rerated(
    fy2020: PlanYear, people: dict[str, Any]
) -> None:
    otaru = Municipality.objects.get(code=OTARU)
    sapporo = Municipality.objects.get(code=SAPPORO)
    r = entering.enter_contribution(people["otaru"], staff(), 2020, otaru, "1人", version=0)
    assert (r.indicator_year.actual_text, r.rating) == ("1人", "×")
    r = entering.enter_contribution(people["sapporo"], staff(), 2020, sapporo, "2人", version=0)
    assert (r.indicator_year.actual_text, r.rating) == ("3人", "◎")
    fresh = IndicatorYear.objects.get(indicator=staff(), fiscal_year=2020)
    assert (fresh.actual_text, fresh.computed) == ("3人", "◎")
    # the rating stored is the one a fresh evaluation of the whole year gives
    evaluate_year(fy2020.plan, 2020)
    fresh.refresh_from_db()
    assert (fresh.actual_text, fresh.computed) == ("3人", "◎")
    with pytest.raises(services.Forbidden):
        entering.enter_contribution(people["otaru"], staff(), 2020, sapporo, "9人", version=1)
    owed = members.owed(fy2020, otaru)[0]
    assert (owed.entered, owed.missing) == (1, 3)
    # the board per project counts every participant's part
    board = {r["project"].number: r for r in services.progress_board(fy2020)}
    assert (board[39]["entered"], board[39]["missing"]) == (2, 10)


def test_files_and_sets_add_up_count_by_count(fy2020: PlanYear, people: dict[str, Any]) -> None:
    data = Project.objects.get(number=32).indicators.get(position=1)
    otaru = Municipality.objects.get(code=OTARU)
    sapporo = Municipality.objects.get(code=SAPPORO)
    entering.enter_contribution(people["sapporo"], data, 2020, sapporo, "5,000/230", version=0)
    r = entering.enter_contribution(people["otaru"], data, 2020, otaru, "600/25", version=0)
    assert r.indicator_year.actual_text == "5,600/255"
    with pytest.raises(services.WorkflowError, match="ファイル数/セット数"):
        entering.enter_contribution(people["otaru"], data, 2020, otaru, "600", version=1)


def test_submit_waits_for_every_participants_part(fy2020: PlanYear, people: dict[str, Any]) -> None:
    project = Project.objects.get(number=39)
    sapporo = Municipality.objects.get(code=SAPPORO)
    entering.enter_contribution(people["sapporo"], staff(), 2020, sapporo, "2人", version=0)
    with pytest.raises(services.WorkflowError, match="小樽市（交流職員数）"):
        services.submit(people["sapporo"], project, 2020)
    for m in Municipality.objects.exclude(code=SAPPORO):
        entering.enter_contribution(people["secretariat"], staff(), 2020, m, "-", version=0)
    assert services.submit(people["sapporo"], project, 2020).state == "submitted"


def test_reminders_go_to_the_municipalities_that_owe(
    fy2020: PlanYear, people: dict[str, Any]
) -> None:
    ishikari = Municipality.objects.get(code=ISHIKARI)
    for ind in Indicator.objects.exclude(aggregation="").filter(project__participants=ishikari):
        entering.enter_contribution(people["ishikari"], ind, 2020, ishikari, "-", version=0)
    done = services.remind(people["secretariat"], fy2020, link="http://hyoka.test/entry/")
    owing = [o.municipality.code for o in done.owing]
    assert ISHIKARI not in owing
    assert owing[:2] == [SAPPORO, OTARU]
    assert len(owing) == 11
    assert done.sent == 2  # 札幌市 and 小樽市 have editors with an address; the others none
    otaru_mail = next(m for m in mail.outbox if m.to == ["ed@otaru.test"])
    assert "令和3年4月30日（2021年4月30日）" in otaru_mail.body
    assert "http://hyoka.test/entry/" in otaru_mail.body
    assert "事業39 職員交流 — 交流職員数（小樽市の値）" in otaru_mail.body
    assert [(m.code, u.username) for m, u in done.without_email] == [(OTARU, "otaru-ed2")]
    assert SHINSHINOTSU in [m.code for m in done.unreached]


def test_the_entry_page_shows_otaru_its_part_first_and_takes_it(
    fy2020: PlanYear, people: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["otaru"])
    html = client.get("/entry/").content.decode()
    assert html.index("あなたの入力") < html.index("事業ごとの進み具合")
    assert 'data-testid="mine-39-1"' in html
    assert "board-municipalities" not in html  # the board per municipality is the secretariat's
    page = client.get(year_url("workflow:project", 39, year=2020)).content.decode()
    assert 'data-testid="contribution-1"' in page
    key = staff().uid
    response = client.post(
        year_url("workflow:project", 39, year=2020),
        {f"contribution-{key}": "1人", f"contribution_version-{key}": "0", "action": "save"},
    )
    assert response.status_code == 302
    part = Contribution.objects.get(indicator=staff(), fiscal_year=2020, municipality__code=OTARU)
    assert (part.text, part.entered_by) == ("1人", people["otaru"])
    assert IndicatorYear.objects.get(indicator=staff(), fiscal_year=2020).actual_text == "1人"
    # the workbook of 小樽市 holds its four parts
    assert client.get(year_url("workflow:workbook", year=2020)).status_code == 200


def test_the_board_per_municipality_and_the_reminder_page(
    fy2020: PlanYear, people: dict[str, Any]
) -> None:
    otaru = Municipality.objects.get(code=OTARU)
    entering.enter_contribution(people["otaru"], staff(), 2020, otaru, "1人", version=0)
    client = Client()
    client.force_login(people["secretariat"])
    html = client.get("/entry/").content.decode()
    assert 'data-testid="board-municipalities"' in html
    assert 'data-testid="missing-012033">3<' in html
    assert "メールアドレスなし" in html
    done = client.post(year_url("workflow:remind", year=2020), follow=True).content.decode()
    assert "小樽市の小樽 二郎はメールアドレスが登録されていないため" in done
    assert "新篠津村には入力担当者がいないため" in done


def test_a_member_with_nothing_to_enter_is_told_so(plan: Any) -> None:
    """Without the demo's sums, 小樽市 leads nothing and owes no part: the entry page and the
    workbook say so instead of an empty list or an empty workbook."""
    secretariat = make_user("jimukyoku", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    client = Client()
    client.force_login(make_user("otaru-ed", OTARU, "editor"))
    html = client.get("/entry/").content.decode()
    assert 'data-testid="mine-empty"' in html
    assert "小樽市が2020年度に入力するものはありません" in html
    response = client.get(year_url("workflow:workbook", year=2020))
    assert (response.status_code, response["Location"]) == (302, "/entry/")


# --- headline KPIs (基本KPI): owed by the member the plan names, else by the secretariat ------


def kpi(plan: Any, position: int) -> Indicator:
    return Indicator.objects.get(plan=plan, kind=Indicator.Kind.HEADLINE, position=position)


@pytest.fixture
def otaru_kpi(demo: Any) -> Indicator:
    """The plan names 小樽市 for headline KPI 1 (before the year opens)."""
    ind = kpi(demo, 1)
    ind.lead = Municipality.objects.get(code=OTARU)
    ind.save()
    return ind


def test_a_headline_kpi_is_owed_by_the_member_the_plan_names(
    otaru_kpi: Indicator, fy2020: PlanYear, people: dict[str, Any]
) -> None:
    otaru = Municipality.objects.get(code=OTARU)
    (mine,) = members.owed(fy2020, otaru)
    (item,) = mine.headlines
    assert (item.indicator, item.project, item.headline) == (otaru_kpi, None, True)
    assert (item.entered, item.open, item.state) == (False, True, "draft")
    assert item in mine.overdue
    assert len(mine.parts) == 4  # and its parts as before
    assert mine.figures == []  # 小樽市 still leads no project
    # the secretariat owes the other headline KPIs: its own line, after the twelve members
    every = members.owed(fy2020)
    assert [o.secretariat for o in every] == [False] * 12 + [True]
    secretariat = every[-1]
    assert (secretariat.name, secretariat.code, secretariat.municipality) == (
        "事務局",
        "secretariat",
        None,
    )
    headlines = Indicator.objects.filter(plan=fy2020.plan, kind=Indicator.Kind.HEADLINE)
    assert [i.indicator for i in secretariat.items] == list(
        headlines.exclude(pk=otaru_kpi.pk).order_by("position")
    )
    assert [u.username for u in secretariat.editors] == ["jimukyoku"]
    # only the municipality's own when asked for one, the secretariat's too when asked
    sapporo = Municipality.objects.get(code=SAPPORO)
    assert [o.code for o in members.owed(fy2020, sapporo)] == [SAPPORO]
    both = members.owed(fy2020, sapporo, secretariat=True)
    assert [o.code for o in both] == [SAPPORO, "secretariat"]
    # entered: no longer owed; the board per project is unchanged by the KPIs
    entering.enter_actual(people["otaru"], otaru_kpi, 2020, "-", version=0)
    (mine,) = members.owed(fy2020, otaru)
    assert mine.headlines_entered == 1
    assert otaru_kpi not in [i.indicator for i in mine.overdue]
    assert {r["project"].number for r in services.progress_board(fy2020)} == set(range(1, 41))


def test_a_reminder_names_the_headline_kpi_a_member_owes(
    otaru_kpi: Indicator, fy2020: PlanYear, people: dict[str, Any]
) -> None:
    done = services.remind(people["secretariat"], fy2020, link="http://hyoka.test/entry/")
    assert all(not o.secretariat for o in done.owing)  # the secretariat does not mail itself
    otaru_mail = next(m for m in mail.outbox if m.to == ["ed@otaru.test"])
    assert f"基本KPI「{otaru_kpi.name}」" in otaru_mail.body
    sapporo_mail = next(m for m in mail.outbox if m.to == ["ed@sapporo.test"])
    assert "基本KPI" not in sapporo_mail.body


def test_the_board_and_the_entry_list_show_headline_kpis(
    otaru_kpi: Indicator, fy2020: PlanYear, people: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["otaru"])
    html = client.get(reverse("workflow:entry")).content.decode()
    assert 'data-testid="mine-kpi-1"' in html
    assert year_url("workflow:headlines", year=2020) in html
    client.force_login(people["secretariat"])
    board = client.get(reverse("workflow:entry")).content.decode()
    assert 'data-testid="kpis-012033">' in board
    assert 'data-municipality="secretariat"' in board
    headlines = Indicator.objects.filter(plan=fy2020.plan, kind=Indicator.Kind.HEADLINE).count()
    assert f'data-testid="missing-secretariat">{headlines - 1}<' in board


def test_the_api_lists_the_headline_kpis_to_enter(
    otaru_kpi: Indicator, fy2020: PlanYear, people: dict[str, Any]
) -> None:
    def to_enter(user: Any) -> list[dict[str, Any]]:
        _, token = ApiToken.issue(user)
        client = Client(headers={"Authorization": f"Bearer {token}"})
        response = client.get("/api/v1/indicators?year=2020&to_enter=true&limit=1000")
        assert response.status_code == 200, response.content
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    otaru = [i for i in to_enter(people["otaru"]) if i["kind"] == "headline"]
    assert [i["id"] for i in otaru] == [str(otaru_kpi.uid)]
    assert otaru[0]["to_enter"] == {"what": "actual", "municipality": None}
    mine = [i for i in to_enter(people["secretariat"]) if i["kind"] == "headline"]
    headlines = Indicator.objects.filter(plan=fy2020.plan, kind=Indicator.Kind.HEADLINE)
    assert len(mine) == headlines.count() - 1
    assert not [i for i in to_enter(people["sapporo"]) if i["kind"] == "headline"]
