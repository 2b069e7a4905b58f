"""Years and fiscal years as Japanese municipal plans write them.

Plans write years in the western calendar (西暦: ``2019年度``, ``2023年``) or in the
Japanese era calendar (和暦: ``令和元年度``, ``R6``, ``平成31年``).  The first year of an
era is written 元年 (``令和元年`` = 2019).  A fiscal year (年度) Y runs from 1 April of Y
to 31 March of Y+1, so 令和元年度 = fiscal 2019 = 2019-04-01 … 2020-03-31.

Era data (:data:`ERAS`, newest first) covers 明治 to 令和.  明治 starts on 1868-01-25
(慶応4年1月1日 in the Gregorian calendar: the 一世一元の詔 renamed the whole year 慶応4年
to 明治元年).  The japanera library uses 1868-01-23; the usual "proclamation" date is
1868-10-23.  Month and day are always Gregorian, so wareki dates before 1873-01-01 (明治6年,
when Japan adopted the Gregorian calendar) do not match the lunisolar dates of the time.

>>> to_wareki(2019, fiscal=True)
'令和元年度'
>>> parse_year("Ｒ６年度")
ParsedYear(year=2024, basis='fiscal', era='令和', text='Ｒ６年度', overflow=False)
>>> FiscalYear.of(date(2020, 3, 31)).wareki
'令和元年度'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "ERAS",
    "ERA_NAME_PATTERN",
    "YEAR_PATTERN",
    "Era",
    "FiscalYear",
    "ParsedYear",
    "both_calendars",
    "era_by_name",
    "era_of_date",
    "era_year_of",
    "fiscal_year_of",
    "parse_wareki_date",
    "parse_year",
    "to_wareki",
    "wareki_date",
    "western_year",
    "year_from_match",
]


@dataclass(frozen=True)
class Era:
    """A Japanese era (元号): ``start`` is its first day, ``end`` its last (None if current)."""

    name: str
    romaji: str
    letter: str
    start: date
    end: date | None

    @property
    def last_year(self) -> int | None:
        """The last western year the era reached (平成: 2019), None for the current era."""
        return None if self.end is None else self.end.year


#: The eras from 明治, **newest first**.  ``end`` is the day before the next era started.
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", "R", date(2019, 5, 1), None),
    Era("平成", "Heisei", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "Showa", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "Taisho", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("明治", "Meiji", "M", date(1868, 1, 25), date(1912, 7, 29)),
)

#: Regex fragment without groups matching an era name or its upper-case letter
#: (``令和|平成|昭和|大正|明治|R|H|S|T|M``).  NFKC-normalise text first (``Ｒ`` → ``R``).
ERA_NAME_PATTERN: str = "|".join([e.name for e in ERAS] + [e.letter for e in ERAS])

_KANJI_DIGITS = "一二三四五六七八九"
#: Kanji numerals 1-99 as written in era years: 九, 十, 十二, 二十, 九十九.
_KANJI_NUMBER = f"[{_KANJI_DIGITS}]?十[{_KANJI_DIGITS}]?|[{_KANJI_DIGITS}]"
_ERA_YEAR = f"元|[1-9][0-9]?|0[1-9]|{_KANJI_NUMBER}"

#: Regex fragment finding one year expression; its named groups are
#:
#: * ``western`` – a four-digit western year (``2019``), or None;
#: * ``era`` – an era name or letter (``令和``, ``R``), or None;
#: * ``era_year`` – the year within the era: ``元``, ``1``-``99`` (``06`` too) or kanji
#:   ``一``-``九十九`` (so 令和100年 = 2118 is not read); set exactly when ``era`` is;
#: * ``suffix`` – ``年度`` (fiscal year), ``年`` (calendar year) or None (bare).
#:
#: A bare four-digit number also matches: check ``suffix``/``era`` or the range yourself.
#: Letters are upper case only (so ``100m2`` is no year); compile with ``re.IGNORECASE``
#: to accept ``r6`` as :func:`parse_year` does.  Use :func:`year_from_match` on a match.
YEAR_PATTERN: str = (
    r"(?:(?<![0-9])(?P<western>[1-9][0-9]{3})(?![0-9])"
    rf"|(?<![A-Za-z0-9])(?P<era>{ERA_NAME_PATTERN})(?P<era_year>{_ERA_YEAR})"
    rf"(?![0-9A-Za-z{_KANJI_DIGITS}十]))"
    r"(?P<suffix>年度|年)?"
)
_YEAR_RE = re.compile(YEAR_PATTERN, re.IGNORECASE)

_DATE_RE = re.compile(
    rf"(?P<era>{ERA_NAME_PATTERN})(?P<year>{_ERA_YEAR})"
    rf"(?:年(?P<month>[0-9]{{1,2}}|{_KANJI_NUMBER})月(?P<day>[0-9]{{1,2}}|{_KANJI_NUMBER})日"
    r"|(?P<sep>[./-])(?P<month2>[0-9]{1,2})(?P=sep)(?P<day2>[0-9]{1,2}))",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    """NFKC (full-width digits and letters, ㍻ → 平成) and no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _number(text: str) -> int:
    """Read ``元``, ASCII digits or a kanji numeral 1-99 (as matched by ``_KANJI_NUMBER``)."""
    if text == "元":
        return 1
    if text.isascii():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return 10 * (_KANJI_DIGITS.index(tens) + 1 if tens else 1) + (
            _KANJI_DIGITS.index(units) + 1 if units else 0
        )
    return _KANJI_DIGITS.index(text) + 1


