"""Numbers as Japanese documents write them: digits, thousands separators, scale words.

A figure such as ``27兆9千億円`` mixes digits with the scale words 兆 (10¹²),
億 (10⁸), 万 (10⁴) and the small units 千 (10³), 百 (10²), 十 (10).  This module
reads the numeric part of such a figure into an exact :class:`~decimal.Decimal`
(floats would turn ``29.8万`` into 297999.99…).

>>> read_number("27兆9千億円")
NumberMatch(value=Decimal('27900000000000'), scale='兆千億', end=6)
>>> read_number("29.8万人").value
Decimal('298000.0')
>>> read_number("37,076千人")
NumberMatch(value=Decimal('37076000'), scale='千', end=7)
>>> read_number("人") is None
True
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

__all__ = [
    "BIG_UNITS",
    "KANJI_DIGITS",
    "NOT_NUMBERS",
    "SMALL_UNITS",
    "NumberMatch",
    "kanji_number",
    "read_number",
]

#: 大数: each closes a group of four digits.
BIG_UNITS: dict[str, Decimal] = {
    "万": Decimal(10) ** 4,
    "億": Decimal(10) ** 8,
    "兆": Decimal(10) ** 12,
}
#: Small units multiply the digits just before them (``9千`` = 9,000).
SMALL_UNITS: dict[str, Decimal] = {"千": Decimal(1000), "百": Decimal(100), "十": Decimal(10)}

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


class NumberMatch(NamedTuple):
    """A number read from the start of a text.

    ``scale`` lists the scale words applied, in order (empty when none);
    ``end`` is the index just after the number and its scale words.
    """

    value: Decimal
    scale: str
    end: int


def _digits_at(text: str, pos: int) -> tuple[Decimal, int] | None:
    m = _DIGITS.match(text, pos)
    if m is None:
        return None
    try:
        return Decimal(m.group().replace(",", "")), m.end()
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
        return None


def read_number(text: str, pos: int = 0) -> NumberMatch | None:
    """Read digits and scale words from ``text[pos:]``; ``None`` when no digit starts there.

    The text must already be NFKC-normalised (full-width digits become ASCII).
    A small unit not followed by digits or a big unit ends the number only if it
    directly follows digits, so ``5千円`` is 5,000 yen while ``千人`` alone is no number.

    >>> read_number("1億2,345万").value
    Decimal('123450000')
    >>> read_number("8,000千円/年度")
    NumberMatch(value=Decimal('8000000'), scale='千', end=6)
    >>> read_number("12市町村")
    NumberMatch(value=Decimal('12'), scale='', end=2)
    >>> read_number("3百5十").value
    Decimal('350')
    """
    first = _digits_at(text, pos)
    if first is None:
        return None
    total = Decimal(0)
    chunk, pos = first
    group = Decimal(0)  # the part of the current four-digit group already closed by small units
    pending = True  # ``chunk`` holds digits not yet added to ``group``
    scale = ""
    while pos < len(text):
        ch = text[pos]
        if ch in SMALL_UNITS and pending:
            group += chunk * SMALL_UNITS[ch]
            chunk, pending = Decimal(0), False
            scale += ch
            pos += 1
        elif ch in BIG_UNITS and (pending or group):
            total += (group + chunk) * BIG_UNITS[ch]
            group, chunk, pending = Decimal(0), Decimal(0), False
            scale += ch
            pos += 1
        else:
            nxt = _digits_at(text, pos) if scale else None
            if nxt is None or pending:
                break
            chunk, pos = nxt
            pending = True
    return NumberMatch(total + group + chunk, scale, pos)


#: Kanji digits, 〇 and 零 for zero (二〇二〇 is written digit by digit).
KANJI_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_KANJI_RUN = re.compile("[〇零一二三四五六七八九十百千万億兆]+(?:[・.][〇零一二三四五六七八九]+)?")
#: Words that start with a kanji numeral but are no number: 一部 (partly), 一定 (a certain),
#: 十分 (enough), 一層 …  A text starting with one is not read as a figure.
NOT_NUMBERS = ("一部", "一定", "一層", "一体", "一般", "一括", "一貫", "一環", "十分", "一時",
               "一方", "一緒", "一斉", "一律", "一元", "一新", "一覧", "千差", "万全", "万一")  # fmt: skip


def kanji_number(text: str) -> tuple[str, int] | None:
    """The kanji numeral at the start of ``text`` as ASCII digits, and how many characters it
    took; None when there is none (or it is one of :data:`NOT_NUMBERS`, or only scale words
    such as 千 or 万, which alone say no number).  ``・`` or ``.`` is the decimal point.

    >>> kanji_number("七十二・四%"), kanji_number("二千五百人"), kanji_number("三十件")
    (('72.4', 5), ('2500', 4), ('30', 2))
    >>> kanji_number("二〇二〇年"), kanji_number("一億二千万円"), kanji_number("千人")
    (('2020', 4), ('120000000', 5), None)
    >>> kanji_number("一部実施"), kanji_number("12件")
    (None, None)
    """
    m = _KANJI_RUN.match(text)
    if m is None or text.startswith(NOT_NUMBERS):
        return None
    run = m.group()
    whole, _, decimals = run.replace("・", ".").partition(".")
    if not any(c in KANJI_DIGITS or c in "十百" for c in whole):
        return None
    if all(c in KANJI_DIGITS for c in whole):
        digits = "".join(str(KANJI_DIGITS[c]) for c in whole)  # 二〇二〇
    else:
        value = _kanji_value(whole)
        if value is None:
            return None
        digits = str(value)
    if decimals:
        digits += "." + "".join(str(KANJI_DIGITS[c]) for c in decimals)
    return digits, len(run)


def _kanji_value(run: str) -> int | None:
    total = group = 0
    digit: int | None = None
    for c in run:
        if c in KANJI_DIGITS:
            if digit is not None:
                return None  # 二三十: two digits in a row inside a counted numeral
            digit = KANJI_DIGITS[c]
        elif c in _KANJI_SMALL:
            group += (1 if digit is None else digit) * _KANJI_SMALL[c]
            digit = None
        else:
            if group == 0 and digit is None:
                return None
            total += (group + (digit or 0)) * _KANJI_BIG[c]
            group, digit = 0, None
    return total + group + (digit or 0)
