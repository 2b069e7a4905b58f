"""Compare an actual with its target: the facts a rubric turns into a rating.

:func:`assess` knows nothing of symbols.  It says what the figures show — the
outcome (met, short, ongoing, late, …), whether the actual is provisional,
whether the target's year has come, and ratios against target and baseline — and
explains it in words.  A :class:`~hyoka.core.rubrics.Rubric` then maps these
facts to a symbol, so one assessment serves every municipality's scale.

>>> ctx = Context(fiscal_year=2019, plan_start=2019, plan_end=2023)
>>> a = assess(explain("12社/年度"), explain("13社"), None, ctx)
>>> a.outcome, a.provisional, a.due
('met', False, True)
>>> print(a.facts.ja)
実績「13社」は目標「12社/年度」を満たす
>>> assess(explain("100人/年度"), explain("100名以上 (集計中)"), None, ctx).provisional
True
>>> assess(explain("2019年度まで"), explain("2020年度まで"), None, ctx).outcome
'late'
>>> assess(explain("常時 (毎年度)"), explain("常時"), None, ctx).outcome
'ongoing'
>>> assess(explain("2025年度"), explain("-"), None, ctx).due
False
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal, NamedTuple, overload

from hyoka.core.dates import point_date, point_fiscal_year
from hyoka.core.i18n import both
from hyoka.core.resolve import applicable_target, resolve, unresolved
from hyoka.core.values import QUALIFIER_LABELS, Value, explain, unit_key

__all__ = ["UNRATABLE", "Assessment", "Context", "Outcome", "Reason", "assess", "assess_texts"]

Outcome = Literal[
    "met",  # the actual meets the target
    "short",  # the actual falls short
    "ongoing",  # a state target (常時, 維持) held so far this year
    "late",  # done, or to be done, after the deadline
    "no_actual",  # no actual given (-)
    "no_target",  # no target, or one that cannot be read
    "not_comparable",  # the two cannot be compared (unreadable, other units)
    "reference_only",  # the actual predates the plan (参考記載)
]
UNRATABLE: frozenset[str] = frozenset(
    {"no_actual", "no_target", "not_comparable", "reference_only"}
)


class Reason(NamedTuple):
    """A sentence in Japanese and in English."""

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja

    def join(self, other: Reason, sep: tuple[str, str] = ("。", "; ")) -> Reason:
        """Two reasons in one.

        >>> Reason("甲", "a").join(Reason("乙", "b"))
        Reason(ja='甲。乙', en='a; b')
        """
        if not self.ja:
            return other
        if not other.ja:
            return self
        return Reason(f"{self.ja}{sep[0]}{other.ja}", f"{self.en}{sep[1]}{other.en}")


@dataclass(frozen=True, slots=True)
class Context:
    """When a rating is made: the fiscal year of the list and the plan's period."""

    fiscal_year: int
    plan_start: int
    plan_end: int

    @property
    def plan_years(self) -> int:
        return self.plan_end - self.plan_start + 1

    @property
    def year_index(self) -> int:
        """Year k of the plan (1 for its first year)."""
        return self.fiscal_year - self.plan_start + 1


class Assessment(NamedTuple):
    """What the figures show, before any rubric.

    ``ratio`` is actual ÷ target (inverted when lower is better); ``vs_baseline`` is
    the change on the baseline as a share of it (positive = better); ``progress``
    the share of the way from baseline to target; ``pace`` progress ÷ the share of
    the plan period elapsed (1 = on the straight path).  Immutable (a named tuple, cheap
    to build: one is made per indicator and year).
    """

    outcome: Outcome
    provisional: bool
    due: bool
    facts: Reason
    ratio: Decimal | None = None
    vs_baseline: Decimal | None = None
    progress: Decimal | None = None
    pace: Decimal | None = None
    direction: str = "increase"
    #: what the figures show that a person should check (a guard against a silent misread)
    warnings: tuple[Reason, ...] = ()

    def get(self, name: str) -> object:
        """An attribute by name, for rubric conditions."""
        return getattr(self, name)


def _q(v: Value) -> str:
    return f"「{v.text.strip()}」"


