"""Forms of value texts other municipalities' lists use, read for the grammar
(:mod:`hyoka.core.values`): footnote marks, two values before → after, a year or a label
before the value, ranges, change targets, compound units, and words that point elsewhere.

Each function recognises its form and returns its parts, or None; the grammar builds the
:class:`~hyoka.core.valuetype.Value`.  A form that is recognised but cannot be read whole is
refused with the reason, never half read.

>>> strip_footnotes("30件※2")
('30件', ('※2',))
>>> split_transition("12.0%(H24)→20.0%(H28)")
('12.0%(H24)', '20.0%(H28)')
>>> read_label("R5目標:9,000人")
Label(year='R5', label='目標', rest='9,000人')
>>> read_range("5~8件")
RangeParts(low='5件', high='8件', low_bound='at_least', high_bound='at_most')
>>> read_change("0.5ポイント減")
ChangeParts(amount='0.5', unit='ポイント', direction='decrease', reference=None)
>>> pointer_reason("同上")
'「同上」は上のセルの値を指しますが、ここではそのセルを見られません。値をそのまま書いてください'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from hyoka.core.i18n import said
from hyoka.core.periods import YEAR_PATTERN
from hyoka.core.words import REFERENCE_WORDS, RELATIVE_DIRECTION, Bound

__all__ = [
    "FOOTNOTE_NOTE",
    "POINTERS",
    "ChangeParts",
    "Label",
    "RangeParts",
    "lead_strength",
    "per_unit",
    "pointer_reason",
    "read_change",
    "read_label",
    "read_range",
    "split_transition",
    "strip_footnotes",
]

#: Words that point to another cell: where the value they repeat is.
POINTERS: dict[str, str] = {
    "〃": "上",
    "同上": "上",
    "上に同じ": "上",
    "同左": "左",
    "左に同じ": "左",
    "同": "上",
}
_FOOTNOTE_END = re.compile(r"\s*(?<!\()(?:※\d*|\*\d*|注\d*\)?)$")
#: A note in brackets that is only a footnote mark: (注1), (※), [*2].
FOOTNOTE_NOTE = re.compile(r"(?:※|\*|注)\d*")
_FOOTNOTE_START = re.compile(r"^(?:※\d*|\*\d+|注\d*\))\s*")
_ARROW = re.compile(r"\s*(?:→|⇒|->|⇨)\s*")
_ARROW_CHARS = re.compile(r"[→⇒⇨]|->").search
_FOOTNOTE_CHARS = re.compile(r"[※*注]").search
_LABEL_WORDS = r"目標値?|実績値?|見込み?値?|現状値?|基準値?|計画値?"
_LABEL = re.compile(
    rf"(?P<year>{YEAR_PATTERN})(?P<label>{_LABEL_WORDS})?(?P<sep>:\s*|\s+)?"
    r"(?P<rest>[-+▲△約各\d〇一二三四五六七八九十].*)"
)
_LABEL_ONLY = re.compile(rf"(?P<label>{_LABEL_WORDS})[:]\s*(?P<rest>.+)")
#: A cell's piece that may be the label of the value after it (H27, R5目標:, 2018年度).
_LEAD = re.compile(rf"(?:{YEAR_PATTERN})?(?P<word>{_LABEL_WORDS})?(?P<colon>:)?")
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_RANGE = re.compile(
    rf"(?P<a>{_NUMBER})(?P<au>[^\d~〜\-]{{0,8}}?)(?:~|〜|-|から)(?P<b>{_NUMBER})(?P<bu>[^\d]{{0,8}})"
)
_BAND = re.compile(
    rf"(?P<a>{_NUMBER})(?P<au>[^\d]{{0,8}}?)(?P<ab>以上|超)"
    rf"(?P<b>{_NUMBER})(?P<bu>[^\d]{{0,8}}?)(?P<bb>以下|未満|以内)"
)
_DIRECTION_WORDS = {**RELATIVE_DIRECTION, "アップ": "increase", "ダウン": "decrease"}
_CHANGE = re.compile(
    rf"(?:(?P<ref>{'|'.join(REFERENCE_WORDS)})(?:比|から|より)?の?)?"
    rf"(?P<sign>\+)?(?P<num>{_NUMBER})(?P<unit>[^\d+]{{0,8}}?)"
    rf"(?P<dir>{'|'.join(sorted(_DIRECTION_WORDS, key=len, reverse=True))})?"
)
_RANGE_MARK = re.compile(r"[~〜\-]|から|以上|超").search
_CHANGE_MARK = re.compile("[+]|" + "|".join(sorted(_DIRECTION_WORDS, key=len, reverse=True))).search
_PER_UNIT = re.compile(
    r"(?:(?:1|10|100|1,?000)?(?:[十百千万]|十万|百万)?)(?:人|世帯|人口|戸|件|社|台|校|施設|事業所|km2|km|ha|m2|kg|t)"
)
_BOUND_OF: dict[str, Bound] = {
    "以上": "at_least",
    "超": "more_than",
    "以下": "at_most",
    "以内": "at_most",
    "未満": "less_than",
}


class Label(NamedTuple):
    """A year and/or a label written before the value: ``R5目標:9,000人``."""

    year: str | None
    label: str | None
    rest: str


class RangeParts(NamedTuple):
    """The two ends of a range or band, each with its unit, and their bounds."""

    low: str
    high: str
    low_bound: Bound
    high_bound: Bound


class ChangeParts(NamedTuple):
    """A change target: ``15%増`` is amount 15, unit %, increase, on the baseline."""

    amount: str
    unit: str
    direction: str
    reference: str | None


def pointer_reason(main: str, why: str | None = None) -> str | None:
    """Why ``〃``, ``同上``, ``同左`` are not read: they repeat a cell the grammar does not see;
    ``why`` is the reader's reason when it saw the cell and could not take its value."""
    where = POINTERS.get(main)
    if where is None:
        return None
    if why:
        return said("「%(mark)s」の指す値を使えません: %(why)s", mark=main, why=why)
    if where == "左":
        return said(
            "「%(mark)s」は左のセルの値を指しますが、ここではそのセルを見られません。"
            "値をそのまま書いてください",
            mark=main,
        )
    return said(
        "「%(mark)s」は上のセルの値を指しますが、ここではそのセルを見られません。"
        "値をそのまま書いてください",
        mark=main,
    )


