"""The yearly cycle in a real browser: Debian's Chromium driven through Playwright against
pytest-django's live server, every person logging in through the login form.

The secretariat of 札幌市 opens FY2020; the 札幌市 editor enters project 14 (watching the live
preview rate the values as they are typed) and its own part of project 7; the 小樽市 editor
(project 7 names 小樽市) adds its part of project 7 and cannot touch project 14; project 14 is submitted, returned with
a comment, fixed, resubmitted and approved; the audit page shows who changed what.  A second
test has two editors save the same figure: the later one is told the newer value.

Run only these with ``pytest -m browser``; ``HYOKA_SCREENSHOTS=1`` also saves screenshots to
``docs/screenshots/`` (see :mod:`tests.web.test_browser`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import entering, services
from tests.factories import OTARU, SAPPORO, import_seed, make_user
from tests.web import test_browser as web

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"  # what tests.workflow.conftest.make_user sets

browser = web.browser  # the module-scoped Chromium of the web tests, same launch arguments


@pytest.fixture
def plan() -> Plan:
    """The bundled FY2019 list; project 7's first indicator (商談会の商談件数 60件/年度; 札幌市
    and 小樽市 take part) sums the municipalities' parts."""
    plan = import_seed().plan
    Indicator.objects.filter(project__number=7, position=1).update(aggregation="sum")
    return plan


@pytest.fixture
def people(plan: Plan) -> dict[str, Any]:
    return {
        "secretariat": make_user("sapporo-secretariat", SAPPORO, "secretariat"),
        "editor": make_user("sapporo-editor", SAPPORO, "editor"),
        "editor2": make_user("sapporo-editor2", SAPPORO, "editor"),
        "otaru": make_user("otaru-editor", OTARU, "editor"),
    }


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Any]:
    """Pages in fresh contexts (separate cookies: one person each), Japanese like the users."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport=web.VIEWPORT, locale="ja-JP")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page: Page, base: str, username: str) -> None:
    """Through the real login form; lands on the entry board."""
    page.goto(base + "/accounts/login/")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("login").click()
    expect(page).to_have_url(re.compile(r"/entry/$"))
    expect(page.locator("header .account")).to_contain_text(username)


def log_out(page: Page) -> None:
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-link")).to_be_visible()


def open_project(page: Page, number: int) -> None:
    """From the board, the project's row link."""
    page.locator(f'table.board tr[data-project="{number}"] a').click()
    expect(page).to_have_url(re.compile(rf"/entry/plans/\d+/2020/projects/{number}/$"))


def save(page: Page, testid: str = "save") -> None:
    page.get_by_test_id(testid).click()
    page.wait_for_load_state()


def stored(number: int, position: int = 1) -> IndicatorYear:
    return IndicatorYear.objects.get(
        indicator__project__number=number, indicator__position=position, fiscal_year=2020
    )