def _target_year_due(target: Value, ctx: Context) -> tuple[bool, Reason]:
    year = target.year
    if year is None:
        if target.as_of is not None and ctx.fiscal_year < point_fiscal_year(target.as_of):
            fy = point_fiscal_year(target.as_of)
            return False, Reason(
                f"目標の時点（{target.as_of}、{fy}年度）が未到来",
                f"the target's date ({target.as_of}, fiscal {fy}) has not come",
            )
        return True, _NO_REASON
    label = f"{year}年度" if target.year_basis != "calendar" else f"{year}年"
    if target.year_relation == "from":
        if ctx.fiscal_year < year:
            return False, Reason(f"目標は{label}以降が対象", f"the target applies from {label}")
        return True, _NO_REASON
    if ctx.fiscal_year < year:
        return False, Reason(
            f"目標年度（{label}）が未到来", f"the target year ({label}) has not come"
        )
    return True, _NO_REASON


def assess(target: Value, actual: Value, baseline: Value | None, ctx: Context) -> Assessment:
    """Compare ``actual`` with ``target`` (and ``baseline``) for the year of ``ctx``."""
    if (
        target.era_year is not None
        or target.revisions
        or actual.era_year is not None
        or (baseline is not None and baseline.era_year is not None)
    ):
        return _assess_in_document(target, actual, baseline, ctx)
    if target.year is None and target.as_of is None:
        due, due_reason = True, _NO_REASON
    else:
        due, due_reason = _target_year_due(target, ctx)
    if target.kind in ("none", "text"):
        why = (
            Reason("目標値がありません", "there is no target")
            if target.kind == "none"
            else Reason(
                f"目標値{_q(target)}を読めません（{target.reason}）",
                f"the target {target.text!r} cannot be read ({target.reason})",
            )
        )
        return Assessment("no_target", False, due, why)
    if actual.kind == "text" and not actual.text.strip():  # a blank is read as kind "text"
        why = Reason("実績値が未入力です", "no actual has been entered yet")
        return Assessment("no_actual", False, due, due_reason.join(why))
    if actual.kind == "none":
        pending = [QUALIFIER_LABELS[q] for q in actual.qualifiers if q in QUALIFIER_LABELS]
        why = Reason(
            "実績値がありません" + "".join(f"（{ja}）" for ja, _ in pending),
            "there is no actual" + "".join(f" ({en})" for _, en in pending),
        )
        return Assessment("no_actual", False, due, due_reason.join(why))
    if actual.kind == "text":
        why = Reason(
            f"実績値{_q(actual)}を読めません（{actual.reason}）",
            f"the actual {actual.text!r} cannot be read ({actual.reason})",
        )
        return Assessment("not_comparable", False, due, why)
    if actual.year is not None and actual.kind != "year" and actual.year < ctx.plan_start:
        basis = "年" if actual.year_basis == "calendar" else "年度"
        why = Reason(
            f"実績値は{actual.year}{basis}の数値で計画期間（{ctx.plan_start}年度〜）より前のため参考記載",
            f"the actual is for {actual.year}, before the plan starts ({ctx.plan_start}): "
            "reference only",
        )
        return Assessment("reference_only", False, due, why)
    guard = _guard(target, actual, ctx)
    if guard is not None:
        return Assessment("not_comparable", False, due, guard, warnings=(guard,))
    kind = target.kind
    if kind in ("quantity", "compound"):
        result = _compare_quantities(target, actual, baseline, ctx)
    elif kind in ("year", "deadline", "date"):
        result = _compare_milestone(_as_fiscal(target), _as_fiscal(actual))
    elif kind == "state":
        result = _compare_state(target, actual)
    elif kind == "relative":
        result = _compare_relative(target, actual, baseline)
    else:
        result = _compare_other(target, actual, baseline, ctx)
    if not due:
        extra = (
            due_reason
            if result.outcome != "met"
            else Reason("目標年度前に達成", "achieved before the target year")
        )
        result = result._replace(facts=result.facts.join(extra), due=False)
    return result


_NO_REASON = Reason("", "")