def strip_footnotes(norm: str) -> tuple[str, tuple[str, ...]]:
    """Footnote marks (``※2``, ``*1``, ``注)``) at the start or end of a text, kept apart."""
    if _FOOTNOTE_CHARS(norm) is None:
        return norm, ()
    marks: list[str] = []
    m = _FOOTNOTE_START.match(norm)
    if m and m.end() < len(norm):
        marks.append(m.group().strip())
        norm = norm[m.end() :]
    while True:
        m = _FOOTNOTE_END.search(norm)
        if m is None or m.start() == 0:
            break
        marks.insert(0, m.group().strip())
        norm = norm[: m.start()]
    return norm, tuple(marks)


def split_transition(norm: str) -> tuple[str, str] | None:
    """``before → after``: the two texts; None when there is no arrow.  Raises ValueError
    for more than two values or an empty side."""
    if _ARROW_CHARS(norm) is None:
        return None
    pieces = _ARROW.split(norm)
    if len(pieces) != 2 or not all(p.strip() for p in pieces):
        raise ValueError(said("「→」の前と後に値が一つずつ必要です（例: 12.0%(H24)→20.0%(H28)）"))
    return pieces[0].strip(), pieces[1].strip()


def read_label(norm: str) -> Label | None:
    """A year or a label before the value (``H27 4.8%``, ``R5目標:9,000人``,
    ``2018年度 1,950億円``, ``目標:9,000人``); None when the text does not start so."""
    m = _LABEL.fullmatch(norm)
    if m is not None:
        western = m["western"]
        if western is not None and m["suffix"] is None and not 1900 <= int(western) <= 2100:
            return None
        if m["label"] is None and m["sep"] is None:
            return None  # 2019年度1回: no space, colon or label: not a year before a value
        return Label(m["year"], m["label"], m["rest"])
    m = _LABEL_ONLY.fullmatch(norm)
    if m is not None:
        return Label(None, m["label"], m["rest"])
    return None


def lead_strength(norm: str) -> int:
    """How surely ``norm`` (a normalised piece of a cell, a space before the next) is the
    label of the value after it: 2 for a label word, a colon or a year without 年/年度
    (``R5目標:``, ``H27``), 1 for a year with it (``2018年度``: a value of its own too, as in
    ``2019年度 1回/年度``), 0 for anything else.

    >>> [lead_strength(t) for t in ("H27", "R5目標:", "2018年度", "2019年度まで", "5回")]
    [2, 2, 1, 0, 0]
    """
    m = _LEAD.fullmatch(norm) if norm else None
    if m is None:
        return 0
    if m["word"] or m["colon"]:
        return 2
    western = m["western"]
    if western is None and m["era"] is None:
        return 0
    if m["suffix"] is None:
        return 2 if western is None or 1900 <= int(western) <= 2100 else 0
    return 1


def read_range(body: str) -> RangeParts | None:
    """``5~8件``, ``3-5回``, ``60%以上90%未満``: the two ends with their unit."""
    if _RANGE_MARK(body) is None:
        return None
    m = _BAND.fullmatch(body)
    if m is not None:
        unit = m["bu"] or m["au"]
        if m["au"] and m["bu"] and m["au"] != m["bu"]:
            return None
        return RangeParts(m["a"] + unit, m["b"] + unit, _BOUND_OF[m["ab"]], _BOUND_OF[m["bb"]])
    m = _RANGE.fullmatch(body)
    if m is None:
        return None
    unit = m["bu"]
    if m["au"] and m["au"] != unit:
        return None
    return RangeParts(m["a"] + unit, m["b"] + unit, "at_least", "at_most")


def read_change(main: str) -> ChangeParts | None:
    """``15%増``, ``0.5ポイント減``, ``10%削減``, ``+3件``, ``前年度比5%増``: a change on the
    baseline (or on the year before); None for a plain figure."""
    if _CHANGE_MARK(main) is None:
        return None
    m = _CHANGE.fullmatch(main)
    if m is None or (m["sign"] is None and m["dir"] is None):
        return None
    if m["dir"] is None and m["ref"] is not None:
        return None
    direction = _DIRECTION_WORDS[m["dir"]] if m["dir"] else "increase"
    unit = m["unit"]
    if unit in ("pt", "ﾎﾟｲﾝﾄ"):
        unit = "ポイント"
    return ChangeParts(m["num"], unit, direction, m["ref"])


def per_unit(text: str) -> bool:
    """A counter after ``/`` that makes a compound unit (``件/万人``, ``円/人``)."""
    return _PER_UNIT.fullmatch(text) is not None
