"""The notes a value carries in brackets: years, qualifiers, points in time, revisions.

``29.8万人 (2023年度)``, ``100名以上 (集計中)``, ``30件 (R4.3末)``, ``45件 (令和 5 年度)``,
``60件/年度（R3見直し後40件/年度）``, ``20件 [H29～30累計]``: each bracketed note is read into
a :class:`Notes` that the grammar (:mod:`hyoka.core.values`) applies to the value.  A note is
read whole or kept as text; a year in it is never taken from the middle of something else
(``R3`` in ``R3見直し`` is the year of a revision, not the target's year; ``H29`` in
``H29～30`` starts a span of years, not the year of the figure).

>>> n = Notes()
>>> read_note("令和 5 年度", n, lambda t: None)
>>> n.year.year, n.year_relation
(2023, 'at')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hyoka.core.dates import BareYear, read_bare_era_year, read_point
from hyoka.core.forms import FOOTNOTE_NOTE
from hyoka.core.i18n import said
from hyoka.core.periods import YEAR_PATTERN, ParsedYear, year_from_match
from hyoka.core.valuetype import Revision, Value
from hyoka.core.words import QUALIFIER_WORDS, YEAR_RELATION

__all__ = ["Notes", "read_note", "strip_qualifiers"]

YEAR_WITH_RELATION = re.compile(rf"{YEAR_PATTERN}(?P<rel>末まで|までに|まで|以降|から|末|中|内)?")
_QUALIFIER_FIRST = frozenset(w[0] for w, _ in QUALIFIER_WORDS)
_QUALIFIER_LAST = frozenset(w[-1] for w, _ in QUALIFIER_WORDS)
#: A span of years or months: H29～30, 2017〜2019年度, 平成29年度-令和元年度, 2020年4月～2021年3月.
_SPAN = re.compile(
    rf"{YEAR_PATTERN}(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?\s*[~〜～\-–ー]\s*"
    rf"(?:{YEAR_PATTERN.replace('?P<', '?P<e_')}|\d{{1,2}}(?:年度|年|月)?)"
)
_SPAN_MARK = re.compile(r"[~〜～\-–ー]").search
_REVISION_WORD = re.compile(r"見直|改定|改訂|変更|修正").search
#: A revised target: R3見直し後40件/年度, 令和3年度改定, 見直し後: 40件.
_REVISION = re.compile(
    r"(?P<when>.*?)(?:に|で|の)?(?P<word>見直し|見直|改定|改訂|変更|修正)"
    r"(?:後の目標値?|後目標値?|後の値|後|により|した)?[:：]?(?P<figure>.*)"
)


@dataclass
class Notes:
    """What the notes of one value say (filled by :func:`read_note`)."""

    qualifiers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    year: ParsedYear | None = None
    year_relation: str = "at"
    era_year: BareYear | None = None
    as_of: str | None = None
    revisions: list[Revision] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    refusal: str | None = None


def strip_qualifiers(s: str) -> tuple[str, list[str]]:
    """Remove qualifier words at either end of ``s``; returns the rest and the codes found.

    >>> strip_qualifiers("約79,600人見込")
    ('79,600人', ['forecast', 'about'])
    """
    found: list[str] = []
    if not s or (s[0] not in _QUALIFIER_FIRST and s[-1] not in _QUALIFIER_LAST):
        return s, found  # most texts: no qualifier word can start or end them
    changed = True
    while changed and s:
        changed = False
        for word, code in QUALIFIER_WORDS:
            if s.endswith(word):
                s = s[: -len(word)]
            elif s.startswith(word):
                s = s[len(word) :]
            else:
                continue
            changed = True
            if code not in found:
                found.append(code)
            break
    return s, found


def read_note(inner: str, acc: Notes, figure: Callable[[str], Value | None]) -> None:
    """Read one bracketed note into ``acc``.  ``figure`` reads the revised figure of a
    revision note (the grammar itself; None when it cannot)."""
    note = inner.strip()
    compact = note.replace(" ", "")
    if FOOTNOTE_NOTE.fullmatch(compact):
        acc.footnotes.append(compact)
        return
    if (
        _REVISION_WORD(compact) is not None
        and _REVISION.fullmatch(compact)
        and _read_revision(compact, acc, figure)
    ):
        return
    span = _SPAN.search(compact) if _SPAN_MARK(compact) is not None else None
    if span:
        acc.warnings.append(
            said(
                "年度の範囲「%(span)s」は一つの年度として扱いません（注記として残しました）",
                span=span.group(),
            )
        )
        rest, quals = strip_qualifiers((compact[: span.start()] + compact[span.end() :]).strip())
        acc.qualifiers.extend(quals)
        acc.notes.append(note)
        return
    rest, quals = strip_qualifiers(compact)
    point = read_point(rest) if rest[:1] != "(" else None
    if point is not None:
        acc.qualifiers.extend(quals)
        if acc.as_of is None:
            acc.as_of = point
            return
        acc.warnings.append(said("時点が二つあります: %(a)s と %(b)s", a=acc.as_of, b=point))
        acc.notes.append(note)
        return
    bare = read_bare_era_year(rest)
    if bare is not None:
        acc.qualifiers.extend(quals)
        if acc.era_year is None and acc.year is None:
            acc.era_year = bare
            acc.year_relation = bare.relation
            return
        acc.notes.append(note)
        return
    rest = compact
    m = YEAR_WITH_RELATION.search(rest)
    if m and acc.year is None and _is_a_year(m):
        acc.year = year_from_match(m)
        acc.year_relation = YEAR_RELATION.get(m.group("rel") or "", "at")
        rest = (rest[: m.start()] + rest[m.end() :]).strip()
    rest, quals = strip_qualifiers(rest)
    acc.qualifiers.extend(quals)
    if rest.strip(" 、,"):
        acc.notes.append(note)


def _is_a_year(m: re.Match[str]) -> bool:
    """A bare four-digit number in a note is a year only between 1900 and 2100: ``(8000)`` is
    a second figure, not the year 8000."""
    if m["western"] is None or m["suffix"] is not None:
        return True
    return 1900 <= int(m["western"]) <= 2100


def _read_revision(text: str, acc: Notes, figure: Callable[[str], Value | None]) -> bool:
    m = _REVISION.fullmatch(text)
    assert m is not None
    when, fig = m["when"], m["figure"]
    year: int | None = None
    era_year: int | None = None
    if when:
        ym = YEAR_WITH_RELATION.fullmatch(when)
        bare = read_bare_era_year(when)
        if ym is not None and (ym["suffix"] or ym["era"]):
            year = year_from_match(ym).year
        elif bare is not None:
            era_year = bare.number
        else:
            return False  # 一部見直し, 計画変更: a note, not a dated revision
    value = None
    if fig:
        value = figure(fig)
        if value is None:
            acc.refusal = said("見直し後の目標「%(figure)s」を読めません", figure=fig)
            return True
    acc.revisions.append(Revision(text, year, value, era_year))
    return True