def _era_year_text(n: int) -> str:
    return "元" if n == 1 else str(n)


def era_by_name(name_or_letter: str) -> Era:
    """The era called ``name_or_letter``: its name, letter (any case, full-width) or romaji.

    >>> era_by_name("令和").start
    datetime.date(2019, 5, 1)
    >>> era_by_name("h").name
    '平成'
    >>> era_by_name("平安")
    Traceback (most recent call last):
    ...
    ValueError: unknown era '平安': expected one of 令和, 平成, 昭和, 大正, 明治 or R, H, S, T, M
    """
    key = unicodedata.normalize("NFKC", name_or_letter).strip()
    for era in ERAS:
        if key == era.name or key.upper() == era.letter or key.lower() == era.romaji.lower():
            return era
    names = ", ".join(e.name for e in ERAS)
    letters = ", ".join(e.letter for e in ERAS)
    raise ValueError(f"unknown era {name_or_letter!r}: expected one of {names} or {letters}")


def western_year(era: str | Era, era_year: int, *, strict: bool = False) -> int:
    """The western year of year ``era_year`` of ``era`` (令和1 → 2019, 平成31 → 2019).

    With ``strict=False`` years past the era's end are accepted, as plans drafted before an
    era change write them (平成32年度 = 2020); ``strict=True`` rejects them.

    >>> western_year("令和", 1), western_year("H", 31), western_year("昭和", 64)
    (2019, 2019, 1989)
    >>> western_year("平成", 32)
    2020
    >>> western_year("平成", 32, strict=True)
    Traceback (most recent call last):
    ...
    ValueError: 平成32年 never existed: 平成 ended on 2019-04-30 (平成31年)
    """
    e = era if isinstance(era, Era) else era_by_name(era)
    if era_year < 1:
        raise ValueError(f"era year must be 1 (元年) or more, got {e.name}{era_year}年")
    year = e.start.year + era_year - 1
    if strict and e.end is not None and year > e.end.year:
        last = e.end.year - e.start.year + 1
        raise ValueError(
            f"{e.name}{era_year}年 never existed: {e.name} ended on {e.end.isoformat()}"
            f" ({e.name}{last}年)"
        )
    return year


