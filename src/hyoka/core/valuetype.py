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

__all__ = ["JSON_SAFE_INTEGER", "Value", "json_number", "normalise", "unit_key", "value_tail"]

_SPACES = re.compile(r"[\s\u3000]+")


class Value(NamedTuple):
    """One value as a document writes it, with what was understood of it.

    ``number`` has scale words applied and is negative for ``▲``; ``unit`` is the
    counter without scale words; ``per`` the cadence (``年度`` in ``1回/年度``);
    ``year`` the year the figure belongs to, with ``year_basis`` ``fiscal``
    (年度) or ``calendar`` (年) and ``year_relation`` ``at``, ``until`` (まで) or
    ``from`` (以降).  ``reason`` says why a ``text`` value was not understood.

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
    ((),)
    >>> value_tail("kind")
    Traceback (most recent call last):
    ...
    ValueError: Value's first fields are ('text',), not ('kind',)
    """
    fields = Value._fields
    if fields[: len(head)] != head:
        raise ValueError(f"Value's first fields are {fields[: len(head)]}, not {head}")
    return tuple(Value._field_defaults[f] for f in fields[len(head) :])
