"""Headline KPIs (基本KPI) in the cycle (issue 13.2): entered, rated and published like project
indicators — by the secretariat, or by the municipality the plan names for each — through the
one write path and the rights table; their notes kept from import to the web and the workbook."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import override
from openpyxl import load_workbook

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan
from hyoka.publishing import services as publishing
from hyoka.workflow import entering, services
from hyoka.workflow.cycle import Action, can
from hyoka.workflow.workbook import ACTUALS, KPI, apply_workbook, build_workbook
from tests.factories import OTARU, PASSWORD, SAPPORO, year_url

pytestmark = pytest.mark.django_db

NOTE = "説明（△・×のとき必須）"


def kpi(plan: Plan, position: int) -> Indicator:
    return Indicator.objects.get(plan=plan, kind=Indicator.Kind.HEADLINE, position=position)


def row(ind: Indicator, year: int = 2020) -> IndicatorYear:
    return IndicatorYear.objects.get(indicator=ind, fiscal_year=year)


def test_the_notes_printed_with_headline_kpis_are_imported(plan: Plan) -> None:
    notes = [row(kpi(plan, n), 2019).note for n in (1, 2)]
    assert notes == [
        "現時点における実績値の測定は不可",
        "実績値は圏域形成前の数値であるため、参考記載",
    ]


def test_secretariat_enters_a_headline_kpi(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    ind = kpi(plan, 2)
    result = entering.enter_actual(
        users["secretariat-own"], ind, 2020, "40,100千人 (2020年度)", version=0,
        note="速報値から集計",
    )  # fmt: skip
    iy = row(ind)
    assert (iy.actual_text, iy.note) == ("40,100千人 (2020年度)", "速報値から集計")
    assert result.rating == iy.computed == "-"  # the target year (2023年度) has not come
    assert iy.history.first().history_user == users["secretariat-own"]


@override("ja")  # the refusals are matched in Japanese
def test_editors_enter_only_the_kpis_the_plan_names_them_for(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = kpi(plan, 1)
    editor, otaru = users["editor-own"], users["editor-other"]
    with pytest.raises(services.Forbidden, match="事務局だけ"):
        entering.enter_actual(editor, ind, 2020, "28兆円 (2020年)", version=0)
    ind.lead = Municipality.objects.get(code=OTARU)
    ind.save()
    assert can(otaru, Action.ENTER, headline=ind)
    assert not can(editor, Action.ENTER, headline=ind)
    with pytest.raises(services.Forbidden, match="小樽市の担当者"):
        entering.enter_actual(editor, ind, 2020, "28兆円 (2020年)", version=0)
    entering.enter_actual(otaru, ind, 2020, "28兆円 (2020年)", version=0)
    assert row(ind).actual_text == "28兆円 (2020年)"
    with pytest.raises(services.Forbidden):  # not the other KPIs
        entering.enter_actual(otaru, kpi(plan, 2), 2020, "1人", version=0)


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_web_page_saves_and_keeps_what_was_typed_when_refused(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = kpi(plan, 2)
    client = _client(users["secretariat-own"])
    page = client.get(year_url("workflow:headlines", year=2020)).content.decode()
    assert ind.name in page
    assert f'name="text-{ind.uid}"' in page
    assert "38,596千人 (2018年度)" in page  # last year's value beside the field
    answer = client.post(
        year_url("workflow:headlines", year=2020),
        {f"text-{ind.uid}": "39,000千人 (2020年度)", f"version-{ind.uid}": "0",
         f"note-{ind.uid}": "観光統計による"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert (row(ind).actual_text, row(ind).note) == ("39,000千人 (2020年度)", "観光統計による")
    refused = client.post(
        year_url("workflow:headlines", year=2020),
        {f"text-{ind.uid}": "40,000千人 (2020年度)", f"version-{ind.uid}": "0",
         f"note-{ind.uid}": "古い版から"},
    )  # fmt: skip
    assert refused.status_code == 409
    body = refused.content.decode()
    assert 'value="40,000千人 (2020年度)"' in body
    assert "古い版から" in body
    assert row(ind).actual_text == "39,000千人 (2020年度)"
    # an editor the plan names for no KPI sees them read-only
    other = (
        _client(users["editor-own"]).get(year_url("workflow:headlines", year=2020)).content.decode()
    )
    assert f'name="text-{ind.uid}"' not in other
    assert "39,000千人 (2020年度)" in other


def test_the_workbook_carries_the_kpis_of_its_municipality(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = kpi(plan, 3)
    ind.lead = Municipality.objects.get(code=OTARU)
    ind.save()
    otaru = Municipality.objects.get(code=OTARU)
    wb = load_workbook(BytesIO(build_workbook(fy2020, otaru)))
    ws = wb[ACTUALS]
    h = {c.value: c.column for c in ws[1]}
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, h["ID"]).value == str(ind.uid)]
    assert len(rows) == 1
    assert ws.cell(rows[0], h["事業番号"]).value == KPI
    ws.cell(rows[0], h["実績値"]).value = "192,000人 (2020年度)"
    ws.cell(rows[0], h[NOTE]).value = "駅の乗車人員（速報）"
    out = BytesIO()
    wb.save(out)
    apply_workbook(out.getvalue(), users["editor-other"], fy2020, source="otaru.xlsx")
    assert (row(ind).actual_text, row(ind).note) == ("192,000人 (2020年度)", "駅の乗車人員（速報）")
    central = load_workbook(BytesIO(build_workbook(fy2020, Municipality.objects.get(code=SAPPORO))))
    ids = {c.value for c in central[ACTUALS]["N"]} | {
        str(v) for r in central[ACTUALS].iter_rows(values_only=True) for v in r
    }
    assert str(ind.uid) not in ids  # named for 小樽市: not in the secretariat's workbook
    assert str(kpi(plan, 1).uid) in ids


@override("ja")
def test_a_headline_kpi_is_submitted_returned_and_approved(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = kpi(plan, 4)
    ind.lead = Municipality.objects.get(code=OTARU)
    ind.save()
    otaru, secretariat = users["editor-other"], users["secretariat-own"]
    assert row(ind).state == "draft"
    with pytest.raises(services.WorkflowError, match="未入力"):
        services.review_headline(otaru, ind, 2020, Action.SUBMIT)
    entering.enter_actual(otaru, ind, 2020, "▲2,000人 (2020年)", version=0)
    with pytest.raises(services.Forbidden):
        services.review_headline(otaru, ind, 2020, Action.APPROVE)
    services.review_headline(otaru, ind, 2020, Action.SUBMIT)
    with pytest.raises(services.WorkflowError, match="提出済み"):
        entering.enter_actual(otaru, ind, 2020, "▲1,900人 (2020年)", version=1)
    client = _client(secretariat)
    page = client.get(year_url("workflow:headlines", year=2020)).content.decode()
    assert f'value="approve:{ind.uid}"' in page
    client.post(
        year_url("workflow:headlines", year=2020),
        {"action": f"return:{ind.uid}", f"comment-{ind.uid}": "出典を説明に書いてください"},
    )
    assert (row(ind).state, row(ind).comment) == ("returned", "出典を説明に書いてください")
    entering.enter_actual(
        otaru, ind, 2020, "▲1,900人 (2020年)", version=row(ind).version, note="住民基本台帳"
    )
    services.review_headline(otaru, ind, 2020, Action.SUBMIT)
    client.post(year_url("workflow:headlines", year=2020), {"action": f"approve:{ind.uid}"})
    assert row(ind).state == "approved"


@override("ja")
def test_publishing_waits_for_every_headline_kpi(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    ProjectYear.objects.filter(fiscal_year=2020).update(state="approved")
    with pytest.raises(services.WorkflowError, match="基本KPI「観光入込客数」"):
        publishing.publish(users["secretariat-own"], fy2020)
    assert PlanYear.objects.get(pk=fy2020.pk).status == "open"
