"""The indicator chart (issue 13.7): a target for every year is drawn in every year, and the
axis never repeats a tick."""

from __future__ import annotations

import re

import pytest

from hyoka.core.values import explain
from hyoka.reports.charts import path_chart, ticks


def _targets(svg: str) -> int:
    return svg.count('fill="#0031d8"/>')  # the target's diamonds


def _axis(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#555">([^<]+)<', svg)


def test_a_per_year_target_is_drawn_in_each_year() -> None:
    points = [{"year": 2019, "value": 13, "label": "13社"}]
    svg = path_chart(explain("-"), explain("12社/年度"), points, title="t", plan=(2019, 2023))
    assert _targets(svg) == 5
    assert "目標値は毎年度 12社/年度" in svg
    every = path_chart(explain("-"), explain("100% (毎年度)"), [], title="t", plan=(2019, 2023))
    assert _targets(every) == 5
    later = path_chart(
        explain("-"), explain("2回/年度 (2020年度以降)"), [], title="t", plan=(2019, 2023)
    )
    assert _targets(later) == 4  # from 2020 on
    once = path_chart(explain("1,000人 (2017年度)"), explain("2,000人 (2023年度)"), [], title="t")
    assert _targets(once) == 1


@pytest.mark.parametrize(
    ("v0", "v1"),
    [(0.85, 1.15), (11.85, 13.15), (-3000, 4000), (26.9e12, 31.1e12), (99.9, 100.1), (0, 1e-3)],
)
def test_axis_ticks_never_repeat(v0: float, v1: float) -> None:
    labels = [label for _, label in ticks(v0, v1)]
    assert len(labels) >= 2
    assert len(labels) == len(set(labels)), labels


def test_the_chart_of_a_count_of_one_repeats_no_tick() -> None:
    points = [
        {"year": 2019, "value": 1, "label": "1回"},
        {"year": 2020, "value": 1, "label": "1回"},
    ]
    svg = path_chart(explain("-"), explain("1回/年度"), points, title="t", plan=(2019, 2023))
    labels = _axis(svg)
    assert len(labels) == len(set(labels)) >= 2, labels
