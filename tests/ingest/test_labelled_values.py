"""A label or a year before a value (``H27 4.8%``, ``R5目標：9,000人``, ``2018年度 1,950億円``)
is one value in a cell the text reader splits among several indicators (issue 15)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hyoka.core.statuslist import StatusList
from hyoka.core.values import explain
from hyoka.ingest.statuslist_text import read_status_list


def _with_cells(seed_text: str, number: int, cells: dict[int, str]) -> bytes:
    lines = seed_text.split("\n")
    for i, line in enumerate(lines):
        row = line.split("\t")
        if len(row) > 2 and row[1] == str(number):
            for column, text in cells.items():
                row[column] = text
            lines[i] = "\t".join(row)
            return "\n".join(lines).encode()
    raise AssertionError(number)


def _project(seed_text: str, number: int, cells: dict[int, str]) -> tuple[StatusList, list]:
    sl = read_status_list(_with_cells(seed_text, number, cells), "x.txt")
    project = next(p for p in sl.projects if p.number == number)
    return sl, project.indicators


@pytest.mark.parametrize(
    ("cell", "values"),
    [
        ("H27 4.8% H28 5.0%", ["H27 4.8%", "H28 5.0%"]),
        ("H27 4.8% 12社", ["H27 4.8%", "12社"]),
        ("R5目標： 9,000人 R5目標： 10回", ["R5目標： 9,000人", "R5目標： 10回"]),
        ("R5目標：9,000人 13社", ["R5目標：9,000人", "13社"]),
        ("2018年度 1,950億円 2019年度 12社", ["2018年度 1,950億円", "2019年度 12社"]),
        ("令和元年度 30件 R2 40件", ["令和元年度 30件", "R2 40件"]),
        ("Ｈ２７　４．８％ -", ["Ｈ２７ ４．８％", "-"]),  # the reader makes spaces single
        ("目標: 9,000人 5回", ["目標: 9,000人", "5回"]),
        # a year that is a value of its own stays one when the count says so
        ("2019年度 1回/年度", ["2019年度", "1回/年度"]),
        ("2019年度まで 12社", ["2019年度まで", "12社"]),
        ("H30 R2", ["H30", "R2"]),
    ],
)
def test_a_label_before_a_value_stays_with_it(seed_text: str, cell: str, values: list[str]) -> None:
    # project 2 has two indicators: each value column holds two values
    sl, indicators = _project(seed_text, 2, {6: cell})
    assert [i.target for i in indicators] == values
    assert not [p for p in sl.problems if p.kind == "value_count"]


def test_the_labelled_value_keeps_its_year(seed_text: str) -> None:
    _, indicators = _project(seed_text, 2, {5: "H27 4.8% 2018年度 1,950億円"})
    first, second = (explain(i.baseline) for i in indicators)
    assert (first.number, first.unit, first.year, first.era) == (Decimal("4.8"), "%", 2015, "平成")
    assert (second.number, second.unit, second.scale, second.year) == (
        Decimal(195000000000),
        "円",
        "億",
        2018,
    )


def test_three_indicators_two_labelled(seed_text: str) -> None:
    # project 7 has three indicators
    _, indicators = _project(seed_text, 7, {7: "H30 86件 R1実績: 500社 1回"})
    assert [i.actual for i in indicators] == ["H30 86件", "R1実績: 500社", "1回"]


def test_too_many_values_are_still_named(seed_text: str) -> None:
    sl, _ = _project(seed_text, 2, {6: "H27 4.8% 5.0% 6.0%"})
    assert [p.kind for p in sl.problems if p.kind == "value_count"] == ["value_count"]