def era_of_date(d: date) -> tuple[Era, int]:
    """The era in force on ``d`` and the year within it.

    >>> [(e.name, n) for e, n in (era_of_date(date(2019, 4, 30)), era_of_date(date(2019, 5, 1)))]
    [('平成', 31), ('令和', 1)]
    """
    for era in ERAS:
        if d >= era.start:
            return era, d.year - era.start.year + 1
    first = ERAS[-1]
    raise ValueError(f"{d.isoformat()} is before {first.name} ({first.start.isoformat()})")


def era_year_of(year: int) -> tuple[Era, int]:
    """The era naming calendar year ``year``: the one in force on 31 December of it.

    >>> [(e.name, n) for e, n in map(era_year_of, (2019, 1989, 1988))]
    [('令和', 1), ('平成', 1), ('昭和', 63)]
    """
    if not ERAS[-1].start.year <= year <= date.max.year:
        raise ValueError(f"year {year} is outside {ERAS[-1].start.year}-{date.max.year}")
    return era_of_date(date(year, 12, 31))


def to_wareki(year: int, *, fiscal: bool = False) -> str:
    """Write western ``year`` in the era calendar: ``令和元年``, or ``令和元年度`` if fiscal.

    >>> to_wareki(2019), to_wareki(2019, fiscal=True), to_wareki(2024), to_wareki(1988)
    ('令和元年', '令和元年度', '令和6年', '昭和63年')
    """
    era, n = era_year_of(year)
    return f"{era.name}{_era_year_text(n)}年{'度' if fiscal else ''}"


def wareki_date(d: date) -> str:
    """Write ``d`` as a wareki date (month and day Gregorian).

    >>> wareki_date(date(2019, 5, 1)), wareki_date(date(1989, 1, 7))
    ('令和元年5月1日', '昭和64年1月7日')
    """
    era, n = era_of_date(d)
    return f"{era.name}{_era_year_text(n)}年{d.month}月{d.day}日"


def both_calendars(d: date) -> str:
    """``d`` in 和暦 with 西暦 in brackets, as letters to municipalities write a deadline.

    >>> both_calendars(date(2021, 4, 30)), both_calendars(date(2019, 5, 1))
    ('令和3年4月30日（2021年4月30日）', '令和元年5月1日（2019年5月1日）')
    """
    return f"{wareki_date(d)}（{d.year}年{d.month}月{d.day}日）"


def parse_wareki_date(text: str) -> date:
    """Read a wareki date: ``令和元年5月1日``, ``令和元年五月一日``, ``R1.5.1``, ``R01/05/01``.

    Strict: the date must fall within the era written (平成 ended on 2019-04-30).

    >>> parse_wareki_date("令和元年5月1日"), parse_wareki_date("Ｈ３１．４．３０")
    (datetime.date(2019, 5, 1), datetime.date(2019, 4, 30))
    >>> parse_wareki_date("平成31年5月1日")
    Traceback (most recent call last):
    ...
    ValueError: '平成31年5月1日' is not a date of 平成: 平成 covers 1989-01-08 to 2019-04-30
    """
    m = _DATE_RE.fullmatch(_normalise(text))
    if m is None:
        raise ValueError(
            f"cannot read {text!r} as a wareki date: expected e.g. '令和元年5月1日' or 'R1.5.1'"
        )
    era = era_by_name(m["era"])
    year = western_year(era, _number(m["year"]))
    month = _number(m["month"] or m["month2"])
    day = _number(m["day"] or m["day2"])
    try:
        d = date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({year}-{month}-{day}: {exc})") from None
    if d < era.start or (era.end is not None and d > era.end):
        until = era.end.isoformat() if era.end else "the present"
        raise ValueError(
            f"{text!r} is not a date of {era.name}:"
            f" {era.name} covers {era.start.isoformat()} to {until}"
        )
    return d


