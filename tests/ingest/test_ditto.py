"""Ditto marks (〃, 同上, 同左) resolved by the readers, which see the cell they point to, or
refused saying why (issue 15): the text reader and the xlsx reader (the PDF reader shares the
xlsx reader's row assembly, ingest.statuslist_sheet)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from hyoka.core.evaluate import evaluate
from hyoka.core.i18n import use_language
from hyoka.core.statuslist import Indicator, StatusList
from hyoka.core.values import explain
from hyoka.ingest.ditto import is_ditto
from hyoka.ingest.statuslist_text import read_status_list
from hyoka.ingest.statuslist_xlsx import read_status_list_xlsx

# -- xlsx ---------------------------------------------------------------------------------------

HEADER = ["役割", "番号", "連携事業名", "事業概要", "評価指標", "基準値", "目標値", "実績値", "評価", "連携事業実施状況等"]  # fmt: skip
TOP = [["さっぽろ連携中枢都市圏 2020年度 連携事業実施状況等一覧"], HEADER]


def _xlsx(*rows: list[Any]) -> StatusList:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (*TOP, *rows):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return read_status_list_xlsx(out.getvalue(), "ditto.xlsx")


def _values(sl: StatusList) -> list[tuple[str, str, str]]:
    inds: list[Indicator] = [i for p in sl.projects for i in p.indicators]
    return [(i.baseline, i.target, i.actual) for i in inds]


def _kinds(sl: StatusList) -> list[str]:
    return [p.kind for p in sl.problems if p.kind.startswith("ditto")]


def test_ditto_above_in_the_same_project_xlsx() -> None:
    sl = _xlsx(
        ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "60件/年度", "45件", "×"],
        [None, 1, "企業誘致", None, "立地企業数", "-", "同上", "70件", "◎"],
        [None, 1, "企業誘致", None, "相談件数", "-", "〃", "〃", "◎"],
    )  # fmt: skip
    assert _values(sl) == [
        ("-", "60件/年度", "45件"),
        ("-", "60件/年度【同上: 行3 列7の値を使用】", "70件"),
        ("-", "60件/年度【〃: 行4 列7の値を使用】", "70件【〃: 行4 列8の値を使用】"),
    ]
    assert _kinds(sl) == ["ditto_resolved"] * 3
    first = next(p for p in sl.problems if p.kind == "ditto_resolved")
    assert first.message == "「同上」を行3 列7（目標値）の「60件/年度」と読みました"
    assert first.where is not None
    assert (first.where.row, first.where.column) == (4, 7)
    v = explain(sl.projects[0].indicators[1].target)
    assert (v.number, v.unit, v.per, v.note) == (60, "件", "年度", "同上: 行3 列7の値を使用")


def test_ditto_above_across_projects_of_one_table_xlsx() -> None:
    sl = _xlsx(
        ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "1回 (2019年度)", "2回/年度 (2023年度)", "2回", "◎"],
        [None, 2, "観光", "観光", "開催回数", "同上", "同上", "3回", "◎"],
    )  # fmt: skip
    (_, second) = _values(sl)
    assert second[0] == "1回 (2019年度)【同上: 行3 列6の値を使用】"
    assert explain(second[1]).year == 2023  # the note keeps the value's own year
    rated = evaluate(sl).projects[1].indicators[0]
    assert rated.rating.symbol == "◎"


def test_ditto_left_in_the_same_row_xlsx() -> None:
    sl = _xlsx(
        ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "10件", "同左", "同左", "◎"],
        [None, 2, "観光", "観光", "開催回数", "左に同じ", "5回", "5回", "◎"],
    )  # fmt: skip
    one, two = _values(sl)
    assert one == ("10件", "10件【同左: 行3 列6の値を使用】", "10件【同左: 行3 列7の値を使用】")
    assert two[0] == "左に同じ【左は評価指標の名前で、値ではありません】"
    assert _kinds(sl) == ["ditto_resolved", "ditto_resolved", "ditto_unresolved"]


@pytest.mark.parametrize(
    ("rows", "text", "reason"),
    [
        # the first row of the table: nothing above
        (
            [["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "同上", "1回", "-"]],
            "同上【同じ表に上の行がありません】",
            "「同上」の指す値を使えません: 同じ表に上の行がありません",
        ),
        # the cell above is empty
        (
            [
                ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", None, "1回", "-"],
                [None, 1, "企業誘致", None, "件数", "-", "〃", "1回", "-"],
            ],
            "〃【行3 列7は空欄です】",
            "「〃」の指す値を使えません: 行3 列7は空欄です",
        ),
        # the cell above cannot be read
        (
            [
                ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "たくさん", "1回", "-"],
                [None, 1, "企業誘致", None, "件数", "-", "同上", "1回", "-"],
            ],
            "同上【行3 列7の値を読めません】",
            "「同上」の指す値を使えません: 行3 列7の値を読めません",
        ),
        # the cell above is itself a mark with nothing to take
        (
            [
                ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "同上", "1回", "-"],
                [None, 1, "企業誘致", None, "件数", "-", "〃", "1回", "-"],
            ],
            "〃【行3 列7も値の決まらない印です】",
            "「〃」の指す値を使えません: 行3 列7も値の決まらない印です",
        ),
        # another table (the headline KPIs above a project)
        (
            [
                ["ア 経済", "【基本KPI】", None, None, "観光客数", "-", "44,000千人", "-", "-"],
                ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "同上", "1回", "-"],
            ],
            "同上【同じ表に上の行がありません】",
            "「同上」の指す値を使えません: 同じ表に上の行がありません",
        ),
    ],
)
def test_a_ditto_with_nothing_to_take_is_refused_saying_why(
    rows: list[list[Any]], text: str, reason: str
) -> None:
    sl = _xlsx(*rows)
    target = sl.projects[-1].indicators[-1].target
    assert target == text
    v = explain(target)
    assert (v.kind, v.reason) == ("text", reason)
    refused = [p for p in sl.problems if p.kind == "ditto_unresolved"]
    assert refused[-1].severity == "warning"
    assert refused[-1].message == reason.replace("列7", "列7（目標値）")
    assert evaluate(sl).projects[-1].indicators[-1].rating.symbol == "-"


def test_refusals_and_resolutions_in_english() -> None:
    rows = (
        ["ア 経済", 1, "企業誘致", "誘致", "出展回数", "-", "同上", "10件", "-"],
        [None, 1, "企業誘致", None, "件数", "-", "12件", "〃", "-"],
    )  # fmt: skip
    with use_language("en"):
        sl = _xlsx(*rows)
    messages = [p.message for p in sl.problems if p.kind.startswith("ditto")]
    assert messages == [
        "「同上」 points to a value that cannot be used: there is no row above in the same table",
        "「〃」 is read as 「10件」, the value of row 3, column 8 (実績値)",
    ]


# -- text ---------------------------------------------------------------------------------------


def _with_cells(seed_text: str, changes: dict[tuple[int, int], str]) -> bytes:
    lines = seed_text.split("\n")
    for i, line in enumerate(lines):
        row = line.split("\t")
        for (number, column), text in changes.items():
            if len(row) > 2 and row[1] == str(number):
                row[column] = text
        lines[i] = "\t".join(row)
    return "\n".join(lines).encode()


def test_ditto_in_the_text_reader(seed_text: str) -> None:
    # project 4 (row 13) targets 15件/年度; project 5 is the row below; 6 has three indicators
    data = _with_cells(seed_text, {(5, 6): "同上", (5, 7): "同左", (1, 5): "〃", (2, 6): "同上 〃"})
    sl = read_status_list(data, "ditto.txt")
    p1, p2, p5 = sl.projects[0], sl.projects[1], sl.projects[4]
    assert p1.indicators[0].baseline == "〃【同じ表に上の行がありません】"
    assert [i.target for i in p2.indicators] == [
        "100% (毎年度)【同上: 行10 列7の値を使用】",
        "100% (毎年度)【〃: 行10 列7の値を使用】",
    ]
    assert p5.indicators[0].target == "15件/年度【同上: 行13 列7の値を使用】"
    # 同左 of the actual is the target, itself resolved
    assert p5.indicators[0].actual == "15件/年度【同左: 行14 列7の値を使用】"
    assert _kinds(sl) == ["ditto_unresolved"] + ["ditto_resolved"] * 4


def test_ditto_of_one_part_of_a_shared_row(seed_text: str) -> None:
    # project 6 has three indicators on one line; 7 (three too) below takes the same parts
    data = _with_cells(seed_text, {(7, 6): "〃 同上 10回"})
    sl = read_status_list(data, "ditto.txt")
    six, seven = sl.projects[5], sl.projects[6]
    assert [i.target.split("【")[0] for i in seven.indicators] == [
        *(i.target for i in six.indicators[:2]),
        "10回",
    ]
    assert seven.indicators[1].target.endswith("【同上: 行15 列7の2番目の値を使用】")


@pytest.mark.parametrize(
    ("text", "mark"),
    [("〃", "〃"), (" 〃 ", "〃"), ("同上", "同上"), ("同　上", "同上"), ("同左", "同左"),
     ("上に同じ", "上に同じ"), ("60件", None), ("同上の通り", None), ("", None)],
)  # fmt: skip
def test_is_ditto(text: str, mark: str | None) -> None:
    assert is_ditto(text) == mark
