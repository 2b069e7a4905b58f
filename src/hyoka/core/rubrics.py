"""Rubrics: a municipality's rating scale as data — symbols, their order and meaning, rules.

A rubric is a plain mapping (stored as JSON beside the code and, later, in the
database with its plan).  Its rules are tried in order against an
:class:`~hyoka.core.assess.Assessment`; the first whose conditions hold gives the
symbol and the words of the reason.  A condition names an assessment field and
gives either a value, a list of allowed values, or comparisons::

    {"outcome": ["met"], "provisional": false}
    {"pace": {">=": 0.6, "<": 1}}

>>> from hyoka.core.assess import Context, assess_texts
>>> sapporo = load_rubric("sapporo")
>>> [s.symbol for s in sapporo.symbols]
['◎', '○', '△', '×', '-']
>>> ctx = Context(2019, 2019, 2023)
>>> r = sapporo.rate(assess_texts("12社/年度", "13社", None, ctx))
>>> r.symbol, r.reason.ja
('◎', '実績「13社」は目標「12社/年度」を満たす。確定値で目標を満たした → ◎ 達成済み')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import Any, NamedTuple

from hyoka.core.assess import Assessment, Reason

__all__ = ["Rating", "Rubric", "RubricError", "Rule", "Symbol", "available_rubrics", "load_rubric"]

_OPS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


#: Assessment fields with few values: a rubric whose rules read only these is memoised.
_DISCRETE = frozenset({"outcome", "provisional", "due", "direction"})
_new = tuple.__new__


class RubricError(ValueError):
    """A rubric that cannot be used as written; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Symbol:
    """One rating symbol: ``rank`` orders them (higher is better); ``achieved`` counts it
    towards the achievement share; ``rated`` is false for 評価不可 (cannot be rated)."""

    symbol: str
    code: str
    label_ja: str
    label_en: str
    rank: int
    achieved: bool
    rated: bool = True


@dataclass(frozen=True, slots=True)
class Rule:
    """``when`` the conditions hold, the rating is ``symbol``, ``because`` (ja, en)."""

    symbol: str
    when: Mapping[str, Any]
    because: Reason

    def matches(self, a: Assessment) -> bool:
        return all(_condition_holds(a.get(name), test) for name, test in self.when.items())


def _condition_holds(value: object, test: Any) -> bool:
    if isinstance(test, list):
        return value in test
    if isinstance(test, dict):
        if value is None:
            return False
        assert isinstance(value, (int, Decimal))
        return all(_OPS[op](value, Decimal(str(bound))) for op, bound in test.items())
    return bool(value == test)


class Rating(NamedTuple):
    """A symbol with the reason for it and the facts it was drawn from (immutable)."""

    symbol: str
    reason: Reason
    assessment: Assessment | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "reason": self.reason.ja, "reason_en": self.reason.en}


