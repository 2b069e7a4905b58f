"""A real year for four of the twelve (issue 13): FY2020 in Debian's Chromium, from opening to
the published list — the secretariat and the editor of 札幌市, the editors of 小樽市 and 石狩市,
each logging in through the form.

Opened by the secretariat; entered by the editors (a slip — ``１２３人`` against ``15件/年度`` —
shown beside the field and confirmed, each member's part of project 7, the headline KPI the
plan names 石狩市 for), submitted, one project returned and fixed, all approved at once, then
published on the web; the published xlsx, PDF, CSV and JSON carry the same 評価 for every
indicator and project 1's share as printed.  Every address comes from ``reverse()``.

``HYOKA_SCREENSHOTS=1`` saves docs/screenshots/entry-slip-warning.png and
review-slip-confirmed.png.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.ingest.statuslist_pdf import read_status_list_pdf
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.workflow import review, services
from hyoka.workflow.cycle import Action
from hyoka.workflow.models import SlipConfirmation
from tests.factories import OTARU, SAPPORO, import_seed, make_user
from tests.reports.test_published_document import _xlsx
from tests.web import test_browser as web
from tests.workflow.test_browser_cycle import log_in, log_out, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = web.browser
__all__ = ["new_page"]

ISHIKARI = "012351"
SLIP = "１２３人"  # against project 4's 15件/年度: another unit


def url(name: str, *args: Any) -> str:
    """The one place these tests make an address: the URL's name and its arguments."""
    return reverse(f"workflow:{name}", args=args)


@pytest.fixture
def plan() -> Plan:
    """The bundled FY2019 list; project 7's first indicator (商談会の商談件数 60件/年度) adds up
    the parts of 札幌市, 小樽市 and 石狩市; the plan names 石狩市 for headline KPI 1."""
    plan = import_seed().plan
    Indicator.objects.filter(project__number=7, position=1).update(aggregation="sum")
    project = Project.objects.get(plan=plan, number=7)
    project.participants.add(*Municipality.objects.filter(code__in=(SAPPORO, OTARU, ISHIKARI)))
    Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE, position=1).update(
        lead=Municipality.objects.get(code=ISHIKARI)
    )
    return plan


@pytest.fixture
def people(plan: Plan) -> dict[str, Any]:
    return {
        "secretariat": make_user("sapporo-secretariat", SAPPORO, "secretariat"),
        "sapporo": make_user("sapporo-editor", SAPPORO, "editor"),
        "otaru": make_user("otaru-editor", OTARU, "editor"),
        "ishikari": make_user("ishikari-editor", ISHIKARI, "editor"),
    }


def save(page: Page, testid: str = "save") -> None:
    page.get_by_test_id(testid).click()
    page.wait_for_load_state()


def enter_part(page: Page, base: str, text: str) -> None:
    """Project 7's part of the person's municipality, on the project's form."""
    page.goto(base + url("project", 2020, 7))
    page.get_by_test_id("contribution-1").fill(text)
    save(page)
    expect(page.locator(".message.success")).to_be_visible()


def the_rest(editor: Any, plan_year: PlanYear) -> None:
    """What the browser does not type: the other figures of 札幌市's projects, not measured
    yet (``-``), through the same write path (rated), and every project but 4 and 7 submitted."""
    rows = IndicatorYear.objects.filter(
        fiscal_year=2020, actual_text="", indicator__plan=plan_year.plan
    )
    entries: list[services.Entry] = [
        services.Actual(iy.indicator, "-", iy.version)
        for iy in rows.select_related("indicator").order_by("pk")
        if iy.indicator.project_id
        and iy.indicator.kind == Indicator.Kind.PROJECT
        and not iy.indicator.aggregation
    ]
    services.save(editor, plan_year, entries)
    review.submit(editor, plan_year, [n for n in range(1, 41) if n not in (4, 7)])


