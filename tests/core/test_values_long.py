"""The value grammar fuzzed at length: 10⁵ examples of each property, derandomised so a run is
the same everywhere.  Marked ``long``; only public behaviour of :mod:`hyoka.core.values`.

* ``explain`` never raises and never falls back to its internal-error safety net; a text it
  does not understand has a reason; the JSON form is plain JSON;
* explanations are deterministic (the cache returns what a fresh explanation gives) and do not
  depend on the document's character widths or spacing (``normalise``);
* a number with its counter, scale word, bound and note survives full-width digits;
* era years (和暦) agree with japanera, the oracle ``tests/core/test_periods.py`` uses;
* ``split_values`` never raises, loses no character, and splits joined values back apart.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from japanera import EraDate

from hyoka.core.values import Value, explain, normalise, split_values

pytestmark = pytest.mark.long

LONG = settings(
    max_examples=100_000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KINDS = {"quantity", "compound", "year", "deadline", "state", "relative", "none", "text"}
FULL = str.maketrans("0123456789,.%()", "０１２３４５６７８９，．％（）")
UNITS = ["回", "社", "件", "人", "名", "校", "大学", "市町村", "組", "団体", "%", "円", "箇所"]
DOC = st.sampled_from(
    list("0123456789,./()（）-▲△ 　各約以上未満超以下内年度まで降毎回社件人名校大学市町村")
    + list("組団体%日千万億兆令和平成元RH予定集計中見込程度速報値累計常時維持開設１２")
    + ["令和", "平成", "年度", "まで", "以降", "（予定）", "(集計中)", "見込", "/年度", "/日"]
)
TEXTS = st.one_of(st.text(max_size=40), st.lists(DOC, max_size=20).map("".join))


def _fresh(text: str) -> Value:
    return explain.__wrapped__(text)  # type: ignore[attr-defined,no-any-return]


def _without_text(v: Value) -> Value:
    return dataclasses.replace(v, text="", parts=tuple(_without_text(p) for p in v.parts))


@LONG
@given(TEXTS)
def test_explain_is_total_deterministic_and_width_blind(s: str) -> None:
    v = explain(s)
    assert v.text == s
    assert v.kind in KINDS
    assert not (v.reason or "").startswith("内部エラー"), (s, v.reason)
    if v.kind == "text":
        assert v.reason, s
    else:
        assert v.reason is None, (s, v.reason)
    if v.kind == "quantity":
        assert isinstance(v.number, Decimal)
    if v.kind in ("year", "deadline"):
        assert isinstance(v.year, int)
    d = v.to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    # deterministic: the cached answer is what a fresh explanation gives
    assert _fresh(s) == v
    # the document's widths and spacing do not matter: its normal form reads the same
    assert _without_text(explain(normalise(s))) == _without_text(v)
    # and split_values never raises and loses no character
    pieces = split_values(s)
    assert all(p and p == p.strip() for p in pieces)
    assert normalise(" ".join(pieces)).replace(" ", "") == normalise(s).replace(" ", "")


QUANTITIES = st.tuples(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", ".5", ".25"]),
    st.sampled_from(["", "千", "万", "億"]),
    st.sampled_from(UNITS),
    st.sampled_from(["", "以上", "未満"]),
    st.sampled_from(["", "/年度", "/日"]),
    st.sampled_from(["", " (2019年度)", "（予定）", " (集計中)", "程度"]),
    st.booleans(),
    st.sampled_from(["", "▲", "約", "各"]),
)


@LONG
@given(QUANTITIES)
def test_quantities_survive_full_width_digits(q: tuple[object, ...]) -> None:
    n, decimals, scale, unit, bound, per, note, commas, lead = q
    assert isinstance(n, int)
    digits = f"{n:,}" if commas else str(n)
    text = f"{lead}{digits}{decimals}{scale}{unit}{bound}{per}{note}"
    half, full = explain(text), explain(text.translate(FULL))
    assert half.kind == "quantity", (text, half.reason)
    assert _without_text(full) == _without_text(half), text
    factor = {"": 1, "千": 10**3, "万": 10**4, "億": 10**8}[str(scale)]
    number = Decimal(f"{n}{decimals}") * factor * (-1 if lead == "▲" else 1)
    assert half.number == number
    assert half.unit == unit
    assert half.scale == (scale or None)
    assert half.bound == {"": None, "以上": "at_least", "未満": "less_than"}[str(bound)]
    assert half.per == ({"": None, "/年度": "年度", "/日": "日"}[str(per)])
    assert half.each == (lead == "各")
    assert ("about" in half.qualifiers) == (lead == "約")


ERA_DATES = st.dates(min_value=date(1927, 1, 1), max_value=date(2099, 12, 31))


@LONG
@given(
    ERA_DATES,
    st.sampled_from(["年", "年度", "年度まで", "年度以降"]),
    st.booleans(),
    st.sampled_from(["", "（予定）", " (集計中)"]),
)
def test_era_years_agree_with_japanera(d: date, suffix: str, full: bool, note: str) -> None:
    jp = EraDate.from_date(d)
    era, n = jp.era.kanji, int(jp.strftime("%-Y"))
    number = "元" if n == 1 else str(n)
    text = f"{era}{number}{suffix}{note}"
    if full:
        text = text.translate(FULL)
    v = explain(text)
    assert v.kind == ("deadline" if suffix.endswith("まで") else "year"), (text, v.reason)
    assert v.year == d.year, (text, v.year)  # the western year of that era year
    assert v.era == era
    assert v.year_basis == ("calendar" if suffix == "年" else "fiscal")
    assert (
        v.year_relation
        == {"年": "at", "年度": "at", "年度まで": "until", "年度以降": "from"}[suffix]
    )


SEED_VALUES = [
    "27兆9千億円 (2015年)", "38,596千人 (2018年度)", "100% (毎年度)", "85.1%", "1回/年度",
    "100名以上 (集計中)", "2019年度", "2回 (2019年度)", "8,000千円/年度", "500社以上",
    "2回/年度 (2020年度以降)", "2019年度まで", "現状値からの増加 (2023年度)", "常時 (毎年度)",
    "1回（予定）", "29.8万人 (2023年度)", "10件程度", "2019年度（予定）", "▲2,805人 (2017年)",
    "各1回/年度", "開設 (毎年度)", "約79,600人", "13大学 (2023年度まで)", "維持", "5回程度",
    "5,559/250 (2019年度)", "各1回以上/年度", "-", "令和元年度", "Ｒ６年度", "１２社（予定）",
]  # fmt: skip


@LONG
@given(
    st.lists(st.sampled_from(SEED_VALUES), max_size=6),
    st.sampled_from([" ", "\u3000", "  ", " \u3000 ", "\t"]),
)
def test_split_values_recovers_joined_values(values: list[str], sep: str) -> None:
    got = split_values(sep.join(values))
    assert [normalise(p) for p in got] == [normalise(v) for v in values]
    assert [_without_text(explain(p)) for p in got] == [_without_text(explain(v)) for v in values]
