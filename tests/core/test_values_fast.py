"""The fast path (hyoka.core.values_fast) against the full grammar: equal Values, always.

For every text the fast path reads it must build exactly the Value the full grammar builds
(:func:`~hyoka.core.values.explain_full`): the same fields, and numbers with the same
digits and exponent (``Decimal("298000")``, not ``Decimal("2.98E+5")``).  Texts it does not
read it leaves to the grammar (``None``).  Checked on every value of the bundled list, of
the synthetic lists of ``benchmarks/synthetic.py`` and on texts generated from the
grammar's forms.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import hyoka.core
from hyoka.core.statuslist import StatusList
from hyoka.core.values import (
    BOUND_WORDS,
    QUALIFIER_WORDS,
    STATE_WORDS,
    Value,
    explain,
    explain_full,
)
from hyoka.core.values_fast import FAST_UNITS, fast
from hyoka.ingest.statuslist_text import read_status_list

ROOT = Path(__file__).resolve().parents[2]


def strict(v: Value) -> tuple[object, ...]:
    """Every field, with numbers as their repr (Decimal("1.0") == Decimal("1") otherwise)."""
    return tuple(
        repr(x) if isinstance(x, Decimal) else tuple(map(strict, x)) if name == "parts" else x
        for name, x in zip(Value._fields, v, strict=True)
    )


def agrees(text: str) -> bool:
    """The fast path leaves ``text`` to the grammar or builds the grammar's very Value;
    ``explain`` gives that Value either way.  True when the fast path read it."""
    full = explain_full(text)
    got = fast(text)
    if got is not None:
        assert strict(got) == strict(full), (text, got, full)
    assert strict(explain.__wrapped__(text)) == strict(full), text  # type: ignore[attr-defined]
    return got is not None


def value_texts(sl: StatusList) -> list[str]:
    indicators = [h.indicator for h in sl.headlines]
    indicators += [ind for p in sl.projects for ind in p.indicators]
    return [t for ind in indicators for t in (ind.baseline, ind.target, ind.actual)]


@cache
def synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic", module)
    spec.loader.exec_module(module)
    return module


def test_bundled_list(seed: StatusList) -> None:
    texts = value_texts(seed)
    read = sum(agrees(t) for t in texts)
    assert read >= 0.8 * len(texts), f"the fast path read only {read} of {len(texts)}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_lists(seed: int) -> None:
    text = synthetic().generate(1500, seed)
    texts = sorted(set(value_texts(read_status_list(text.encode(), "synthetic.txt"))))
    read = sum(agrees(t) for t in texts)
    # the fast path is what makes the core fast: it must read nearly all of them
    assert read >= 0.95 * sum(explain_full(t).understood for t in texts), (read, len(texts))


def test_indicator_year_texts() -> None:
    """The texts of the nationwide indicator-years (synthetic.indicator_years) too."""
    rows = synthetic().indicator_years(3000, seed=11)
    texts = sorted({t for row in rows for t in row[-3:]})
    read = sum(agrees(t) for t in texts)
    assert read >= 0.95 * sum(explain_full(t).understood for t in texts), (read, len(texts))


# --- generated texts of the grammar's forms ---------------------------------------------------

QUALIFIERS = [w for w, _ in QUALIFIER_WORDS]
BOUNDS = [w for w, _ in BOUND_WORDS]
UNITS = [*FAST_UNITS.split("|"), "年", "年度", "店", "人▲", "箇所目", "ポイント", "m2", "X"]
NUMBERS = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**6, places=1, allow_nan=False).map(str),
    st.decimals(0, 10**3, places=3, allow_nan=False).map(str),
    st.sampled_from(["0", "007", "1,234.50", "12,34", "1,2345", ".5", "0.0", "2019", "12.", "1e3"]),
)
YEARS = st.one_of(
    st.integers(1990, 2035).map(str),
    st.sampled_from(["令和元", "令和2", "平成31", "平成32", "昭和64", "R2", "令和01", "令和十"]),
)
YEAR_SUFFIX = st.sampled_from(["年度", "年", ""])
YEAR_REL = st.sampled_from(["", "まで", "までに", "末まで", "末", "中", "内", "以降", "から"])
NOTE = st.one_of(
    st.builds(lambda y, s, r: f"{y}{s}{r}", YEARS, YEAR_SUFFIX, YEAR_REL),
    st.sampled_from(QUALIFIERS),
    st.sampled_from(["2019年度見込", "予定・集計中", " 予定 ", "", "見込 2019年度", "参考"]),
)
OPEN = st.sampled_from(["(", "（"])
CLOSE = st.sampled_from([")", "）"])
SPACE = st.sampled_from(["", " ", "  ", "\u3000"])


@st.composite
def quantity_texts(draw: st.DrawFn) -> str:
    out = draw(st.sampled_from(["", "", "", *QUALIFIERS[:12], "各", "約各", "各約"]))
    out += draw(st.sampled_from(["", "", "▲", "△", "-", "+", "マイナス"]))
    out += draw(NUMBERS)
    out += draw(
        st.sampled_from(
            ["", "", "千", "万", "億", "兆", "兆9千億", "百", "万千", "億5千万", "万3千", "兆2,000億",
             "億2万", "兆0千億", "万3", "億12345万", "万1千万", "億09千万", "兆1.5千億"]
        )
    )  # fmt: skip
    out += draw(st.sampled_from(["", *UNITS]))
    out += draw(st.sampled_from(["", "", *BOUNDS]))
    out += draw(
        st.one_of(
            st.just(""),
            st.sampled_from(QUALIFIERS),
            st.builds(
                lambda c, p, b: f"/{c}{p}{b}",
                st.sampled_from(["", "", "1", "2", "01"]),
                st.sampled_from(["年度", "年", "日", "月", "週", "回", "期", "四半期"]),
                st.sampled_from(["", "", *BOUNDS]),
            ),
        )
    )
    return out


@st.composite
def other_texts(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.builds(lambda a, b: f"{a}/{b}", NUMBERS, NUMBERS),
            st.builds(lambda y, s, r: f"{y}{s}{r}", YEARS, YEAR_SUFFIX, YEAR_REL),
            st.sampled_from([*STATE_WORDS, "各開催", "常時維持", "-", "―", "なし", "集計中"]),
            st.builds(
                lambda ref, conn, d: f"{ref}{conn}{d}",
                st.sampled_from(["現状値", "現状", "基準値", "策定時", "前年度", "前年"]),
                st.sampled_from(["", "から", "からの", "より", "比", "の", "を"]),
                st.sampled_from(["増加", "増", "減少", "減", "維持", "改善", "低下", "横ばい"]),
            ),
        )
    )


@st.composite
def value_texts_of_forms(draw: st.DrawFn) -> str:
    main = draw(st.one_of(quantity_texts(), other_texts()))
    notes = draw(st.lists(NOTE, max_size=2))
    for note in notes:
        main += draw(SPACE) + draw(OPEN) + note + draw(CLOSE)
    if draw(st.booleans()):
        # full-width digits, as some documents write them
        main = main.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return draw(SPACE) + main + draw(st.sampled_from(["", "", " "]))


@settings(max_examples=3000, deadline=None)
@given(value_texts_of_forms())
@example("29.8万人 (2023年度)")
@example("約10件程度 (予定)")
@example("程度10件約")
@example("10件程度/年度 (予定)")
@example("2019年度 (2019年度)")
@example("2019年度 (2020年度)")
@example("5,559/250１２")
@example("１２5,559/250")
@example("1.23456千人")
@example("1,000,000,000,000,000,000,000,000,000.5万円")
@example("▲0人")
@example("24兆9千億円 (2015年)")
@example("約1億5千万円程度 (2023年度まで)")
@example("各5万3千人/年度以上")
@example("▲0.0万人")
def test_generated_texts(text: str) -> None:
    agrees(text)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        st.sampled_from(list("0123456789,./()-▲△ 各約以上年度まで人名回万千円%常時維持予定見込"))
    )
)
def test_document_alphabet(text: str) -> None:
    agrees(text)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # a field added last: the tuple fast() writes out is one short
        (
            "    revisions: tuple[Revision, ...] = ()\n",
            "the defaults it writes out are not Value's",
        ),
        # a field added among those a year sets: the tails built by name refuse it
        ("    era: str | None = None\n", "Value's first fields are"),
    ],
)
def test_a_field_added_to_value_fails_the_fast_path_at_import(
    tmp_path: Path, after: str, expected: str
) -> None:
    """Never silently: a copy of hyoka.core with a field added to Value does not import."""
    package = tmp_path / "hyoka"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copytree(Path(hyoka.core.__file__).parent, package / "core")
    valuetype = package / "core" / "valuetype.py"
    source = valuetype.read_text(encoding="utf-8")
    assert source.count(after) == 1
    valuetype.write_text(
        source.replace(after, after + "    added: str | None = None\n"), encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-c", "import hyoka.core.values"],
        env={"PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert expected in run.stderr
