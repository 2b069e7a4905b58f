"""The :class:`Value` type: one value text and what was understood of it.

The grammar (:mod:`hyoka.core.values`) and its fast path (:mod:`hyoka.core.values_fast`) both
build it; everything that reads values (assessment, reports, the command line) takes it.

>>> Value("12社", "quantity", number=Decimal(12), unit="社").to_dict()["number"]
12
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any, NamedTuple

from hyoka.core.words import PROVISIONAL, UNIT_ALIASES, Bound, Kind

__all__ = [
    "JSON_SAFE_INTEGER",
    "Revision",
    "Value",
    "json_number",
    "normalise",
    "unit_key",
    "value_tail",
]

_SPACES = re.compile(r"[\s\u3000]+")


class Revision(NamedTuple):
    """A target revised (見直し, 改定, 変更) from a year on: ``60件/年度（R3見直し後40件/年度）``
    has the revision ``year=2021, value=40件/年度``; ``40件（R3見直し）`` says the value itself
    is the revised figure (``value=None``: the figure before is not written).  ``era_year`` is
    a bare era year (``3年度見直し``) the document's era resolves (``year`` None until then).
    """

    text: str
    year: int | None
    value: Value | None = None
    era_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.year,
            "text": self.text,
            "value": None if self.value is None else self.value.to_dict(),
        }


class Value(NamedTuple):
    """One value as a document writes it, with what was understood of it.

    ``number`` has scale words applied and is negative for ``▲``; ``unit`` is the
    counter without scale words; ``per`` the cadence (``年度`` in ``1回/年度``);
    ``year`` the year the figure belongs to, with ``year_basis`` ``fiscal``
    (年度) or ``calendar`` (年) and ``year_relation`` ``at``, ``until`` (まで) or
    ``from`` (以降).  ``reason`` says why a ``text`` value was not understood.

    Added for the forms of other municipalities' documents (only in the JSON when set):
    ``era_year`` a bare era year (``(5年度)``) left for the document's era to resolve
    (``year`` is None until :mod:`hyoka.core.resolve` does, and ``resolution`` says how);
    ``as_of`` a point in time (``R4.3末`` → ``2022-03-31``, ``H30.3`` → ``2018-03``), not a
    year; ``footnotes`` the marks kept as notes (``※2``); ``revisions`` the target's history
    (``60件/年度（R3見直し後40件/年度）``).  A ``range`` (``5～8件``) and a ``transition``
    (``12.0%(H24)→20.0%(H28)``) hold their two ends in ``parts``; a ``change`` (``15%増``,
    ``+3件``) holds the amount in ``number`` and ``unit`` and the direction in ``relation``.

    Immutable (a named tuple: cheaper to build than a frozen dataclass, which matters at a
    million values); compare values by their fields, never with plain tuples.
    """

    text: str
    kind: Kind
    number: Decimal | None = None
    unit: str | None = None
    scale: str | None = None
    per: str | None = None
    each: bool = False
    bound: Bound | None = None
    qualifiers: tuple[str, ...] = ()
    year: int | None = None
    year_basis: str | None = None
    year_relation: str | None = None
    era: str | None = None
    state: str | None = None
    ongoing: bool | None = None
    relation: str | None = None
    parts: tuple[Value, ...] = ()
    note: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    era_year: int | None = None
    as_of: str | None = None
    footnotes: tuple[str, ...] = ()
    revisions: tuple[Revision, ...] = ()
    resolution: str | None = None

    @property
    def provisional(self) -> bool:
        """True for a figure that is not final: 予定, 集計中, 見込, 速報値, 程度, 暫定.

        >>> Value("5回程度", "quantity", qualifiers=("roughly",)).provisional
        True
        """
        return not PROVISIONAL.isdisjoint(self.qualifiers)

    @property
    def understood(self) -> bool:
        return self.kind != "text"

    @property
    def is_none(self) -> bool:
        return self.kind == "none"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; the keys are always present (``None`` when not applicable)."""
        out: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "number": json_number(self.number),
            "unit": self.unit,
            "scale": self.scale,
            "per": self.per,
            "each": self.each,
            "bound": self.bound,
            "year": self.year,
            "year_basis": self.year_basis,
            "year_relation": self.year_relation,
            "qualifiers": list(self.qualifiers),
            "provisional": self.provisional,
            "state": self.state,
            "relation": self.relation,
            "note": self.note,
            "reason": self.reason,
        }
        if self.era:
            out["era"] = self.era
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if self.era_year is not None:
            out["era_year"] = self.era_year
        if self.resolution:
            out["resolution"] = self.resolution
        if self.as_of:
            out["as_of"] = self.as_of
        if self.footnotes:
            out["footnotes"] = list(self.footnotes)
        if self.revisions:
            out["target_history"] = self.target_history()
        if self.kind == "range":
            low, high = self.parts
            out["range"] = {
                "low": json_number(low.number),
                "low_bound": low.bound,
                "high": json_number(high.number),
                "high_bound": high.bound,
            }
        elif self.kind == "change":
            out["change"] = {
                "amount": json_number(self.number),
                "unit": self.unit,
                "direction": self.relation,
                "relative_to": self.note or "基準値",
            }
        return out

    def target_history(self) -> list[dict[str, Any]]:
        """The figures of a revised target, oldest first: the one before the first revision
        (``text`` None when the document does not write it), then each revision."""
        first = self.revisions[0]
        before = None if first.value is None else self.text
        out: list[dict[str, Any]] = [{"from": None, "text": before}]
        for i, r in enumerate(self.revisions):
            figure = r.value.text if r.value is not None else self.text
            out.append({"from": r.year, "text": figure, "revision": r.text, "index": i + 1})
        return out