def _assess_in_document(
    target: Value, actual: Value, baseline: Value | None, ctx: Context
) -> Assessment:
    """:func:`assess` of values that leave something to the document: a bare era year
    (``(5年度)``), read in the era of the list's year, or a revised target, whose figure for
    the list's year is compared.  Never a guess: what cannot be resolved is ``-`` with why."""
    plan = (ctx.plan_start, ctx.plan_end)
    target = resolve(target, "target", ctx.fiscal_year, plan)
    actual = resolve(actual, "actual", ctx.fiscal_year, plan)
    if baseline is not None:
        baseline = resolve(baseline, "baseline", ctx.fiscal_year, plan)
    for v in (target, actual):
        why = unresolved(v)
        if why is not None:
            r = Reason(*both("年度を特定できません: %(why)s", why=why))
            return Assessment("not_comparable", False, True, r, warnings=(r,))
    notes = [v.resolution for v in (target, actual, baseline) if v is not None and v.resolution]
    read_as = Reason(*both("年度の読み方: %(how)s", how="。".join(notes))) if notes else _NO_REASON
    if target.revisions:
        figure, history = applicable_target(target, ctx.fiscal_year)
        if figure is None:
            r = Reason(*both("適用する目標値が決められません: %(why)s", why=history))
            return Assessment("not_comparable", False, True, read_as.join(r), warnings=(r,))
        result = assess(_plain(figure), _plain(actual), _plain(baseline), ctx)
        revised = Reason(*both("目標の見直し: %(history)s", history=history))
        return result._replace(facts=read_as.join(revised).join(result.facts))
    result = assess(_plain(target), _plain(actual), _plain(baseline), ctx)
    return result._replace(facts=result.facts.join(read_as))


@overload
def _plain(v: Value) -> Value: ...
@overload
def _plain(v: None) -> None: ...
def _plain(v: Value | None) -> Value | None:
    """A value whose years are all known, without the marks that send it to the document."""
    if v is None or v.era_year is None:
        return v
    return v._replace(era_year=None, resolution=None)


def _guard(target: Value, actual: Value, ctx: Context) -> Reason | None:
    """A figure that would be compared wrongly without a word: an actual of a later year than
    the list's, or dated after its end; a cumulative actual against a yearly target."""
    year = actual.year
    if (
        year is not None
        and year > ctx.fiscal_year
        and actual.year_relation == "at"
        and actual.kind not in ("year", "deadline")
    ):
        return Reason(
            *both(
                "実績値は%(year)s年度の数値で、一覧の年度（%(fiscal_year)s年度）より後です",
                year=year,
                fiscal_year=ctx.fiscal_year,
            )
        )
    point = actual.as_of
    if point is not None and actual.kind != "date" and point_date(point) > _snapshot_end(ctx):
        return Reason(
            *both(
                "実績値は%(point)s時点の数値で、一覧の年度（%(fiscal_year)s年度）より後です",
                point=point,
                fiscal_year=ctx.fiscal_year,
            )
        )
    if (
        "cumulative" in actual.qualifiers
        and (target.per in ("年度", "年") or "every_year" in target.qualifiers)
        and "cumulative" not in target.qualifiers
    ):
        return Reason(
            *both(
                "実績「%(actual)s」は累計、目標「%(target)s」は年度ごとの値のため比べられません",
                actual=actual.text.strip(),
                target=target.text.strip(),
            )
        )
    return None


def _snapshot_end(ctx: Context) -> date:
    """The last day a figure of the list's year may be dated: 1 April after the year, as
    figures ``4月1日現在`` give the state at the end of the year before."""
    return date(ctx.fiscal_year + 1, 4, 1)


def _as_fiscal(v: Value) -> Value:
    """A point in time as the fiscal year it falls in (``R4.3末`` → fiscal 2021, by then)."""
    if v.kind != "date" or v.as_of is None:
        return v
    return v._replace(
        kind="deadline", year=point_fiscal_year(v.as_of), year_basis="fiscal", year_relation="until"
    )


def _compare_other(
    target: Value, actual: Value, baseline: Value | None, ctx: Context
) -> Assessment:
    """Targets of the forms read but not rated (yet): ``-`` with why."""
    r = Reason(
        *both(
            "目標「%(target)s」（%(kind)s）はまだ評価できる形ではありません",
            target=target.text.strip(),
            kind=target.kind,
        )
    )
    return Assessment("not_comparable", False, True, r)


_PROVISIONAL_FIGURE = Reason("（見込・予定の値）", " (provisional figure)")
_DECIMAL_ZERO = Decimal(0)
_DECIMAL_ONE = Decimal(1)
_new = tuple.__new__


def _qualified(actual: Value) -> Reason:
    return _PROVISIONAL_FIGURE if actual.provisional else _NO_REASON


