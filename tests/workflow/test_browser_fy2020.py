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
from hyoka.workflow import entering, review, services
from hyoka.workflow.cycle import Action
from hyoka.workflow.models import SlipConfirmation
from tests.factories import OTARU, SAPPORO, import_seed, make_user, year_url
from tests.reports.test_published_document import _xlsx
from tests.web import test_browser as web
from tests.web.test_accessibility import assert_accessible
from tests.workflow.test_browser_cycle import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = web.browser

ISHIKARI = "012351"
SLIP = "１２３人"  # against project 4's 15件/年度: another unit


def url(name: str, *args: Any) -> str:
    """The one place these tests make an address: the URL's name and its arguments (a year
    first: the page of that year of its plan)."""
    if args:
        return year_url(f"workflow:{name}", *args[1:], year=int(args[0]))
    return reverse(f"workflow:{name}")


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


new_page = web.new_page


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
    entries: list[entering.Entry] = [
        entering.Actual(iy.indicator, "-", iy.version)
        for iy in rows.select_related("indicator").order_by("pk")
        if iy.indicator.project_id
        and iy.indicator.kind == Indicator.Kind.PROJECT
        and not iy.indicator.aggregation
    ]
    entering.save(editor, plan_year, entries)
    review.submit(editor, plan_year, [n for n in range(1, 41) if n not in (4, 7)])


def kpis_of_the_secretariat(secretariat: Any, plan_year: PlanYear) -> None:
    """The headline KPIs no member is named for: entered and submitted by the secretariat."""
    for ind in Indicator.objects.filter(
        plan=plan_year.plan, kind=Indicator.Kind.HEADLINE, lead__isnull=True
    ):
        iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
        entering.enter_actual(secretariat, ind, 2020, "-", version=iy.version, note="集計中")
        services.review_headline(secretariat, ind, 2020, Action.SUBMIT)


