"""The published list is the document (issue 13.1): FY2020 run through the cycle and published,
then every format read back — the xlsx (openpyxl), the PDF (its text, through the PDF reader on
pdfplumber), the CSV, the JSON, the API and the web list — shows the same 評価 for every
indicator, the one frozen at publication, and project 1's achievement share as printed."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from hyoka.evaluation import queries
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.ingest.statuslist_pdf import read_status_list_pdf
from hyoka.plans.models import Indicator, Plan
from hyoka.publishing import services as publishing
from hyoka.reports.registry import render
from hyoka.reports.statuslist import Change, StatusListReport
from hyoka.workflow import entering, services
from hyoka.workflow.cycle import Action
from tests.factories import SAPPORO, make_user, plan_of, year_url

pytestmark = pytest.mark.django_db

#: The notes of the FY2019 list's first two headline KPIs, entered again for FY2020.
KPI_NOTES = ("現時点における実績値の測定は不可", "実績値は圏域形成前の数値であるため、参考記載")
PROGRESS = "・さっぽろ連携中枢都市圏関係者首長会議を開催（7/10）"
OVERRIDE = ("○", "年度末に開催済みで、参加者数は集計中のため")


def _run_cycle(plan: Plan) -> tuple[PlanYear, Any]:
    """FY2020: opened, every indicator entered (last year's figures; the headline KPIs with
    their notes; one rating overridden with a reason), every project submitted and approved,
    then published."""
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    entries: list[entering.Entry] = []
    headlines = iter(KPI_NOTES)
    for ind in Indicator.objects.filter(plan=plan).exclude(kind="achievement").order_by("pk"):
        last = ind.years.get(fiscal_year=2019).actual_text or "-"
        note = next(headlines, "") if ind.kind == Indicator.Kind.HEADLINE else "数値を確認済み"
        entries.append(entering.Actual(ind, last, None, note=note))
    entries.append(entering.Notes(plan.projects.get(number=1), PROGRESS, None))
    entering.save(secretariat, plan_year, entries)
    overridden = plan.projects.get(number=2).indicators.get(position=1)
    entering.enter_actual(
        secretariat,
        overridden,
        2020,
        "1回",
        version=IndicatorYear.objects.get(indicator=overridden, fiscal_year=2020).version,
        override=OVERRIDE[0],
        override_reason=OVERRIDE[1],
    )
    for project in plan.projects.order_by("number"):
        services.submit(secretariat, project, 2020)
        services.approve(secretariat, project, 2020)
    for ind in Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE):
        services.review_headline(secretariat, ind, 2020, Action.SUBMIT)
        services.review_headline(secretariat, ind, 2020, Action.APPROVE)
    publishing.publish(secretariat, plan_year, "2020年度 実施状況等一覧")
    plan_year.refresh_from_db()
    return plan_year, overridden


def _symbols(report: StatusListReport) -> dict[str, str | None]:
    return {ind.id: ind.rating_published for ind in report.indicators()}


def _xlsx(data: bytes) -> dict[str, tuple[str, str]]:
    """indicator id → (評価, 実績値) as the sheet shows them."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[3]]
    rating, actual, uid = (header.index(h) for h in ("評価", "実績値（3月末見込含む）", "指標ID"))
    return {
        row[uid]: (row[rating] or "", row[actual] or "")
        for row in ws.iter_rows(min_row=4, values_only=True)
        if row[uid]
    }


def _web(html: str) -> dict[str, str]:
    """indicator id → the 評価（公表） cell of its row in the web list."""
    out = {}
    for row in html.split("<tr")[1:]:
        link = re.search(r'href="/indicators/([0-9a-f-]{36})/"', row)
        if link:
            cell = row.split('<td class="sym">', 1)[1].split("</td>", 1)[0]
            symbol = re.match(r'<span class="rating [^"]*" title="[^"]*">([^<]+)<', cell)
            out[link.group(1)] = symbol.group(1) if symbol else ""
    return out


