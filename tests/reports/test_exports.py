"""The exports of a year's status list (xlsx, CSV, JSON, the registry and `hyoka export`), made
from the seed imported into an empty database; the data dictionary kept honest."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.cli import main
from hyoka.publishing.services import report_for
from hyoka.reports import registry, render_csv, render_json, render_xlsx
from hyoka.reports.statuslist import StatusListReport
from tests.factories import import_seed, reason

DOCS = Path(__file__).parent.parent.parent / "docs" / "open-data.md"


@pytest.fixture
def report(db: None) -> StatusListReport:
    import_seed()
    return report_for()


def projects(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The projects of a report's JSON."""
    return [p for role in data["roles"] for p in role["projects"]]


def renamed(report: StatusListReport, index: int, name: str) -> StatusListReport:
    """The report with its ``index``-th project (in the document's order) named ``name``."""
    data = report.to_json()
    projects(data)[index]["name"] = name
    return StatusListReport.from_json(data)


def sheet(data: bytes, name: str = render_xlsx.SHEET) -> Worksheet:
    ws = load_workbook(io.BytesIO(data))[name]
    assert isinstance(ws, Worksheet)
    return ws


# -- registry --------------------------------------------------------------------------------


def test_registry_lists_every_format_and_imports_none_up_front() -> None:
    assert set(registry.FORMATS) == {"xlsx", "csv", "json", "pdf", "html"}
    assert registry.FORMATS["pdf"] == "hyoka.reports.render_pdf"
    assert registry.FORMATS["html"] == "hyoka.reports.render_html"
    code = (
        "import sys, hyoka.reports.registry as r; "
        "print(sorted(m for m in sys.modules if m.startswith('hyoka.reports.render_')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_registry_refuses_an_unknown_format() -> None:
    with pytest.raises(registry.UnknownFormat, match="known: xlsx, csv, json, pdf, html"):
        registry.render("docx", {})


def test_every_own_format_is_produced(report: StatusListReport) -> None:
    for fmt, mimetype in (
        ("xlsx", render_xlsx.MIMETYPE),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
    ):
        name, mime, data = registry.render(fmt, report)
        assert name == f"hyoka-status-list-2019.{fmt}"
        assert mime == mimetype
        assert len(data) > 10_000


# -- xlsx ------------------------------------------------------------------------------------


def test_xlsx_is_the_official_layout(report: StatusListReport) -> None:
    ws = sheet(render_xlsx.render(report)[2])
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert ws["A1"].value == "さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧"
    assert "令和元年度" in values
    assert (
        ws["A2"].value
        == "<評価凡例>◎：達成済み ○：達成見込 △：達成不可見込 ×：達成不可 -：評価不可"
    )
    header = [c.value for c in ws[render_xlsx.HEADER_ROW]]
    nine = [h for h in header[:11] if h]
    assert nine == list(report.columns)
    assert header[11:13] == [render_xlsx.COMPUTED, render_xlsx.REASON]
    for p in report.projects():
        assert p.name in values
    assert values.count(render_xlsx.KPI_MARK) == 3  # once per role, over its KPI rows
    # one line per indicator: 4 headline KPIs + 56 indicators under the header
    last = ws.max_row
    assert last - render_xlsx.HEADER_ROW == 60


def test_xlsx_merges_roles_and_projects(report: StatusListReport) -> None:
    ws = sheet(render_xlsx.render(report)[2])
    merged = {str(r): r for r in ws.merged_cells.ranges}
    roles = sorted(
        (r for r in merged.values() if r.min_col == 1 and r.max_row > r.min_row),
        key=lambda r: r.min_row,
    )
    labels = [ws.cell(r.min_row, 1).value for r in roles]
    assert [label.split()[0] for label in labels] == ["ア", "イ", "ウ"]
    assert sum(r.max_row - r.min_row + 1 for r in roles) == 60  # every row under a role
    sub_roles = sorted(
        (r for r in merged.values() if r.min_col == 2 and r.max_col == 2), key=lambda r: r.min_row
    )
    assert [ws.cell(r.min_row, 2).value for r in sub_roles] == [
        "A 生活機能の強化",
        "B 結びつきやネットワークの強化",
        "C ネット機能の強化",
    ]
    # project 6 has three indicators under one published symbol: name, summary, notes and
    # 評価 merged over its three lines; project 25 rates each of its two indicators
    row6 = next(c.row for c in ws["C"] if c.value == 6)
    for col in "CDEJK":
        assert f"{col}{row6}:{col}{row6 + 2}" in merged
    assert ws[f"J{row6}"].value == "×"
    row25 = next(c.row for c in ws["C"] if c.value == 25)
    assert f"J{row25}:J{row25 + 1}" not in merged
    assert [ws[f"J{row25}"].value, ws[f"J{row25 + 1}"].value] == ["◎", "○"]
    # computed beside published: project 14 published ○, computed ×
    row14 = next(c.row for c in ws["C"] if c.value == 14)
    assert (ws[f"J{row14}"].value, ws[f"L{row14}"].value) == ("○", "×")
    assert ws[f"L{row14}"].fill.fgColor.rgb.endswith("F8CBAD")


def test_xlsx_prints_a3_landscape_with_the_header_on_every_page(report: StatusListReport) -> None:
    ws = sheet(render_xlsx.render(report)[2])
    assert int(ws.page_setup.paperSize) == 8  # A3
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$3:$3"
    assert ws.row_breaks.count >= 2  # pages break between projects, never inside one
    assert ws.column_dimensions["N"].hidden  # 指標ID


def test_xlsx_writes_row_heights_wraps_and_one_font(report: StatusListReport) -> None:
    ws = sheet(render_xlsx.render(report)[2])
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    assert all(h for h in heights)
    row15 = next(c.row for c in ws["C"] if c.value == 15)  # the longest 事業概要
    assert ws.row_dimensions[row15].height + ws.row_dimensions[row15 + 1].height > 120
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.row >= render_xlsx.HEADER_ROW:
                assert c.alignment.wrap_text, c.coordinate
    # openpyxl drops the style of covered cells when it loads a file: look before saving
    wb = render_xlsx.workbook(report)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.font.name == render_xlsx.FONT, c.coordinate
                assert c.font.charset == 128  # where the font is missing: a Japanese one
    info = sheet(render_xlsx.render(report, font="游ゴシック")[2], render_xlsx.INFO_SHEET)
    codes = [c for c in info["A"] if c.value == "011002"]
    assert codes
    assert codes[0].data_type == "s"
    assert codes[0].number_format == "@"
    assert all(c.font.name == "游ゴシック" for row in info.iter_rows() for c in row)


def test_row_height_estimate_counts_cjk_double() -> None:
    px = 20 * 7 + 5
    assert render_xlsx.count_lines("a" * 15, px) < render_xlsx.count_lines("札" * 15, px)
    assert render_xlsx.count_lines("札" * 40, px) >= 3


# -- CSV -------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_a_row_per_indicator(report: StatusListReport) -> None:
    _name, _mimetype, data = render_csv.render(report)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(table) == 60
    assert len(data.decode("utf-8-sig").splitlines()) == 61
    assert list(table[0]) == list(render_csv.FIELDS)
    assert len({r["indicator_id"] for r in table}) == 60
    first = table[0]
    assert first["municipalities"].split(";")[0] == "011002"
    assert len(first["municipalities"].split(";")) == 12
    assert (first["indicator_kind"], first["project_number"]) == ("headline", "")
    six = [r for r in table if r["project_number"] == "6"]
    assert [r["indicator_position"] for r in six] == ["1", "2", "3"]
    assert six[0]["target_text"] == "8,000千円/年度"
    assert (six[0]["target_number"], six[0]["target_unit"]) == ("8000000", "円")
    assert (six[0]["rating_published"], six[0]["project_rating_published"]) == ("", "×")
    assert six[0]["rating_computed"] == "×"
    assert "7,371千円" in six[0]["reason"]


def test_csv_in_cp932(report: StatusListReport) -> None:
    _, mimetype, data = render_csv.render(report, encoding="cp932")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "さっぽろ連携中枢都市圏" in data.decode("cp932")
    assert mimetype.endswith("windows-31j")


def test_csv_cp932_names_the_character_it_cannot_hold(report: StatusListReport) -> None:
    report = renamed(report, 2, "𠮷野家との創業の促進")
    with pytest.raises(render_csv.EncodingProblem) as err:
        render_csv.render(report, encoding="cp932")
    message = str(err.value)
    assert "\n" not in message
    # rows: 1 header, 2-3 KPIs of ア, 4 project 1, 5-6 project 2, 7 project 3
    assert "row 7" in message
    assert "column 14 (project_name)" in message
    assert "「𠮷」 (U+20BB7)" in message
    assert "CP932" in message
    _, _, data = render_csv.render(report, encoding="cp932", errors="replace")
    assert "?野家との創業の促進" in data.decode("cp932")
    # UTF-8 holds it
    assert "𠮷野家" in render_csv.render(report)[2].decode("utf-8-sig")


def test_csv_refuses_other_encodings() -> None:
    with pytest.raises(render_csv.EncodingProblem, match="utf-8 or cp932"):
        render_csv.render(StatusListReport("", "", 2019), encoding="latin-1")


# -- JSON and the data dictionary --------------------------------------------------------------


def test_json_is_the_report(report: StatusListReport) -> None:
    _name, _mimetype, data = render_json.render(report)
    text = data.decode("utf-8")
    assert "さっぽろ" in text
    assert '\n "title"' in text
    d = json.loads(text)
    assert d["data_dictionary"] == "docs/open-data.md"
    assert len(projects(d)) == 40
    assert {k: v for k, v in d.items() if k != "data_dictionary"} == report.to_json()


def _documented() -> dict[str, set[str]]:
    """The keys of each section of docs/open-data.md: the first cell of each table row."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip()
            sections[current] = set()
        elif current and (m := re.match(r"^\| `([^`]+)` \|", line)):
            sections[current].add(m.group(1))
    return sections


def _keys(d: Any, section: str, prefix: str, out: dict[str, set[str]]) -> None:
    """Every key path of the JSON, by the section of the docs that describes it."""
    if isinstance(d, list):
        for item in d:
            _keys(item, section, prefix + "[]", out)
        return
    if not isinstance(d, dict):
        return
    for key, value in d.items():
        path = f"{prefix}.{key}" if prefix else key
        out.setdefault(section, set()).add(path)
        if section == "Report" and path == "roles[].projects":
            for p in value:
                _keys(p, "Project", "", out)
        elif (section == "Project" and key == "indicators") or path == "roles[].headline_kpis":
            for ind in value:
                _keys(ind, "Indicator", "", out)
        elif section == "Indicator" and key in ("baseline", "target", "actual"):
            _keys(value, "Value", "", out)
        else:
            _keys(value, section, path, out)


def test_every_json_key_and_csv_column_is_documented(report: StatusListReport) -> None:
    docs = _documented()
    found: dict[str, set[str]] = {}
    _keys(json.loads(render_json.render(report.as_edition(1))[2]), "Report", "", found)
    assert set(found) == {"Report", "Project", "Indicator", "Value"}
    for section, keys in found.items():
        assert keys - docs[section] == set(), f"undocumented in docs/open-data.md ({section})"
        assert docs[section] - keys == set(), f"documented but not exported ({section})"
    assert docs["CSV"] == set(render_csv.FIELDS)


# -- hyoka export ----------------------------------------------------------------------------


def test_cli_export_writes_each_format(
    report: StatusListReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("xlsx", "csv", "json"):
        path = tmp_path / f"list.{fmt}"
        assert main(["export", "--format", fmt, "--year", "2019", "-o", str(path)]) == 0
        assert path.read_bytes() == registry.render(fmt, report)[2]
    assert "wrote" in capsys.readouterr().out
    path = tmp_path / "sjis.csv"
    argv = ["export", "--format", "csv", "--encoding", "cp932", "--errors", "replace"]
    assert main([*argv, "-o", str(path)]) == 0
    assert path.read_bytes() == render_csv.render(report, encoding="cp932")[2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--year", "2018"],
            "hyoka export: さっぽろ連携中枢都市圏に2018年度を含む計画はありません",
        ),
        (["--year", "2018", "--lang", "en"], "has no plan covering fiscal year 2018"),
        (
            ["--year", "2019", "--edition", "99", "--lang", "en"],
            "hyoka export: no edition 99 of 2019",
        ),
        (["--encoding", "cp932"], "--encoding and --errors apply to --format csv only"),
    ],
)
def test_cli_export_refuses_with_one_line(
    report: StatusListReport,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert main(["export", "--format", "json", *argv, "-o", str(tmp_path / "x")]) == 2
    err = reason(capsys.readouterr().err)
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_cli_export_cp932_error_exits_2(
    report: StatusListReport,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = renamed(report, 0, "𠮷")
    monkeypatch.setattr("hyoka.publishing.services.report_for", lambda *a, **kw: report)
    argv = ["export", "--format", "csv", "--encoding", "cp932", "-o", str(tmp_path / "x.csv")]
    assert main(argv) == 2
    err = reason(capsys.readouterr().err)
    assert err.startswith("hyoka export: CSV row 4")
    assert "U+20BB7" in err
    assert err.count("\n") == 1


@pytest.mark.django_db
def test_cli_export_of_an_empty_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 2
    assert "import a status list first" in capsys.readouterr().err


def test_xlsx_bytes_do_not_depend_on_the_clock(report: StatusListReport) -> None:
    import time

    first = registry.render("xlsx", report)[2]
    time.sleep(1.1)
    assert registry.render("xlsx", report)[2] == first
