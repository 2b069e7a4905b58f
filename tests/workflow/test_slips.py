"""Slips caught before they are published (issue 13.6): a figure with a warning — another unit
than the target's, ten times off last year's, dated after the fiscal year, 累計 against a yearly
target — is saved only once the editor confirms it, on the form, in the workbook and through the
API; the confirmation (who, when, which warning) is shown to the reviewer."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from hyoka.api.models import ApiToken
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.plans.models import Indicator, Plan
from hyoka.workflow import entering, services, slips
from hyoka.workflow.models import SlipConfirmation
from hyoka.workflow.workbook import ACTUALS, WorkbookRejected, apply_workbook, build_workbook
from tests.factories import PASSWORD, SAPPORO, year_url

pytestmark = pytest.mark.django_db

#: project 4's indicator: target 15件/年度, FY2019's actual 15件
TARGET, LAST = "15件/年度", "15件"


def project_url(year: int, number: int) -> str:
    return year_url("workflow:project", number, year=year)


def four(plan: Plan) -> Indicator:
    ind: Indicator = plan.projects.get(number=4).indicators.get()
    assert (
        ind.target_text,
        IndicatorYear.objects.get(indicator=ind, fiscal_year=2019).actual_text,
    ) == (TARGET, LAST)
    return ind


def row(ind: Indicator) -> IndicatorYear:
    return IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)


@override("ja")
@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("１２３人", "rating", "単位が違います"),
        ("150件", "last_year", "前年度の実績「15件」と桁が10倍以上違います"),
        ("15件 (2021年度)", "rating", "一覧の年度（2020年度）より後"),
        ("60件（累計）", "rating", "累計"),
        ("1,600件", "rating", "桁が100倍以上"),
    ],
)
def test_each_kind_of_slip_is_found_by_core(
    plan: Plan, fy2020: PlanYear, text: str, code: str, words: str
) -> None:
    found = slips.slips_of(four(plan), 2020, text, LAST)
    assert [s.code for s in found][:1] == [code], found
    assert words in found[0].message
    assert found[0].message_en
    assert found[0].message_en != found[0].message


def test_plain_figures_raise_no_warning(plan: Plan, fy2020: PlanYear) -> None:
    for text in ("16件", "14件（見込）", "-", "", "集計中"):
        assert slips.slips_of(four(plan), 2020, text, LAST) == [], text


@override("ja")
def test_a_slip_is_saved_only_when_confirmed(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    ind, editor = four(plan), users["editor-own"]
    with pytest.raises(slips.SlipsToConfirm) as refused:
        entering.enter_actual(editor, ind, 2020, "123人", version=0)
    assert refused.value.status == 409
    assert "単位が違います" in refused.value.message
    assert "確認しました（このまま保存）" in refused.value.message
    assert row(ind).actual_text == ""  # nothing written
    key = refused.value.slips[0].key
    assert not slips.confirmed_of(refused.value.slips, {"other"})
    entering.enter_actual(editor, ind, 2020, "123人", version=0, confirmed=[key], via="（API）")
    iy = row(ind)
    assert (iy.actual_text, iy.computed) == ("123人", "-")
    confirmation = SlipConfirmation.objects.get()
    assert (confirmation.user, confirmation.text, confirmation.code) == (editor, "123人", "rating")
    assert "単位が違います" in confirmation.message
    assert confirmation.via == "API"
    # the same figure saved again (a note added) asks nothing more
    entering.enter_actual(editor, ind, 2020, "123人", version=iy.version, note="確認中")
    assert SlipConfirmation.objects.count() == 1


def test_a_confirmation_never_covers_another_figure(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind, editor = four(plan), users["editor-own"]
    with pytest.raises(slips.SlipsToConfirm) as first:
        entering.enter_actual(editor, ind, 2020, "123人", version=0)
    with pytest.raises(slips.SlipsToConfirm):
        entering.enter_actual(
            editor, ind, 2020, "124人", version=0, confirmed=[s.key for s in first.value.slips]
        )
    entering.enter_actual(editor, ind, 2020, "124人", version=0, confirmed=True)
    assert row(ind).actual_text == "124人"


@override("ja")
def test_a_slip_refusal_names_the_other_refusals_too(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = four(plan)
    other = plan.projects.get(number=2).indicators.order_by("position").first()
    assert other is not None
    entries: list[entering.Entry] = [
        entering.Actual(ind, "123人", 0),
        entering.Actual(other, "1回", 7),  # a stale version
    ]
    with pytest.raises(entering.SaveRefused) as refused:
        entering.save(users["editor-own"], fy2020, entries)
    kinds = sorted(type(e).__name__ for _entry, e in refused.value.errors)
    assert kinds == ["Conflict", "SlipsToConfirm"]
    assert row(ind).actual_text == ""


@override("ja")
def test_the_form_asks_to_confirm_then_the_reviewer_sees_it(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = four(plan)
    client = Client()
    client.login(username="editor-sapporo", password=PASSWORD)
    url = project_url(2020, 4)
    form = {f"text-{ind.uid}": "１２３人", f"version-{ind.uid}": "0", "action": "save"}
    refused = client.post(url, form)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert 'data-testid="slip-1"' in page
    assert "単位が違います" in page
    assert "確認しました（このまま保存）" in page
    assert 'value="１２３人"' in page  # what was typed is kept, with its preview
    assert row(ind).actual_text == ""
    box = refused.context["rows"][0]["slip_keys"]
    saved = client.post(url, form | {f"confirm-{ind.uid}": box})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert row(ind).actual_text in ("１２３人", "123人")
    again = client.get(url).content.decode()
    assert 'data-testid="confirmed-1"' in again
    # the reviewer's page: the confirmed warning beside the value, with who confirmed it
    reviewer = Client()
    reviewer.login(username="secretariat-sapporo", password=PASSWORD)
    review = reviewer.get(year_url("workflow:review", year=2020) + "?project=4").content.decode()
    assert 'data-testid="confirmed-4-1"' in review
    assert "確認済みの注意" in review
    assert "単位が違います" in review
    assert "editor-sapporo" in review


@override("ja")
def test_a_headline_kpi_asks_too(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    kpi = Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE).order_by("position")[1]
    target = kpi.target_text
    client = Client()
    client.login(username="secretariat-sapporo", password=PASSWORD)
    url = year_url("workflow:headlines", year=2020)
    form = {f"text-{kpi.uid}": "40,100千人 (2022年度)", f"version-{kpi.uid}": "0"}
    refused = client.post(url, form)
    assert refused.status_code == 409, target
    assert "より後です" in refused.content.decode()
    box = next(r for r in refused.context["rows"] if r["indicator"] == kpi)["slip_keys"]
    assert client.post(url, form | {f"confirm-{kpi.uid}": box}).status_code == 302
    assert 'data-testid="confirmed-2"' in client.get(url).content.decode()


@override("ja")
def test_the_workbook_reports_each_slip_and_takes_it_once_confirmed(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = four(plan)
    sapporo = users["editor-own"].membership.municipality
    assert sapporo.code == SAPPORO
    wb = load_workbook(BytesIO(build_workbook(fy2020, sapporo)))
    ws = wb[ACTUALS]
    header = [c.value for c in ws[1]]
    at = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, header.index("ID") + 1).value == str(ind.uid)
    )
    ws.cell(at, header.index("実績値") + 1).value = "150件"
    out = BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookRejected) as rejected:
        apply_workbook(out.getvalue(), users["editor-own"], fy2020)
    (problem,) = rejected.value.problems
    assert (problem.kind, problem.row, problem.text) == ("slip", at, "150件")
    assert "前年度の実績「15件」" in problem.message
    assert "チェック" in problem.message
    assert row(ind).actual_text == ""
    result = apply_workbook(out.getvalue(), users["editor-own"], fy2020, confirm_warnings=True)
    assert len(result.applied) == 1
    assert SlipConfirmation.objects.get().code == "last_year"


def test_the_api_refuses_with_the_warnings_until_confirmed(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = four(plan)
    _, token = ApiToken.issue(users["editor-own"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    path = f"/api/v1/indicators/{ind.uid}/actuals/2020"

    def put(body: dict[str, Any]) -> Any:
        return client.put(path, json.dumps(body), content_type="application/json")

    refused = put({"text": "60件（累計）", "version": 0})
    assert refused.status_code == 409, refused.content
    (warning,) = refused.json()["warnings"]
    assert warning["code"] == "rating"
    assert "累計" in warning["message"]
    assert row(ind).actual_text == ""
    assert put({"text": "60件（累計）", "version": 0, "confirm_warnings": ["x"]}).status_code == 409
    done = put({"text": "60件（累計）", "version": 0, "confirm_warnings": [warning["key"]]})
    assert done.status_code == 200, done.content
    assert done.json()["rating_computed"] == "-"
    other = plan.projects.get(number=2).indicators.order_by("position").first()
    assert other is not None
    ok = client.put(
        f"/api/v1/indicators/{other.uid}/actuals/2020",
        json.dumps({"text": "1,000社", "version": 0, "confirm_warnings": True}),
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content


@override("ja")
def test_a_part_is_checked_as_the_total_it_makes(plan: Plan, users: Any) -> None:
    """Project 7's 商談件数 (60件/年度, 86件 last year) adds up the parts: a part that makes the
    total ten times last year's asks to be confirmed, naming the total."""
    summed = plan.projects.get(number=7).indicators.get(position=1)
    Indicator.objects.filter(pk=summed.pk).update(aggregation="sum")
    summed.refresh_from_db()
    fy2020 = services.open_year(users["secretariat-own"], plan, 2020)
    sapporo = users["editor-own"].membership.municipality
    with pytest.raises(slips.SlipsToConfirm) as refused:
        entering.enter_contribution(users["editor-own"], summed, 2020, sapporo, "900件", version=0)
    assert "実績「900件」は前年度の実績「86件」" in refused.value.message
    done = entering.enter_contribution(
        users["editor-own"], summed, 2020, sapporo, "900件", version=0, confirmed=True
    )
    assert done.indicator_year.actual_text == "900件"
    confirmation = SlipConfirmation.objects.get()
    assert (confirmation.municipality, confirmation.text) == (sapporo, "900件")
    shown = slips.confirmed_slips([done.indicator_year])
    assert [c.code for c in shown[done.indicator_year.pk]] == ["last_year"]
    assert fy2020.fiscal_year == 2020


def test_the_preview_says_what_saving_will_ask_to_confirm(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = four(plan)
    client = Client()
    client.force_login(users["editor-own"])
    asked = {"indicator": str(ind.uid), "year": 2020}
    odd = client.get(reverse("workflow:preview"), asked | {"text": "150件"}).json()
    assert [w["code"] for w in odd["warnings"]] == ["last_year"]
    assert odd["rating"] == "◎"  # rated as it is; the warning only asks to look again
    plain = client.get(reverse("workflow:preview"), asked | {"text": "16件"}).json()
    assert plain["warnings"] == []