# --- quantities -----------------------------------------------------------------------------


def _direction(target: Value, baseline: Value | None) -> str:
    if target.bound in ("at_most", "less_than"):
        return "decrease"
    if (
        baseline is not None
        and baseline.kind == "quantity"
        and baseline.number is not None
        and target.number is not None
        and unit_key(baseline.unit) == unit_key(target.unit)
        and target.number < baseline.number
    ):
        return "decrease"
    return "increase"


def _part_met(t: Value, a: Value, direction: str) -> tuple[bool, bool]:
    """(met, certain) for one number against one target number."""
    assert t.number is not None and a.number is not None
    if direction == "increase":
        met = a.number > t.number if t.bound == "more_than" else a.number >= t.number
        if a.bound in ("at_most", "less_than") and met:
            return False, False  # an upper bound cannot show the target is reached
        if a.bound in ("at_least", "more_than") and not met:
            return False, False  # "at least x" with x below target: cannot tell
        return met, True
    met = a.number < t.number if t.bound == "less_than" else a.number <= t.number
    if a.bound in ("at_least", "more_than") and met:
        return False, False
    if a.bound in ("at_most", "less_than") and not met:
        return False, False
    return met, True


def _ratio(t: Decimal, a: Decimal, direction: str) -> Decimal | None:
    if t <= 0 or a <= 0:
        return None
    return (a / t) if direction == "increase" else (t / a)


def _compare_quantities(
    target: Value, actual: Value, baseline: Value | None, ctx: Context
) -> Assessment:
    t_parts = target.parts or (target,)
    a_parts = actual.parts or (actual,)
    if actual.kind not in ("quantity", "compound") or len(t_parts) != len(a_parts):
        why = Reason(
            f"目標{_q(target)}と実績{_q(actual)}は比べられる形ではありません",
            f"the target {target.text!r} and the actual {actual.text!r} cannot be compared",
        )
        return Assessment("not_comparable", False, True, why)
    for t, a in zip(t_parts, a_parts, strict=True):
        if t.unit and a.unit and t.unit != a.unit and unit_key(t.unit) != unit_key(a.unit):
            why = Reason(
                f"単位が違います（目標{_q(target)}、実績{_q(actual)}）",
                f"the units differ (target {target.text!r}, actual {actual.text!r})",
            )
            return Assessment("not_comparable", False, True, why)
    odd = _implausible(target, actual, t_parts, a_parts)
    if odd is not None:
        return Assessment("not_comparable", False, True, odd, warnings=(odd,))
    if baseline is None or baseline.kind != "quantity":  # _direction without a baseline
        direction = "decrease" if target.bound in ("at_most", "less_than") else "increase"
    else:
        direction = _direction(target, baseline)
    if len(t_parts) == 1:  # most targets: one number (the loop below, unrolled)
        all_met, certain = _part_met(target, actual, direction)
        tn, an = target.number, actual.number
        assert tn is not None and an is not None
        # _ratio, inlined
        ratio = None if tn <= 0 or an <= 0 else an / tn if direction == "increase" else tn / an
    else:
        all_met, certain = True, True
        ratios: list[Decimal] = []
        for t, a in zip(t_parts, a_parts, strict=True):
            met, sure = _part_met(t, a, direction)
            all_met &= met
            certain &= sure
            assert t.number is not None and a.number is not None
            r = _ratio(t.number, a.number, direction)
            if r is not None:
                ratios.append(r)
        ratio = min(ratios) if len(ratios) == len(t_parts) else None
    actual_provisional = actual.provisional
    provisional = actual_provisional or not certain
    verb = _VERBS[all_met, certain, direction]
    qual = _PROVISIONAL_FIGURE if actual_provisional else _NO_REASON
    facts: Reason = _new(
        Reason,
        (
            f"実績「{actual.text.strip()}」は目標「{target.text.strip()}」を{verb[0]}{qual.ja}",
            f"the actual {actual.text!r} {verb[1]} the target {target.text!r}{qual.en}",
        ),
    )
    if target.per == "日" and actual.per != "日":
        facts = facts.join(Reason("目標は1日あたり", "the target is per day"))
    vs_baseline = progress = pace = None
    a0, t0 = a_parts[0].number, t_parts[0].number
    b0 = None if baseline is None else _baseline_number(baseline, target)
    if a0 is not None and t0 is not None:
        if b0 is not None and b0 != 0:
            # 1 * x is x (same digits and exponent): the multiplication only for a decrease
            vs_baseline = (a0 - b0 if direction == "increase" else -1 * (a0 - b0)) / abs(b0)
        # Without a baseline the way starts at 0, which only makes sense for a positive
        # target to increase: for 10件以下 or ▲1,400人, 0 is no starting point.
        start = b0 if b0 is not None else _DECIMAL_ZERO
        if t0 != start and (b0 is not None or (direction == "increase" and t0 > 0)):
            progress = (a0 - start) / (t0 - start)
            share = _DECIMAL_ONE
            year = target.year
            if (
                year
                and year > ctx.plan_start
                and not target.per
                and "every_year" not in target.qualifiers
                and ctx.plan_end >= ctx.plan_start  # ctx.plan_years > 0
            ):
                share = _share(year, ctx.plan_start, ctx.fiscal_year)
            # progress / 1 is progress (an exact quotient keeps its digits and exponent)
            pace = progress if share is _DECIMAL_ONE else progress / share
    return _new(
        Assessment,
        (
            "met" if all_met else "short",
            provisional,
            True,
            facts,
            ratio,
            vs_baseline,
            progress,
            pace,
            direction,
            (),
        ),
    )


