"""Numbers in xlsx cells read as their number format shows them (Issue 15: "an Excel percent
cell — the cell holds 0.8, shown as 80% — against 75%/年度: 0.8 falls short → ×"), or with a
warning when the format cannot be honoured.  The workbooks are made here with openpyxl."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from hyoka.core.evaluate import evaluate
from hyoka.ingest.numfmt import shown
from hyoka.ingest.statuslist_xlsx import read_status_list_xlsx

HEADER = [
    "役割",
    "番号",
    "連携事業名",
    "事業概要",
    "評価指標",
    "基準値",
    "目標値",
    "実績値",
    "評価",
]


def workbook(actual: Any, number_format: str, target: Any = "75%/年度") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧"])
    ws.append(HEADER)
    ws.append(["ア 経済", 1, "企業誘致", "誘致する", "参加率", "-", target, actual, "◎"])
    ws["H3"].number_format = number_format
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_actual(actual: Any, number_format: str) -> tuple[str, list[Any]]:
    sl = read_status_list_xlsx(workbook(actual, number_format), "formats.xlsx")
    return sl.projects[0].indicators[0].actual, [
        p for p in sl.problems if p.kind == "number_format"
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.8, "0%", "80%"),
        (0.8, "0.0%", "80.0%"),
        (0.805, "0.0%", "80.5%"),
        (12, '0"件"', "12件"),
        (12, '#,##0"社"', "12社"),
        (1234, "#,##0", "1,234"),
        (1234567, "#,##0", "1,234,567"),
        (1234, "0", "1234"),
        (29.8, '0.0"万人"', "29.8万人"),
        (12000, '#,##0,"千人"', "12千人"),
        (-2805, '#,##0"人";"▲"#,##0"人"', "▲2,805人"),
        (-2805, "#,##0", "-2,805"),
        (100, '"約"0"人"', "約100人"),
        (3, '0"回/年度"', "3回/年度"),
        (5, "[$¥-411]#,##0", "¥5"),
        (12, "[Red]0", "12"),
        (0.1 + 0.2, "0.0", "0.3"),
        (7, "General", "7"),
        (7.5, "General", "7.5"),
    ],
)
def test_the_number_format_is_honoured(value: float, number_format: str, text: str) -> None:
    assert read_actual(value, number_format) == (text, [])


def test_a_percent_cell_is_rated_as_a_percent() -> None:
    """0.8 shown as 80% against 75%/年度 meets the target (it was rated × as 0.8)."""
    sl = read_status_list_xlsx(workbook(0.8, "0%"), "formats.xlsx")
    ind = evaluate(sl).to_dict()["projects"][0]["indicators"][0]
    assert ind["actual"]["text"] == "80%"
    assert ind["actual"]["unit"] == "%"
    assert ind["rating_computed"] == "◎"


def test_a_rounded_display_reads_every_digit_with_a_warning() -> None:
    text, problems = read_actual(0.8567, "0%")
    assert text == "85.67%"
    assert len(problems) == 1
    p = problems[0]
    assert p.severity == "warning"
    assert "「86%」" in p.message
    assert "「85.67%」" in p.message
    assert p.where is not None
    assert (p.where.row, p.where.column, p.where.header) == (3, 8, "実績値")
    assert p.text == "85.67%"
    assert p.expected


@pytest.mark.parametrize("number_format", ["0.00E+00", "# ?/?", '[<1000]0;0,"千"', '@"人"'])
def test_a_format_not_understood_reads_the_value_with_a_warning(number_format: str) -> None:
    text, problems = read_actual(1500, number_format)
    assert text == "1500"
    assert len(problems) == 1
    assert f"「{number_format}」" in problems[0].message
    assert problems[0].expected


def test_shown_keeps_what_it_cannot_show_out() -> None:
    assert shown(1e300, "0") is None
    assert shown(float("nan"), "0%") is None
    assert shown(0, "0.0%") is not None