#: The largest integer every JSON reader keeps exactly (an IEEE double's 2⁵³).
JSON_SAFE_INTEGER = 2**53


def json_number(n: Decimal | None) -> int | float | None:
    """``Decimal`` → ``int`` when integral (up to :data:`JSON_SAFE_INTEGER`), else ``float``
    (JSON has no decimals); ``None`` for a number no JSON number can hold (a text such as
    ``1e5000人`` is read, but 5,000 digits would be neither printable nor useful).

    >>> json_number(Decimal("298000.0")), json_number(Decimal("85.1")), json_number(None)
    (298000, 85.1, None)
    >>> json_number(Decimal("1E+20")), json_number(Decimal("1E+5000"))
    (1e+20, None)
    """
    if n is None:
        return None
    if abs(n) <= JSON_SAFE_INTEGER and n == n.to_integral_value():
        return int(n)
    f = float(n)
    return f if math.isfinite(f) else None


def unit_key(unit: str | None) -> str | None:
    """The counter used to compare two values (``名`` and ``人`` are the same).

    >>> unit_key("名"), unit_key("人"), unit_key(None)
    ('人', '人', None)
    """
    if unit is None:
        return None
    return UNIT_ALIASES.get(unit, unit)


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters and parentheses to ASCII) and single spaces.

    >>> normalise("１回（予定）　２回")
    '1回(予定) 2回'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def value_tail(*head: str) -> tuple[Any, ...]:
    """The defaults of every field of :class:`Value` after the fields ``head``, which must be
    its first fields, in order: a builder that names ``head`` and adds this tail sets every
    other field to its default, and fails here (not silently) if the fields are reordered.

    >>> value_tail(*Value._fields[:-1])
    (None,)
    >>> value_tail("kind")
    Traceback (most recent call last):
    ...
    ValueError: Value's first fields are ('text',), not ('kind',)
    """
    fields = Value._fields
    if fields[: len(head)] != head:
        raise ValueError(f"Value's first fields are {fields[: len(head)]}, not {head}")
    return tuple(Value._field_defaults[f] for f in fields[len(head) :])
