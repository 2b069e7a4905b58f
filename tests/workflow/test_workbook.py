"""The entry workbook: download one organisation's rows, fill them in as in Excel, upload back —
every change through the services (audit trail with the uploader) or, on any problem, none."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan
from hyoka.workflow import entering, services
from hyoka.workflow.workbook import (
    ACTUALS,
    HELP,
    NOTES,
    PARTS,
    WorkbookError,
    WorkbookRejected,
    apply_workbook,
    build_workbook,
)
from tests.factories import OTARU, SAPPORO, make_user, year_url

pytestmark = pytest.mark.django_db

NOTE = "説明（△・×のとき必須）"


@pytest.fixture
def people(plan: Plan) -> dict[str, Any]:
    return {
        "secretariat": make_user("jimukyoku", SAPPORO, "secretariat"),
        "editor": make_user("sapporo-editor", SAPPORO, "editor"),
        "otaru": make_user("otaru-editor", OTARU, "editor"),
    }


@pytest.fixture
def year(plan: Plan, people: dict[str, Any]) -> PlanYear:
    return services.open_year(people["secretariat"], plan, 2020, deadline=dt.date(2020, 6, 30))


def sapporo() -> Municipality:
    return Municipality.objects.get(code=SAPPORO)


def headers(ws: Any) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def find_row(ws: Any, project: int, position: int | None = None) -> int:
    h = headers(ws)
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, h["事業番号"]).value == project and (
            position is None or ws.cell(r, h["指標番号"]).value == position
        ):
            return r
    raise AssertionError(f"no row for project {project} indicator {position}")


def fill(
    data: bytes, entries: dict[tuple[int, int | None], dict[str, Any]], sheet: str = ACTUALS
) -> bytes:
    """Type values into cells by header, as a person would in Excel; returns the saved file."""
    wb = load_workbook(BytesIO(data))
    ws = wb[sheet]
    h = headers(ws)
    for (project, position), values in entries.items():
        r = find_row(ws, project, position)
        for header, value in values.items():
            ws.cell(r, h[header]).value = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def iy(project: int, position: int, year: int = 2020) -> IndicatorYear:
    return IndicatorYear.objects.get(
        indicator__project__number=project, indicator__position=position, fiscal_year=year
    )


def history_rows() -> int:
    return (
        IndicatorYear.history.count() + ProjectYear.history.count() + Contribution.history.count()
    )


FILLED = {
    (2, 2): {"実績値": "13社"},
    (23, 1): {"実績値": "約80,000人"},
    (14, 2): {"実績値": "29人", NOTE: "参加者の募集時期が遅れたため。来年度は早めに募集する。"},
    (11, 1): {"実績値": "1回（予定）"},
}


def test_round_trip_enters_rates_and_audits(year: PlanYear, people: dict[str, Any]) -> None:
    editor = people["editor"]
    data = fill(build_workbook(year, sapporo()), FILLED)

    result = apply_workbook(data, editor, year, source="sapporo.xlsx")

    assert not result.problems
    assert sorted((c.sheet, c.after) for c in result.applied) == sorted(
        (ACTUALS, v["実績値"]) for v in FILLED.values()
    )
    assert all(c.row > 1 and c.label.startswith("事業") for c in result.applied)
    assert result.unchanged > 0  # the rows left alone were skipped
    for (project, position), values in FILLED.items():
        row = iy(project, position)
        assert row.actual_text == values["実績値"]
        assert row.version == 1
        assert row.entered_by == editor
        last = row.history.filter(history_change_reason="入力（Excel: sapporo.xlsx）").latest(
            "history_date"
        )
        assert last.history_user == editor
        assert last.actual_text == values["実績値"]
    assert iy(2, 2).computed == "◎"  # 13社 against 12社 a year
    assert iy(14, 2).computed == "×"  # 29人 against 45人 a year, with its explanation
    assert iy(14, 2).note.startswith("参加者の募集時期")
    change = next(c for c in result.applied if c.label.startswith("事業2 指標2"))
    assert (change.before, change.after, change.rating) == ("", "13社", "◎")
    assert "13社" in str(change)

    # export → import → export: the figures come back in the same cells
    again = load_workbook(BytesIO(build_workbook(year, sapporo())))[ACTUALS]
    filled = load_workbook(BytesIO(data))[ACTUALS]
    h = headers(again)
    for project, position in FILLED:
        r = find_row(again, project, position)
        assert r == find_row(filled, project, position)
        for header in ("実績値", NOTE, "評価修正の理由"):
            assert again.cell(r, h[header]).value == filled.cell(r, h[header]).value
        assert again.cell(r, h["版"]).value == 1
    assert again.cell(find_row(again, 2, 2), h["評価（自動）"]).value == "◎"

    # uploading the fresh export changes nothing
    before = history_rows()
    out = BytesIO()
    again.parent.save(out)
    assert apply_workbook(out.getvalue(), editor, year).applied == []
    assert history_rows() == before


def test_numbers_excel_converted_are_read_as_typed(year: PlanYear, people: dict[str, Any]) -> None:
    wb = load_workbook(BytesIO(build_workbook(year, sapporo())))
    ws = wb[ACTUALS]
    h = headers(ws)
    cell = ws.cell(find_row(ws, 36, 2), h["実績値"])  # target 75%/年度
    cell.value, cell.number_format = 0.8, "0%"  # Excel turned 80% into a number
    ws.cell(find_row(ws, 2, 2), h["実績値"]).value = 13  # typed without the unit
    out = BytesIO()
    wb.save(out)
    apply_workbook(out.getvalue(), people["editor"], year)
    assert iy(36, 2).actual_text == "80%"
    assert iy(2, 2).actual_text == "13"


def test_only_the_organisations_rows(year: PlanYear) -> None:
    otaru = load_workbook(BytesIO(build_workbook(year, Municipality.objects.get(code=OTARU))))
    assert otaru.sheetnames == [HELP, ACTUALS, PARTS, NOTES]
    for name in (ACTUALS, PARTS, NOTES):
        assert otaru[name].max_row == 1, name  # 小樽市 leads no project: headers only
    assert "小樽市" in str(otaru[HELP]["A1"].value)

    own = load_workbook(BytesIO(build_workbook(year, sapporo())))
    expected = (
        Indicator.objects.filter(plan=year.plan, project__lead=sapporo(), aggregation="")
        .exclude(kind=Indicator.Kind.ACHIEVEMENT)
        .count()
    )
    # and the headline KPIs the plan names no municipality for: the secretariat's (札幌市)
    kpis = Indicator.objects.filter(plan=year.plan, kind=Indicator.Kind.HEADLINE).count()
    assert own[ACTUALS].max_row == expected + kpis + 1
    assert own[NOTES].max_row == year.plan.projects.count() + 1


def test_contributions_of_participants(year: PlanYear, people: dict[str, Any]) -> None:
    ind = iy(39, 1).indicator  # 交流職員数 (圏域内各市町村 take part): add up each one's part
    ind.aggregation = Indicator.Aggregation.SUM
    ind.save()
    otaru = Municipality.objects.get(code=OTARU)
    wb = load_workbook(BytesIO(build_workbook(year, otaru)))
    ws = wb[PARTS]
    assert ws.max_row == 2
    h = headers(ws)
    assert ws.cell(2, h["団体コード"]).value == OTARU
    assert ws.cell(2, h["団体コード"]).number_format == "@"
    assert ws.cell(2, h["値"]).protection.locked is False
    ws.cell(2, h["値"]).value = "3人"
    out = BytesIO()
    wb.save(out)

    result = apply_workbook(out.getvalue(), people["otaru"], year)

    assert [c.after for c in result.applied] == ["3人"]
    part = Contribution.objects.get(indicator=ind, fiscal_year=2020, municipality=otaru)
    assert (part.text, part.entered_by) == ("3人", people["otaru"])
    assert iy(39, 1).actual_text == "3人"
    again = load_workbook(BytesIO(build_workbook(year, otaru)))[PARTS]
    assert again.cell(2, h["値"]).value == "3人"
    assert again.cell(2, h["合計（自動）"]).value == "3人"
    # the lead's entry sheet leaves the added-up indicator to the parts sheet
    own = load_workbook(BytesIO(build_workbook(year, sapporo())))[ACTUALS]
    with pytest.raises(AssertionError):
        find_row(own, 39, 1)


def test_progress_notes(year: PlanYear, people: dict[str, Any]) -> None:
    data = build_workbook(year, sapporo())
    text = "・圏域の事業者と意見交換会を開催（7/10）\n・展示会に共同出展（11月）"
    result = apply_workbook(
        fill(data, {(2, None): {"実施状況": text}}, NOTES), people["editor"], year
    )
    assert [c.label for c in result.applied] == ["事業2 実施状況"]
    pyr = ProjectYear.objects.get(project__number=2, fiscal_year=2020)
    assert pyr.notes == text
    assert pyr.history.latest("history_date").history_user == people["editor"]


def test_unreadable_number_rejects_everything(year: PlanYear, people: dict[str, Any]) -> None:
    data = fill(
        build_workbook(year, sapporo()),
        {(23, 1): {"実績値": "約80,000人"}, (2, 2): {"実績値": "たくさん"}},
    )
    before = history_rows()

    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(data, people["editor"], year)

    problem = caught.value.problems[0]
    ws = load_workbook(BytesIO(data))[ACTUALS]
    assert (problem.sheet, problem.row, problem.column, problem.header, problem.text) == (
        ACTUALS,
        find_row(ws, 2, 2),
        "H",
        "実績値",
        "たくさん",
    )
    message = str(caught.value)
    assert f"「実績値」シート {problem.row}行 H列（実績値）" in message
    assert "たくさん" in message
    assert "12社/年度" in message  # what was expected: a number like the target
    assert history_rows() == before
    assert iy(23, 1).actual_text == ""  # the good row was not written either


def test_rating_below_target_needs_an_explanation(year: PlanYear, people: dict[str, Any]) -> None:
    data = fill(
        build_workbook(year, sapporo()), {(14, 2): {"実績値": "29人"}, (2, 2): {"実績値": "13社"}}
    )
    before = history_rows()
    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(data, people["editor"], year)
    [problem] = caught.value.problems
    assert (problem.header, problem.column, problem.kind) == (NOTE, "I", "refused")
    assert "×" in problem.message
    assert history_rows() == before
    assert iy(2, 2).actual_text == iy(14, 2).actual_text == ""


def test_override_needs_a_listed_symbol_and_a_reason(
    year: PlanYear, people: dict[str, Any]
) -> None:
    data = build_workbook(year, sapporo())
    bad = fill(
        data, {(2, 2): {"実績値": "13社", "評価（修正）": "○"}, (2, 1): {"評価（修正）": "A"}}
    )
    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(bad, people["editor"], year)
    assert {(p.header, p.column) for p in caught.value.problems} == {
        ("評価修正の理由", "L"),
        ("評価（修正）", "K"),
    }
    good = fill(
        data, {(2, 2): {"実績値": "13社", "評価（修正）": "○", "評価修正の理由": "一部は見込み"}}
    )
    apply_workbook(good, people["editor"], year)
    row = iy(2, 2)
    assert (row.computed, row.override, row.rating) == ("◎", "○", "○")


def test_stale_version_is_a_conflict(year: PlanYear, people: dict[str, Any]) -> None:
    data = build_workbook(year, sapporo())
    entering.enter_actual(people["secretariat"], iy(2, 2).indicator, 2020, "12社", version=0)
    before = history_rows()
    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(fill(data, {(2, 2): {"実績値": "13社"}}), people["editor"], year)
    [problem] = caught.value.problems
    assert problem.kind == "conflict"
    assert "jimukyoku" in problem.message
    assert "12社" in problem.message
    assert history_rows() == before
    assert iy(2, 2).actual_text == "12社"


def test_newer_value_of_an_untouched_row_is_kept(year: PlanYear, people: dict[str, Any]) -> None:
    data = build_workbook(year, sapporo())
    entering.enter_actual(people["secretariat"], iy(2, 2).indicator, 2020, "12社", version=0)
    result = apply_workbook(fill(data, {(23, 1): {"実績値": "約80,000人"}}), people["editor"], year)
    assert [c.after for c in result.applied] == ["約80,000人"]
    assert len(result.kept) == 1
    assert iy(2, 2).actual_text == "12社"


def test_other_organisation_may_not_enter(year: PlanYear, people: dict[str, Any]) -> None:
    data = fill(build_workbook(year, sapporo()), {(2, 2): {"実績値": "13社"}})
    before = history_rows()
    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(data, people["otaru"], year)
    assert [p.kind for p in caught.value.problems] == ["refused"]
    assert "札幌市" in caught.value.problems[0].message
    assert history_rows() == before


def _broken(data: bytes, how: str) -> bytes:
    if how == "not a zip":
        return b"not a zip"
    if how == "xls":
        return b"\xd0\xcf\x11\xe0" + b"\0" * 100
    wb = load_workbook(BytesIO(data))
    if how == "sheet removed":
        del wb[NOTES]
    elif how == "columns moved":
        ws = wb[ACTUALS]
        ws["H1"].value, ws["I1"].value = ws["I1"].value, ws["H1"].value
    elif how == "column inserted":
        wb[PARTS].insert_cols(5)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("not a zip", ".xlsx"),
        ("xls", "（.xls や .csv では読めません）"),
        ("sheet removed", "「実施状況」シートがありません"),
        ("columns moved", "H列は「実績値」"),
        ("column inserted", "E列は「目標値」のはずですが、「（空欄）」"),
    ],
    ids=["not-a-zip", "xls", "sheet-removed", "columns-moved", "column-inserted"],
)
def test_unreadable_workbook(year: PlanYear, people: dict[str, Any], how: str, says: str) -> None:
    data = _broken(build_workbook(year, sapporo()), how)
    with pytest.raises(WorkbookError, match=r".") as caught:
        apply_workbook(data, people["editor"], year)
    assert says in caught.value.message


def test_workbook_of_another_year(year: PlanYear, people: dict[str, Any]) -> None:
    fy2019 = PlanYear.objects.get(plan=year.plan, fiscal_year=2019)
    with pytest.raises(WorkbookError, match="2019年度のもの"):
        apply_workbook(build_workbook(fy2019, sapporo()), people["editor"], year)


def test_layout_protection_and_validation(year: PlanYear) -> None:
    wb = load_workbook(BytesIO(build_workbook(year, sapporo())))
    assert wb.sheetnames[0] == HELP
    help_text = "\n".join(str(c.value) for row in wb[HELP].iter_rows() for c in row if c.value)
    for words in ("12社", "約79,600人", "1回（予定）", "「-」", "2020年6月30日", "アップロード"):
        assert words in help_text
    ws = wb[ACTUALS]
    h = headers(ws)
    assert list(h)[:8] == [
        "事業番号",
        "連携事業名",
        "指標番号",
        "評価指標",
        "基準値",
        "目標値",
        "前年度の実績値",
        "実績値",
    ]
    assert ws.freeze_panes == "E2"
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    r = find_row(ws, 14, 2)
    assert ws.row_dimensions[1].height
    assert all(ws.row_dimensions[i].height for i in range(2, ws.max_row + 1))
    assert ws.cell(r, h["前年度の実績値"]).value == "29人"  # last year's actual, pre-filled
    for header in ("実績値", NOTE, "評価（修正）", "評価修正の理由"):
        assert ws.cell(r, h[header]).protection.locked is False, header
    for header in ("事業番号", "評価指標", "目標値", "前年度の実績値", "評価（自動）", "版", "ID"):
        assert ws.cell(r, h[header]).protection.locked is True, header
    id_column = ws.cell(1, h["ID"]).column_letter
    assert ws.column_dimensions[id_column].hidden
    assert ws.cell(r, h["ID"]).value == str(iy(14, 2).indicator.uid)
    assert ws.cell(r, h["ID"]).number_format == "@"
    [rating] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert rating.formula1 == '"◎,○,△,×,-"'
    assert str(rating.sqref) == f"K2:K{ws.max_row}"
    for name in (PARTS, NOTES, HELP):
        assert wb[name].protection.sheet is True


def test_locked_rows_of_submitted_projects(year: PlanYear, people: dict[str, Any]) -> None:
    project = iy(2, 2).indicator.project
    ProjectYear.objects.filter(project=project, fiscal_year=2020).update(
        state=ProjectYear.State.SUBMITTED
    )
    ws = load_workbook(BytesIO(build_workbook(year, sapporo())))[ACTUALS]
    h = headers(ws)
    assert ws.cell(find_row(ws, 2, 2), h["実績値"]).protection.locked is True
    assert ws.cell(find_row(ws, 3, 1), h["実績値"]).protection.locked is False


def test_web_download_and_upload(year: PlanYear, people: dict[str, Any]) -> None:
    """The same round trip through the entry page's download link and upload form."""
    import io

    from django.test import Client
    from openpyxl import load_workbook

    client = Client()
    client.force_login(people["editor"])
    response = client.get(year_url("workflow:workbook", year=2020))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('hyoka-2020-011002.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["実績値"]
    header = [c.value for c in sheet[1]]
    col = header.index("実績値") + 1
    number_col = header.index("事業番号") + 1
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, number_col).value in (4, "4")
    )
    sheet.cell(row, col).value = "15件"
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "filled.xlsx"
    done = client.post(
        year_url("workflow:workbook_upload", year=2020), {"workbook": upload}, follow=True
    )
    assert "1件を取り込みました" in done.content.decode()
    stored = IndicatorYear.objects.get(indicator__project__number=4, fiscal_year=2020)
    assert stored.actual_text == "15件"
    entry = stored.history.filter(history_change_reason__contains="filled.xlsx").get()
    assert (entry.actual_text, entry.history_user) == ("15件", people["editor"])
    # another organisation's workbook is not for an editor of 小樽市
    otaru = Client()
    otaru.force_login(people["otaru"])
    assert (
        otaru.get(year_url("workflow:workbook", year=2020) + "?organisation=011002").status_code
        == 403
    )
    # 小樽市 leads nothing and no indicator adds up its part: no empty workbook, a message
    nothing = otaru.get(year_url("workflow:workbook", year=2020), follow=True)
    assert nothing.redirect_chain == [("/entry/", 302)]
    assert "小樽市が2020年度に入力するものはありません" in nothing.content.decode()