#: Actual and target further apart than this factor are not compared: a scale word or a
#: unit is likely lost (``1.3`` for 1.3万人, ``0.8`` for 80%).
_IMPLAUSIBLE = Decimal(100)


def _implausible(
    target: Value, actual: Value, t_parts: tuple[Value, ...], a_parts: tuple[Value, ...]
) -> Reason | None:
    """A number that cannot be what the target counts: a fraction against a percent target
    (an Excel cell holding 0.8 shown as 80%), or one a hundred times off the target."""
    for t, a in zip(t_parts, a_parts, strict=True):
        tn, an = t.number, a.number
        if tn is None or an is None or tn <= 0 or an <= 0:
            continue
        if t.unit == "%" and a.unit is None and an <= 1 < tn:
            return Reason(
                *both(
                    "実績「%(actual)s」は単位がなく1以下で、目標「%(target)s」は百分率です。"
                    "割合（%(percent)s）の書き方かもしれないため比べません"
                    "（Excelなら80%%のように百分率で入力するか、表示形式を0%%にしてください）",
                    actual=actual.text.strip(),
                    target=target.text.strip(),
                    percent=f"{an * 100:f}".rstrip("0").rstrip(".") + "%",
                )
            )
        if an > tn * _IMPLAUSIBLE or an * _IMPLAUSIBLE < tn:
            return Reason(
                *both(
                    "実績「%(actual)s」と目標「%(target)s」は桁が%(factor)s倍以上違います。"
                    "単位や桁（千・万）の誤りかもしれないため比べません",
                    actual=actual.text.strip(),
                    target=target.text.strip(),
                    factor=_IMPLAUSIBLE,
                )
            )
    return None


@lru_cache(maxsize=1024)
def _share(year: int, plan_start: int, fiscal_year: int) -> Decimal:
    """The share of the way to a target of ``year`` expected by ``fiscal_year``."""
    span = year - plan_start + 1
    return Decimal(max(min(fiscal_year - plan_start + 1, span), 1)) / Decimal(span)


def _baseline_number(baseline: Value | None, target: Value) -> Decimal | None:
    if baseline is None or baseline.kind != "quantity" or baseline.number is None:
        return None
    if target.unit and baseline.unit and unit_key(target.unit) != unit_key(baseline.unit):
        return None
    return baseline.number


def _comparison_words(met: bool, certain: bool, direction: str) -> tuple[str, str]:
    """The verb of the facts (ja, en); :data:`_VERBS` holds every combination."""
    if not certain:
        return "満たすか確かめられない", "cannot be shown to meet"
    if met:
        return "満たす", "meets"
    if direction == "decrease":
        return "上回る（目標は減少）", "exceeds (the target is a decrease)"
    return "下回る", "falls short of"


_VERBS = {
    (met, certain, direction): _comparison_words(met, certain, direction)
    for met in (False, True)
    for certain in (False, True)
    for direction in ("increase", "decrease")
}


# --- milestones, deadlines, states, relative targets ---------------------------------------