def fiscal_year_of(d: date) -> int:
    """The fiscal year (年度) containing ``d``: April to the next March.

    >>> fiscal_year_of(date(2020, 3, 31)), fiscal_year_of(date(2020, 4, 1))
    (2019, 2020)
    """
    return d.year if d.month >= 4 else d.year - 1


@dataclass(frozen=True, order=True)
class FiscalYear:
    """Fiscal year (年度) ``year``: 1 April ``year`` to 31 March ``year + 1``.

    >>> fy = FiscalYear(2019)
    >>> fy.start, fy.end
    (datetime.date(2019, 4, 1), datetime.date(2020, 3, 31))
    >>> str(fy), fy.wareki, fy.next().label, fy.previous().wareki
    ('2019年度', '令和元年度', '2020年度', '平成30年度')
    >>> fy.contains(date(2020, 3, 31)), fy.contains(date(2020, 4, 1))
    (True, False)
    """

    year: int

    @classmethod
    def of(cls, d: date) -> FiscalYear:
        """The fiscal year containing ``d``."""
        return cls(fiscal_year_of(d))

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 4, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年度"

    @property
    def wareki(self) -> str:
        return to_wareki(self.year, fiscal=True)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def next(self) -> FiscalYear:
        return FiscalYear(self.year + 1)

    def previous(self) -> FiscalYear:
        return FiscalYear(self.year - 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class ParsedYear:
    """A year read from text.

    ``basis`` is ``"fiscal"`` (written 年度), ``"calendar"`` (年) or ``"unknown"`` (bare);
    ``era`` the era name when written in the era calendar; ``overflow`` is True when the
    era year is past the era's end (平成32年度 = 2020, written before the change to 令和).
    """

    year: int
    basis: str
    era: str | None
    text: str
    overflow: bool = False


_BASIS = {"年度": "fiscal", "年": "calendar", None: "unknown"}


def year_from_match(m: re.Match[str]) -> ParsedYear:
    """Build a :class:`ParsedYear` from a match of (a pattern embedding) :data:`YEAR_PATTERN`.

    ``text`` is the year expression itself, even when the enclosing pattern matched more.

    >>> year_from_match(re.search(YEAR_PATTERN, "目標: 平成32年度末"))
    ParsedYear(year=2020, basis='fiscal', era='平成', text='平成32年度', overflow=True)
    """
    basis = _BASIS[m["suffix"]]
    first, last = ("western", "western") if m["western"] is not None else ("era", "era_year")
    text = m.string[m.start(first) : m.end("suffix" if m["suffix"] else last)]
    if m["western"] is not None:
        return ParsedYear(int(m["western"]), basis, None, text)
    era = era_by_name(m["era"])
    year = western_year(era, _number(m["era_year"]))
    overflow = era.last_year is not None and year > era.last_year
    return ParsedYear(year, basis, era.name, text, overflow)


def parse_year(text: str) -> ParsedYear | None:
    """Read a text that is just a year expression; None if it is not one.  Never raises.

    The text is NFKC-normalised and its spaces removed first; letters may be lower case.
    A bare number counts only within 1868-2200.  ``text`` of the result is the input,
    stripped.

    >>> parse_year("令和二年度")
    ParsedYear(year=2020, basis='fiscal', era='令和', text='令和二年度', overflow=False)
    >>> parse_year("2023年").basis, parse_year("h28").year, parse_year("2019").basis
    ('calendar', 2016, 'unknown')
    >>> parse_year("1234") is None, parse_year("令和") is None, parse_year("R0") is None
    (True, True, True)
    """
    if not isinstance(text, str):
        return None
    m = _YEAR_RE.fullmatch(_normalise(text))
    if m is None:
        return None
    try:
        parsed = year_from_match(m)
    except ValueError:  # pragma: no cover - the pattern admits only valid era years
        return None
    if m["suffix"] is None and m["western"] is not None and not 1868 <= parsed.year <= 2200:
        return None
    return ParsedYear(parsed.year, parsed.basis, parsed.era, text.strip(), parsed.overflow)