@dataclass(frozen=True)
class Rubric:
    code: str
    name_ja: str
    name_en: str
    source: str
    symbols: tuple[Symbol, ...]
    rules: tuple[Rule, ...]
    unrated: str
    #: (symbol, because) by the values of the fields the rules read, when every condition is
    #: a value or a list of values (no comparison): the rules then run once per combination.
    _memo: dict[Any, tuple[str, Reason]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _key: Callable[[Assessment], Any] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        names = sorted(self.reads)
        memo: dict[Any, tuple[str, Reason]] | None = None
        key: Callable[[Assessment], Any] | None = None
        if names and set(names) <= _DISCRETE:
            memo = {}
            # the fields by their place in the tuple: an item is read faster than a name
            key = itemgetter(*(Assessment._fields.index(name) for name in names))
        # both set either way, not left to the fields' defaults (a compiled class has none)
        object.__setattr__(self, "_memo", memo)
        object.__setattr__(self, "_key", key)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rubric:
        """Build and check a rubric from its mapping; :class:`RubricError` names what is wrong."""
        try:
            symbols = tuple(
                Symbol(
                    s["symbol"],
                    s["code"],
                    s["label_ja"],
                    s["label_en"],
                    int(s["rank"]),
                    bool(s.get("achieved", False)),
                    bool(s.get("rated", True)),
                )
                for s in data["symbols"]
            )
            rules = tuple(
                Rule(r["symbol"], dict(r.get("when", {})), Reason(r["because_ja"], r["because_en"]))
                for r in data["rules"]
            )
            rubric = cls(
                data["code"],
                data["name_ja"],
                data["name_en"],
                data.get("source", ""),
                symbols,
                rules,
                data["unrated"],
            )
        except KeyError as exc:
            raise RubricError(f"rubric {data.get('code', '?')!r}: missing key {exc}") from exc
        known = {s.symbol for s in symbols}
        fields = set(Assessment._fields)
        for i, rule in enumerate(rules, 1):
            if rule.symbol not in known:
                raise RubricError(
                    f"rubric {rubric.code!r} rule {i}: symbol {rule.symbol!r} is not one of "
                    f"{sorted(known)}; add it to 'symbols' or fix the rule"
                )
            for name, test in rule.when.items():
                if name not in fields:
                    raise RubricError(
                        f"rubric {rubric.code!r} rule {i}: unknown condition {name!r}; "
                        f"use one of {sorted(fields - {'facts'})}"
                    )
                if isinstance(test, dict) and not set(test) <= set(_OPS):
                    raise RubricError(
                        f"rubric {rubric.code!r} rule {i}: comparison {sorted(test)} — "
                        f"use {sorted(_OPS)}"
                    )
        if rubric.unrated not in known:
            raise RubricError(f"rubric {rubric.code!r}: unrated symbol {rubric.unrated!r} unknown")
        return rubric

    def symbol(self, symbol: str) -> Symbol:
        for s in self.symbols:
            if s.symbol == symbol:
                return s
        raise KeyError(symbol)

    def is_symbol(self, text: str) -> bool:
        return any(s.symbol == text for s in self.symbols)

    def rate(self, a: Assessment) -> Rating:
        """The first rule that holds gives the symbol; the reason is the facts, then the rule."""
        memo = self._memo
        if memo is not None:
            assert self._key is not None
            key = self._key(a)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = self._first_rule(a)
            facts, because = a.facts, hit[1]  # facts.join(because), inlined
            if not facts.ja:
                reason = because
            elif not because.ja:
                reason = facts
            else:
                reason = _new(Reason, (f"{facts.ja}。{because.ja}", f"{facts.en}; {because.en}"))
            return _new(Rating, (hit[0], reason, a))
        symbol, because = self._first_rule(a)
        return Rating(symbol, a.facts.join(because), a)

    def symbol_of(self, a: Assessment) -> str:
        """``self.rate(a).symbol`` without the reason (for a caller that keeps only symbols:
        :func:`hyoka.core.aggregate.rate_symbols`); the same memo and the same rules.

        >>> from hyoka.core.assess import Context, assess_texts
        >>> r, ctx = load_rubric("sapporo"), Context(2019, 2019, 2023)
        >>> a = assess_texts("12社/年度", "10社", None, ctx)
        >>> r.symbol_of(a), r.rate(a).symbol
        ('×', '×')
        """
        memo = self._memo
        if memo is None:
            return self._first_rule(a)[0]
        assert self._key is not None
        key = self._key(a)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = self._first_rule(a)
        return hit[0]

    @property
    def reads(self) -> frozenset[str]:
        """The fields of an assessment its rules read (``outcome``, ``pace``, ``facts``, …).

        >>> sorted(load_rubric("sapporo").reads)
        ['due', 'outcome', 'provisional']
        """
        return frozenset(name for rule in self.rules for name in rule.when)

    @property
    def reads_facts(self) -> bool:
        """Whether a rule reads the facts or warnings of an assessment (its sentences), not
        only its outcome and figures."""
        return not self.reads.isdisjoint(("facts", "warnings"))

    def _first_rule(self, a: Assessment) -> tuple[str, Reason]:
        for rule in self.rules:
            if rule.matches(a):
                return rule.symbol, rule.because
        s = self.symbol(self.unrated)
        return s.symbol, Reason(
            f"どの規則にも当たらない → {s.symbol}", f"no rule applies → {s.symbol}"
        )

    def _rate_unmemoised(self, a: Assessment) -> Rating:
        """:meth:`rate` without the memo (for tests: both must agree)."""
        for rule in self.rules:
            if rule.matches(a):
                return Rating(rule.symbol, a.facts.join(rule.because), a)
        s = self.symbol(self.unrated)
        why = Reason(f"どの規則にも当たらない → {s.symbol}", f"no rule applies → {s.symbol}")
        return Rating(s.symbol, a.facts.join(why), a)

    def worst(self, ratings: Iterable[Rating]) -> Rating:
        """A project's rating: its worst rated indicator, ignoring those that cannot be rated.

        >>> from hyoka.core.assess import Context, assess_texts
        >>> r = load_rubric("sapporo")
        >>> ctx = Context(2019, 2019, 2023)
        >>> rs = [r.rate(assess_texts(t, a, None, ctx)) for t, a in
        ...       [("10件/年度", "10件程度"), ("45人/年度", "29人"), ("2025年度", "-")]]
        >>> [x.symbol for x in rs], r.worst(rs).symbol
        (['○', '×', '-'], '×')
        """
        rated = [(self.symbol(r.symbol).rank, i, r) for i, r in enumerate(ratings)]
        rated = [x for x in rated if self.symbol(x[2].symbol).rated]
        if not rated:
            s = self.symbol(self.unrated)
            return Rating(
                s.symbol,
                Reason(
                    f"評価できる指標がない → {s.symbol} {s.label_ja}",
                    f"no indicator can be rated → {s.symbol} {s.label_en}",
                ),
            )
        _rank, index, worst = min(rated, key=lambda x: (x[0], x[1]))
        s = self.symbol(worst.symbol)
        if len(rated) == 1:
            return Rating(
                worst.symbol,
                Reason(
                    f"評価できる指標{index + 1}の評価のとおり（{s.symbol} {s.label_ja}）",
                    f"as its one rated indicator {index + 1} ({s.symbol} {s.label_en})",
                ),
            )
        return Rating(
            worst.symbol,
            Reason(
                f"指標{index + 1}の評価が最も低い（{s.symbol} {s.label_ja}）",
                f"indicator {index + 1} is rated lowest ({s.symbol} {s.label_en})",
            ).join(worst.reason, ("：", ": ")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "source": self.source,
            "unrated": self.unrated,
            "symbols": [
                {
                    "symbol": s.symbol,
                    "code": s.code,
                    "label_ja": s.label_ja,
                    "label_en": s.label_en,
                    "rank": s.rank,
                    "achieved": s.achieved,
                    "rated": s.rated,
                }
                for s in self.symbols
            ],
            "rules": [
                {
                    "symbol": r.symbol,
                    "when": dict(r.when),
                    "because_ja": r.because.ja,
                    "because_en": r.because.en,
                }
                for r in self.rules
            ],
        }


def available_rubrics() -> list[str]:
    """The rubrics shipped with Hyoka.

    >>> available_rubrics()
    ['nagayo', 'sapporo', 'tama']
    """
    folder = resources.files("hyoka.data").joinpath("rubrics")
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


@cache
def load_rubric(code: str) -> Rubric:
    """A shipped rubric by code; :class:`RubricError` lists the known ones otherwise."""
    if code not in available_rubrics():
        raise RubricError(f"unknown rubric {code!r}; known: {', '.join(available_rubrics())}")
    path = resources.files("hyoka.data").joinpath("rubrics", f"{code}.json")
    return Rubric.from_dict(json.loads(path.read_text(encoding="utf-8")))
