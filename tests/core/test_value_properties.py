"""Properties of the grammar (issue 15): whenever a text holds a year, a unit or a qualifier,
the value carries it — or the value is refused and the reason says why.  Nothing a text says
is dropped silently.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hyoka.core.values import Value, explain
from hyoka.core.words import QUALIFIER_WORDS

UNITS = ["件", "人", "回", "社", "%", "円", "校", "施設", "世帯", "台", "件/万人", "円/人"]
QUALIFIERS = [w for w, _ in QUALIFIER_WORDS if w not in ("毎年度", "毎年")]
CODE = dict(QUALIFIER_WORDS)
#: (how a text writes the year, what the value must carry: year, era year or point in time)
YEARS = [
    ("(2023年度)", ("year", 2023)),
    ("（２０２３年度）", ("year", 2023)),
    ("(令和5年度)", ("year", 2023)),
    ("(令和 5 年度)", ("year", 2023)),
    ("（令和５年）", ("year", 2023)),
    ("(R5)", ("year", 2023)),
    ("(R 5)", ("year", 2023)),
    ("(H30年度)", ("year", 2018)),
    ("(平成 30 年度)", ("year", 2018)),
    ("(5年度)", ("era_year", 5)),
    ("（５年度）", ("era_year", 5)),
    ("(R4.3末)", ("as_of", "2022-03-31")),
    ("(H30.3)", ("as_of", "2018-03")),
    ("(2020年4月1日現在)", ("as_of", "2020-04-01")),
    ("[2023年度]", ("year", 2023)),
    ("【令和5年度】", ("year", 2023)),
]
LABELS = [("R5 ", ("year", 2023)), ("2023年度 ", ("year", 2023)), ("H27目標：", ("year", 2015))]


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str | None, str | None, tuple[str, object] | None]:
    number = draw(
        st.one_of(
            st.integers(1, 99_999).map(lambda n: f"{n:,}"),
            st.integers(1, 999).map(str),
            st.decimals(1, 999, places=1, allow_nan=False).map(str),
        )
    )
    unit = draw(st.one_of(st.none(), st.sampled_from(UNITS)))
    text = number + (unit or "")
    if draw(st.booleans()):
        text += "/年度" if unit is None or "/" not in unit else ""
    qualifier = draw(st.one_of(st.none(), st.sampled_from(QUALIFIERS)))
    if qualifier is not None:
        where = draw(st.sampled_from(["note", "after", "before"]))
        if where == "note":
            text += f" ({qualifier})"
        elif where == "after":
            text += qualifier
        else:
            text = qualifier + text
    year: tuple[str, object] | None = None
    form = draw(st.sampled_from(["none", "note", "label"]))
    if form == "note":
        written, year = draw(st.sampled_from(YEARS))
        text += draw(st.sampled_from(["", " ", "　"])) + written
    elif form == "label":
        written, year = draw(st.sampled_from(LABELS))
        text = written + text
    if draw(st.booleans()):
        text += draw(st.sampled_from(["※1", "*2", " 注)"]))
    return text, unit, qualifier, year


def carries_year(v: Value, field: str, want: object) -> bool:
    return getattr(v, field) == want or any(str(want) in w for w in v.warnings)


@settings(max_examples=2000, deadline=None)
@given(texts())
@example(("45件 (令和 5 年度)", "件", None, ("year", 2023)))
@example(("60件/年度 (5年度)", "件", None, ("era_year", 5)))
@example(("R5目標：9,000人", "人", None, ("year", 2023)))
@example(("20件 (累計)", "件", "累計", None))
def test_a_year_a_unit_or_a_qualifier_is_carried_or_the_reason_says_why(
    case: tuple[str, str | None, str | None, tuple[str, object] | None],
) -> None:
    text, unit, qualifier, year = case
    v = explain(text)
    if v.kind == "text":
        assert v.reason, text
        return
    assert v.kind in ("quantity", "none"), (text, v)
    if unit is not None:
        assert v.unit is not None, (text, v)
        assert v.unit.startswith(unit.replace("名", "人")) or unit in v.unit, (text, v)
    if qualifier is not None:
        assert CODE[qualifier] in v.qualifiers, (text, v)
    if year is not None:
        assert carries_year(v, *year), (text, v)


#: Words and marks a year is written with in the document alphabet below.
_YEAR_IN_TEXT = re.compile(r"(?:19|20)\d\d年度?|令和\d+年度?|R\d+")
_ALPHABET = list("0123456789,./()（）-▲ 各約以上未満年度までR令和見込累計人件回%～→※")


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET), max_size=24))
@example("12件 (2020年度)")
@example("12件 (R2)")
@example("見込12件")
@example("12件→15件 (2023年度)")
def test_no_year_or_qualifier_in_any_text_is_dropped_silently(text: str) -> None:
    """On any text of the document alphabet: an understood value that was written with a
    year or a qualifier carries it (on itself, its parts, a revision, a note or a warning)."""
    v = explain(text)
    if v.kind == "text":
        assert v.reason
        return
    everything = [v, *v.parts]
    said = " ".join(filter(None, [v.note, *v.warnings, *(p.note or "" for p in v.parts)]))
    if _YEAR_IN_TEXT.search(text.replace(" ", "")) and v.kind != "none":
        assert (
            any(x.year is not None or x.era_year is not None or x.as_of for x in everything)
            or v.revisions
            or re.search(r"\d", said)
        ), (text, v)
    for word, code in QUALIFIER_WORDS:
        if word in text and word not in ("毎年度", "毎年"):
            assert any(code in x.qualifiers for x in everything) or word in said, (text, v)
