"""Regressions of issue 15: lists that were rated wrong without any warning.

Each case was seen on a list a Sapporo official could produce in a later year.  The rule for
all of them: a figure that would be compared wrongly is rated ``-`` with the reason (or
compared rightly, saying how it was read) — never a silent ×.
"""

from __future__ import annotations

import pytest

from hyoka.core.assess import Context, assess_texts
from hyoka.core.evaluate import rate_indicator
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import Indicator
from hyoka.core.values import explain

SAPPORO = load_rubric("sapporo")


def rate(
    target: str, actual: str, fiscal_year: int, baseline: str | None = None
) -> tuple[str, str]:
    a = assess_texts(target, actual, baseline, Context(fiscal_year, 2019, 2023))
    r = SAPPORO.rate(a)
    return r.symbol, r.reason.ja


# --- a target year written with spaces, or as a bare era year -------------------------------


@pytest.mark.parametrize(
    "year", ["(令和 5 年度)", "（令和 ５ 年度）", "(5年度)", "（５年度）", "(R 5)"]
)
def test_a_target_year_with_spaces_or_without_its_era_is_kept(year: str) -> None:
    """A FY2020 actual against a FY2023 target was rated × (the year was dropped)."""
    symbol, reason = rate(f"45件 {year}", "30件", 2020)
    assert symbol == "-"
    assert "2023" in reason
    assert "未到来" in reason


def test_a_bare_era_year_is_resolved_from_the_document_and_says_so() -> None:
    _, reason = rate("45件 (5年度)", "30件", 2020)
    assert "令和5年度＝2023年度" in reason
    assert "文書の元号" in reason
    v = explain("45件 (5年度)")
    assert (v.year, v.era_year, v.year_basis) == (None, 5, "fiscal")


def test_a_bare_era_year_of_the_era_before_is_read_for_a_baseline() -> None:
    ind = Indicator("指標", "100件 (29年度)", "120件/年度", "130件", None)
    ri = rate_indicator(ind, SAPPORO, Context(2019, 2019, 2023))
    assert ri.baseline.year == 2017
    assert "平成29年度＝2017年度" in (ri.baseline.resolution or "")
    assert ri.baseline.to_dict()["resolution"] == ri.baseline.resolution


@pytest.mark.parametrize("target", ["45件 (40年度)", "45件 (99年度)", "40年度まで"])
def test_a_year_that_cannot_be_resolved_is_a_warning_and_dash_never_a_cross(target: str) -> None:
    a = assess_texts(target, "30件", None, Context(2020, 2019, 2023))
    assert a.outcome == "not_comparable"
    assert a.warnings
    symbol, reason = SAPPORO.rate(a).symbol, SAPPORO.rate(a).reason.ja
    assert symbol == "-"
    assert "年度を特定できません" in reason


# --- a revised target -------------------------------------------------------------------------


def test_a_revised_target_applies_from_its_year_and_both_figures_are_shown() -> None:
    """60件/年度（R3見直し後40件/年度） in FY2022 with 45件 was compared with 60 → ×."""
    symbol, reason = rate("60件/年度（R3見直し後40件/年度）", "45件", 2022)
    assert symbol == "◎"
    assert "60件/年度" in reason
    assert "40件/年度" in reason
    assert "2021年度から" in reason
    history = explain("60件/年度（R3見直し後40件/年度）").to_dict()["target_history"]
    assert [(h["from"], h["text"]) for h in history] == [
        (None, "60件/年度（R3見直し後40件/年度）"),
        (2021, "40件/年度"),
    ]


def test_before_the_revision_the_original_figure_applies() -> None:
    symbol, reason = rate("60件/年度（R3見直し後40件/年度）", "45件", 2020)
    assert symbol == "×"
    assert "見直し前" in reason


def test_a_revision_mark_is_not_the_target_year() -> None:
    """40件（R3見直し） read R3 as the target year."""
    v = explain("40件（R3見直し）")
    assert v.year is None
    assert [r.year for r in v.revisions] == [2021]
    assert rate("40件（R3見直し）", "45件", 2022)[0] == "◎"
    symbol, reason = rate("40件（R3見直し）", "45件", 2020)
    assert symbol == "-"
    assert "見直し前の値が書かれていません" in reason