def test_fy2020_for_four_members_from_opening_to_the_published_list(
    live_server: Any, people: dict[str, Any], new_page: Any
) -> None:
    base = live_server.url
    # one browser context per person, each logged in once through the form
    secretariat, sapporo, otaru, ishikari = (new_page() for _ in range(4))

    # the secretariat opens FY2020: the board has the secretariat's line (its headline KPIs)
    log_in(secretariat, base, "sapporo-secretariat")
    secretariat.get_by_test_id("open-year").select_option("2020")
    secretariat.get_by_test_id("open-submit").click()
    expect(secretariat.get_by_test_id("year-status-2020")).to_have_text("入力受付中")
    expect(secretariat.locator('[data-municipality="secretariat"]')).to_be_visible()
    plan_year = PlanYear.objects.get(fiscal_year=2020)

    # 札幌市: a slip is shown beside the field and saved only once confirmed
    log_in(sapporo, base, "sapporo-editor")
    sapporo.goto(base + url("project", 2020, 4))
    sapporo.get_by_test_id("text-1").fill(SLIP)
    save(sapporo)
    expect(sapporo.get_by_test_id("slip-1")).to_contain_text("単位が違います")
    expect(sapporo.get_by_test_id("text-1")).to_have_value(SLIP)  # kept, with its preview
    expect(sapporo.get_by_test_id("understood-1")).to_contain_text("単位が違います")
    four = IndicatorYear.objects.get(indicator__project__number=4, fiscal_year=2020)
    assert four.actual_text == ""
    web.shoot(sapporo, "entry-slip-warning.png")
    assert_accessible(sapporo, "the entry form with a warning to confirm")
    sapporo.get_by_test_id("confirm-1").check()
    save(sapporo)
    expect(sapporo.locator(".message.success")).to_be_visible()
    expect(sapporo.get_by_test_id("confirmed-1")).to_contain_text("確認済みの注意")
    confirmed = SlipConfirmation.objects.get()
    assert (confirmed.user, confirmed.code) == (people["sapporo"], "rating")
    enter_part(sapporo, base, "40件")
    the_rest(people["sapporo"], plan_year)

    # 小樽市 and 石狩市: their parts of project 7; 石狩市 its headline KPI too
    log_in(otaru, base, "otaru-editor")
    expect(otaru.get_by_test_id("mine-7-1")).to_be_visible()
    enter_part(otaru, base, "20件")
    log_in(ishikari, base, "ishikari-editor")
    expect(ishikari.get_by_test_id("mine-kpi-1")).to_be_visible()
    enter_part(ishikari, base, "10件")
    ishikari.goto(base + url("headlines", 2020))
    ishikari.get_by_test_id("text-1").fill("-")
    ishikari.get_by_test_id("note-1").fill("測定方法を検討中")
    save(ishikari)
    save(ishikari, "submit-1")
    expect(ishikari.get_by_test_id("state-1")).to_have_text("提出済み")
    total = IndicatorYear.objects.get(
        indicator__project__number=7, indicator__position=1, fiscal_year=2020
    )
    assert total.actual_text == "70件"

    # 札幌市 submits projects 4 and 7 on their forms
    for number in (4, 7):
        sapporo.goto(base + url("project", 2020, number))
        save(sapporo, "submit")
        expect(sapporo.get_by_test_id("state")).to_have_text("提出済み")
    kpis_of_the_secretariat(people["secretariat"], plan_year)

    # the secretariat reviews: the confirmed slip beside the value; project 7 returned
    secretariat.goto(base + url("review", 2020) + "?project=4&project=7")
    mark = secretariat.get_by_test_id("confirmed-4-1")
    expect(mark).to_contain_text("単位が違います")
    expect(mark).to_contain_text("sapporo-editor")
    web.shoot(secretariat, "review-slip-confirmed.png")
    assert_accessible(secretariat, "the review page with a confirmed warning")
    secretariat.goto(base + url("review", 2020))
    secretariat.get_by_test_id("pick-7").check()
    secretariat.get_by_test_id("bulk-comment").fill("小樽市の値を確認してください")
    secretariat.get_by_test_id("bulk-return").click()
    expect(secretariat.get_by_test_id("message").first).to_contain_text("差し戻しました")

    # fixed: 小樽市 corrects its part, 札幌市 submits again
    enter_part(otaru, base, "25件")
    sapporo.goto(base + url("project", 2020, 7))
    expect(sapporo.get_by_test_id("comment")).to_have_text("小樽市の値を確認してください")
    save(sapporo, "submit")
    expect(sapporo.get_by_test_id("state")).to_have_text("提出済み")

    # all approved at once, the headline KPIs one by one, then published on the web
    secretariat.goto(base + url("review", 2020))
    secretariat.get_by_test_id("pick-all").click()
    secretariat.get_by_test_id("bulk-approve").click()
    expect(secretariat.get_by_test_id("message").first).to_contain_text("40件の事業を承認しました")
    secretariat.goto(base + url("headlines", 2020))
    headlines = Indicator.objects.filter(kind=Indicator.Kind.HEADLINE).order_by("position")
    for position in headlines.values_list("position", flat=True):
        save(secretariat, f"approve-{position}")
        expect(secretariat.get_by_test_id(f"state-{position}")).to_have_text("承認済み")
    secretariat.goto(base + url("entry"))
    secretariat.get_by_test_id("publish-link").click()
    secretariat.get_by_test_id("publish-note").fill("2020年度 連携事業実施状況等一覧")
    secretariat.get_by_test_id("publish").click()
    expect(secretariat.get_by_test_id("dl-2020-1-pdf")).to_be_visible()
    assert not ProjectYear.objects.filter(fiscal_year=2020).exclude(state="approved").exists()

    # the published files carry the same 評価 for every indicator, and project 1's share
    files = {}
    for fmt in ("xlsx", "pdf", "csv", "json"):
        link = secretariat.get_by_test_id(f"dl-2020-1-{fmt}").get_attribute("href")
        files[fmt] = secretariat.request.get(base + str(link)).body()
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
