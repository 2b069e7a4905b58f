"""Tests for hyoka.core.values: every form docs/rating.md and the grammar list, the seed's
real cells, properties.

Each table row is ``(text, expected fields)``; only the fields named are checked, so a
row says what that form is about.  Numbers are compared as :class:`~decimal.Decimal`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hyoka.core.values import PROVISIONAL, Value, explain, json_number, normalise, split_values

D = Decimal


def check(text: str, expected: dict[str, Any]) -> Value:
    """Explain ``text`` and compare the fields named in ``expected``."""
    v = explain(text)
    assert v.text == text
    for name, want in expected.items():
        got = getattr(v, name)
        if name == "number" and want is not None:
            assert isinstance(got, Decimal), (text, got)
            assert got == D(want), (text, name, got, want)
        else:
            assert got == want, (text, name, got, want)
    if v.kind != "text":
        assert v.reason is None, (text, v.reason)
    return v


# --- counts and amounts ---------------------------------------------------------------------

COUNTERS = [
    ("1回", D(1), "回", None),
    ("13社", D(13), "社", None),
    ("15件", D(15), "件", None),
    ("346人", D(346), "人", None),
    ("100名", D(100), "名", None),
    ("124校", D(124), "校", None),
    ("13大学", D(13), "大学", None),
    ("12市町村", D(12), "市町村", None),
    ("159組", D(159), "組", None),
    ("5団体", D(5), "団体", None),
    ("75%", D(75), "%", None),
    ("85.1%", D("85.1"), "%", None),
    ("189,932人/日", D(189932), "人", "日"),
    ("5人/日", D(5), "人", "日"),
    ("2,969", D(2969), None, None),
]


@pytest.mark.parametrize(("text", "number", "unit", "per"), COUNTERS)
def test_counters(text: str, number: Decimal, unit: str | None, per: str | None) -> None:
    check(
        text,
        {
            "kind": "quantity",
            "number": number,
            "unit": unit,
            "per": per,
            "scale": None,
            "bound": None,
            "each": False,
            "qualifiers": (),
        },
    )


SCALES = [
    ("38,596千人", D(38_596_000), "人", "千"),
    ("37,076千人", D(37_076_000), "人", "千"),
    ("44,000千人", D(44_000_000), "人", "千"),
    ("29.8万人", D(298_000), "人", "万"),
    ("25.1万人", D(251_000), "人", "万"),
    ("0.5万人", D(5_000), "人", "万"),
    ("8,000千円", D(8_000_000), "円", "千"),
    ("7,371千円", D(7_371_000), "円", "千"),
    ("5億円", D(500_000_000), "円", "億"),
    ("1.5億円", D(150_000_000), "円", "億"),
    ("3兆円", D(3 * 10**12), "円", "兆"),
    ("30兆円", D(30 * 10**12), "円", "兆"),
    ("27兆9千億円", D("27.9e12"), "円", "兆千億"),
    ("1億2,345万円", D(123_450_000), "円", "億万"),
    ("1万2千人", D(12_000), "人", "万千"),
    ("1千万円", D(10_000_000), "円", "千万"),
]


@pytest.mark.parametrize(("text", "number", "unit", "scale"), SCALES)
def test_scale_words(text: str, number: Decimal, unit: str, scale: str) -> None:
    v = check(text, {"kind": "quantity", "number": number, "unit": unit, "scale": scale})
    assert v.number is not None
    assert v.number == v.number.to_integral_value()  # 29.8万 is exact, not 297999.99…


SEPARATORS_AND_WIDTH = [
    ("1,234,567円", {"number": 1_234_567, "unit": "円"}),
    ("1,000.5人", {"number": D("1000.5"), "unit": "人"}),
    ("１２社", {"number": 12, "unit": "社"}),
    ("１，２３４人", {"number": 1234, "unit": "人"}),
    ("１２社（予定）", {"number": 12, "unit": "社", "qualifiers": ("planned",)}),
    ("１回（予定）", {"number": 1, "unit": "回", "qualifiers": ("planned",)}),
    ("１００％", {"number": 100, "unit": "%"}),
    ("12 社", {"number": 12, "unit": "社"}),
    (".5人", {"number": D("0.5"), "unit": "人"}),
    ("0人", {"number": 0, "unit": "人"}),
]


@pytest.mark.parametrize(("text", "expected"), SEPARATORS_AND_WIDTH)
def test_separators_and_full_width(text: str, expected: dict[str, Any]) -> None:
    check(text, {"kind": "quantity", **expected})


NEGATIVES = [
    ("▲2,805人", D(-2805)),
    ("△2,805人", D(-2805)),  # △ before a number is a minus sign, not the rating △
    ("▲ 2,805人", D(-2805)),
    ("▲1,400人", D(-1400)),
    ("△2,805", D(-2805)),
    ("-5人", D(-5)),
    ("−5人", D(-5)),
    ("マイナス5人", D(-5)),
]


@pytest.mark.parametrize(("text", "number"), NEGATIVES)
def test_negatives(text: str, number: Decimal) -> None:
    check(text, {"kind": "quantity", "number": number})


def test_negative_with_year() -> None:
    check(
        "▲2,805人 (2017年)",
        {"number": -2805, "unit": "人", "year": 2017, "year_basis": "calendar"},
    )


# --- cadence, scope and bounds ----------------------------------------------------------------

CADENCE = [
    ("1回/年度", {"number": 1, "unit": "回", "per": "年度", "each": False}),
    ("12社/年度", {"number": 12, "unit": "社", "per": "年度"}),
    ("20回/年", {"number": 20, "unit": "回", "per": "年"}),
    ("189,932人/日", {"number": 189932, "per": "日"}),
    ("1回/1年度", {"number": 1, "unit": "回", "per": "年度"}),
    ("1人/回", {"number": 1, "unit": "人", "per": "回"}),
    ("8,000千円/年度", {"number": 8_000_000, "unit": "円", "per": "年度", "scale": "千"}),
    ("75%/年度", {"number": 75, "unit": "%", "per": "年度"}),
    ("各1回/年度", {"number": 1, "unit": "回", "per": "年度", "each": True}),
    ("各1回", {"number": 1, "unit": "回", "per": None, "each": True}),
    (
        "各1回以上/年度",
        {"number": 1, "unit": "回", "per": "年度", "each": True, "bound": "at_least"},
    ),
    ("各1回以上", {"number": 1, "each": True, "bound": "at_least", "per": None}),
]


@pytest.mark.parametrize(("text", "expected"), CADENCE)
def test_cadence(text: str, expected: dict[str, Any]) -> None:
    check(text, {"kind": "quantity", **expected})


BOUNDS = [
    ("500社以上", "at_least", D(500), "社"),
    ("100名以上", "at_least", D(100), "名"),
    ("2人以上/年度", "at_least", D(2), "人"),
    ("100人/年度以上", "at_least", D(100), "人"),  # the bound after the cadence is kept
    ("10人超", "more_than", D(10), "人"),
    ("1000人超/日", "more_than", D(1000), "人"),
    ("5件以下", "at_most", D(5), "件"),
    ("10件以下/年度", "at_most", D(10), "件"),
    ("3日以内", "at_most", D(3), "日"),
    ("10人未満", "less_than", D(10), "人"),
    ("50%以上", "at_least", D(50), "%"),
]


@pytest.mark.parametrize(("text", "bound", "number", "unit"), BOUNDS)
def test_bounds(text: str, bound: str, number: Decimal, unit: str) -> None:
    check(text, {"kind": "quantity", "bound": bound, "number": number, "unit": unit})


# --- years: notes, deadlines, bare years, eras ------------------------------------------------

YEAR_NOTES = [
    (
        "100% (毎年度)",
        {"number": 100, "qualifiers": ("every_year",), "year": None, "year_relation": None},
    ),
    ("常時 (毎年度)", {"kind": "state", "qualifiers": ("every_year",), "year": None}),
    (
        "2回/年度 (2020年度以降)",
        {"number": 2, "per": "年度", "year": 2020, "year_basis": "fiscal", "year_relation": "from"},
    ),
    (
        "29.8万人 (2023年度)",
        {"number": 298000, "year": 2023, "year_basis": "fiscal", "year_relation": "at"},
    ),
    (
        "30兆円 (2023年)",
        {"number": 30 * 10**12, "year": 2023, "year_basis": "calendar", "year_relation": "at"},
    ),
    (
        "13大学 (2023年度まで)",
        {"unit": "大学", "year": 2023, "year_basis": "fiscal", "year_relation": "until"},
    ),
    ("1回/年 (2017年度)", {"per": "年", "year": 2017, "year_basis": "fiscal"}),
    ("12社 (令和元年度)", {"number": 12, "year": 2019, "year_basis": "fiscal", "era": "令和"}),
    ("12社 (R1年度)", {"number": 12, "year": 2019, "year_basis": "fiscal"}),
    ("12社（２０１９年度）", {"number": 12, "year": 2019, "year_basis": "fiscal"}),
]


@pytest.mark.parametrize(("text", "expected"), YEAR_NOTES)
def test_year_notes(text: str, expected: dict[str, Any]) -> None:
    check(text, {"kind": "quantity", **expected})


YEARS = [
    ("2019年度まで", "deadline", 2019, "fiscal", "until", None),
    ("2025年度まで", "deadline", 2025, "fiscal", "until", None),
    ("令和元年度まで", "deadline", 2019, "fiscal", "until", "令和"),
    ("2023年度末", "deadline", 2023, "fiscal", "until", None),  # not 2023 of a unit 年度末
    ("2023年末", "deadline", 2023, "calendar", "until", None),
    ("令和5年度末", "deadline", 2023, "fiscal", "until", "令和"),
    ("2019年度中", "deadline", 2019, "fiscal", "until", None),
    ("2023年度までに", "deadline", 2023, "fiscal", "until", None),
    ("2023年度", "year", 2023, "fiscal", "at", None),
    ("2023年", "year", 2023, "calendar", "at", None),
    ("2020年度以降", "year", 2020, "fiscal", "from", None),
    ("令和元年度", "year", 2019, "fiscal", "at", "令和"),
    ("令和2年度", "year", 2020, "fiscal", "at", "令和"),
    ("平成31年", "year", 2019, "calendar", "at", "平成"),
    ("平成31年度", "year", 2019, "fiscal", "at", "平成"),
    ("R6年度", "year", 2024, "fiscal", "at", "令和"),
    ("Ｒ６年度", "year", 2024, "fiscal", "at", "令和"),
    ("H28", "year", 2016, None, "at", "平成"),
    ("R1", "year", 2019, None, "at", "令和"),
]


@pytest.mark.parametrize(("text", "kind", "year", "basis", "relation", "era"), YEARS)
def test_years_and_eras(
    text: str, kind: str, year: int, basis: str | None, relation: str, era: str | None
) -> None:
    check(
        text,
        {
            "kind": kind,
            "year": year,
            "year_basis": basis,
            "year_relation": relation,
            "era": era,
            "number": None,
        },
    )


def test_year_with_qualifier() -> None:
    v = check("2019年度（予定）", {"kind": "year", "year": 2019, "qualifiers": ("planned",)})
    assert v.provisional


def test_era_note_keeps_the_era() -> None:
    check("令和元年度（予定）", {"kind": "year", "year": 2019, "era": "令和"})


# --- states and relative targets ---------------------------------------------------------------

STATES = [
    ("常時", "always", True),
    ("維持", "maintained", True),
    ("開設", "opened", False),
    ("継続", "continued", True),
    ("開催", "held", False),
]


@pytest.mark.parametrize(("text", "state", "ongoing"), STATES)
def test_states(text: str, state: str, ongoing: bool) -> None:
    check(text, {"kind": "state", "state": state, "ongoing": ongoing, "number": None})


def test_state_with_year() -> None:
    check("常時 (2017年度)", {"kind": "state", "state": "always", "year": 2017})
    check("開設 (毎年度)", {"kind": "state", "state": "opened", "qualifiers": ("every_year",)})


RELATIVE = [
    ("現状値からの増加 (2023年度)", "increase", 2023),
    ("現状値からの増加", "increase", None),
    ("策定時より上昇", "increase", None),
    ("現状値を維持", "maintain", None),
    ("基準値から減少", "decrease", None),
    ("前年度比増", "increase", None),
]


@pytest.mark.parametrize(("text", "relation", "year"), RELATIVE)
def test_relative(text: str, relation: str, year: int | None) -> None:
    check(text, {"kind": "relative", "relation": relation, "year": year, "number": None})


# --- compound -------------------------------------------------------------------------------

COMPOUND = [
    ("5,559/250", [D(5559), D(250)], None),
    ("4,152/218", [D(4152), D(218)], None),
    ("2,969/152 (2017年度)", [D(2969), D(152)], 2017),
    ("5,559/250 (2019年度)", [D(5559), D(250)], 2019),
    ("5,559人/250件", [D(5559), D(250)], None),
]


@pytest.mark.parametrize(("text", "numbers", "year"), COMPOUND)
def test_compound(text: str, numbers: list[Decimal], year: int | None) -> None:
    v = check(text, {"kind": "compound", "number": None, "year": year})
    assert [p.number for p in v.parts] == numbers
    assert all(p.kind == "quantity" for p in v.parts)
    assert len(v.to_dict()["parts"]) == len(numbers)


# --- qualifiers on actuals --------------------------------------------------------------------

QUALIFIERS = [
    ("1回（予定）", "planned", True),
    ("12社(予定)", "planned", True),
    ("100名以上 (集計中)", "counting", True),
    ("124校以上 (集計中)", "counting", True),
    ("79,600人見込", "forecast", True),
    ("見込 79,600人", "forecast", True),
    ("100人 (見込み)", "forecast", True),
    ("100人 (速報値)", "preliminary", True),
    ("100人速報値", "preliminary", True),
    ("10件程度", "roughly", True),
    ("5回程度", "roughly", True),
    ("5回 程度", "roughly", True),
    ("約79,600人", "about", False),
    ("約 79,600人", "about", False),
    ("累計100件", "cumulative", False),
    ("100件 (累計)", "cumulative", False),
    ("100人 (暫定値)", "provisional", True),
    ("延べ100人", "total", False),
]


@pytest.mark.parametrize(("text", "code", "provisional"), QUALIFIERS)
def test_qualifiers(text: str, code: str, provisional: bool) -> None:
    v = check(text, {"kind": "quantity"})
    assert code in v.qualifiers
    assert v.provisional is provisional
    assert v.to_dict()["provisional"] is provisional


def test_provisional_exactly_for_the_documented_words() -> None:
    # 予定 集計中 見込 速報値 程度 make a figure provisional; 約 (a rounded confirmed figure),
    # 累計 and 毎年度 do not.
    assert {"planned", "counting", "forecast", "preliminary", "roughly"} <= PROVISIONAL
    assert not {"about", "cumulative", "every_year", "confirmed"} & PROVISIONAL


def test_several_qualifiers() -> None:
    v = check("約 79,600人 見込", {"number": 79600})
    assert set(v.qualifiers) == {"about", "forecast"}
    assert v.provisional  # 見込 wins: a rounded forecast is still a forecast
    v = check("12社 (予定) (2019年度) (集計中)", {"number": 12, "year": 2019})
    assert set(v.qualifiers) == {"planned", "counting"}


# --- placeholders and unreadable text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifiers"),
    [("集計中", ("counting",)), ("(集計中)", ("counting",)), ("（予定）", ("planned",))],
)
def test_pending_without_a_figure_is_none(text: str, qualifiers: tuple[str, ...]) -> None:
    """Still being counted, no figure yet: nothing to rate, and the reason is kept."""
    check(text, {"kind": "none", "number": None, "qualifiers": qualifiers})


@pytest.mark.parametrize(
    "text", ["-", "―", "−", "－", "ー", "—", "なし", "無し", "該当なし", " - "]
)
def test_placeholders(text: str) -> None:
    v = check(text, {"kind": "none", "number": None, "unit": None, "year": None})
    assert v.is_none
    assert v.understood
    assert v.to_dict()["number"] is None


UNREADABLE = [
    "よく分からない",
    "12社(",
    "12社)",
    "12社（予定",
    "数十人",
    "千人",  # a scale word with no digits
    "(2023年度)",  # a note without a value
    "約",
    "",
    "   ",
    "1e5人",
    "12.",
    "1,2345人",  # a misplaced thousands separator
    "1回/年度/人",
    "1回/2年",  # once every two years: not a cadence the grammar reads
    "2,805人▲",  # a sign after the number is no unit
    "12社、",
    "2019年度 2020年度",  # two values in one: split the cell first
    "【12社】",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_is_text_with_reason(text: str) -> None:
    v = check(text, {"kind": "text", "number": None})
    assert v.reason, text
    assert not v.understood
    assert not v.reason.startswith("内部エラー")
    d = v.to_dict()
    assert d["reason"] == v.reason
    assert d["text"] == text


def test_known_reasons() -> None:
    assert explain("よく分からない").reason == "数値・年度・状態のいずれとしても読めません"
    assert explain("12社(").reason == "括弧の対応が取れていません"
    assert "人▲" in (explain("2,805人▲").reason or "")
    assert "/2年" in (explain("1回/2年").reason or "")


def test_unit_key_treats_名_and_人_alike() -> None:
    from hyoka.core.values import unit_key

    assert unit_key(explain("100名").unit) == unit_key(explain("100人").unit) == "人"


# --- to_dict ----------------------------------------------------------------------------------

ALWAYS = {"text", "kind", "number", "unit", "per", "year", "year_basis", "qualifiers"}
ALL_TEXTS = (
    [r[0] for r in COUNTERS]
    + [r[0] for r in SCALES]
    + [r[0] for r in SEPARATORS_AND_WIDTH]
    + [r[0] for r in NEGATIVES]
    + [r[0] for r in CADENCE]
    + [r[0] for r in BOUNDS]
    + [r[0] for r in YEAR_NOTES]
    + [r[0] for r in YEARS]
    + [r[0] for r in STATES]
    + [r[0] for r in RELATIVE]
    + [r[0] for r in COMPOUND]
    + [r[0] for r in QUALIFIERS]
    + ["-", "なし"]
    + UNREADABLE
)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_to_dict_keys_and_json(text: str) -> None:
    v = explain(text)
    d = v.to_dict()
    assert set(d) >= ALWAYS
    assert d["text"] == text
    assert d["kind"] == v.kind
    assert isinstance(d["qualifiers"], list)
    n = d["number"]
    if v.number is None:
        assert n is None
    elif v.number == v.number.to_integral_value():
        assert type(n) is int
        assert n == int(v.number)
    else:
        assert type(n) is float
        assert D(str(n)) == v.number
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


@pytest.mark.parametrize(
    ("n", "want"),
    [(D("298000.0"), 298000), (D("85.1"), 85.1), (D("-2805"), -2805), (D(0), 0), (None, None)],
)
def test_json_number(n: Decimal | None, want: int | float | None) -> None:
    got = json_number(n)
    assert got == want
    assert type(got) is type(want)


# --- split_values on the seed's real cells ----------------------------------------------------

SEED_CELLS = [
    ("100名以上 (集計中) 2019年度", ["100名以上 (集計中)", "2019年度"]),
    ("1回/年 (2017年度) 維持 (2017年度)", ["1回/年 (2017年度)", "維持 (2017年度)"]),
    ("13大学 (2023年度まで) 80人/年度", ["13大学 (2023年度まで)", "80人/年度"]),
    ("常時 (2017年度) -", ["常時 (2017年度)", "-"]),
    ("- - -", ["-", "-", "-"]),
    ("2019年度（予定） 1回（予定）", ["2019年度(予定)", "1回(予定)"]),
    ("1回/年度 12社/年度", ["1回/年度", "12社/年度"]),
    ("1回 13社", ["1回", "13社"]),
    ("100人/年度 2019年度", ["100人/年度", "2019年度"]),
    ("8,000千円/年度 5件/年度 1回/年度", ["8,000千円/年度", "5件/年度", "1回/年度"]),
    ("86件 500社以上 1回", ["86件", "500社以上", "1回"]),
    ("2019年度まで 2025年度まで", ["2019年度まで", "2025年度まで"]),
    ("2020年度まで -", ["2020年度まで", "-"]),
    ("10件/年度 45人/年度", ["10件/年度", "45人/年度"]),
    ("10件程度 29人", ["10件程度", "29人"]),
    ("2019年度 1回/年度", ["2019年度", "1回/年度"]),
    ("- -", ["-", "-"]),
    ("- 71人", ["-", "71人"]),
    ("1回/年度 維持", ["1回/年度", "維持"]),
    ("常時 (毎年度) 2025年度", ["常時 (毎年度)", "2025年度"]),
    ("2,969/152 (2017年度) -", ["2,969/152 (2017年度)", "-"]),
    ("5,559/250 (2019年度) 100人/年度", ["5,559/250 (2019年度)", "100人/年度"]),
    ("4,152/218 66人", ["4,152/218", "66人"]),
    ("100人/年度 5,000人/年度 100人/年度", ["100人/年度", "5,000人/年度", "100人/年度"]),
    ("346人 6,425人 101人", ["346人", "6,425人", "101人"]),
    ("200人/年度 75%/年度", ["200人/年度", "75%/年度"]),
    ("330人 75%", ["330人", "75%"]),
    ("約79,600人", ["約79,600人"]),
    ("▲2,805人 (2017年)", ["▲2,805人 (2017年)"]),
    # rating cells
    ("◎ ○", ["◎", "○"]),
    ("○ -", ["○", "-"]),
    ("- ×", ["-", "×"]),
    ("△ △", ["△", "△"]),  # two ratings, not a minus sign before a number
    ("◎ ◎ ◎", ["◎", "◎", "◎"]),
    # glued words
    ("約 79,600人 見込", ["約 79,600人 見込"]),
    ("▲ 2,805人", ["▲ 2,805人"]),
    ("△ 2,805人 (2017年)", ["△ 2,805人 (2017年)"]),
    ("5回 程度 1回", ["5回 程度", "1回"]),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize(("cell", "pieces"), SEED_CELLS)
def test_split_values_seed_cells(cell: str, pieces: list[str]) -> None:
    got = split_values(cell)
    # compare normalised pieces: whether a piece keeps full-width brackets is cosmetic
    assert [normalise(p) for p in got] == pieces
    for piece in got:
        assert piece == piece.strip()
        assert piece
        if piece not in ("◎", "○", "△", "×"):
            assert explain(piece).understood, (piece, explain(piece).reason)


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("100名以上 (集計中) 2019年度", 2),
        ("1回/年 (2017年度) 維持 (2017年度)", 2),
        ("13大学 (2023年度まで) 80人/年度", 2),
        ("常時 (2017年度) -", 2),
        ("- - -", 3),
        ("2019年度（予定） 1回（予定）", 2),
        ("2019年度（予定）\u30001回（予定）", 2),  # a full-width space separates too
    ],
)
def test_split_values_counts(cell: str, count: int) -> None:
    assert len(split_values(cell)) == count


# --- properties -------------------------------------------------------------------------------

UNITS = ["回", "社", "件", "人", "名", "校", "大学", "市町村", "組", "団体", "%"]


@given(st.text())
@example("")
@example("(")
@example("▲")
@example("1/")
@example("/年度")
@example("27兆9千億円億")
def test_explain_never_raises_and_keeps_text(s: str) -> None:
    v = explain(s)
    assert v.text == s
    assert v.kind != "text" or v.reason
    assert not (v.reason or "").startswith("内部エラー")  # the safety net never fires
    v.to_dict()


DOC_ALPHABET = st.sampled_from(
    list("0123456789,./()（）-▲△ 　各約以上未満超以下内年度まで降毎回社件人名校大学市町村")
    + list("組団体%日千万億兆令和平成元RH予定集計中見込程度速報値累計常時維持開設１２")
)


@given(st.text(DOC_ALPHABET, max_size=24))
def test_explain_document_like_text(s: str) -> None:
    v = explain(s)
    assert v.text == s
    assert v.kind != "text" or v.reason
    assert not (v.reason or "").startswith("内部エラー")
    if v.kind == "quantity":
        assert v.number is not None
    if v.kind in ("year", "deadline"):
        assert v.year is not None


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(UNITS))
def test_formatted_quantity_round_trips(n: int, unit: str) -> None:
    v = explain(f"{n:,}{unit}")
    assert v.kind == "quantity"
    assert v.number == n
    assert v.unit == unit


@given(st.integers(min_value=0, max_value=10**9))
def test_per_day_round_trips(n: int) -> None:
    v = explain(f"{n:,}人/日")
    assert (v.kind, v.unit, v.per) == ("quantity", "人", "日")
    assert v.number == Decimal(n)


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from([("千", 10**3), ("万", 10**4), ("億", 10**8), ("兆", 10**12)]),
    st.sampled_from(["人", "円"]),
)
def test_scale_word_round_trips(n: int, scale: tuple[str, int], unit: str) -> None:
    v = explain(f"{n:,}{scale[0]}{unit}")
    assert v.number == Decimal(n * scale[1])
    assert (v.unit, v.scale) == (unit, scale[0])


@given(st.decimals(min_value=0, max_value=9999, places=1, allow_nan=False))
def test_decimal_man_round_trips(d: Decimal) -> None:
    v = explain(f"{d}万人")
    assert v.number == d * 10_000


@given(st.text())
@example("a \u0301")
@example("\u00a8")
def test_split_values_never_raises_and_loses_nothing(s: str) -> None:
    pieces = split_values(s)
    assert all(p and p == p.strip() for p in pieces)
    # every character comes back, whether the pieces keep the document's width or not
    assert normalise(" ".join(pieces)).replace(" ", "") == normalise(s).replace(" ", "")


@given(st.text(DOC_ALPHABET, max_size=30))
def test_split_values_keeps_the_normalised_text(s: str) -> None:
    pieces = split_values(s)
    assert "".join(normalise(p) for p in pieces).replace(" ", "") == normalise(s).replace(" ", "")


SEED_VALUES = [
    "27兆9千億円 (2015年)",
    "30兆円 (2023年)",
    "38,596千人 (2018年度)",
    "100% (毎年度)",
    "85.1%",
    "1回/年度",
    "12社/年度",
    "100名以上 (集計中)",
    "2019年度",
    "2回 (2019年度)",
    "8,000千円/年度",
    "500社以上",
    "2回/年度 (2020年度以降)",
    "2019年度まで",
    "現状値からの増加 (2023年度)",
    "常時 (毎年度)",
    "1回（予定）",
    "29.8万人 (2023年度)",
    "10件程度",
    "2019年度（予定）",
    "▲2,805人 (2017年)",
    "124校以上 (集計中)",
    "各1回/年度",
    "開設 (毎年度)",
    "約79,600人",
    "13大学 (2023年度まで)",
    "維持",
    "5回程度",
    "5,559/250 (2019年度)",
    "各1回以上/年度",
    "2人以上/年度",
    "-",
]


@given(
    st.lists(st.sampled_from(SEED_VALUES), max_size=5),
    st.sampled_from([" ", "\u3000", "  ", " \u3000 "]),
)
def test_split_values_recovers_joined_values(values: list[str], sep: str) -> None:
    got = split_values(sep.join(values))
    assert [normalise(p) for p in got] == [normalise(v) for v in values]
