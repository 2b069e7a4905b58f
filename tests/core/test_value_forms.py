"""Table tests of the forms other municipalities' lists write (issue 15.1): at least ten
varied examples per form, each typed and explained — or refused with a reason, never guessed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hyoka.core.assess import Context, assess_texts
from hyoka.core.resolve import resolve
from hyoka.core.rubrics import load_rubric
from hyoka.core.values import Value, explain

D = Decimal
SAPPORO = load_rubric("sapporo")


def check(text: str, expected: dict[str, Any]) -> Value:
    v = explain(text)
    assert v.text == text
    for name, want in expected.items():
        got = getattr(v, name)
        if name == "number" and want is not None:
            assert got == D(want), (text, name, got, want)
        else:
            assert got == want, (text, name, got, want, v)
    return v


def rate(target: str, actual: str, fiscal_year: int = 2022, baseline: str | None = None) -> str:
    a = assess_texts(target, actual, baseline, Context(fiscal_year, 2019, 2023))
    return SAPPORO.rate(a).symbol


# --- era years in brackets: spaces, full-width digits, letters ------------------------------

ERA_YEARS = [
    ("10件 (平成 30 年度)", 2018, "fiscal"),
    ("10件（平成３０年度）", 2018, "fiscal"),
    ("10件 (令和２年)", 2020, "calendar"),
    ("10件 (令和 ２ 年)", 2020, "calendar"),
    ("10件 (R 4)", 2022, None),
    ("10件 (Ｒ４)", 2022, None),
    ("10件 (R4年度)", 2022, "fiscal"),
    ("10件 (H 29 年度)", 2017, "fiscal"),
    ("10件 (令和元年度)", 2019, "fiscal"),
    ("10件 (令和 元 年度)", 2019, "fiscal"),
    ("10件 (令和二年度)", 2020, "fiscal"),
    ("10件（ 2023 年度 ）", 2023, "fiscal"),
    ("29.8万人 (令和 5 年度)", 2023, "fiscal"),
]


@pytest.mark.parametrize(("text", "year", "basis"), ERA_YEARS)
def test_era_years_in_brackets(text: str, year: int, basis: str | None) -> None:
    check(text, {"year": year, "year_basis": basis, "year_relation": "at"})


# --- bare era years: resolved from the document's era and fiscal year ------------------------

BARE_YEARS = [
    ("45件 (5年度)", "target", 2020, 2023),
    ("45件 (3年度)", "target", 2021, 2021),
    ("45件 (元年度)", "target", 2019, 2019),
    ("45件 (５年度)", "target", 2022, 2023),
    ("45件 (7年度まで)", "target", 2022, 2025),
    ("5年度まで", "target", 2020, 2023),
    ("8年度", "target", 2024, 2026),
    ("100人 (29年度)", "baseline", 2019, 2017),
    ("100人 (30年度)", "baseline", 2020, 2018),
    ("100人 (2年度)", "actual", 2020, 2020),
    ("100人 (2年)", "actual", 2020, 2020),
    ("100人 (元年度見込)", "actual", 2019, 2019),
]


@pytest.mark.parametrize(("text", "role", "fiscal_year", "year"), BARE_YEARS)
def test_bare_era_years_are_resolved_and_say_how(
    text: str, role: Any, fiscal_year: int, year: int
) -> None:
    v = explain(text)
    assert v.year is None
    assert v.era_year is not None
    r = resolve(v, role, fiscal_year, (2019, 2023) if fiscal_year < 2024 else (2024, 2028))
    assert r.year == year
    assert r.resolution
    assert f"{year}年" in r.resolution


@pytest.mark.parametrize("text", ["45件 (40年度)", "45件 (60年度)", "45件 (90年度)"])
def test_bare_era_years_that_fit_no_era_are_not_guessed(text: str) -> None:
    r = resolve(explain(text), "target", 2020, (2019, 2023))
    assert r.year is None
    assert any("特定できません" in w for w in r.warnings)


# --- points in time -----------------------------------------------------------------------------

POINTS = [
    ("H30.3", "2018-03"),
    ("R4.3末", "2022-03-31"),
    ("令和元年9月", "2019-09"),
    ("2020年4月1日現在", "2020-04-01"),
    ("R2.3.31", "2020-03-31"),
    ("Ｈ３１．３末", "2019-03-31"),
    ("平成30年3月末時点", "2018-03-31"),
    ("2019年12月末", "2019-12-31"),
    ("令和2年4月1日", "2020-04-01"),
    ("R5/3/31", "2023-03-31"),
    ("2021年3月", "2021-03"),
]


@pytest.mark.parametrize(("text", "point"), POINTS)
def test_points_in_time_are_dates_not_years(text: str, point: str) -> None:
    check(text, {"kind": "date", "as_of": point, "year": None})
    check(f"30件 ({text})", {"kind": "quantity", "as_of": point, "year": None})


@pytest.mark.parametrize("text", ["R2.13", "2019年2月30日", "H30.0"])
def test_points_that_do_not_exist_are_not_read_as_dates(text: str) -> None:
    assert explain(text).kind != "date"


def test_a_date_target_is_a_deadline_by_its_fiscal_year() -> None:
    assert rate("R4.3末", "R3.12末", 2021) == "◎"
    assert rate("R4.3末", "R4.6", 2022) == "×"


# --- kanji numerals ------------------------------------------------------------------------------

KANJI = [
    ("七十二・四%", D("72.4"), "%"),
    ("三十件", 30, "件"),
    ("二千五百人", 2500, "人"),
    ("十件", 10, "件"),
    ("百二十人", 120, "人"),
    ("五回", 5, "回"),
    ("一万二千人", 12000, "人"),
    ("三・五%", D("3.5"), "%"),
    ("九十九．九%", D("99.9"), "%"),
    ("四十社/年度", 40, "社"),
    ("二〇二〇人", 2020, "人"),
    ("八百万円", 8000000, "円"),
]


@pytest.mark.parametrize(("text", "number", "unit"), KANJI)
def test_kanji_numerals(text: str, number: Any, unit: str) -> None:
    check(text, {"kind": "quantity", "number": number, "unit": unit})


@pytest.mark.parametrize("text", ["一部実施", "一定数", "十分", "千人", "万全"])
def test_kanji_words_that_are_no_numbers(text: str) -> None:
    assert explain(text).kind != "quantity"


# --- ranges and bands ------------------------------------------------------------------------------

RANGES = [
    ("5～8件", 5, 8, "件", "at_least", "at_most"),
    ("3-5回", 3, 5, "回", "at_least", "at_most"),
    ("60%以上90%未満", 60, 90, "%", "at_least", "less_than"),
    ("5〜8件", 5, 8, "件", "at_least", "at_most"),
    ("５～８件", 5, 8, "件", "at_least", "at_most"),
    ("5件～8件", 5, 8, "件", "at_least", "at_most"),
    ("1,000～1,500人", 1000, 1500, "人", "at_least", "at_most"),
    ("10から20社", 10, 20, "社", "at_least", "at_most"),
    ("70%超90%以下", 70, 90, "%", "more_than", "at_most"),
    ("2.5～3.0%", D("2.5"), 3, "%", "at_least", "at_most"),
    ("100以上200以内", 100, 200, None, "at_least", "at_most"),
]


@pytest.mark.parametrize(("text", "low", "high", "unit", "low_bound", "high_bound"), RANGES)
def test_ranges(
    text: str, low: Any, high: Any, unit: str | None, low_bound: str, high_bound: str
) -> None:
    v = check(text, {"kind": "range", "unit": unit})
    lo, hi = v.parts
    assert (lo.number, hi.number) == (D(low), D(high))
    assert (lo.bound, hi.bound) == (low_bound, high_bound)
    assert v.to_dict()["range"]["low"] == lo.number


@pytest.mark.parametrize("text", ["8～5件", "5件～8回"])
def test_ranges_that_do_not_hold_are_refused(text: str) -> None:
    v = explain(text)
    assert v.kind == "text"
    assert v.reason


def test_range_targets_are_rated() -> None:
    assert rate("60%以上90%未満", "75%") == "◎"
    assert rate("60%以上90%未満", "55%") == "×"
    assert rate("60%以上90%未満", "90%") == "-"
    assert rate("5～8件", "6件 (見込)") == "○"


# --- change targets -------------------------------------------------------------------------------

CHANGES = [
    ("15%増", 15, "%", "increase", None),
    ("0.5ポイント減", D("0.5"), "ポイント", "decrease", None),
    ("10%削減", 10, "%", "decrease", None),
    ("+3件", 3, "件", "increase", None),
    ("＋３件", 3, "件", "increase", None),
    ("5%増加", 5, "%", "increase", None),
    ("2ポイント上昇", 2, "ポイント", "increase", None),
    ("20%減少", 20, "%", "decrease", None),
    ("前年度比5%増", 5, "%", "increase", "前年度"),
    ("100人増", 100, "人", "increase", None),
    ("1.5pt向上", D("1.5"), "ポイント", "increase", None),
]


@pytest.mark.parametrize(("text", "amount", "unit", "direction", "ref"), CHANGES)
def test_change_targets_are_relative_not_a_unit(
    text: str, amount: Any, unit: str, direction: str, ref: str | None
) -> None:
    v = check(text, {"kind": "change", "number": amount, "unit": unit, "relation": direction})
    assert v.note == ref
    assert v.to_dict()["change"]["direction"] == direction


def test_change_targets_are_rated_on_the_baseline() -> None:
    assert rate("15%増", "120件", baseline="100件") == "◎"
    assert rate("15%増", "110件", baseline="100件") == "×"
    assert rate("10%削減", "85t", baseline="100t") == "◎"
    assert rate("+3件", "13件", baseline="10件") == "◎"
    assert rate("0.5ポイント減", "4.4%", baseline="5.0%") == "◎"


def test_change_targets_that_cannot_be_told_are_dash() -> None:
    assert rate("15%増", "120件") == "-"  # no baseline
    assert rate("5%増", "52%", baseline="50%") == "-"  # points or a share of 50%?
    assert rate("前年度比5%増", "120件", baseline="100件") == "-"  # the year before is not given
    assert rate("前年度比増", "120件", baseline="100件") == "-"


# --- footnote marks and second values ---------------------------------------------------------------

FOOTNOTES = [
    ("30件※2", ("※2",)),
    ("30件 ※", ("※",)),
    ("30件*1", ("*1",)),
    ("30件 注)", ("注)",)),
    ("※1 30件", ("※1",)),
    ("30件（注1）", ("注1",)),
    ("30件 (※2)", ("※2",)),
    ("30件※1※2", ("※1", "※2")),
    ("約30件※", ("※",)),
    ("30件/年度※3", ("※3",)),
    ("30件 (2019年度)※", ("※",)),
]


@pytest.mark.parametrize(("text", "marks"), FOOTNOTES)
def test_footnote_marks_are_kept_as_notes(text: str, marks: tuple[str, ...]) -> None:
    v = check(text, {"number": 30, "footnotes": marks})
    assert v.to_dict()["footnotes"] == list(marks)


SECOND_VALUES = [
    ("12,000人 (8,000)", 12000, "8,000"),
    ("12,000人（8,000）", 12000, "8,000"),
    ("20件 [H29～30累計]", 20, "H29~30累計"),
    ("20件 【参考値】", 20, "参考値"),
    ("15社 (うち新規3社)", 15, "うち新規3社"),
    ("5回 (オンライン2回)", 5, "オンライン2回"),
    ("100人 (8000)", 100, "8000"),
    ("30% (全国平均25%)", 30, "全国平均25%"),
    ("2件 [再掲]", 2, "再掲"),
    ("7校 (全校)", 7, "全校"),
]


@pytest.mark.parametrize(("text", "number", "note"), SECOND_VALUES)
def test_second_values_in_brackets_are_notes(text: str, number: int, note: str) -> None:
    check(text, {"kind": "quantity", "number": number, "note": note, "year": None})


def test_a_span_of_years_is_not_one_year_and_says_so() -> None:
    v = check("20件 [H29～30累計]", {"qualifiers": ("cumulative",)})
    assert any("年度の範囲" in w for w in v.warnings)


# --- compound units ---------------------------------------------------------------------------------

COMPOUND_UNITS = [
    ("3.5件/万人", D("3.5"), "件/万人", None),
    ("12人/千人", 12, "人/千人", None),
    ("5,000円/人", 5000, "円/人", None),
    ("2t/日", 2, "t", "日"),
    ("1.2件/千人", D("1.2"), "件/千人", None),
    ("80人/10万人", 80, "人/10万人", None),
    ("3,500円/世帯", 3500, "円/世帯", None),
    ("0.8台/世帯", D("0.8"), "台/世帯", None),
    ("15kg/人", 15, "kg/人", None),
    ("250人/日", 250, "人", "日"),
    ("４．５件／万人", D("4.5"), "件/万人", None),
]


@pytest.mark.parametrize(("text", "number", "unit", "per"), COMPOUND_UNITS)
def test_compound_units(text: str, number: Any, unit: str, per: str | None) -> None:
    check(text, {"kind": "quantity", "number": number, "unit": unit, "per": per})


def test_compound_units_compare_only_with_the_same_unit() -> None:
    assert rate("3.0件/万人", "3.5件/万人") == "◎"
    assert rate("3.0件/万人", "3.5件/千人") == "-"


# --- before → after --------------------------------------------------------------------------------

TRANSITIONS = [
    ("12.0%(H24)→20.0%(H28)", "12.0%(H24)", "20.0%(H28)"),
    ("― → 30人", "―", "30人"),
    ("10件→15件", "10件", "15件"),
    ("10件 ⇒ 15件", "10件", "15件"),
    ("10件->15件", "10件", "15件"),
    ("- → 2回/年度", "-", "2回/年度"),
    ("約80% → 90%", "約80%", "90%"),
    ("1,200人(2018年度)→1,500人(2023年度)", "1,200人(2018年度)", "1,500人(2023年度)"),
    ("未実施→実施", "未実施", "実施"),
    ("５件　→　８件", "５件", "８件"),
]


@pytest.mark.parametrize(("text", "before", "after"), TRANSITIONS)
def test_before_after(text: str, before: str, after: str) -> None:
    v = check(text, {"kind": "transition"})
    b, a = v.parts
    assert explain(before).kind == b.kind
    assert explain(after).number == a.number
    assert len(v.to_dict()["parts"]) == 2


@pytest.mark.parametrize("text", ["10件→", "→10件", "1→2→3件", "10件→よく分からない"])
def test_before_after_that_cannot_be_read_whole_is_refused(text: str) -> None:
    v = explain(text)
    assert v.kind == "text"
    assert v.reason


def test_before_after_targets_compare_the_value_after() -> None:
    assert rate("12.0%(H24)→20.0%(H28)", "21%", 2019) == "◎"
    assert rate("10件→15件", "12件") == "×"
    assert rate("20件/年度", "10件→25件") == "◎"


# --- a year or a label before the value --------------------------------------------------------------

LABELLED = [
    ("H27 4.8%", D("4.8"), 2015, None),
    ("R5目標：9,000人", 9000, 2023, "目標"),
    ("2018年度 1,950億円", 195000000000, 2018, None),
    ("R5目標:9,000人", 9000, 2023, "目標"),
    ("令和5年度 9,000人", 9000, 2023, None),
    ("H30実績 120件", 120, 2018, "実績"),
    ("2023年度目標 50社", 50, 2023, "目標"),
    ("目標：9,000人", 9000, None, "目標"),
    ("R4見込 80%", 80, 2022, "見込"),
    ("2019年 1,200人", 1200, 2019, None),
    ("H29基準値 3.2件", D("3.2"), 2017, "基準値"),
]


@pytest.mark.parametrize(("text", "number", "year", "label"), LABELLED)
def test_a_year_or_label_before_the_value(
    text: str, number: Any, year: int | None, label: str | None
) -> None:
    check(text, {"kind": "quantity", "number": number, "year": year, "note": label})


# --- words that point elsewhere or state a status --------------------------------------------------

WORDS = [
    ("〃", "text", None),
    ("同左", "text", None),
    ("同上", "text", None),
    ("上に同じ", "text", None),
    ("現状値以上", "relative", None),
    ("検討中", "state", "considering"),
    ("実施済", "state", "done"),
    ("実施済み", "state", "done"),
    ("未実施", "state", "not_done"),
    ("未着手", "state", "not_done"),
    ("準備中", "state", "preparing"),
    ("実施中", "state", "in_progress"),
]


@pytest.mark.parametrize(("text", "kind", "state"), WORDS)
def test_words(text: str, kind: str, state: str | None) -> None:
    v = check(text, {"kind": kind, "state": state})
    if kind == "text":
        assert v.reason is not None
        assert "セル" in v.reason


def test_status_words_are_rated_without_guessing() -> None:
    assert rate("2022年度", "実施済") == "◎"
    assert rate("2022年度", "未実施") == "×"
    assert rate("2022年度", "検討中") == "-"
    assert rate("開設", "検討中") == "-"
    assert rate("常時", "未実施") == "×"
    assert rate("現状値以上", "100件", baseline="100件") == "◎"
    assert rate("現状値以上", "99件", baseline="100件") == "×"


# --- the JSON contract grows only by adding fields ------------------------------------------------

BASE_KEYS = {
    "text", "kind", "number", "unit", "scale", "per", "each", "bound", "year", "year_basis",
    "year_relation", "qualifiers", "provisional", "state", "relation", "note", "reason",
}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "12社/年度",
        "29.8万人 (2023年度)",
        "-",
        "常時",
        "2019年度まで",
        "よく分からない",
        "約79,600人",
    ],
)
def test_values_of_the_old_forms_have_the_old_keys_only(text: str) -> None:
    assert set(explain(text).to_dict()) == BASE_KEYS


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5～8件", "range"),
        ("15%増", "change"),
        ("30件※2", "footnotes"),
        ("60件/年度（R3見直し後40件/年度）", "target_history"),
        ("20件 [H29～30累計]", "warnings"),
        ("10件→15件", "parts"),
        ("30件 (R4.3末)", "as_of"),
        ("45件 (5年度)", "era_year"),
    ],
)
def test_new_forms_add_their_fields(text: str, key: str) -> None:
    d = explain(text).to_dict()
    assert set(d) >= BASE_KEYS
    assert key in d