def test_every_format_shows_the_published_symbol(plan: Plan) -> None:
    plan_year, overridden = _run_cycle(plan)
    rows = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=2020)
    expected = {str(iy.indicator.uid): iy.rating for iy in rows.select_related("indicator")}
    assert all(expected.values())
    # frozen at publication: the approved rating (computed, or the override) is 評価（公表）
    assert {str(iy.indicator.uid): iy.published for iy in rows} == expected
    assert expected[str(overridden.uid)] == OVERRIDE[0]
    share = rows.get(indicator__kind=Indicator.Kind.ACHIEVEMENT)
    assert re.fullmatch(r"\d+\.\d%", share.computed_actual_text), share.computed_actual_text
    printed_share = share.computed_actual_text
    share_id = str(share.indicator.uid)

    edition = plan_year.editions.get()
    report = publishing.report_for(2020, edition.number)
    assert _symbols(report) == expected
    assert report.to_json() == edition.data
    assert _symbols(publishing.report_for(2020)) == expected

    # JSON
    data = json.loads(render("json", report)[2])
    assert _symbols(StatusListReport.from_json(data)) == expected
    p1 = data["roles"][0]["projects"][0]["indicators"][0]
    assert (p1["id"], p1["actual"]["text"]) == (share_id, printed_share)
    changed = next(
        i for r in data["roles"] for p in r["projects"] for i in p["indicators"]
        if i["id"] == str(overridden.uid)
    )  # fmt: skip
    assert (changed["override"], changed["override_reason"]) == OVERRIDE
    kpis = [k for r in data["roles"] for k in r["headline_kpis"]]
    assert [k["notes"] for k in kpis[:2]] == list(KPI_NOTES)

    # CSV: every column of the document, the KPI notes and 連携事業実施状況等 included
    text = render("csv", report)[2].decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert {r["indicator_id"]: r["rating_published"] for r in table} == expected
    assert next(r for r in table if r["indicator_id"] == share_id)["actual_text"] == printed_share
    assert [r["notes"] for r in table if r["indicator_kind"] == "headline"][:2] == list(KPI_NOTES)
    notes = {r["project_number"]: r["project_notes"] for r in table if r["project_number"]}
    assert notes["1"] == PROGRESS

    # xlsx: the 評価 column, and project 1's share in the 実績値 column
    sheet = _xlsx(render("xlsx", report)[2])
    assert {uid: symbol for uid, (symbol, _) in sheet.items()} == expected
    assert sheet[share_id][1] == printed_share

    # PDF: its text read back (pdfplumber) — the same symbols in the document's order
    pdf = read_status_list_pdf(render("pdf", report)[2], "published.pdf")
    order = [k["id"] for k in kpis] + [
        i["id"] for r in data["roles"] for p in r["projects"] for i in p["indicators"]
    ]
    read = [h.indicator for h in pdf.headlines] + [i for p in pdf.projects for i in p.indicators]
    assert [i.rating_published for i in read] == [expected[uid] for uid in order]
    assert pdf.projects[0].indicators[0].actual == printed_share
    assert [h.notes for h in pdf.headlines[:2]] == list(KPI_NOTES)

    # the API and the web list, as an anonymous visitor sees the published year
    queries.KEPT.clear()
    client = Client()
    answer = client.get("/api/v1/indicators", {"year": 2020, "limit": 500}).json()
    api = {i["id"]: i["actuals"][0] for i in answer["items"]}
    assert {uid: a["rating_published"] for uid, a in api.items()} == expected
    assert api[share_id]["text"] == printed_share
    page = client.get(year_url("web:status_list", year=2020)).content.decode()
    assert _web(page) == expected
    assert all(note in page for note in KPI_NOTES)


def test_a_year_read_from_the_official_list_keeps_its_symbols(plan: Plan) -> None:
    """Publishing freezes the ratings of a year entered in Hyoka only: the FY2019 list keeps
    the symbols it printed (they differ from the computed ones in places)."""
    before = dict(IndicatorYear.objects.filter(fiscal_year=2019).values_list("pk", "published"))
    plan_year = PlanYear.objects.get(plan=plan, fiscal_year=2019)
    publishing.publish(make_user("sec", SAPPORO, "secretariat"), plan_year, "訂正")
    after = dict(IndicatorYear.objects.filter(fiscal_year=2019).values_list("pk", "published"))
    assert after == before
    kpi = IndicatorYear.objects.filter(fiscal_year=2019, indicator__kind="headline")
    assert kpi.order_by("indicator__position").first().note == KPI_NOTES[0]


def test_changes_list_only_real_changes_in_the_documents_order(plan: Plan) -> None:
    """FY2019 printed one ○ for project 3's two indicators; FY2020 prints ○ and ◎, whose worst
    is ○: no change (project 2's override, ◎ → ○, is one).
    What differs is listed in the order of the list (a project's 10th indicator after its 2nd)."""
    _run_cycle(plan)
    old, new = publishing.report_for(2019, 1), publishing.report_for(2020, 1)
    assert publishing.diff(new, new) == []
    rows = publishing.diff(old, new)
    projects = [r.project for r in rows]
    assert 3 not in projects
    assert next(r for r in rows if r.project == 2).changes == (Change("評価（公表）", "◎", "○"),)
    assert projects == sorted(projects, key=lambda n: (n is not None, n or 0))
    whole = next(r for r in rows if r.project == 14)  # one ○ printed in FY2019
    assert whole.changes == (Change("評価（公表）", "○", "×"),)
    queries.KEPT.clear()
    page = (
        Client()
        .get(reverse("web:changes", args=[plan_of(2019).pk]), {"from_year": 2019, "to_year": 2020})
        .content.decode()
    )
    assert page.count("<li>") == sum(len(r.changes) for r in rows)
