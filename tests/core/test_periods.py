"""Tests for hyoka.core.periods; japanera (test dependency only) serves as an oracle."""

from __future__ import annotations

import contextlib
import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from japanera import ERA_DATA_GENERAL, EraDate

from hyoka.core.periods import (
    ERA_NAME_PATTERN,
    ERAS,
    YEAR_PATTERN,
    Era,
    FiscalYear,
    ParsedYear,
    era_by_name,
    era_of_date,
    era_year_of,
    fiscal_year_of,
    parse_wareki_date,
    parse_year,
    to_wareki,
    wareki_date,
    western_year,
    year_from_match,
)

KANJI = "一二三四五六七八九"


def kanji_number(n: int) -> str:
    """1-99 in kanji numerals, as plans write era years (十, 十一, 二十, 九十九)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else KANJI[tens - 1] + "十")
    return head + ("" if units == 0 else KANJI[units - 1])


def full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789RH", "０１２３４５６７８９ＲＨ"))


# --- era data -----------------------------------------------------------------------------


def test_eras_newest_first_and_contiguous() -> None:
    assert [e.name for e in ERAS] == ["令和", "平成", "昭和", "大正", "明治"]
    assert [e.letter for e in ERAS] == ["R", "H", "S", "T", "M"]
    assert ERAS[0].end is None
    for newer, older in itertools.pairwise(ERAS):
        assert older.end == newer.start - timedelta(days=1)


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("令和", date(2019, 5, 1), None),
        ("平成", date(1989, 1, 8), date(2019, 4, 30)),
        ("昭和", date(1926, 12, 25), date(1989, 1, 7)),
        ("大正", date(1912, 7, 30), date(1926, 12, 24)),
        ("明治", date(1868, 1, 25), date(1912, 7, 29)),
    ],
)
def test_era_dates(name: str, start: date, end: date | None) -> None:
    era = era_by_name(name)
    assert (era.start, era.end) == (start, end)


@pytest.mark.parametrize("era", [e for e in ERAS if e.name != "明治"], ids=lambda e: e.romaji)
def test_era_dates_agree_with_japanera(era: Era) -> None:
    (jp,) = [e for e in ERA_DATA_GENERAL if e.kanji == era.name]
    assert jp.since == era.start
    # japanera's `until` is exclusive: the first day of the next era.
    assert jp.until == (None if era.end is None else era.end + timedelta(days=1))
    assert jp.english_head == era.letter


def test_meiji_start_differs_from_japanera() -> None:
    # japanera 2.1.3 starts 明治 on 1868-01-23; 慶応4年1月1日 (the retroactive start) is
    # 1868-01-25 in the Gregorian calendar.  Documented choice, see the module docstring.
    (jp,) = [e for e in ERA_DATA_GENERAL if e.kanji == "明治"]
    assert jp.since == date(1868, 1, 23)
    assert era_by_name("明治").start == date(1868, 1, 25)


def test_era_name_pattern() -> None:
    assert ERA_NAME_PATTERN == "令和|平成|昭和|大正|明治|R|H|S|T|M"
    assert re.compile(ERA_NAME_PATTERN).groups == 0


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("令和", "令和"),
        ("R", "令和"),
        ("r", "令和"),
        ("Ｒ", "令和"),
        ("ｈ", "平成"),
        (" H ", "平成"),
        ("S", "昭和"),
        ("T", "大正"),
        ("M", "明治"),
        ("明治", "明治"),
        ("Showa", "昭和"),
        ("reiwa", "令和"),
        ("㍻", "平成"),
    ],
)
def test_era_by_name(key: str, name: str) -> None:
    assert era_by_name(key).name == name


@pytest.mark.parametrize("key", ["", "X", "平安", "RH", "慶応", "令"])
def test_era_by_name_unknown(key: str) -> None:
    with pytest.raises(ValueError, match="unknown era") as info:
        era_by_name(key)
    assert repr(key) in str(info.value)


# --- western_year / era_year_of / era_of_date -----------------------------------------------


@pytest.mark.parametrize(
    ("era", "n", "year"),
    [
        ("令和", 1, 2019),
        ("R", 6, 2024),
        ("平成", 1, 1989),
        ("平成", 31, 2019),
        ("H", 28, 2016),
        ("昭和", 1, 1926),
        ("昭和", 64, 1989),
        ("大正", 15, 1926),
        ("明治", 1, 1868),
        ("明治", 45, 1912),
        ("令和", 99, 2117),
    ],
)
def test_western_year(era: str, n: int, year: int) -> None:
    assert western_year(era, n) == year
    assert western_year(era, n, strict=True) == year
    assert western_year(era_by_name(era), n) == year


@pytest.mark.parametrize(
    ("era", "n", "year"), [("平成", 32, 2020), ("平成", 33, 2021), ("昭和", 65, 1990)]
)
def test_western_year_overflow(era: str, n: int, year: int) -> None:
    assert western_year(era, n) == year
    with pytest.raises(ValueError, match="never existed"):
        western_year(era, n, strict=True)


@pytest.mark.parametrize("n", [0, -1])
def test_western_year_rejects_year_zero(n: int) -> None:
    with pytest.raises(ValueError, match="1"):
        western_year("令和", n)


@pytest.mark.parametrize(
    ("year", "name", "n"),
    [
        (2019, "令和", 1),
        (2024, "令和", 6),
        (2018, "平成", 30),
        (1989, "平成", 1),
        (1988, "昭和", 63),
        (1926, "昭和", 1),
        (1925, "大正", 14),
        (1912, "大正", 1),
        (1911, "明治", 44),
        (1868, "明治", 1),
    ],
)
def test_era_year_of(year: int, name: str, n: int) -> None:
    era, got = era_year_of(year)
    assert (era.name, got) == (name, n)


@pytest.mark.parametrize("year", [1867, 0, -5, 10000])
def test_era_year_of_out_of_range(year: int) -> None:
    with pytest.raises(ValueError, match=str(year)):
        era_year_of(year)


@pytest.mark.parametrize(
    ("d", "name", "n"),
    [
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
        (date(1868, 1, 25), "明治", 1),
        (date(2030, 12, 31), "令和", 12),
    ],
)
def test_era_of_date(d: date, name: str, n: int) -> None:
    era, got = era_of_date(d)
    assert (era.name, got) == (name, n)


def test_era_of_date_before_meiji() -> None:
    with pytest.raises(ValueError, match="1868-01-24 is before 明治"):
        era_of_date(date(1868, 1, 24))


# --- to_wareki / wareki_date / parse_wareki_date ---------------------------------------------


@pytest.mark.parametrize(
    ("year", "fiscal", "text"),
    [
        (2019, False, "令和元年"),
        (2019, True, "令和元年度"),
        (2024, False, "令和6年"),
        (2024, True, "令和6年度"),
        (2018, True, "平成30年度"),
        (1989, False, "平成元年"),
        (1988, True, "昭和63年度"),
        (1926, False, "昭和元年"),
        (1868, False, "明治元年"),
    ],
)
def test_to_wareki(year: int, fiscal: bool, text: str) -> None:
    assert to_wareki(year, fiscal=fiscal) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2024, 12, 31), "令和6年12月31日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
    ],
)
def test_wareki_date_round_trip(d: date, text: str) -> None:
    assert wareki_date(d) == text
    assert parse_wareki_date(text) == d


@pytest.mark.parametrize(
    ("text", "d"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("R1.5.1", date(2019, 5, 1)),
        ("R01/05/01", date(2019, 5, 1)),
        ("r01-05-01", date(2019, 5, 1)),
        ("Ｈ３１．４．３０", date(2019, 4, 30)),
        ("令和２年１２月３１日", date(2020, 12, 31)),
        ("令和元年五月一日", date(2019, 5, 1)),
        ("平成三十一年四月三十日", date(2019, 4, 30)),
        ("令和 6 年 4 月 1 日", date(2024, 4, 1)),
        ("S64.1.7", date(1989, 1, 7)),
        ("㍻元年1月8日", date(1989, 1, 8)),
    ],
)
def test_parse_wareki_date(text: str, d: date) -> None:
    assert parse_wareki_date(text) == d


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成31年5月1日", "平成 covers 1989-01-08 to 2019-04-30"),
        ("平成32年1月1日", "not a date of 平成"),
        ("平成元年1月7日", "not a date of 平成"),
        ("昭和64年1月8日", "not a date of 昭和"),
        ("令和元年4月30日", "not a date of 令和"),
        ("令和2年2月30日", "not a valid date"),
        ("令和2年13月1日", "not a valid date"),
        ("R1.5/1", "expected e.g."),
        ("令和元年", "expected e.g."),
        ("2019年5月1日", "expected e.g."),
        ("R0.5.1", "expected e.g."),
        ("", "expected e.g."),
    ],
)
def test_parse_wareki_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        parse_wareki_date(text)
    assert repr(text) in str(info.value)


# --- japanera as an oracle ---------------------------------------------------------------

ORACLE_DATES = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))
BOUNDARIES = [
    d + timedelta(days=k)
    for d in (date(1912, 7, 30), date(1926, 12, 25), date(1989, 1, 8), date(2019, 5, 1))
    for k in (-1, 0)
] + [date(1926, 1, 1), date(1989, 12, 31), date(2019, 12, 31), date(2030, 12, 31)]


def check_against_japanera(d: date) -> None:
    jp = EraDate.from_date(d)
    era, n = era_of_date(d)
    assert era.name == jp.era.kanji
    # japanera's strftime %-Y is the era year (its strptime reads %-Y as the western year!).
    assert n == int(jp.strftime("%-Y"))
    # japanera's %-m / %-d are kanji month and day (they shadow glibc's unpadded %-m / %-d).
    assert parse_wareki_date(jp.strftime("%-K%-n年%-m月%-d日")) == d
    assert parse_wareki_date(jp.strftime("%-h%-y.%m.%d")) == d
    parsed = EraDate.strptime(wareki_date(d), "%-K%-y年%m月%d日")
    assert [(p.to_date(), p.era.kanji) for p in parsed] == [(d, era.name)]


@given(ORACLE_DATES)
def test_dates_agree_with_japanera(d: date) -> None:
    check_against_japanera(d)


@pytest.mark.parametrize("d", BOUNDARIES, ids=str)
def test_boundaries_agree_with_japanera(d: date) -> None:
    check_against_japanera(d)


@pytest.mark.parametrize("year", [1913, 1926, 1927, 1988, 1989, 2018, 2019, 2020, 2030])
def test_era_year_of_agrees_with_japanera(year: int) -> None:
    jp = EraDate.from_date(date(year, 12, 31))
    era, n = era_year_of(year)
    assert (era.name, n) == (jp.era.kanji, int(jp.strftime("%-Y")))


def test_japanera_also_rejects_date_after_era_end() -> None:
    with pytest.raises(ValueError, match="not found"):
        EraDate.strptime("平成31年5月1日", "%-K%-y年%m月%d日")
    with pytest.raises(ValueError, match="not a date of 平成"):
        parse_wareki_date("平成31年5月1日")


# --- fiscal years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2020, 3, 31), 2019),
        (date(2020, 4, 1), 2020),
        (date(2019, 4, 1), 2019),
        (date(2019, 1, 1), 2018),
        (date(2019, 12, 31), 2019),
        (date(2024, 2, 29), 2023),
    ],
)
def test_fiscal_year_of(d: date, fy: int) -> None:
    assert fiscal_year_of(d) == fy
    assert FiscalYear.of(d) == FiscalYear(fy)
    assert FiscalYear(fy).contains(d)


@pytest.mark.parametrize(
    ("year", "label", "wareki", "end"),
    [
        (2019, "2019年度", "令和元年度", date(2020, 3, 31)),
        (2018, "2018年度", "平成30年度", date(2019, 3, 31)),
        (1988, "1988年度", "昭和63年度", date(1989, 3, 31)),
        (1989, "1989年度", "平成元年度", date(1990, 3, 31)),
        (2023, "2023年度", "令和5年度", date(2024, 3, 31)),
    ],
)
def test_fiscal_year(year: int, label: str, wareki: str, end: date) -> None:
    fy = FiscalYear(year)
    assert (fy.start, fy.end) == (date(year, 4, 1), end)
    assert (fy.label, str(fy), fy.wareki) == (label, label, wareki)
    assert fy.contains(fy.start)
    assert fy.contains(fy.end)
    assert not fy.contains(fy.start - timedelta(days=1))
    assert not fy.contains(fy.end + timedelta(days=1))
    assert fy.next() == FiscalYear(year + 1)
    assert fy.next().start == fy.end + timedelta(days=1)
    assert fy.previous() == FiscalYear(year - 1)
    assert fy.previous() < fy < fy.next()


def test_fiscal_year_is_hashable_and_frozen() -> None:
    assert len({FiscalYear(2019), FiscalYear(2019), FiscalYear(2020)}) == 2
    with pytest.raises(AttributeError):
        FiscalYear(2019).year = 2020  # type: ignore[misc]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_fiscal_year_contains_its_dates(d: date) -> None:
    fy = FiscalYear.of(d)
    assert fy.start <= d <= fy.end
    assert not fy.next().contains(d)
    assert not fy.previous().contains(d)


# --- parse_year ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "basis", "era", "overflow"),
    [
        ("2019年度", 2019, "fiscal", None, False),
        ("2023年", 2023, "calendar", None, False),
        ("令和元年度", 2019, "fiscal", "令和", False),
        ("令和元年", 2019, "calendar", "令和", False),
        ("令和元", 2019, "unknown", "令和", False),
        ("令和２年度", 2020, "fiscal", "令和", False),
        ("令和二年度", 2020, "fiscal", "令和", False),
        ("R6", 2024, "unknown", "令和", False),
        ("R06", 2024, "unknown", "令和", False),
        ("R6年度", 2024, "fiscal", "令和", False),
        ("r6年度", 2024, "fiscal", "令和", False),
        ("Ｒ６年度", 2024, "fiscal", "令和", False),
        ("ｒ６", 2024, "unknown", "令和", False),
        ("H28", 2016, "unknown", "平成", False),
        ("h28年", 2016, "calendar", "平成", False),
        ("平成31年", 2019, "calendar", "平成", False),
        ("H31年度", 2019, "fiscal", "平成", False),
        ("平成32年度", 2020, "fiscal", "平成", True),
        ("H32", 2020, "unknown", "平成", True),
        ("昭和64年", 1989, "calendar", "昭和", False),
        ("昭和65年", 1990, "calendar", "昭和", True),
        ("S63年度", 1988, "fiscal", "昭和", False),
        ("大正元年", 1912, "calendar", "大正", False),
        ("明治元年", 1868, "calendar", "明治", False),
        ("M45", 1912, "unknown", "明治", False),
        ("㍻31年度", 2019, "fiscal", "平成", False),
        ("㋿6年度", 2024, "fiscal", "令和", False),
        ("  令和 6 年度 ", 2024, "fiscal", "令和", False),
        ("2019", 2019, "unknown", None, False),
        ("1868", 1868, "unknown", None, False),
        ("2200", 2200, "unknown", None, False),
        ("２０１９年度", 2019, "fiscal", None, False),
        ("1867年", 1867, "calendar", None, False),
    ],
)
def test_parse_year(text: str, year: int, basis: str, era: str | None, overflow: bool) -> None:
    assert parse_year(text) == ParsedYear(year, basis, era, text.strip(), overflow)


@pytest.mark.parametrize("n", range(1, 100))
def test_parse_year_kanji_numerals(n: int) -> None:
    parsed = parse_year(f"令和{kanji_number(n)}年度")
    assert parsed is not None
    assert (parsed.year, parsed.basis) == (2018 + n, "fiscal")
    assert parse_year(f"令和{full_width(str(n))}年度") == ParsedYear(
        2018 + n, "fiscal", "令和", f"令和{full_width(str(n))}年度"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "年度",
        "令和",
        "R",
        "R0",
        "R00",
        "令和0年",
        "R100",
        "令和十十年",
        "令和一二年",
        "令和百年",
        "令和1.5年",
        "1867",
        "2201",
        "0219",
        "12345",
        "999年",
        "2019年度末",
        "2019年4月",
        "H2O",
        "100m2",
        "X6",
        "RR6",
        "平成31年5月1日",
        "FY2019",
        "二〇一九年",
        "hello",
        "令和6年度、令和7年度",
    ],
)
def test_parse_year_none(text: str) -> None:
    assert parse_year(text) is None


@given(st.text())
def test_parse_year_never_raises(text: str) -> None:
    result = parse_year(text)
    assert result is None or isinstance(result, ParsedYear)


YEARISH = st.text(alphabet=list("令和平成昭大正明治元年度RHSTMrhstm0123456789０１２一二九十〇 .年"))


@given(YEARISH)
def test_parse_year_never_raises_on_yearish_text(text: str) -> None:
    result = parse_year(text)
    assert result is None or isinstance(result, ParsedYear)


@given(YEARISH)
def test_parse_wareki_date_raises_only_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_wareki_date(text)


@given(st.integers(min_value=1927, max_value=2100))
def test_round_trip_fiscal(year: int) -> None:
    parsed = parse_year(to_wareki(year, fiscal=True))
    assert parsed is not None
    assert (parsed.year, parsed.basis, parsed.overflow) == (year, "fiscal", False)


def test_round_trip_every_year() -> None:
    # Era years have at most two digits: 令和99年 (2117) is the last one read.
    assert parse_year(to_wareki(2118)) is None
    for year in range(1868, 2118):
        for fiscal, basis in ((True, "fiscal"), (False, "calendar")):
            parsed = parse_year(to_wareki(year, fiscal=fiscal))
            assert parsed is not None
            assert (parsed.year, parsed.basis) == (year, basis)


# --- YEAR_PATTERN / year_from_match ----------------------------------------------------------


def test_year_pattern_groups() -> None:
    assert set(re.compile(YEAR_PATTERN).groupindex) == {"western", "era", "era_year", "suffix"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("目標値(令和6年度)", [(2024, "fiscal", "令和6年度")]),
        ("2019年度比で10%増", [(2019, "fiscal", "2019年度")]),
        ("平成32年度末まで", [(2020, "fiscal", "平成32年度")]),
        ("R5年度→R7年度", [(2023, "fiscal", "R5年度"), (2025, "fiscal", "R7年度")]),
        ("H28実績", [(2016, "unknown", "H28")]),
        ("令和元年4月", [(2019, "calendar", "令和元年")]),
        ("面積100m2、H2O、123456件", []),
        ("FY2024", [(2024, "unknown", "2024")]),
        ("r6年度", []),  # case-sensitive unless compiled with re.IGNORECASE
    ],
)
def test_year_pattern_in_text(text: str, found: list[tuple[int, str, str]]) -> None:
    got = [year_from_match(m) for m in re.finditer(YEAR_PATTERN, text)]
    assert [(p.year, p.basis, p.text) for p in got] == found


def test_year_pattern_embeds_with_ignorecase() -> None:
    m = re.search(rf"目標[:：]?{YEAR_PATTERN}", "目標:r6年度", re.IGNORECASE)
    assert m is not None
    assert year_from_match(m) == ParsedYear(2024, "fiscal", "令和", "r6年度")
    m = re.search(rf"{YEAR_PATTERN}(?P<rel>まで|以降)", "2030年度まで")
    assert m is not None
    assert year_from_match(m).text == "2030年度"
    m = re.search(rf"\({YEAR_PATTERN}\)", "(R6)")
    assert m is not None
    assert year_from_match(m).text == "R6"
