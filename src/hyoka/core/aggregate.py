"""Aggregation: a project's rating, the plan's achievement share, a multi-year trajectory.

>>> from hyoka.core.rubrics import load_rubric
>>> from hyoka.core.values import explain
>>> rubric = load_rubric("sapporo")
>>> achievement_share(["◎", "○", "×", "-", "△"], rubric)
Achievement(achieved=2, rated=4, share=Decimal('0.5'))
>>> t = trajectory(explain("25.1万人 (2017年度)"), explain("29.8万人 (2023年度)"),
...                explain("26.6万人 (2018年度)"))
>>> t.expected, t.on_path
(Decimal('258833.3333333333333333333333'), True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hyoka.core.assess import Context, Reason, Yardstick
from hyoka.core.collector import collections_paused
from hyoka.core.rubrics import Rubric
from hyoka.core.values import Value, explain, json_number, unit_key

__all__ = [
    "Achievement",
    "Trajectory",
    "achievement_of_counts",
    "achievement_share",
    "rate_symbols",
    "trajectory",
]


@dataclass(frozen=True, slots=True)
class Achievement:
    """達成割合: indicators rated achieved or expected (◎ ○) over those that could be rated."""

    achieved: int
    rated: int
    share: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        share = None if self.share is None else float(round(self.share, 6))
        return {"achieved": self.achieved, "rated": self.rated, "share": share}

    @property
    def percent_text(self) -> str:
        """The share as the documents print it, one decimal: ``85.1%``.

        >>> Achievement(40, 47, Decimal(40) / Decimal(47)).percent_text
        '85.1%'
        """
        if self.share is None:
            return "-"
        return f"{(self.share * 100).quantize(Decimal('0.1'))}%"


#: how many distinct texts, (baseline, target) pairs and rows :func:`rate_symbols` remembers at
#: once (then it starts again): the repeats of a nationwide table are mostly near each other
#: (a baseline and a target in each year of one indicator) or very common (``-``), so a
#: bounded memo keeps most of the gain and little memory
MEMO_LIMIT = 1 << 16


def rate_symbols(
    rows: Iterable[tuple[str, str, str, int]],
    rubric: Rubric,
    plan: tuple[int, int],
    parse: Callable[[str], Value] = explain,
) -> list[str]:
    """The rating symbol of each ``(baseline, target, actual, fiscal_year)`` row of a plan
    whose period is ``plan`` (first and last fiscal year), as
    ``rubric.rate(assess(target, actual, baseline, Context(fiscal_year, *plan))).symbol``
    gives it — at a nationwide scale, where many rows repeat: a text is read (``parse``), the
    target's side of a (baseline, target) pair worked out (a
    :class:`~hyoka.core.assess.Yardstick`: an indicator's in each of its years) and a row
    assessed and rated once while it is remembered (:data:`MEMO_LIMIT` of each).  Only
    the symbols are kept, not the ratings with their reasons (a million of those would fill
    gigabytes).

    A row's key is everything its rating depends on besides the call's own rubric and plan
    period: its three texts and its fiscal year.  ``parse`` must be a pure function of the
    text (:func:`~hyoka.core.values.explain`, or its uncached ``__wrapped__`` to time the
    reading too).

    >>> from hyoka.core.rubrics import load_rubric
    >>> rows = [("10件", "20件", "25件", 2020), ("10件", "20件", "12件", 2020)] * 2
    >>> rate_symbols(rows, load_rubric("sapporo"), (2019, 2023))
    ['◎', '×', '◎', '×']
    """
    with collections_paused():  # the loop makes no cycles: the collector would walk the memos
        return _rate_symbols(rows, rubric, plan, parse)


def _rate_symbols(
    rows: Iterable[tuple[str, str, str, int]],
    rubric: Rubric,
    plan: tuple[int, int],
    parse: Callable[[str], Value],
) -> list[str]:
    values: dict[str, Value] = {}
    rated: dict[tuple[str, str, str, int], str] = {}
    #: the target's side of each (baseline, target) pair: an indicator's in each of its years
    yardsticks: dict[tuple[str, str], Yardstick] = {}
    contexts: dict[int, Context] = {}
    symbol_of = rubric.symbol_of
    words = rubric.reads_facts  # the facts' sentences only for a rubric whose rules read them
    progress = not rubric.reads.isdisjoint(("progress", "pace"))  # likewise the way gone
    out: list[str] = []
    append = out.append
    known = values.get
    stick = yardsticks.get
    # the last row's pair and yardstick: an indicator's years come one after another
    last_baseline = last_target = None
    y: Yardstick | None = None

    def value(text: str) -> Value:
        if len(values) >= MEMO_LIMIT:
            values.clear()
        v = values[text] = parse(text)
        return v

    for row in rows:
        symbol = rated.get(row)
        if symbol is None:
            baseline, target, actual, year = row
            ctx = contexts.get(year)
            if ctx is None:
                ctx = contexts[year] = Context(year, *plan)
            if len(rated) >= MEMO_LIMIT:
                rated.clear()
            if y is None or target is not last_target or baseline is not last_baseline:
                last_baseline, last_target = baseline, target
                pair = (baseline, target)
                y = stick(pair)
                if y is None:
                    if len(yardsticks) >= MEMO_LIMIT:
                        yardsticks.clear()
                    # the memo read here, a text read (value) only when not remembered
                    t = known(target) or value(target)
                    b = known(baseline) or value(baseline)
                    y = yardsticks[pair] = Yardstick(t, b)
            a = known(actual) or value(actual)
            symbol = rated[row] = symbol_of(y.assess(a, ctx, words, progress))
        append(symbol)
    return out


def achievement_share(symbols: Iterable[str], rubric: Rubric) -> Achievement:
    """Count symbols the rubric calls achieved among those it can rate."""
    achieved = rated = 0
    for s in symbols:
        sym = rubric.symbol(s)
        if sym.rated:
            rated += 1
            achieved += sym.achieved
    share = Decimal(achieved) / Decimal(rated) if rated else None
    return Achievement(achieved, rated, share)


def achievement_of_counts(counts: Mapping[str, int], rubric: Rubric) -> Achievement:
    """:func:`achievement_share` from how many times each symbol was given (for many groups:
    municipalities, years, a whole country).

    >>> from hyoka.core.rubrics import load_rubric
    >>> achievement_of_counts({"◎": 3, "○": 1, "×": 4, "-": 9}, load_rubric("sapporo"))
    Achievement(achieved=4, rated=8, share=Decimal('0.5'))
    """
    achieved = rated = 0
    for s, n in counts.items():
        sym = rubric.symbol(s)
        if sym.rated:
            rated += n
            achieved += n if sym.achieved else 0
    share = Decimal(achieved) / Decimal(rated) if rated else None
    return Achievement(achieved, rated, share)


@dataclass(frozen=True, slots=True)
class Trajectory:
    """Where an actual stands on the straight path from baseline to a multi-year target.

    ``progress`` is the share of the way covered; ``expected`` the value on the path
    for the actual's year; ``on_path`` whether the actual is at or beyond it.
    """

    baseline_year: int
    target_year: int
    actual_year: int
    progress: Decimal
    expected: Decimal
    on_path: bool
    reason: Reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline_year": self.baseline_year,
            "target_year": self.target_year,
            "actual_year": self.actual_year,
            "progress": float(round(self.progress, 6)),
            "expected": json_number(self.expected.quantize(Decimal("0.01"))),
            "on_path": self.on_path,
            "reason": self.reason.ja,
            "reason_en": self.reason.en,
        }


def trajectory(
    baseline: Value, target: Value, actual: Value, actual_year: int | None = None
) -> Trajectory | None:
    """The straight path from baseline (its year) to target (its year), judged at the actual.

    ``None`` when the figures do not allow it (no numbers, no years, other units).
    The actual's year is its own ``(2018年度)`` or ``actual_year``.

    >>> from hyoka.core.values import explain
    >>> trajectory(explain("-"), explain("30兆円 (2023年)"), explain("-")) is None
    True
    """
    values = (baseline, target, actual)
    if any(v.kind != "quantity" or v.number is None for v in values):
        return None
    units = {unit_key(v.unit) for v in values if v.unit}
    year = actual.year or actual_year
    if len(units) > 1 or baseline.year is None or target.year is None or year is None:
        return None
    if target.year <= baseline.year:
        return None
    b, t, a = (v.number for v in values)
    assert b is not None and t is not None and a is not None
    if t == b:
        return None
    progress = (a - b) / (t - b)
    elapsed = Decimal(year - baseline.year) / Decimal(target.year - baseline.year)
    expected = b + (t - b) * elapsed
    on_path = a >= expected if t > b else a <= expected
    pct = (progress * 100).quantize(Decimal("0.1"))
    exp_pct = (elapsed * 100).quantize(Decimal("0.1"))
    word = (
        ("直線経路上またはそれ以上", "on or ahead of")
        if on_path
        else ("直線経路より遅れ", "behind")
    )
    reason = Reason(
        f"{baseline.year}→{target.year}の進捗{pct}%（{year}時点の想定{exp_pct}%）: {word[0]}",
        f"progress {pct}% from {baseline.year} to {target.year} "
        f"(expected {exp_pct}% by {year}): {word[1]} the straight path",
    )
    return Trajectory(baseline.year, target.year, year, progress, expected, on_path, reason)
