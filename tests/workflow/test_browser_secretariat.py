"""The secretariat's part of FY2020 in a real browser (Debian's Chromium through Playwright,
logging in through the form): open the year with a deadline and change it, review the
submitted projects with the editor's 説明 and the 連携事業実施状況等 beside the values, return
one, approve all at once, see the year ready, preview what publishing changes against the last
edition, publish, and find the corrected-edition link.  The editor's part (entering and
submitting) is done through the services here; tests/workflow/test_browser_cycle.py drives it
in the browser.

``HYOKA_SCREENSHOTS=1`` saves docs/screenshots/review-list-notes.png and publish-preview.png.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.publishing.models import Edition
from hyoka.workflow import entering, review
from tests.factories import SAPPORO, import_seed, make_user
from tests.web import test_browser as web
from tests.workflow.test_browser_cycle import log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = web.browser
__all__ = ["new_page"]  # the fixture, shared with the cycle's browser test


@pytest.fixture
def plan() -> Plan:
    return import_seed().plan


@pytest.fixture
def people(plan: Plan) -> dict[str, Any]:
    return {
        "secretariat": make_user("sapporo-secretariat", SAPPORO, "secretariat"),
        "editor": make_user("sapporo-editor", SAPPORO, "editor"),
    }


def enter_and_submit(editor: Any, plan_year: PlanYear) -> None:
    """The editor's part: project 14 with a note on its △/× figure and progress notes, the
    other projects' figures not measured yet (``-``), all 40 submitted at once."""
    project = Project.objects.get(number=14)
    first, second = project.indicators.order_by("position")
    entering.save(
        editor,
        plan_year,
        [
            entering.Actual(first, "1回", None, note="会場の都合で1回のみ開催。次年度は2回の予定"),
            entering.Actual(second, "38人", None, note="オンライン参加者を含まない"),
            entering.Notes(project, "オンライン開催を試行し、参加者アンケートを実施した。", None),
        ],
        confirmed=True,  # 1回 against 10件/年度: the editor confirms the other unit
    )
    IndicatorYear.objects.filter(fiscal_year=2020, actual_text="").exclude(
        indicator__kind=Indicator.Kind.ACHIEVEMENT
    ).exclude(indicator__project__isnull=True).update(actual_text="-")
    review.submit(editor, plan_year, range(1, 41))
    # the headline KPIs (基本KPI) have their own page and test (test_headlines): done here
    IndicatorYear.objects.filter(fiscal_year=2020, indicator__project__isnull=True).update(
        actual_text="-", state="approved"
    )


def state(number: int) -> str:
    return ProjectYear.objects.get(project__number=number, fiscal_year=2020).state


def test_secretariat_opens_reviews_approves_and_publishes(
    live_server: Any, people: dict[str, Any], new_page: Any
) -> None:
    base = live_server.url
    page: Page = new_page()
    log_in(page, base, "sapporo-secretariat")

    # open FY2020 with its deadline, then change the deadline on the board
    page.get_by_test_id("open-year").select_option("2020")
    page.get_by_test_id("open-deadline").fill("2021-04-30")
    page.get_by_test_id("open-submit").click()
    expect(page.get_by_test_id("year-status-2020")).to_have_text("入力受付中")
    expect(page.get_by_test_id("deadline-2020")).to_have_value("2021-04-30")
    page.get_by_test_id("deadline-2020").fill("2021-05-31")
    page.get_by_test_id("deadline-save").click()
    expect(page.get_by_test_id("deadline-2020")).to_have_value("2021-05-31")
    plan_year = PlanYear.objects.get(fiscal_year=2020)
    assert plan_year.deadline == dt.date(2021, 5, 31)
    expect(page.get_by_test_id("workbook-download")).to_be_visible()

    enter_and_submit(people["editor"], plan_year)

    # the review list: the editor's notes and the progress notes beside the values
    page.reload()
    page.get_by_test_id("review-link").click()
    expect(page).to_have_url(re.compile(r"/entry/plans/\d+/2020/review/$"))
    expect(page.get_by_test_id("note-14-1")).to_contain_text("会場の都合で1回のみ開催")
    expect(page.get_by_test_id("notes-14")).to_contain_text("オンライン開催を試行し")
    page.goto(base + "/entry/2020/review/?project=14&project=23")
    expect(page.get_by_test_id("note-14-2")).to_contain_text("オンライン参加者を含まない")
    web.shoot(page, "review-list-notes.png")

    # return project 14 with a comment; the editor fixes and submits it again
    page.goto(base + "/entry/2020/review/")
    page.get_by_test_id("pick-14").check()
    page.get_by_test_id("bulk-comment").fill("参加者数の内訳を確認してください")
    page.get_by_test_id("bulk-return").click()
    expect(page.get_by_test_id("message").first).to_contain_text("差し戻しました")
    assert state(14) == "returned"
    second = Project.objects.get(number=14).indicators.get(position=2)
    iy = IndicatorYear.objects.get(indicator=second, fiscal_year=2020)
    entering.enter_actual(people["editor"], second, 2020, "46人", version=iy.version)
    review.submit(people["editor"], plan_year, [14])

    # approve every submitted project at once; the board says the year is ready
    page.reload()
    page.get_by_test_id("pick-all").click()
    page.get_by_test_id("bulk-approve").click()
    expect(page.get_by_test_id("message").first).to_contain_text("40件の事業を承認しました")
    assert not ProjectYear.objects.filter(fiscal_year=2020).exclude(state="approved").exists()
    page.goto(base + "/entry/")
    expect(page.get_by_test_id("year-status-2020")).not_to_have_text("入力受付中")
    expect(page.get_by_test_id("ready-2020")).to_be_visible()

    # the preview: what changes against the last edition (FY2019's), then publish
    page.get_by_test_id("publish-link").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/2020/publish/$"))
    expect(page.get_by_test_id("preview-against")).to_contain_text("2019年度 第1版")
    expect(page.get_by_test_id("changes")).to_contain_text("46人")
    web.shoot(page, "publish-preview.png")
    page.get_by_test_id("publish-note").fill("2020年度 連携事業実施状況等一覧")
    page.get_by_test_id("publish").click()
    expect(page).to_have_url(re.compile(r"/downloads/$"))
    expect(page.get_by_test_id("dl-2020-1-pdf")).to_be_visible()
    edition = Edition.objects.get(plan_year__fiscal_year=2020)
    assert (edition.number, edition.published_by) == (1, people["secretariat"])

    # the published list, as a citizen sees it: 評価（公表）in every row, project 1's share
    visitor = page.context.browser.new_page(locale="ja-JP")
    visitor.goto(base + "/?year=2020")
    expect(visitor.locator("h1")).to_contain_text("2020")
    expect(visitor.locator("body")).not_to_contain_text("未公表")
    web.shoot(visitor, "published-fy2020.png")
    visitor.close()

    # a corrected edition: its preview compares with edition 1 and needs its note
    page.get_by_test_id("reissue-2020").click()
    expect(page.get_by_test_id("preview-against")).to_contain_text("2020年度 第1版")
    page.get_by_test_id("publish-note").fill("誤記の訂正")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("dl-2020-2-pdf")).to_be_visible()
