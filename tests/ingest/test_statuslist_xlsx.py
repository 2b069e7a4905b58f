"""The Excel reader: the exported workbook is the import template — it reads back into the
document model the text reader produces, a round trip through the database changes no cell,
and anything that is not such a workbook is refused in one line naming the file."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from hyoka.cli import main
from hyoka.core.i18n import use_language
from hyoka.core.statuslist import StatusList
from hyoka.ingest.readers import UnreadableFile, read_path
from hyoka.ingest.statuslist_xlsx import read_status_list_xlsx
from hyoka.publishing.imports import import_status_list
from hyoka.publishing.services import report_for
from hyoka.reports import render_xlsx
from tests.factories import import_seed

Cells = dict[str, dict[str, Any]]


@pytest.fixture
def exported(db: None) -> bytes:
    import_seed()
    return render_xlsx.render(report_for())[2]


def cells(data: bytes) -> Cells:
    """Every cell of every sheet, and the merged ranges."""
    wb = load_workbook(io.BytesIO(data))
    out: Cells = {}
    for ws in wb.worksheets:
        values = {c.coordinate: c.value for row in ws.iter_rows() for c in row}
        out[ws.title] = values | {"merged": sorted(str(r) for r in ws.merged_cells.ranges)}
    return out


def edit(data: bytes, change: Any) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb[render_xlsx.SHEET])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws: Any, number: int) -> int:
    return next(c.row for c in ws["C"] if c.value == number)


# -- the same document as the text reader ------------------------------------------------------


def test_reads_back_what_the_text_reader_read(exported: bytes, seed: StatusList) -> None:
    sl = read_status_list_xlsx(exported, "list.xlsx")
    assert (sl.title, sl.area, sl.fiscal_year) == (seed.title, seed.area, seed.fiscal_year)
    assert sl.legend == seed.legend
    assert sl.encoding == "xlsx"
    assert sorted((r.label, r.title, r.parent) for r in sl.roles) == sorted(
        (r.label, r.title, r.parent) for r in seed.roles
    )
    fields = ("number", "name", "summary", "role", "sub_role", "rating_cell", "notes")
    ifields = ("name", "baseline", "target", "actual", "rating_published")
    for a, b in zip(seed.projects, sl.projects, strict=True):
        assert [getattr(b, f) for f in fields] == [getattr(a, f) for f in fields]
        assert b.rating_published == a.rating_published
        assert [[getattr(i, f) for f in ifields] for i in b.indicators] == [
            [getattr(i, f) for f in ifields] for i in a.indicators
        ]
    assert [(h.role, h.indicator.name, h.indicator.actual) for h in sl.headlines] == [
        (h.role, h.indicator.name, h.indicator.actual) for h in seed.headlines
    ]
    # the one problem of the document itself that the layout does not repair away
    assert [p.kind for p in sl.problems] == ["duplicate_summary"]
    where = sl.problems[0].where
    assert where is not None
    assert (where.column, where.header) == (5, "事業概要")


def test_round_trip_changes_no_cell(exported: bytes) -> None:
    """text → database → xlsx → read → import → xlsx: every cell of every sheet the same."""
    sl = read_status_list_xlsx(exported, "list.xlsx")
    result = import_status_list(sl, exported)
    assert (result.achieved, result.rated) == (40, 47)
    assert result.changes == []
    again = render_xlsx.render(report_for())[2]
    assert cells(again) == cells(exported)


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_an_empty_database(tmp_path: Path) -> None:
    """The workbook alone carries the list: imported into an emptied database it exports
    the same cells (but the indicators' new ids in the hidden 指標ID column)."""
    import_seed()
    first = render_xlsx.render(report_for())[2]
    call_command("flush", interactive=False, verbosity=0)
    import_status_list(read_status_list_xlsx(first, "list.xlsx"), first)
    again = render_xlsx.render(report_for())[2]
    a, b = cells(first), cells(again)
    for sheet in (a, b):
        for key in [k for k in sheet[render_xlsx.SHEET] if k.startswith("N")]:
            del sheet[render_xlsx.SHEET][key]
    assert a == b


def test_hyoka_check_reads_the_workbook(
    exported: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(exported)
    assert main(["check", "--bundled", "sapporo-fy2019", "--format", "json"]) == 0
    text = json.loads(capsys.readouterr().out)
    assert main(["check", str(path), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["source"]["path"] == str(path)
    assert d["fiscal_year"] == 2019
    assert d["achievement"] == text["achievement"]
    assert d["disagreements"] == text["disagreements"]
    keys = ("number", "rating_published", "rating_computed")
    assert [[p[k] for k in keys] for p in d["projects"]] == [
        [p[k] for k in keys] for p in text["projects"]
    ]
    assert len(d["headline_kpis"]) == 4
    assert read_path(path).fiscal_year == 2019


# -- files that are not such a workbook --------------------------------------------------------


def _zip(**files: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def _workbook(*rows: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _broken_sheet(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            dst.writestr(item, body)
    return out.getvalue()


HEADER = ["役割", "連携事業名", "", "事業概要", "評価指標", "基準値", "目標値", "実績値", "評価"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old .xls"),
        ("役割\t連携事業名\n".encode(), "not an Excel workbook (an .xlsx file is a zip archive)"),
        (_zip(**{"hello.txt": "hi"}), "a broken Excel workbook"),
        (_workbook(["名簿"], ["氏名", "住所"]), "no sheet (Sheet) has a header row with 評価指標"),
        (
            _workbook(["評価指標", "目標値", "実績値"]),
            "the header lacks 連携事業名, 事業概要, 基準値, 評価",
        ),
        (_workbook(HEADER), "連携事業名 must cover two columns"),
    ],
)
def test_unreadable_files_are_refused_in_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as err, use_language("en"):
        read_status_list_xlsx(data, "upload.xlsx")
    message = str(err.value)
    assert message.startswith("upload.xlsx: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.usefixtures("english")
def test_a_broken_sheet_and_a_list_without_rows(exported: bytes) -> None:
    with pytest.raises(UnreadableFile, match=r"^upload.xlsx: a broken Excel workbook \("):
        read_status_list_xlsx(_broken_sheet(exported), "upload.xlsx")

    def clear(ws: Any) -> None:
        ws.delete_rows(render_xlsx.FIRST_ROW, ws.max_row)

    with pytest.raises(UnreadableFile, match="header row 3 but no project"):
        read_status_list_xlsx(edit(exported, clear), "upload.xlsx")


def test_hyoka_check_exits_2_on_a_file_that_is_no_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("役割\t連携事業名\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hyoka check: {path}: Excelブックではありません")
    assert err.count("\n") == 1
    assert main(["check", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(f"hyoka check: {path}: not an Excel workbook")
    old = tmp_path / "list.xls"
    old.write_bytes(b"x")
    assert main(["check", str(old), "--lang", "en"]) == 2
    assert "save it as .xlsx" in capsys.readouterr().err


# -- problems, named by row and column ---------------------------------------------------------


def test_problems_name_row_and_column(exported: bytes) -> None:
    ws0 = load_workbook(io.BytesIO(exported))[render_xlsx.SHEET]
    r2, r6, r9 = row_of(ws0, 2), row_of(ws0, 6), row_of(ws0, 9)

    def damage(ws: Any) -> None:
        ws.unmerge_cells(f"C{r2}:C{r2 + 1}")
        ws[f"C{r2 + 1}"] = "二"  # not a number
        ws[f"I{r6}"] = dt.datetime(2019, 7, 12)  # Excel turned 7/12 into a date
        ws[f"J{r9}"] = "◎ ○ ×"  # three symbols for two indicators
        ws["A1"] = "さっぽろ連携中枢都市圏 連携事業実施状況等一覧"  # no year
        ws["J1"] = None

    sl = read_status_list_xlsx(edit(exported, damage), "upload.xlsx")
    by_kind = {p.kind: p for p in sl.problems}
    assert set(by_kind) >= {"project_number", "date_cell", "rating_count", "no_fiscal_year"}
    number = by_kind["project_number"]
    assert number.severity == "error"
    assert number.where is not None
    assert (number.where.row, number.where.column, number.text) == (r2 + 1, 3, "二")
    date = by_kind["date_cell"]
    assert date.where is not None
    assert (date.where.row, date.where.column) == (r6, 9)
    assert date.text == "2019-07-12"
    count = by_kind["rating_count"]
    assert count.where is not None
    assert (count.where.row, count.text) == (r9, "◎ ○ ×")
    assert sl.fiscal_year is None
    # project 2 kept its first line; its second line was skipped with the error
    assert [len(p.indicators) for p in sl.projects if p.number == 2] == [1]


def test_a_hand_made_list_is_read(db: None) -> None:
    """One role column, unmerged cells, the number repeated on each line of a project, a line
    added without a number, 評価 per line — read as the document means it."""
    data = _workbook(
        ["さっぽろ連携中枢都市圏 令和2年度 連携事業実施状況等一覧"],
        ["<評価凡例>◎：達成済み ○：達成見込 △：達成不可見込 ×：達成不可 -：評価不可"],
        ["役割", "番号", "連携事業名", "事業概要", "評価指標", "基準値", "目標値", "実績値（3月末見込含む）", "評価", "連携事業実施状況等"],
        ["ア 経済成長のけん引", "【基本KPI】", None, None, "観光入込客数", "37,076千人 (2017年度)", "44,000千人 (2023年度)", "-", "-"],
        ["ア 経済成長のけん引", 1, "企業誘致", "誘致する", "出展回数", "-", "1回/年度", "1回", "◎", "出展した"],
        [None, 1, "企業誘致", None, "立地企業数", "-", "12社/年度", "13社", "◎"],
        [None, None, None, None, "相談件数", "-", "10件/年度", "8件", "×"],
        ["A 生活機能の強化", "２", "救急医療", "相談", "会議の回数", "-", "1回/年度", "1回（予定）", "○"],
    )  # fmt: skip
    sl = read_status_list_xlsx(data, "hand.xlsx")
    assert (sl.area, sl.fiscal_year) == ("さっぽろ連携中枢都市圏", 2020)
    assert [(r.label, r.parent) for r in sl.roles] == [("ア", None), ("A", "ア")]
    assert [(h.role, h.indicator.name) for h in sl.headlines] == [("ア", "観光入込客数")]
    one, two = sl.projects
    assert (one.number, one.name, one.summary, one.notes) == (1, "企業誘致", "誘致する", "出展した")
    assert [i.rating_published for i in one.indicators] == ["◎", "◎", "×"]
    assert one.rating_published is None
    assert one.rating_cell == "◎ ◎ ×"
    assert (two.number, two.role, two.sub_role, two.rating_published) == (2, "ア", "A", "○")
    assert [p.kind for p in sl.problems] == ["continuation_row"]
    result = import_status_list(sl, data)
    assert result.fiscal_year == 2020


# -- the structure as people edit it -----------------------------------------------------------

HAND_HEADER = ["役割", "番号", "連携事業名", "事業概要", "評価指標", "基準値", "目標値", "実績値", "評価", "連携事業実施状況等"]  # fmt: skip
HAND_TOP = [["さっぽろ連携中枢都市圏 2020年度 連携事業実施状況等一覧"], HAND_HEADER]


def test_a_new_project_row_without_its_number_is_an_error_not_the_project_above(
    exported: bytes,
) -> None:
    """Regression (Issue 15): a new project row in the xlsx whose number was left blank was
    folded into the project above as one more indicator, with an info note only."""
    new = load_workbook(io.BytesIO(exported))[render_xlsx.SHEET].max_row + 1  # below project 40

    def add_project(ws: Any) -> None:
        for col, value in zip("DEFGHIJ", ["新しい事業", "新しい事業の概要", "新しい指標", "-", "3回/年度", "3回", "◎"], strict=True):  # fmt: skip
            ws[f"{col}{new}"] = value

    before = read_status_list_xlsx(exported, "list.xlsx")
    sl = read_status_list_xlsx(edit(exported, add_project), "upload.xlsx")
    errors = [p for p in sl.problems if p.kind == "missing_number"]
    assert len(errors) == 1
    e = errors[0]
    assert (e.severity, e.text) == ("error", "新しい事業")
    assert e.where is not None
    assert (e.where.row, e.where.column) == (new, 3)
    assert "新しい事業" in e.message
    assert "番号" in e.message
    assert e.expected
    p40 = next(p for p in sl.projects if p.number == 40)
    assert [i.name for i in p40.indicators] == [i.name for i in before.projects[39].indicators]
    assert "新しい指標" not in [i.name for p in sl.projects for i in p.indicators]
    assert [p.number for p in sl.projects] == list(range(1, 41))
    assert not [p for p in sl.problems if p.kind == "continuation_row"]


def test_hyoka_import_refuses_the_project_without_number(
    exported: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def add_project(ws: Any) -> None:
        r = ws.max_row + 1
        ws[f"D{r}"], ws[f"F{r}"], ws[f"H{r}"] = "新しい事業", "新しい指標", "3回/年度"

    path = tmp_path / "list.xlsx"
    path.write_bytes(edit(exported, add_project))
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "何も書き込んでいません" in err
    assert "事業番号がありません" in err
    assert "「新しい事業」" in err


def test_a_name_broken_across_lines_is_rejoined_saying_how() -> None:
    data = _workbook(
        *HAND_TOP,
        [None, 1, "救急医療の維持・向上等に", "相談を受ける", "会議の回数", "-", "1回/年度", "1回", "◎"],
        [None, None, "向けた取組の推進", None, "相談件数", "-", "10件/年度", "12件", "◎"],
        [None, 2, "MICE誘致の", "誘致する", "誘致件数", "-", "2件/年度", "2件", "◎"],
        [None, None, "推進", None, None, None, None, None, None],
        [None, 3, "Sapporo", "連携する", "参加者数", "-", "10人/年度", "12人", "◎"],
        [None, None, "MICE", None, None, None, None, None, None],
    )  # fmt: skip
    sl = read_status_list_xlsx(data, "hand.xlsx")
    assert [(p.number, p.name, len(p.indicators)) for p in sl.projects] == [
        (1, "救急医療の維持・向上等に向けた取組の推進", 2),
        (2, "MICE誘致の推進", 1),
        (3, "Sapporo MICE", 1),
    ]
    joined = [p for p in sl.problems if p.kind == "name_joined"]
    assert len(joined) == 3
    first = joined[0]
    assert first.severity == "warning"
    assert first.message == (
        "事業1の事業名が2行に分かれていました。行3「救急医療の維持・向上等に」と"
        "行4「向けた取組の推進」をつないで「救急医療の維持・向上等に向けた取組の推進」と読みました"
    )
    assert first.where is not None
    assert (first.where.row, first.where.column) == (3, 3)
    assert first.expected is not None
    assert "3〜4行" in first.expected
    with use_language("en"):
        english = read_status_list_xlsx(data, "hand.xlsx").problems[0]
    assert english.message.startswith("the name of project 1 was broken over 2 lines: row 3 「")
    assert english.expected == "the whole name in one cell (rows 3–4 merged, or typed in one cell)"
    assert not [p for p in sl.problems if p.severity == "error"]


def test_a_named_row_after_the_headline_kpis_is_a_project_without_number() -> None:
    data = _workbook(
        *HAND_TOP,
        ["ア 経済", "【基本KPI】", None, None, "観光入込客数", "-", "44,000千人 (2023年度)", "-", "-"],
        [None, None, "企業誘致", "誘致する", "出展回数", "-", "1回/年度", "1回", "◎"],
        [None, None, None, None, "立地企業数", "-", "12社/年度", "13社", "◎"],
        [None, 2, "創業", "促す", "講座の受講者数", "-", "100人/年度", "120人", "◎"],
    )  # fmt: skip
    sl = read_status_list_xlsx(data, "hand.xlsx")
    assert [h.indicator.name for h in sl.headlines] == ["観光入込客数"]
    assert [p.number for p in sl.projects] == [2]
    errors = [p for p in sl.problems if p.severity == "error"]
    assert [(p.kind, p.text, p.where.row if p.where else None) for p in errors] == [
        ("missing_number", "企業誘致", 4)
    ]
