"""Points in time and bare era years as value texts write them.

A value may be dated by a month or a day rather than a year: ``H30.3`` (March 2018),
``R4.3末`` (the end of March 2022), ``令和元年9月``, ``2020年4月1日現在``.  That is a point in
time, not a year: :func:`read_point` reads it as an ISO date (``2022-03-31``) or month
(``2018-03``); :func:`point_fiscal_year` says which fiscal year it falls in (March 2018 is in
fiscal 2017).

A year may be written without its era, ``(5年度)``, in a document that writes its own era
elsewhere (a 令和 list).  The grammar keeps the bare number (:func:`read_bare_era_year`);
:func:`resolve_era_year` reads it in the era of the list's fiscal year, or refuses.

>>> read_point("R4.3末"), read_point("H30.3"), read_point("2020年4月1日現在")
('2022-03-31', '2018-03', '2020-04-01')
>>> point_fiscal_year("2018-03"), point_fiscal_year("2020-04-01")
(2017, 2020)
>>> read_bare_era_year("5年度")
BareYear(number=5, basis='fiscal', relation='at')
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal, NamedTuple

from hyoka.core.i18n import Said, gettext_noop, said
from hyoka.core.periods import ERA_NAME_PATTERN, ERAS, era_by_name, western_year
from hyoka.core.words import YEAR_RELATION

__all__ = [
    "BareYear",
    "Role",
    "point_date",
    "point_fiscal_year",
    "read_bare_era_year",
    "read_point",
    "resolve_era_year",
]

Role = Literal["baseline", "target", "actual"]

_ERA_YEAR = r"元|[1-9]\d?|0[1-9]"
_END = r"(?P<end>末)?(?:現在|時点|時点で|付)?"
_POINT = re.compile(
    # H30.3, R4.3末, R1.12.31, R2/3/31
    rf"(?P<era>{ERA_NAME_PATTERN})(?P<ey>{_ERA_YEAR})(?P<sep>[./])(?P<m>\d{{1,2}})"
    rf"(?:(?P=sep)(?P<d>\d{{1,2}}))?{_END}"
    # 令和元年9月, 2020年4月1日現在, 平成30年3月末
    rf"|(?:(?P<wy>[12]\d{{3}})|(?P<era2>{ERA_NAME_PATTERN})(?P<ey2>{_ERA_YEAR}))年"
    rf"(?P<m2>\d{{1,2}})月(?:(?P<d2>\d{{1,2}})日)?(?P<end2>末)?(?:現在|時点|時点で|付)?",
    re.IGNORECASE,
)
_POINT_MARK = re.compile(r"[./月]").search
_BARE = re.compile(
    r"(?P<n>元|[1-9]\d?)(?P<suffix>年度|年)(?P<rel>末まで|までに|まで|以降|から|末|中|内)?"
)


class BareYear(NamedTuple):
    """An era year written without its era: ``5年度`` (number 5, fiscal)."""

    number: int
    basis: str
    relation: str


def read_point(text: str) -> str | None:
    """The point in time ``text`` (NFKC, no spaces) is, as an ISO date or month; None if it
    is not one (or names a month or day that does not exist).

    >>> read_point("令和元年9月"), read_point("H31.4.30"), read_point("R2.13")
    ('2019-09', '2019-04-30', None)
    >>> read_point("平成30年3月末時点"), read_point("2019年度")
    ('2018-03-31', None)
    """
    if _POINT_MARK(text) is None:
        return None
    m = _POINT.fullmatch(text)
    if m is None:
        return None
    if m["wy"] is not None:
        year = int(m["wy"])
    else:
        era = era_by_name(m["era"] or m["era2"])
        n = m["ey"] or m["ey2"]
        year = western_year(era, 1 if n == "元" else int(n))
    month = int(m["m"] or m["m2"])
    day_text = m["d"] or m["d2"]
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day_text is not None:
        if not 1 <= int(day_text) <= last:
            return None
        return date(year, month, int(day_text)).isoformat()
    if m["end"] or m["end2"]:
        return date(year, month, last).isoformat()
    return f"{year:04d}-{month:02d}"


def point_date(point: str) -> date:
    """The last day a point covers (a month: its last day).

    >>> point_date("2018-03"), point_date("2020-04-01")
    (datetime.date(2018, 3, 31), datetime.date(2020, 4, 1))
    """
    parts = [int(p) for p in point.split("-")]
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def point_fiscal_year(point: str) -> int:
    """The fiscal year (April to March) a point falls in."""
    d = point_date(point)
    return d.year if d.month >= 4 else d.year - 1


def read_bare_era_year(text: str) -> BareYear | None:
    """``5年度``, ``元年度``, ``3年度まで``: an era year without its era (None otherwise).

    >>> read_bare_era_year("3年度まで"), read_bare_era_year("2023年度")
    (BareYear(number=3, basis='fiscal', relation='until'), None)
    """
    m = _BARE.fullmatch(text)
    if m is None:
        return None
    n = 1 if m["n"] == "元" else int(m["n"])
    relation = YEAR_RELATION.get(m["rel"] or "", "at")
    basis = "fiscal" if m["suffix"] == "年度" else "calendar"
    return BareYear(n, basis, relation)


def resolve_era_year(
    number: int, role: Role, fiscal_year: int, plan: tuple[int, int], basis: str = "fiscal"
) -> tuple[int | None, str]:
    """Read a bare era year in the era of the list's fiscal year: ``(year, how)`` with the
    sentence saying how, or ``(None, why not)``.

    The document's era is the era of its fiscal year (令和 from fiscal 2019).  A baseline or
    an actual cannot be later than the list's year, a target not far outside the plan: when
    the document's era gives such a year, the era before it is tried (an early 令和 list
    quoting a 平成 baseline, or a target of a plan drafted in 平成 as 平成32年度); when
    neither fits, the year is not guessed.

    >>> resolve_era_year(5, "target", 2020, (2019, 2023))
    (2023, '「5年度」を文書の元号（令和）で令和5年度＝2023年度と読みました')
    >>> resolve_era_year(29, "baseline", 2019, (2019, 2023))[0]
    2017
    >>> resolve_era_year(40, "target", 2019, (2019, 2023))
    (None, '「40年度」の元号が分からず、年度を特定できません（令和40年度も平成40年度も計画期間に合いません）')
    """
    doc_era = next(e for e in ERAS if e.start.year <= fiscal_year)  # FY2019 = 令和元年度
    word = "年度" if basis == "fiscal" else "年"
    label = f"{'元' if number == 1 else number}{word}"
    tried: list[str] = []
    for era in ERAS[ERAS.index(doc_era) : ERAS.index(doc_era) + 2]:
        year = western_year(era, number)
        tried.append(f"{era.name}{label}")
        past_end = era.last_year is not None and year > era.last_year + _OVERFLOW
        if _plausible(year, role, fiscal_year, plan) and not past_end:
            how = _IN_DOCUMENT_ERA if era is doc_era else _IN_ERA_BEFORE
            return year, said(how, label=label, era=era.name, year=year, word=word)
    return None, said(
        "「%(label)s」の元号が分からず、年度を特定できません（%(tried)sも計画期間に合いません）",
        label=label,
        tried=Said.joined(tried, "も", "」 nor 「"),
    )


_IN_DOCUMENT_ERA = gettext_noop(
    "「%(label)s」を文書の元号（%(era)s）で%(era)s%(label)s＝%(year)s%(word)sと読みました"
)
_IN_ERA_BEFORE = gettext_noop(
    "「%(label)s」を前の元号（%(era)s）で%(era)s%(label)s＝%(year)s%(word)sと読みました"
)


#: How far past its end an era's years are read: plans drafted before 2019 wrote 平成32年度 (2020)
#: and later for their targets; 平成40年度 never came near a plan.
_OVERFLOW = 5


def _plausible(year: int, role: Role, fiscal_year: int, plan: tuple[int, int]) -> bool:
    if role == "target":
        return plan[0] - 5 <= year <= plan[1] + 10
    return fiscal_year - 30 <= year <= fiscal_year