@pytest.mark.parametrize(
    "target",
    [
        "60件/年度（令和3年度見直し後40件/年度）",
        "60件/年度（R3改定後：40件/年度）",
        "60件/年度（3年度見直し後40件/年度）",
    ],
)
def test_revisions_written_other_ways(target: str) -> None:
    assert rate(target, "45件", 2022)[0] == "◎"


def test_a_revision_without_its_year_is_not_guessed() -> None:
    symbol, reason = rate("60件/年度（見直し後40件/年度）", "45件", 2022)
    assert symbol == "-"
    assert "見直しの年度が分からず" in reason


# --- an Excel percent cell (0.8 shown as 80%) -------------------------------------------------


@pytest.mark.parametrize("actual", ["0.8", "0.75", "1", "0.005"])
def test_a_fraction_against_a_percent_target_is_never_said_to_fall_short(actual: str) -> None:
    symbol, reason = rate("75%/年度", actual, 2019)
    assert symbol == "-"
    assert "下回る" not in reason
    assert "百分率" in reason


def test_the_fraction_reason_shows_the_percent_it_may_be() -> None:
    assert "80%" in rate("75%/年度", "0.8", 2019)[1]


def test_a_figure_a_hundred_times_off_is_not_compared() -> None:
    symbol, reason = rate("15,000人/年度", "1.3", 2019)
    assert symbol == "-"
    assert "桁" in reason


# --- a cumulative actual against a per-year target --------------------------------------------


@pytest.mark.parametrize("actual", ["20件（累計）", "累計20件", "20件 [累計]", "20件（累計見込）"])
def test_a_cumulative_actual_against_a_yearly_target_is_not_rated(actual: str) -> None:
    """20件（累計） against 15件/年度 was ◎."""
    symbol, reason = rate("15件/年度", actual, 2019)
    assert symbol == "-"
    assert "累計" in reason


def test_a_cumulative_actual_against_a_cumulative_target_is_rated() -> None:
    assert rate("100件（累計）", "120件（累計）", 2019)[0] == "◎"


# --- an actual dated after the list's fiscal year ---------------------------------------------


@pytest.mark.parametrize(
    "actual",
    [
        "30件 (2021年度)",
        "30件 (令和3年度)",
        "30件 (R4.3末)",
        "30件（2020年5月末時点）",
        "30件 (2021年)",
    ],
)
def test_an_actual_dated_after_the_list_year_is_flagged(actual: str) -> None:
    symbol, reason = rate("20件/年度", actual, 2019)
    assert symbol == "-"
    assert "より後" in reason


@pytest.mark.parametrize("actual", ["30件 (2020年4月1日現在)", "30件 (R2.3末)", "30件 (2019年度)"])
def test_an_actual_of_the_list_year_is_rated(actual: str) -> None:
    assert rate("20件/年度", actual, 2019)[0] == "◎"


def test_the_warnings_reach_the_indicator_json() -> None:
    ind = Indicator("指標", "-", "15件/年度", "20件（累計）", None)
    d = rate_indicator(ind, SAPPORO, Context(2019, 2019, 2023)).to_dict(1, 2019)
    assert d["rating_computed"] == "-"
    assert d["warnings"]
    assert "累計" in d["warnings"][0]


def test_a_figure_a_hundred_times_off_its_baseline_is_not_compared() -> None:
    assert rate("10%増", "1.3", 2019, baseline="12,000人")[0] == "-"
    assert rate("現状値からの増加", "13,000人", 2019, baseline="12,000人")[0] == "◎"
    a = assess_texts("15,000人/年度", "130人", "12,000人", Context(2019, 2019, 2023))
    assert a.outcome == "not_comparable"
    assert a.warnings


def test_a_unit_that_differs_from_the_target_is_a_warning() -> None:
    a = assess_texts("15件/年度", "20人", None, Context(2019, 2019, 2023))
    assert a.outcome == "not_comparable"
    assert "単位が違います" in a.warnings[0].ja


@pytest.mark.parametrize(
    "text",
    ["30件 (2020年4月～2021年3月)", "30件 (2019～2023年度)", "20件 [H29～30累計]", "30件 (R1-R5)"],
)
def test_a_span_of_years_is_never_read_as_one_year(text: str) -> None:
    v = explain(text)
    assert v.year is None
    assert any("年度の範囲" in w for w in v.warnings)