def kpis_of_the_secretariat(secretariat: Any, plan_year: PlanYear) -> None:
    """The headline KPIs no member is named for: entered and submitted by the secretariat."""
    for ind in Indicator.objects.filter(
        plan=plan_year.plan, kind=Indicator.Kind.HEADLINE, lead__isnull=True
    ):
        iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
        services.enter_actual(secretariat, ind, 2020, "-", version=iy.version, note="集計中")
        services.review_headline(secretariat, ind, 2020, Action.SUBMIT)


def test_fy2020_for_four_members_from_opening_to_the_published_list(
    live_server: Any, people: dict[str, Any], new_page: Any
) -> None:
    base = live_server.url
    page: Page = new_page()

    # the secretariat opens FY2020
    log_in(page, base, "sapporo-secretariat")
    page.get_by_test_id("open-year").select_option("2020")
    page.get_by_test_id("open-submit").click()
    expect(page.get_by_test_id("year-status-2020")).to_have_text("入力受付中")
    expect(page.locator('[data-municipality="secretariat"]')).to_be_visible()
    plan_year = PlanYear.objects.get(fiscal_year=2020)
    log_out(page)

    # 札幌市: a slip is shown beside the field and saved only once confirmed
    log_in(page, base, "sapporo-editor")
    page.goto(base + url("project", 2020, 4))
    page.get_by_test_id("text-1").fill(SLIP)
    save(page)
    warning = page.get_by_test_id("slip-1")
    expect(warning).to_contain_text("単位が違います")
    expect(page.get_by_test_id("text-1")).to_have_value(SLIP)  # kept, with its preview
    expect(page.get_by_test_id("understood-1")).to_contain_text("単位が違います")
    assert (
        IndicatorYear.objects.get(indicator__project__number=4, fiscal_year=2020).actual_text == ""
    )
    web.shoot(page, "entry-slip-warning.png")
    page.get_by_test_id("confirm-1").check()
    save(page)
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.get_by_test_id("confirmed-1")).to_contain_text("確認済みの注意")
    confirmed = SlipConfirmation.objects.get()
    assert (confirmed.user, confirmed.code) == (people["sapporo"], "rating")
    enter_part(page, base, "40件")
    the_rest(people["sapporo"], plan_year)
    log_out(page)

    # 小樽市 and 石狩市: their parts of project 7; 石狩市 its headline KPI too
    log_in(page, base, "otaru-editor")
    expect(page.get_by_test_id("mine-7-1")).to_be_visible()
    enter_part(page, base, "20件")
    log_out(page)
    log_in(page, base, "ishikari-editor")
    expect(page.get_by_test_id("mine-kpi-1")).to_be_visible()
    enter_part(page, base, "10件")
    page.goto(base + url("headlines", 2020))
    page.get_by_test_id("text-1").fill("-")
    page.get_by_test_id("note-1").fill("測定方法を検討中")
    save(page)
    save(page, "submit-1")
    expect(page.get_by_test_id("state-1")).to_have_text("提出済み")
    log_out(page)
    assert (
        IndicatorYear.objects.get(
            indicator__project__number=7, indicator__position=1, fiscal_year=2020
        ).actual_text
        == "70件"
    )

    # 札幌市 submits projects 4 and 7 on their forms
    log_in(page, base, "sapporo-editor")
    for number in (4, 7):
        page.goto(base + url("project", 2020, number))
        save(page, "submit")
        expect(page.get_by_test_id("state")).to_have_text("提出済み")
    log_out(page)
    kpis_of_the_secretariat(people["secretariat"], plan_year)

    # the secretariat reviews: the confirmed slip beside the value; project 7 returned
    log_in(page, base, "sapporo-secretariat")
    page.goto(base + url("review", 2020) + "?project=4&project=7")
    mark = page.get_by_test_id("confirmed-4-1")
    expect(mark).to_contain_text("単位が違います")
    expect(mark).to_contain_text("sapporo-editor")
    web.shoot(page, "review-slip-confirmed.png")
    page.goto(base + url("review", 2020))
    page.get_by_test_id("pick-7").check()
    page.get_by_test_id("bulk-comment").fill("小樽市の値を確認してください")
    page.get_by_test_id("bulk-return").click()
    expect(page.get_by_test_id("message").first).to_contain_text("差し戻しました")
    log_out(page)

    # fixed: 小樽市 corrects its part, 札幌市 submits again
    log_in(page, base, "otaru-editor")
    enter_part(page, base, "25件")
    log_out(page)
    log_in(page, base, "sapporo-editor")
    page.goto(base + url("project", 2020, 7))
    save(page, "submit")
    expect(page.get_by_test_id("state")).to_have_text("提出済み")
    log_out(page)

    # all approved at once, the headline KPIs one by one, then published on the web
    log_in(page, base, "sapporo-secretariat")
    page.goto(base + url("review", 2020))
    page.get_by_test_id("pick-all").click()
    page.get_by_test_id("bulk-approve").click()
    expect(page.get_by_test_id("message").first).to_contain_text("40件の事業を承認しました")
    page.goto(base + url("headlines", 2020))
    for position in (
        Indicator.objects.filter(kind=Indicator.Kind.HEADLINE)
        .values_list("position", flat=True)
        .order_by("position")
    ):
        save(page, f"approve-{position}")
        expect(page.get_by_test_id(f"state-{position}")).to_have_text("承認済み")
    page.goto(base + url("entry"))
    page.get_by_test_id("publish-link").click()
    page.get_by_test_id("publish-note").fill("2020年度 連携事業実施状況等一覧")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("dl-2020-1-pdf")).to_be_visible()
    assert not ProjectYear.objects.filter(fiscal_year=2020).exclude(state="approved").exists()

    # the published files carry the same 評価 for every indicator, and project 1's share
    files = {
        fmt: page.request.get(
            base + page.get_by_test_id(f"dl-2020-1-{fmt}").get_attribute("href")
        ).body()
        for fmt in ("xlsx", "pdf", "csv", "json")
    }
    published_formats_agree(files)