def test_cycle_open_enter_contribute_submit_return_approve_audit(
    live_server, people: dict[str, Any], new_page: Any
) -> None:
    base = live_server.url
    page = new_page()

    # the login form; a wrong password is refused with an alert
    page.goto(base + "/entry/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/entry/"))
    page.get_by_label("利用者名").fill("sapporo-secretariat")
    page.get_by_label("パスワード").fill("wrong")
    page.get_by_test_id("login").click()
    expect(page.get_by_role("alert")).to_contain_text("パスワードが違います")
    page.get_by_label("利用者名").fill("")
    page.get_by_label("パスワード").fill("")
    web.shoot(page, "login.png")

    # the secretariat opens FY2020 with a deadline
    log_in(page, base, "sapporo-secretariat")
    expect(page.get_by_test_id("board-projects")).to_have_count(0)
    page.get_by_test_id("open-year").select_option("2020")
    page.get_by_test_id("open-deadline").fill("2021-05-31")
    page.get_by_test_id("open-submit").click()
    expect(page.locator(".message.success")).to_have_text("2020年度を開きました。")
    expect(page.locator("#y2020")).to_contain_text("期限 2021-05-31")
    expect(page.locator("[data-testid=board-projects] tbody tr")).to_have_count(40)
    expect(page.get_by_test_id("state-14")).to_have_text("入力中")
    assert PlanYear.objects.get(fiscal_year=2020).deadline.isoformat() == "2021-05-31"
    log_out(page)

    # the 札幌市 editor enters project 14, watching the live preview as they type
    log_in(page, base, "sapporo-editor")
    open_project(page, 14)
    first, second = page.get_by_test_id("text-1"), page.get_by_test_id("text-2")
    first.press_sequentially("10件", delay=30)
    expect(page.get_by_test_id("understood-1")).to_contain_text("◎")
    expect(page.get_by_test_id("understood-1")).to_contain_text("目標「10件/年度」を満たす")
    second.press_sequentially("30人", delay=30)
    expect(page.get_by_test_id("understood-2")).to_contain_text("×")
    expect(page.get_by_test_id("understood-2")).to_contain_text("実績「30人」は目標「45人/年度」")
    page.get_by_test_id("notes").fill("成果発表会を開催（12/16）")
    web.shoot(page, "entry-project.png")

    # a × without a note is refused: nothing is saved, every typed value is kept in the form
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("評価が×になります")
    assert stored(14, 2).actual_text == ""
    assert stored(14, 1).actual_text == ""
    expect(page.get_by_test_id("text-1")).to_have_value("10件")
    expect(page.get_by_test_id("notes")).to_have_value("成果発表会を開催（12/16）")
    # … and saved with one
    page.get_by_test_id("text-2").fill("30人")
    page.get_by_test_id("note-2").fill("参加大学が減ったため")
    save(page)
    expect(page.locator(".message.success")).to_have_text("保存しました。")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_test_id("text-2")).to_have_value("30人")
    expect(page.get_by_test_id("understood-2")).to_contain_text("×")
    assert (stored(14, 2).actual_text, stored(14, 2).note) == ("30人", "参加大学が減ったため")

    # its own part of project 7
    page.goto(base + "/entry/")
    open_project(page, 7)
    expect(page.get_by_test_id("text-1")).to_have_count(0)  # only the parts are entered
    page.get_by_test_id("contribution-1").fill("50件")
    save(page)
    expect(page.get_by_test_id("total-1")).to_have_text("50件")
    expect(page.get_by_test_id("parts-1")).to_contain_text("札幌市: 50件")
    log_out(page)

    # the 小樽市 editor adds its part: the total updates
    log_in(page, base, "otaru-editor")
    open_project(page, 7)
    expect(page.get_by_test_id("contribution-1")).to_have_value("")
    page.get_by_test_id("contribution-1").fill("30件")
    save(page)
    expect(page.get_by_test_id("total-1")).to_have_text("80件")
    expect(page.get_by_test_id("parts-1")).to_contain_text("小樽市: 30件")
    expect(page.get_by_test_id("understood-1")).to_contain_text("◎")
    expect(page.locator(".message.success")).to_have_text("保存しました。")
    web.shoot(page, "entry-contribution.png")
    assert stored(7).actual_text == "80件"
    assert Contribution.objects.get(municipality__code=OTARU).text == "30件"

    # … and cannot enter project 14's figures: no inputs, and a direct POST is refused
    page.goto(base + "/entry/2020/projects/14/")
    expect(page.locator("form.entry input[name^='text-']")).to_have_count(0)
    expect(page.get_by_test_id("submit")).to_have_count(0)
    expect(page.get_by_test_id("indicator-1")).to_contain_text("10件")
    uid = str(Project.objects.get(number=14).indicators.get(position=1).uid)
    token = page.locator("form.entry input[name=csrfmiddlewaretoken]").input_value()
    response = page.request.post(
        base + "/entry/2020/projects/14/",
        form={
            "csrfmiddlewaretoken": token,
            f"text-{uid}": "99件",
            f"version-{uid}": str(stored(14).version),
            "action": "save",
        },
    )
    assert response.status == 403
    assert "幹事の札幌市の担当者が入力します" in response.text()
    assert stored(14).actual_text == "10件"
    log_out(page)

    # the 札幌市 editor submits project 14
    log_in(page, base, "sapporo-editor")
    open_project(page, 14)
    save(page, "submit")
    expect(page.locator(".message.success")).to_have_text("事業14を提出しました。")
    expect(page.get_by_test_id("state")).to_have_text("提出済み")
    expect(page.locator("form.entry input[name^='text-']")).to_have_count(0)
    log_out(page)

    # the secretariat returns it with a comment
    log_in(page, base, "sapporo-secretariat")
    expect(page.get_by_test_id("state-14")).to_have_text("提出済み")
    open_project(page, 14)
    expect(page.get_by_test_id("approve")).to_be_visible()
    page.get_by_test_id("return-comment").fill("参加者数の内訳（大学別）を説明に書いてください")
    web.shoot(page, "review-submitted.png")
    save(page, "return")
    expect(page.locator(".message.success")).to_have_text("事業14を差し戻しました。")
    expect(page.get_by_test_id("state")).to_have_text("差戻し")
    log_out(page)

    # the editor sees the comment on the board and the form, fixes and resubmits
    log_in(page, base, "sapporo-editor")
    expect(page.get_by_test_id("state-14")).to_have_text("差戻し")
    expect(page.locator('table.board tr[data-project="14"]')).to_contain_text("大学別")
    open_project(page, 14)
    expect(page.get_by_test_id("comment")).to_have_text(
        "参加者数の内訳（大学別）を説明に書いてください"
    )
    page.get_by_test_id("text-2").fill("")
    page.get_by_test_id("text-2").press_sequentially("45人（見込）", delay=30)
    expect(page.get_by_test_id("understood-2")).to_contain_text("○")
    page.get_by_test_id("note-2").fill("北大12人・医療大18人・道科大15人。3月に追加開催")
    web.shoot(page, "review-returned.png")
    save(page, "submit")
    expect(page.locator(".message.success")).to_have_text("事業14を提出しました。")
    expect(page.get_by_test_id("state")).to_have_text("提出済み")
    log_out(page)

    # the secretariat approves
    log_in(page, base, "sapporo-secretariat")
    open_project(page, 14)
    expect(page.get_by_test_id("indicator-2")).to_contain_text("45人（見込）")
    save(page, "approve")
    expect(page.locator(".message.success")).to_have_text("事業14を承認しました。")
    expect(page.get_by_test_id("state")).to_have_text("承認済み")
    log_out(page)

    # approved: locked for the editor — no notes, no submit, no input for a confirmed figure;
    # only a forecast keeps its input, to be replaced by the confirmed figure after 決算
    log_in(page, base, "sapporo-editor")
    expect(page.get_by_test_id("state-14")).to_have_text("承認済み")
    open_project(page, 14)
    expect(page.get_by_test_id("state")).to_have_text("承認済み")
    expect(page.get_by_test_id("notes")).to_have_count(0)
    expect(page.get_by_test_id("submit")).to_have_count(0)
    expect(page.get_by_test_id("return")).to_have_count(0)
    expect(page.get_by_test_id("text-1")).to_have_count(0)
    expect(page.get_by_test_id("text-2")).to_have_value("45人（見込）")
    assert stored(14).actual_text == "10件"

    # the audit trail: the editor's and the secretariat's changes, before → after
    page.goto(base + "/history/projects/14/")
    audit = page.get_by_test_id("audit")
    by_editor = audit.locator("tbody tr", has_text="sapporo-editor").filter(has_text="入力")
    expect(
        by_editor.filter(has=page.locator("ins", has_text="45人（見込）")).first
    ).to_contain_text("30人")
    expect(
        by_editor.filter(has=page.locator("del", has_text="30人"))
        .filter(has=page.locator("ins", has_text="45人（見込）"))
        .first
    ).to_be_visible()
    by_secretariat = audit.locator("tbody tr", has_text="sapporo-secretariat")
    expect(by_secretariat.filter(has_text="差戻し").locator("ins").first).to_be_visible()
    expect(
        by_secretariat.filter(has_text="差戻し").filter(has=page.locator("ins", has_text="大学別"))
    ).to_have_count(1)
    expect(by_secretariat.filter(has_text="承認")).not_to_have_count(0)
    expect(audit.locator("tbody tr", has_text="otaru-editor")).to_have_count(0)  # not project 14
    web.shoot(page, "history-project-14.png")
    log_out(page)

    # the board in every state (two more projects moved along through the services)
    secretariat, editor = people["secretariat"], people["editor"]
    for number, comment in ((16, ""), (17, "開催日を書いてください")):
        project = Project.objects.get(number=number)
        entering.enter_actual(editor, project.indicators.get(), 2020, "1回", version=None)
        services.submit(editor, project, 2020)
        if comment:
            services.return_project(secretariat, project, 2020, comment)
    log_in(page, base, "sapporo-secretariat")
    for number, label in ((14, "承認済み"), (16, "提出済み"), (17, "差戻し"), (18, "入力中")):
        expect(page.get_by_test_id(f"state-{number}")).to_have_text(label)
    web.shoot(page, "entry-board.png")


def test_conflict_the_later_save_is_told_the_newer_value(
    live_server, people: dict[str, Any], plan: Plan, new_page: Any
) -> None:
    base = live_server.url
    services.open_year(people["secretariat"], plan, 2020)
    first, second = new_page(), new_page()
    log_in(first, base, "sapporo-editor")
    log_in(second, base, "sapporo-editor2")
    for page in (first, second):  # both open the same form
        open_project(page, 4)
        expect(page.get_by_test_id("text-1")).to_have_value("")

    first.get_by_test_id("text-1").fill("15件")
    save(first)
    expect(first.locator(".message.success")).to_have_text("保存しました。")

    second.get_by_test_id("text-1").press_sequentially("16件", delay=30)
    expect(second.get_by_test_id("understood-1")).to_contain_text("◎")
    save(second)
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("sapporo-editor")
    expect(alert).to_contain_text("「15件」")
    expect(second.get_by_test_id("text-1")).to_have_value("16件")  # what they typed is kept
    assert stored(4).actual_text == "15件"
    assert stored(4).entered_by == people["editor"]
    web.shoot(second, "entry-conflict.png")
