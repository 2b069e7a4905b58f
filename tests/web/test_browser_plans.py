"""A plan's pages in a real browser (Debian's Chromium through Playwright): the end-of-plan
summary of plan 1 as a citizen sees it, and the lineage of plan 2 as the secretariat confirms
it — one row changed, confirmed, and shown confirmed.  With ``HYOKA_SCREENSHOTS=1`` it saves
docs/screenshots/summary.png and docs/screenshots/lineage.png.  axe finds nothing serious on
either page, nor on an indicator's path across the plans."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hyoka.plans.models import Plan
from tests.factories import SAPPORO, import_plan2, import_seed, make_user
from tests.web import test_browser as web
from tests.web.test_accessibility import assert_accessible
from tests.workflow.test_browser_cycle import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = web.browser


new_page = web.new_page


@pytest.fixture
def plans() -> tuple[Plan, Plan]:
    """Plan 1 (FY2019) and plan 2 (the made-up FY2024 list), no lineage confirmed yet."""
    return import_seed().plan, import_plan2().plan


def test_the_summary_and_the_lineage_confirmed(
    live_server: Any, plans: tuple[Plan, Plan], new_page: Any
) -> None:
    plan1, plan2 = plans
    base = live_server.url
    make_user("sato", SAPPORO, "secretariat")
    secretariat = new_page()
    log_in(secretariat, base, "sato")
    secretariat.goto(f"{base}/plans/{plan2.pk}/lineage/")
    expect(secretariat.get_by_test_id("lineage")).to_contain_text("講座の受講者数")
    secretariat.get_by_test_id("kind-indicator-4-1").select_option("replacing")
    secretariat.get_by_test_id("from-indicator-4-1").select_option("3-2")
    secretariat.get_by_test_id("confirm").click()
    expect(secretariat.get_by_test_id("message")).to_contain_text("確定しました")
    row = secretariat.get_by_test_id("row-indicator-4-1")
    expect(row.get_by_test_id("confirmed")).to_be_visible()
    expect(row.get_by_test_id("from-indicator-4-1")).to_have_value("3-2")
    web.shoot(secretariat, "lineage.png")
    assert_accessible(secretariat, "/plans/<plan 2>/lineage/")
    # the citizen's summary of plan 1: what continued into plan 2, as just confirmed
    citizen = new_page()
    citizen.goto(f"{base}/downloads/")
    citizen.get_by_test_id(f"summary-{plan1.pk}").click()
    expect(citizen.get_by_test_id("share")).to_have_text("85.1%")
    expect(citizen.get_by_test_id("carried")).to_contain_text("支援したスタートアップ数")
    web.shoot(citizen, "summary.png")
    assert_accessible(citizen, "/plans/<plan 1>/summary/")
    # and the indicator plan 2 continues: one path across both plans
    citizen.goto(f"{base}/indicators/{plan2.indicators.get(project__number=3).uid}/")
    expect(citizen.get_by_test_id("path-2019")).to_contain_text("講座の受講者数")
    assert_accessible(citizen, "/indicators/<3-1 of plan 2>/")
