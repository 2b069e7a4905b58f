"""Tests for hyoka.core.assess and hyoka.core.rubrics: the rating rules of docs/rating.md.

Sapporo rows follow docs/rating.md, "The Sapporo rubric"; the 長与町
(nagayo) and 多摩市 (tama) rows are computed by hand from the rubric descriptions.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from hyoka.core.assess import UNRATABLE, Context, assess, assess_texts
from hyoka.core.rubrics import Rating, Rubric, RubricError, available_rubrics, load_rubric
from hyoka.core.values import explain

FY2019 = Context(fiscal_year=2019, plan_start=2019, plan_end=2023)
SAPPORO = load_rubric("sapporo")
NAGAYO = load_rubric("nagayo")
TAMA = load_rubric("tama")


def rate(
    rubric: Rubric, target: str, actual: str, baseline: str | None = None, ctx: Context = FY2019
) -> Rating:
    r = rubric.rate(assess_texts(target, actual, baseline, ctx))
    assert r.reason.ja.strip(), r
    assert r.reason.en.strip(), r
    assert r.assessment is not None
    assert rubric.is_symbol(r.symbol)
    return r


# --- Sapporo: docs/rating.md, rule by rule ----------------------------------------------------

SAPPORO_CASES = [
    # a confirmed actual that meets the target → ◎; one that falls short → ×
    ("12社/年度", "13社", None, "◎", "met"),
    ("12社/年度", "12社", None, "◎", "met"),
    ("12社/年度", "11社", None, "×", "short"),
    ("1回/年度", "1回", None, "◎", "met"),
    ("15件/年度", "15件", None, "◎", "met"),
    ("8,000千円/年度", "7,371千円", None, "×", "short"),
    ("80人/年度", "71人", None, "×", "short"),
    ("100% (毎年度)", "85.1%", None, "×", "short"),
    ("12市町村 (2019年度)", "12市町村", None, "◎", "met"),
    ("2回 (2019年度)", "2回", None, "◎", "met"),
    ("100人/年度", "100名", None, "◎", "met"),  # 名 and 人 both count persons
    ("189,932人/日", "190,000人/日", None, "◎", "met"),
    # a provisional actual (予定, 集計中, 見込, 程度) that meets it → ○; that falls short → △
    ("1回/年度", "1回（予定）", None, "○", "met"),
    ("1回/年度", "0回（予定）", None, "△", "short"),
    ("100人/年度", "100名以上 (集計中)", None, "○", "met"),
    ("124校", "124校以上 (集計中)", None, "○", "met"),
    ("124校", "120校 (集計中)", None, "△", "short"),
    ("100人/年度", "100人見込", None, "○", "met"),
    ("100人/年度", "90人見込", None, "△", "short"),
    ("100人/年度", "110人 (速報値)", None, "○", "met"),
    ("10件/年度", "10件程度", None, "○", "met"),
    ("20回/年 (2019年度)", "5回程度", None, "△", "short"),
    ("2019年度", "2019年度（予定）", None, "○", "met"),
    # 約 is a rounded confirmed figure
    ("75,000人/年度", "約79,600人", "73,000人 (2017年度)", "◎", "met"),
    ("75,000人/年度", "約70,000人", None, "×", "short"),
    # 以上 on an actual is a lower bound: it meets a target at or below that bound
    ("500社/年度", "500社以上", None, "◎", "met"),
    ("400社/年度", "500社以上", None, "◎", "met"),
    # … but "at least 500" cannot show that 600 is reached: not confirmed either way → △
    ("600社/年度", "500社以上", None, "△", "short"),
    ("各1回以上/年度", "各1回以上", None, "◎", "met"),
    ("各1回/年度", "各1回", "各1回/年度 (2017年度)", "◎", "met"),
    # 以上 on a target: the figure itself meets it
    ("2人以上/年度", "2人", None, "◎", "met"),
    ("2人以上/年度", "1人", None, "×", "short"),
    ("10人超", "10人", None, "×", "short"),
    ("10人超", "11人", None, "◎", "met"),
    # an ongoing state target (常時, 維持) held during the year → ○; a one-off event (開設) → ◎
    ("常時 (毎年度)", "常時", "常時 (2017年度)", "○", "ongoing"),
    ("維持", "維持", "維持 (2017年度)", "○", "ongoing"),
    ("開設 (毎年度)", "開設", "開設 (2017年度)", "◎", "met"),
    ("2019年度", "開設", None, "◎", "met"),
    # a deadline met later than the deadline → ×; met in time → ◎
    ("2019年度まで", "2020年度まで", None, "×", "late"),
    ("2019年度まで", "2019年度", None, "◎", "met"),
    ("令和元年度まで", "平成31年度", None, "◎", "met"),
    # a target whose year has not come → -
    ("2025年度", "-", None, "-", "no_actual"),
    ("2025年度まで", "-", None, "-", "no_actual"),
    ("2030年度まで", "-", None, "-", "no_actual"),
    ("2回/年度 (2020年度以降)", "-", None, "-", "no_actual"),
    ("2回/年度 (2020年度以降)", "1回", None, "-", "short"),
    ("13大学 (2023年度まで)", "-", None, "-", "no_actual"),
    ("13大学 (2023年度まで)", "5大学", None, "-", "short"),
    ("29.8万人 (2023年度)", "26.6万人", "25.1万人 (2017年度)", "-", "short"),
    ("30兆円 (2023年)", "-", "27兆9千億円 (2015年)", "-", "no_actual"),
    # no actual → -
    ("1回/年度", "-", None, "-", "no_actual"),
    ("1回/年度", "なし", None, "-", "no_actual"),
    ("常時 (毎年度)", "-", None, "-", "no_actual"),
    # headline KPIs whose figures predate the plan → - (参考記載)
    (
        "44,000千人 (2023年度)",
        "38,596千人 (2018年度)",
        "37,076千人 (2017年度)",
        "-",
        "reference_only",
    ),
    (
        "現状値からの増加 (2023年度)",
        "191,851人 (2018年度)",
        "189,932人/日 (2017年度)",
        "-",
        "reference_only",
    ),
    ("▲1,400人 (2023年)", "3,480人 (2018年)", "▲2,805人 (2017年)", "-", "reference_only"),
    # compound: each part is compared
    ("5,559/250 (2019年度)", "4,152/218", "2,969/152 (2017年度)", "×", "short"),
    ("5,559/250 (2019年度)", "5,600/249", None, "×", "short"),
    ("5,559/250 (2019年度)", "5,559/250", None, "◎", "met"),
    ("5,559/250 (2019年度)", "5,600/260 (集計中)", None, "○", "met"),
    # lower is better: a target below a negative baseline is still an increase …
    ("▲1,400人", "▲1,000人", "▲2,805人", "◎", "met"),
    ("▲1,400人", "▲1,400人", "▲2,805人", "◎", "met"),
    ("▲1,400人", "▲2,000人", "▲2,805人", "×", "short"),
    # … and a target below its baseline, or with 以下/未満, is a decrease
    ("50件", "40件", "100件", "◎", "met"),
    ("50件", "60件", "100件", "×", "short"),
    ("10件以下/年度", "8件", None, "◎", "met"),
    ("10件以下/年度", "10件", None, "◎", "met"),
    ("10件以下/年度", "12件", None, "×", "short"),
    ("10件以下/年度", "12件見込", None, "△", "short"),
    ("10件未満/年度", "10件", None, "×", "short"),
    # relative to the baseline
    ("現状値からの増加", "200人", "100人", "◎", "met"),
    ("現状値からの増加", "100人", "100人", "×", "short"),
    ("現状値からの増加", "120人 (見込)", "100人", "○", "met"),
    ("現状値を維持", "100人", "100人", "◎", "met"),
    ("現状値を維持", "99人", "100人", "×", "short"),
    # cannot be compared or read → -
    ("12社/年度", "12人", None, "-", "not_comparable"),
    ("12社/年度", "よく分からない", None, "-", "not_comparable"),
    ("12社/年度", "常時", None, "-", "not_comparable"),
    ("常時", "12社", None, "-", "not_comparable"),
    ("現状値からの増加", "120人", None, "-", "not_comparable"),
    ("5,559/250", "5,600", None, "-", "not_comparable"),
    ("-", "12社", None, "-", "no_target"),
    ("よく分からない", "12社", None, "-", "no_target"),
]


@pytest.mark.parametrize(("target", "actual", "baseline", "symbol", "outcome"), SAPPORO_CASES)
def test_sapporo(target: str, actual: str, baseline: str | None, symbol: str, outcome: str) -> None:
    r = rate(SAPPORO, target, actual, baseline)
    assert r.assessment is not None
    assert (r.symbol, r.assessment.outcome) == (symbol, outcome), r.reason.ja


def test_sapporo_reasons_name_the_figures_and_the_rule() -> None:
    r = rate(SAPPORO, "12社/年度", "13社")
    assert (
        r.reason.ja
        == "実績「13社」は目標「12社/年度」を満たす。確定値で目標を満たした → ◎ 達成済み"
    )
    assert "13社" in r.reason.en
    assert "achieved" in r.reason.en
    r = rate(SAPPORO, "2025年度", "-")
    assert "2025年度" in r.reason.ja
    assert "未到来" in r.reason.ja
    r = rate(SAPPORO, "2回/年度 (2020年度以降)", "-")
    assert "2020年度以降" in r.reason.ja
    r = rate(SAPPORO, "100人/年度", "90人見込")
    assert "見込" in r.reason.ja
    assert "provisional" in r.reason.en


def test_reference_only_reason_keeps_the_calendar_year() -> None:
    a = assess_texts("▲1,400人 (2023年)", "3,480人 (2018年)", "▲2,805人 (2017年)", FY2019)
    assert "2018年の数値" in a.facts.ja
    assert "2018年度" not in a.facts.ja
    a = assess_texts("44,000千人 (2023年度)", "38,596千人 (2018年度)", None, FY2019)
    assert "2018年度の数値" in a.facts.ja


def test_due_and_provisional_flags() -> None:
    a = assess_texts("2025年度", "-", None, FY2019)
    assert (a.outcome, a.due) == ("no_actual", False)
    a = assess_texts("2回/年度 (2020年度以降)", "2回", None, FY2019)
    assert a.due is False
    a = assess_texts("2回/年度 (2020年度以降)", "2回", None, Context(2020, 2019, 2023))
    assert a.due is True
    assert (
        rate(SAPPORO, "2回/年度 (2020年度以降)", "2回", ctx=Context(2020, 2019, 2023)).symbol == "◎"
    )
    a = assess_texts("100人/年度", "約100人", None, FY2019)
    assert a.provisional is False  # 約 is confirmed
    a = assess_texts("100人/年度", "100人程度", None, FY2019)
    assert a.provisional is True


def test_met_before_the_target_year_is_achieved() -> None:
    r = rate(SAPPORO, "29.8万人 (2023年度)", "30万人", "25.1万人 (2017年度)")
    assert r.symbol == "◎"
    assert "目標年度前に達成" in r.reason.ja


def test_deadline_later_than_the_plan_year() -> None:
    # In FY2024 a deadline of FY2019 met in FY2020 is still late.
    later = Context(2024, 2019, 2023)
    assert rate(SAPPORO, "2019年度まで", "2020年度", ctx=later).symbol == "×"


def test_direction_of_quantities() -> None:
    assert assess_texts("▲1,400人", "▲1,000人", "▲2,805人", FY2019).direction == "increase"
    assert assess_texts("10件以下/年度", "8件", None, FY2019).direction == "decrease"
    assert assess_texts("50件", "40件", "100件", FY2019).direction == "decrease"
    assert assess_texts("150件", "140件", "100件", FY2019).direction == "increase"


def test_ratio_is_inverted_when_lower_is_better() -> None:
    a = assess_texts("10件以下/年度", "8件", None, FY2019)
    assert a.ratio == Decimal("1.25")
    a = assess_texts("12社/年度", "15社", None, FY2019)
    assert a.ratio == Decimal("1.25")
    a = assess_texts("5,559/250", "5,559/200", None, FY2019)
    assert a.ratio == Decimal("0.8")  # the weakest part


# --- the FY2019 list, indicator by indicator ----------------------------------------------------

#: (project, target, actual, baseline, computed, published) from the seed.  The three projects
#: whose published symbol differs are the person's judgement docs/rating.md
#: tells of ("FY2019: where the figures and the published list differ"):
#: 14 (29人 of 45人 is short, published ○), 32 (confirmed figures short, published △ △) and
#: 36 (75% meets 75%, published ○ from a February forecast).
SEED_PROJECTS: list[tuple[str, list[tuple[str, str, str | None]], list[str], str]] = [
    ("1", [("100% (毎年度)", "85.1%", None)], ["×"], "×"),
    ("2", [("1回/年度", "1回", None), ("12社/年度", "13社", None)], ["◎", "◎"], "◎"),
    (
        "3",
        [("100人/年度", "100名以上 (集計中)", None), ("2019年度", "2019年度", None)],
        ["○", "◎"],
        "○",
    ),
    ("4", [("15件/年度", "15件", None)], ["◎"], "◎"),
    ("5", [("2回 (2019年度)", "2回", None)], ["◎"], "◎"),
    (
        "6",
        [
            ("8,000千円/年度", "7,371千円", None),
            ("5件/年度", "5件", None),
            ("1回/年度", "1回", None),
        ],
        ["×", "◎", "◎"],
        "×",
    ),
    (
        "7",
        [("60件/年度", "86件", None), ("500社/年度", "500社以上", None), ("1回/年度", "1回", None)],
        ["◎", "◎", "◎"],
        "◎",
    ),
    ("8", [("2回/年度 (2020年度以降)", "-", None)], ["-"], "-"),
    ("9", [("2019年度まで", "2020年度まで", None), ("2025年度まで", "-", None)], ["×", "-"], "×"),
    ("10", [("常時 (毎年度)", "常時", "常時 (2017年度)")], ["○"], "○"),
    ("11", [("1回/年度", "1回（予定）", "1回/年 (2017年度)")], ["○"], "○"),
    ("12", [("29.8万人 (2023年度)", "-", "25.1万人 (2017年度)")], ["-"], "-"),
    ("13", [("2030年度まで", "-", None)], ["-"], "-"),
    ("14", [("10件/年度", "10件程度", None), ("45人/年度", "29人", None)], ["○", "×"], "×"),
    (
        "15",
        [("2019年度", "2019年度（予定）", None), ("1回/年度", "1回（予定）", None)],
        ["○", "○"],
        "○",
    ),
    ("19", [("124校", "124校以上 (集計中)", None)], ["○"], "○"),
    ("20", [("235校/年度", "238校", None)], ["◎"], "◎"),
    ("21", [("各1回/年度", "各1回", "各1回/年度 (2017年度)")], ["◎"], "◎"),
    ("22", [("開設 (毎年度)", "開設", "開設 (2017年度)")], ["◎"], "◎"),
    ("23", [("75,000人/年度", "約79,600人", "73,000人 (2017年度)")], ["◎"], "◎"),
    ("24", [("13大学 (2023年度まで)", "-", "-"), ("80人/年度", "71人", "-")], ["-", "×"], "×"),
    (
        "25",
        [("1回/年度", "1回", "1回/年 (2017年度)"), ("維持", "維持", "維持 (2017年度)")],
        ["◎", "○"],
        "○",
    ),
    ("26", [("常時 (毎年度)", "常時", "常時 (2017年度)"), ("2025年度", "-", "-")], ["○", "-"], "○"),
    ("30", [("2023年度", "-", "-")], ["-"], "-"),
    ("31", [("20回/年 (2019年度)", "5回程度", "-")], ["△"], "△"),
    (
        "32",
        [
            ("5,559/250 (2019年度)", "4,152/218", "2,969/152 (2017年度)"),
            ("100人/年度", "66人", "-"),
        ],
        ["×", "×"],
        "×",
    ),
    (
        "34",
        [
            ("100人/年度", "346人", "-"),
            ("5,000人/年度", "6,425人", "-"),
            ("100人/年度", "101人", "-"),
        ],
        ["◎", "◎", "◎"],
        "◎",
    ),
    ("36", [("200人/年度", "330人", "-"), ("75%/年度", "75%", "-")], ["◎", "◎"], "◎"),
    ("37", [("12市町村 (2019年度)", "12市町村", "-")], ["◎"], "◎"),
    ("38", [("各1回以上/年度", "各1回以上", "-")], ["◎"], "◎"),
    ("39", [("2人以上/年度", "2人", "-")], ["◎"], "◎"),
    ("40", [("2022年度", "-", "-")], ["-"], "-"),
]


@pytest.mark.parametrize(
    ("project", "rows", "symbols", "worst"), SEED_PROJECTS, ids=[p[0] for p in SEED_PROJECTS]
)
def test_seed_projects(
    project: str, rows: list[tuple[str, str, str | None]], symbols: list[str], worst: str
) -> None:
    ratings = [rate(SAPPORO, t, a, b) for t, a, b in rows]
    assert [r.symbol for r in ratings] == symbols
    w = SAPPORO.worst(ratings)
    assert w.symbol == worst
    assert w.reason.ja
    assert w.reason.en


# --- Rubric.worst -----------------------------------------------------------------------------


def _ratings(*symbols: str) -> list[Rating]:
    from hyoka.core.assess import Reason

    return [Rating(s, Reason(f"理由{s}", f"reason {s}")) for s in symbols]


@pytest.mark.parametrize(
    ("symbols", "worst", "index"),
    [
        (["◎", "○"], "○", 2),
        (["○", "◎"], "○", 1),
        (["◎", "△", "○"], "△", 2),
        (["◎", "×", "△"], "×", 2),
        (["-", "◎"], "◎", 2),  # - is ignored
        (["×", "-"], "×", 1),
        (["◎", "◎", "◎"], "◎", 1),  # ties: the first
        (["△", "△"], "△", 1),
        (["◎"], "◎", 1),
    ],
)
def test_worst(symbols: list[str], worst: str, index: int) -> None:
    w = SAPPORO.worst(_ratings(*symbols))
    assert w.symbol == worst
    assert f"指標{index}" in w.reason.ja
    assert f"indicator {index}" in w.reason.en


@pytest.mark.parametrize("symbols", [[], ["-"], ["-", "-", "-"]])
def test_worst_with_nothing_rated(symbols: list[str]) -> None:
    w = SAPPORO.worst(_ratings(*symbols))
    assert w.symbol == "-"
    assert "評価できる指標がない" in w.reason.ja
    assert w.reason.en


def test_worst_on_other_scales() -> None:
    assert NAGAYO.worst(_ratings("S", "−", "B", "A")).symbol == "B"
    assert TAMA.worst(_ratings("①", "③", "−")).symbol == "③"
    assert TAMA.worst(_ratings("−")).symbol == "−"


def test_symbol_order() -> None:
    ranks = [SAPPORO.symbol(s).rank for s in ["◎", "○", "△", "×"]]
    assert ranks == sorted(ranks, reverse=True)
    assert not SAPPORO.symbol("-").rated
    assert [s.symbol for s in SAPPORO.symbols if s.achieved] == ["◎", "○"]


# --- 長与町 (nagayo): S/A/B/C/− ---------------------------------------------------------------

NAGAYO_CASES = [
    # S: at or above the target
    ("200人", "200人", "100人", "S"),
    ("200人", "250人", "100人", "S"),
    ("200人", "250人", None, "S"),
    ("常時", "常時", None, "S"),
    # B: within ±10 % of the baseline (both ends included)
    ("200人", "100人", "100人", "B"),
    ("200人", "110人", "100人", "B"),
    ("200人", "90人", "100人", "B"),
    ("200人", "105人", "100人", "B"),
    # A: better than the baseline by more than 10 %
    ("200人", "111人", "100人", "A"),
    ("200人", "150人", "100人", "A"),
    ("200人 (2023年度)", "150人", "100人 (2018年度)", "A"),
    # C: worse than the baseline by more than 10 %
    ("200人", "89人", "100人", "C"),
    ("200人", "50人", "100人", "C"),
    # lower is better: a fall is the better direction
    ("50人", "40人", "100人", "S"),
    ("50人", "85人", "100人", "A"),
    ("50人", "95人", "100人", "B"),
    ("50人", "120人", "100人", "C"),
    # relative targets
    ("現状値からの増加", "105人", "100人", "S"),
    ("現状値からの増加", "95人", "100人", "B"),
    ("現状値からの増加", "80人", "100人", "C"),
    # −: cannot be measured
    ("200人", "-", "100人", "−"),
    ("200人", "150人", None, "−"),  # short, with no baseline to compare with
    ("-", "150人", "100人", "−"),
    ("200人", "150社", "100人", "−"),
    ("44,000千人 (2023年度)", "38,596千人 (2018年度)", "37,076千人 (2017年度)", "−"),
]


@pytest.mark.parametrize(("target", "actual", "baseline", "symbol"), NAGAYO_CASES)
def test_nagayo(target: str, actual: str, baseline: str | None, symbol: str) -> None:
    assert rate(NAGAYO, target, actual, baseline).symbol == symbol


def test_nagayo_vs_baseline() -> None:
    a = assess_texts("200人", "111人", "100人", FY2019)
    assert a.vs_baseline == Decimal("0.11")
    a = assess_texts("50人", "85人", "100人", FY2019)
    assert a.vs_baseline == Decimal("0.15")  # a fall of 15 % is 15 % better


# --- 多摩市 (tama): pace against k × 20 % of the way ------------------------------------------

FY2021 = Context(fiscal_year=2021, plan_start=2019, plan_end=2023)  # k = 3


def ctx(year: int) -> Context:
    return Context(fiscal_year=year, plan_start=2019, plan_end=2023)


TAMA_CASES = [
    # plan 2019-2023, FY2021 (k = 3): expected 60 % of the way from 100 to 200
    ("200人 (2023年度)", "160人", "100人 (2018年度)", FY2021, "0.6", "1", "①"),
    ("200人 (2023年度)", "140人", "100人 (2018年度)", FY2021, "0.4", "0.6667", "②"),
    ("200人 (2023年度)", "136人", "100人 (2018年度)", FY2021, "0.36", "0.6", "②"),
    ("200人 (2023年度)", "135人", "100人 (2018年度)", FY2021, "0.35", "0.5833", "③"),
    ("200人 (2023年度)", "120人", "100人 (2018年度)", FY2021, "0.2", "0.3333", "③"),
    ("200人 (2023年度)", "100人", "100人 (2018年度)", FY2021, "0", "0", "③"),
    ("200人 (2023年度)", "80人", "100人 (2018年度)", FY2021, "-0.2", "-0.3333", "③"),
    ("200人 (2023年度)", "200人", "100人 (2018年度)", FY2021, "1", "1.6667", "①"),
    # k = 1: 20 % of the way is on pace
    ("200人 (2023年度)", "120人", "100人 (2018年度)", ctx(2019), "0.2", "1", "①"),
    ("200人 (2023年度)", "119人", "100人 (2018年度)", ctx(2019), "0.19", "0.95", "②"),
    # k = 5: the whole way
    ("200人 (2023年度)", "200人", "100人 (2018年度)", ctx(2023), "1", "1", "①"),
    ("200人 (2023年度)", "190人", "100人 (2018年度)", ctx(2023), "0.9", "0.9", "②"),
    # no baseline: the way starts at 0
    ("200人 (2023年度)", "120人", None, FY2021, "0.6", "1", "①"),
    ("200人 (2023年度)", "72人", None, FY2021, "0.36", "0.6", "②"),
    ("200人 (2023年度)", "71人", None, FY2021, "0.355", "0.5917", "③"),
    # lower is better, with a baseline: from 20 to 10
    ("10件 (2023年度)", "14件", "20件 (2018年度)", FY2021, "0.6", "1", "①"),
    ("10件 (2023年度)", "16件", "20件 (2018年度)", FY2021, "0.4", "0.6667", "②"),
    ("10件 (2023年度)", "19件", "20件 (2018年度)", FY2021, "0.1", "0.1667", "③"),
    # targets set per year are judged against the whole yearly target
    ("100人/年度", "100人", None, FY2021, "1", "1", "①"),
    ("100人/年度", "70人", None, FY2021, "0.7", "0.7", "②"),
    ("100人/年度", "50人", None, FY2021, "0.5", "0.5", "③"),
    ("100% (毎年度)", "85.1%", None, ctx(2019), "0.851", "0.851", "②"),
]


@pytest.mark.parametrize(
    ("target", "actual", "baseline", "context", "progress", "pace", "symbol"), TAMA_CASES
)
def test_tama(
    target: str,
    actual: str,
    baseline: str | None,
    context: Context,
    progress: str,
    pace: str,
    symbol: str,
) -> None:
    r = rate(TAMA, target, actual, baseline, context)
    a = r.assessment
    assert a is not None
    assert a.progress is not None
    assert a.pace is not None
    assert a.progress == Decimal(progress)
    assert round(a.pace, 4) == Decimal(pace)
    assert r.symbol == symbol


TAMA_OTHER = [
    # without figures to measure pace, the outcome decides
    ("常時", "常時", None, "①"),
    ("現状値からの増加", "120人", "100人", "①"),
    ("2019年度まで", "2019年度", None, "①"),
    ("2019年度まで", "2020年度まで", None, "③"),
    ("100人/年度", "-", None, "−"),
    ("100人/年度", "よく分からない", None, "−"),
    ("-", "100人", None, "−"),
    # an upper bound with no baseline has no start to measure the way from: met is ①,
    # short cannot be measured (0 is not a starting point for 10件以下)
    ("10件以下/年度", "8件", None, "①"),
    ("10件以下/年度", "12件", None, "−"),
    # a negative target with no baseline likewise
    ("▲1,400人", "▲1,000人", None, "①"),
    ("▲1,400人", "▲2,000人", None, "−"),
]


@pytest.mark.parametrize(("target", "actual", "baseline", "symbol"), TAMA_OTHER)
def test_tama_without_pace(target: str, actual: str, baseline: str | None, symbol: str) -> None:
    r = rate(TAMA, target, actual, baseline, FY2021)
    assert r.assessment is not None
    assert r.assessment.pace is None
    assert r.symbol == symbol


def test_tama_decrease_without_baseline_is_not_measured_from_zero() -> None:
    a = assess_texts("10件以下/年度", "12件", None, FY2021)
    assert (a.outcome, a.progress, a.pace) == ("short", None, None)
    assert a.ratio is not None
    assert a.ratio < 1


def test_pace_share_for_a_target_year_beyond_the_plan() -> None:
    # a target for FY2025 in a plan starting FY2019: year 3 of 7
    a = assess_texts("200人 (2025年度)", "160人", "100人 (2018年度)", FY2021)
    assert a.pace == Decimal("0.6") / (Decimal(3) / Decimal(7))
    # a target year already passed: the whole way is expected
    a = assess_texts("200人 (2020年度)", "160人", "100人 (2018年度)", FY2021)
    assert a.pace == Decimal("0.6")


# --- every rating has a reason in both languages ------------------------------------------------


@pytest.mark.parametrize("code", ["sapporo", "nagayo", "tama"])
@pytest.mark.parametrize(
    ("target", "actual", "baseline"),
    [(t, a, b) for t, a, b, *_ in SAPPORO_CASES] + [(t, a, b) for t, a, b, _ in NAGAYO_CASES],
)
def test_every_rating_has_reasons(
    code: str, target: str, actual: str, baseline: str | None
) -> None:
    rubric = load_rubric(code)
    for year in (2019, 2021, 2024):
        r = rate(rubric, target, actual, baseline, ctx(year))
        assert r.reason.ja
        assert r.reason.en
        d = r.to_dict()
        assert d["symbol"] == r.symbol
        assert d["reason"]
        assert d["reason_en"]
        assert r.assessment is not None
        if r.assessment.outcome in UNRATABLE:
            assert not rubric.symbol(r.symbol).rated


def test_assess_accepts_values() -> None:
    a = assess(explain("12社/年度"), explain("13社"), None, FY2019)
    assert a == assess_texts("12社/年度", "13社", None, FY2019)


# --- rubric data ------------------------------------------------------------------------------


def test_available_rubrics() -> None:
    assert available_rubrics() == ["nagayo", "sapporo", "tama"]
    with pytest.raises(RubricError, match="known: nagayo, sapporo, tama"):
        load_rubric("sendai")


@pytest.mark.parametrize("code", ["sapporo", "nagayo", "tama"])
def test_rubric_round_trips(code: str) -> None:
    rubric = load_rubric(code)
    assert Rubric.from_dict(rubric.to_dict()) == rubric


def _sapporo_dict() -> dict[str, Any]:
    return copy.deepcopy(SAPPORO.to_dict())


def test_unknown_symbol_in_a_rule() -> None:
    data = _sapporo_dict()
    data["rules"][5]["symbol"] = "☆"
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(data)
    msg = str(err.value)
    assert "'sapporo'" in msg
    assert "rule 6" in msg
    assert "'☆'" in msg
    assert "symbols" in msg
    assert "◎" in msg  # lists the known ones


def test_unknown_condition_field() -> None:
    data = _sapporo_dict()
    data["rules"][0]["when"] = {"outcomes": ["no_target"]}
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(data)
    msg = str(err.value)
    assert "rule 1" in msg
    assert "'outcomes'" in msg
    assert "outcome" in msg
    assert "pace" in msg
    assert "'facts'" not in msg


def test_unknown_comparison() -> None:
    data = copy.deepcopy(TAMA.to_dict())
    data["rules"][1]["when"] = {"pace": {"=>": 1}}
    with pytest.raises(RubricError, match=r"rule 2.*'=>'.*use"):
        Rubric.from_dict(data)


def test_missing_key() -> None:
    data = _sapporo_dict()
    del data["rules"][0]["because_en"]
    with pytest.raises(RubricError, match=r"'sapporo'.*missing key 'because_en'"):
        Rubric.from_dict(data)


def test_unknown_unrated_symbol() -> None:
    data = _sapporo_dict()
    data["unrated"] = "?"
    with pytest.raises(RubricError, match=r"unrated symbol '\?'"):
        Rubric.from_dict(data)


def test_a_rubric_is_data() -> None:
    # a minimal two-symbol rubric: achieved or not, from the outcome alone
    rubric = Rubric.from_dict(
        {
            "code": "mini",
            "name_ja": "達成・未達成",
            "name_en": "achieved or not",
            "unrated": "―",
            "symbols": [
                {"symbol": "達成", "code": "yes", "label_ja": "達成", "label_en": "yes", "rank": 2},
                {
                    "symbol": "未達成",
                    "code": "no",
                    "label_ja": "未達成",
                    "label_en": "no",
                    "rank": 1,
                },
                {
                    "symbol": "―",
                    "code": "na",
                    "label_ja": "評価不可",
                    "label_en": "n/a",
                    "rank": 0,
                    "rated": False,
                },
            ],
            "rules": [
                {
                    "symbol": "達成",
                    "when": {"outcome": ["met", "ongoing"]},
                    "because_ja": "達成",
                    "because_en": "met",
                },
                {
                    "symbol": "未達成",
                    "when": {"outcome": ["short", "late"], "due": True},
                    "because_ja": "未達成",
                    "because_en": "not met",
                },
            ],
        }
    )
    assert rate(rubric, "12社/年度", "13社").symbol == "達成"
    assert rate(rubric, "12社/年度", "11社").symbol == "未達成"
    r = rate(rubric, "12社/年度", "-")  # no rule applies: the unrated symbol, with a reason
    assert r.symbol == "―"
    assert "どの規則にも当たらない" in r.reason.ja