_DONE_STATES = frozenset({"opened", "held", "done", "completed", "formulated"})


def _compare_milestone(target: Value, actual: Value) -> Assessment:
    assert target.year is not None
    basis = "年" if target.year_basis == "calendar" else "年度"
    deadline = target.kind == "deadline"
    label = f"期限（{target.year}{basis}まで）" if deadline else f"目標年度（{target.year}{basis}）"
    label_en = f"the deadline ({target.year})" if deadline else f"the target year ({target.year})"
    if actual.kind in ("year", "deadline") and actual.year is not None:
        if actual.year <= target.year:
            facts = Reason(
                f"実績{_q(actual)}は{label}内{_qualified(actual).ja}",
                f"the actual {actual.text!r} is within {label_en}{_qualified(actual).en}",
            )
            return Assessment("met", actual.provisional, True, facts)
        facts = Reason(
            f"実績{_q(actual)}は{label}より遅い",
            f"the actual {actual.text!r} is later than {label_en}",
        )
        return Assessment("late", actual.provisional, True, facts)
    if actual.kind == "state" and actual.state in _DONE_STATES:
        facts = Reason(
            f"実績{_q(actual)}により実施済み{_qualified(actual).ja}",
            f"done: {actual.text!r}{_qualified(actual).en}",
        )
        return Assessment("met", actual.provisional, True, facts)
    why = Reason(
        f"目標{_q(target)}（時期）と実績{_q(actual)}は比べられる形ではありません",
        f"the target {target.text!r} (a date) and the actual {actual.text!r} cannot be compared",
    )
    return Assessment("not_comparable", False, True, why)


def _compare_state(target: Value, actual: Value) -> Assessment:
    if actual.kind != "state":
        why = Reason(
            f"目標{_q(target)}（状態）に対し実績{_q(actual)}は状態ではありません",
            f"the target {target.text!r} is a state but the actual {actual.text!r} is not",
        )
        return Assessment("not_comparable", False, True, why)
    if target.ongoing:
        facts = Reason(
            f"{_q(actual)}の状態を年度中維持している（年度途中）",
            f"the state {actual.text!r} is held during the year (the year is not over)",
        )
        return Assessment("ongoing", True, True, facts)
    facts = Reason(
        f"実績{_q(actual)}により目標{_q(target)}を実施済み{_qualified(actual).ja}",
        f"the target {target.text!r} is done: {actual.text!r}{_qualified(actual).en}",
    )
    return Assessment("met", actual.provisional, True, facts)


def _compare_relative(target: Value, actual: Value, baseline: Value | None) -> Assessment:
    b = baseline.number if baseline is not None and baseline.kind == "quantity" else None
    if actual.kind != "quantity" or actual.number is None or b is None:
        why = Reason(
            f"目標{_q(target)}は基準値との比較ですが、比べられる基準値・実績値がありません",
            f"the target {target.text!r} is relative to the baseline, but there is no "
            "baseline and actual to compare",
        )
        return Assessment("not_comparable", False, True, why)
    assert baseline is not None
    a = actual.number
    relation = target.relation or "increase"
    met = {"increase": a > b, "decrease": a < b, "maintain": a >= b}[relation]
    word = {"increase": "増加", "decrease": "減少", "maintain": "維持"}[relation]
    facts = Reason(
        f"実績{_q(actual)}は基準値{_q(baseline)}から{word}{'している' if met else 'していない'}",
        f"the actual {actual.text!r} {'shows' if met else 'does not show'} "
        f"{'an ' + relation if relation != 'maintain' else 'maintenance'} on {baseline.text!r}",
    )
    vs = (a - b) / abs(b) if b else None
    if vs is not None and relation == "decrease":
        vs = -vs
    direction = "decrease" if relation == "decrease" else "increase"
    return Assessment(
        "met" if met else "short",
        actual.provisional,
        True,
        facts,
        vs_baseline=vs,
        direction=direction,
    )


def assess_texts(target: str, actual: str, baseline: str | None, ctx: Context) -> Assessment:
    """:func:`assess` on texts (a convenience for tests and the command line).

    >>> ctx = Context(2019, 2019, 2023)
    >>> assess_texts("8,000千円/年度", "7,371千円", None, ctx).outcome
    'short'
    """
    return assess(explain(target), explain(actual), explain(baseline) if baseline else None, ctx)