def published_formats_agree(files: dict[str, bytes]) -> None:
    rows = IndicatorYear.objects.filter(fiscal_year=2020).select_related("indicator")
    expected = {str(iy.indicator.uid): iy.published for iy in rows}
    assert all(expected.values())
    assert expected[str(rows.get(indicator__project__number=4).indicator.uid)] == "-"
    share = rows.get(indicator__kind=Indicator.Kind.ACHIEVEMENT)
    printed = share.computed_actual_text
    assert re.fullmatch(r"\d+\.\d%", printed), printed
    share_id = str(share.indicator.uid)

    data = json.loads(files["json"])
    kpis = [k for r in data["roles"] for k in r["headline_kpis"]]
    indicators = [i for r in data["roles"] for p in r["projects"] for i in p["indicators"]]
    assert {i["id"]: i["rating_published"] for i in kpis + indicators} == expected
    assert next(i for i in indicators if i["id"] == share_id)["actual"]["text"] == printed

    table = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert {r["indicator_id"]: r["rating_published"] for r in table} == expected
    assert next(r for r in table if r["indicator_id"] == share_id)["actual_text"] == printed

    sheet = _xlsx(files["xlsx"])
    assert {uid: symbol for uid, (symbol, _actual) in sheet.items()} == expected
    assert sheet[share_id][1] == printed

    # the PDF: its text (pdftotext) holds the share; its table read back gives every symbol
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "fy2020.pdf"
        pdf.write_bytes(files["pdf"])
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert printed in text
    assert "2020" in text
    read = read_status_list_pdf(files["pdf"], "fy2020.pdf")
    order = [k["id"] for k in kpis] + [i["id"] for i in indicators]
    symbols = [h.indicator.rating_published for h in read.headlines] + [
        i.rating_published for p in read.projects for i in p.indicators
    ]
    assert symbols == [expected[uid] for uid in order]
