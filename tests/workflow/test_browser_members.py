"""Every member has a part, in a real browser (Chromium through Playwright): the demo with
FY2020 open; the editors of 札幌市, 小樽市 and 石狩市 each log in, find their part first under
あなたの入力 and enter it in project 39 (交流職員数, 圏域内各市町村); the total and its rating
follow; the secretariat's board shows the progress per municipality and sends the reminders.

``HYOKA_SCREENSHOTS=1`` saves ``entry-mine.png`` (小樽市's list) and
``board-municipalities.png`` to ``docs/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from hyoka.evaluation.models import IndicatorYear
from hyoka.workflow import services
from tests.factories import OTARU, PASSWORD, SAPPORO, import_demo, make_user
from tests.web import test_browser as web
from tests.web.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = web.browser
ISHIKARI = "012351"


@pytest.fixture
def people() -> dict[str, Any]:
    plan = import_demo().plan
    people = {
        "secretariat": make_user("sapporo-secretariat", SAPPORO, "secretariat"),
        "sapporo": make_user("sapporo-editor", SAPPORO, "editor", email="ed@sapporo.test"),
        "otaru": make_user("otaru-editor", OTARU, "editor", email="ed@otaru.test"),
        "ishikari": make_user("ishikari-editor", ISHIKARI, "editor"),  # no e-mail address
    }
    services.open_year(people["secretariat"], plan, 2020, deadline=dt.date(2021, 4, 30))
    return people


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # CSP bypassed so axe can be injected inline, as tests.web.test_accessibility does
    context = browser.new_context(viewport=web.VIEWPORT, locale="ja-JP", bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("login").click()
    expect(page).to_have_url(re.compile(r"/entry/$"))


def enter_part(page: Page, base: str, username: str, text: str, total: str) -> None:
    """Log in, find project 39 under あなたの入力, enter the part, see the new total."""
    log_in(page, base, username)
    mine = page.get_by_test_id("mine")
    expect(mine).to_be_visible()
    row = page.get_by_test_id("mine-39-1")
    expect(row).to_contain_text("交流職員数")
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/entry/plans/\d+/2020/projects/39/$"))
    page.get_by_test_id("contribution-1").fill(text)
    page.get_by_test_id("save").click()
    expect(page.locator(".message.success")).to_have_text("保存しました。")
    expect(page.get_by_test_id("total-1")).to_have_text(total)
    page.get_by_test_id("logout").click()


def test_three_members_enter_their_parts(
    live_server: Any, people: dict[str, Any], page: Page
) -> None:
    base = live_server.url

    # 小樽市 sees its own parts first: four of them, none entered
    log_in(page, base, "otaru-editor")
    html = page.content()
    assert html.index("あなたの入力") < html.index("事業ごとの進み具合")
    expect(page.get_by_test_id("mine")).to_contain_text("4件のうち0件入力済み")
    web.shoot(page, "entry-mine.png")
    assert_accessible(page, "/entry/ (小樽市)")
    page.get_by_test_id("logout").click()

    enter_part(page, base, "sapporo-editor", "1人", "1人")
    enter_part(page, base, "otaru-editor", "1人", "2人")
    enter_part(page, base, "ishikari-editor", "1人（予定）", "3人（見込）")
    stored = IndicatorYear.objects.get(indicator__project__number=39, fiscal_year=2020)
    assert (stored.actual_text, stored.computed) == ("3人（見込）", "○")

    # the secretariat: progress per municipality, then the reminders
    log_in(page, base, "sapporo-secretariat")
    board = page.get_by_test_id("board-municipalities")
    expect(board.locator("tbody tr")).to_have_count(
        13
    )  # the twelve members, then the secretariat (its KPIs)
    expect(page.get_by_test_id(f"missing-{OTARU}")).to_have_text("3")
    expect(board.locator(f'tr[data-municipality="{ISHIKARI}"]')).to_contain_text(
        "メールアドレスなし"
    )
    web.shoot(page, "board-municipalities.png")
    assert_accessible(page, "/entry/ (secretariat)")
    page.get_by_test_id("remind").click()
    expect(page.locator(".message.success")).to_contain_text("督促メールを送りました")
    expect(page.locator(".message.warning").first).to_contain_text("石狩市のishikari-editor")
