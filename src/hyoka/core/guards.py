"""Checks against silent misreads (issue 15): figures that would be compared wrongly without
a word — an actual of a later year than the list's, a cumulative actual against a yearly
target, a fraction against a percent target, a figure a hundred times off — and the forms a
plain comparison does not cover: bands (``60%以上90%未満``), changes on the baseline
(``15%増``) and states that say work is not done (``未実施``, ``検討中``).  Each returns the
facts (rated ``-`` with the reason when the figures cannot be compared), never a guess.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hyoka.core.dates import point_date, point_fiscal_year
from hyoka.core.facts import Assessment, Context, Reason, qualified
from hyoka.core.i18n import both, said
from hyoka.core.values import Value, unit_key
from hyoka.core.words import NOT_DONE_STATES, UNDECIDED_STATES, Bound

__all__ = [
    "as_fiscal",
    "change_target",
    "compare_range",
    "guard",
    "implausible",
    "off_last_year",
    "undecided_state",
]


def guard(target: Value, actual: Value, ctx: Context) -> Reason | None:
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


def as_fiscal(v: Value) -> Value:
    """A point in time as the fiscal year it falls in (``R4.3末`` → fiscal 2021, by then)."""
    if v.kind != "date" or v.as_of is None:
        return v
    return v._replace(
        kind="deadline", year=point_fiscal_year(v.as_of), year_basis="fiscal", year_relation="until"
    )


#: Actual and target further apart than this factor are not compared: a scale word or a
#: unit is likely lost (``1.3`` for 1.3万人, ``0.8`` for 80%).
_IMPLAUSIBLE = Decimal(100)


def implausible(
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


#: An actual this many times last year's (or that fraction of it) is worth a second look before
#: it is published: a lost scale word (千・万) or a slip of the keyboard (``12,000`` for 1,200).
_LAST_YEAR_FACTOR = Decimal(10)


def off_last_year(actual: Value, last: Value) -> Reason | None:
    """An actual an order of magnitude off last year's actual of the same indicator (both
    positive figures in the same unit): not a reason to rate it ``-``, but one to ask whether
    it was typed as meant."""
    an, ln = actual.number, last.number
    if (
        actual.kind != "quantity"
        or last.kind != "quantity"
        or an is None
        or ln is None
        or an <= 0
        or ln <= 0
        or (actual.unit and last.unit and unit_key(actual.unit) != unit_key(last.unit))
    ):
        return None
    if an < ln * _LAST_YEAR_FACTOR and an * _LAST_YEAR_FACTOR > ln:
        return None
    return Reason(
        *both(
            "実績「%(actual)s」は前年度の実績「%(last)s」と桁が%(factor)s倍以上違います。"
            "単位や桁（千・万）の誤りではないか確かめてください",
            actual=actual.text.strip(),
            last=last.text.strip(),
            factor=_LAST_YEAR_FACTOR,
        )
    )


def compare_range(target: Value, actual: Value) -> Assessment:
    """A band target (``60%以上90%未満``, ``5～8件``): met within it, short below it; above it
    the list does not say (``-``)."""
    low, high = target.parts
    assert low.number is not None and high.number is not None
    if (
        actual.kind != "quantity"
        or actual.number is None
        or (actual.unit and target.unit and unit_key(actual.unit) != unit_key(target.unit))
        or actual.bound is not None
    ):
        r = Reason(
            *both(
                "範囲の目標「%(target)s」と実績「%(actual)s」は比べられる形ではありません",
                target=target.text.strip(),
                actual=actual.text.strip(),
            )
        )
        return Assessment("not_comparable", False, True, r)
    a = actual.number
    above_low = a > low.number if low.bound == "more_than" else a >= low.number
    below_high = a < high.number if high.bound == "less_than" else a <= high.number
    words = {"target": target.text.strip(), "actual": actual.text.strip()}
    if above_low and below_high:
        r = Reason(*both("実績「%(actual)s」は目標の範囲「%(target)s」内", **words))
        return Assessment("met", actual.provisional, True, r.join(qualified(actual)))
    if not above_low:
        r = Reason(*both("実績「%(actual)s」は目標の範囲「%(target)s」の下限に届かない", **words))
        return Assessment("short", actual.provisional, True, r.join(qualified(actual)))
    r = Reason(
        *both(
            "実績「%(actual)s」は目標の範囲「%(target)s」の上限を超えています（評価は一覧が決めていません）",
            **words,
        )
    )
    return Assessment("not_comparable", False, True, r, warnings=(r,))


def change_target(target: Value, baseline: Value | None) -> tuple[Value | None, str]:
    """The figure a change target (``15%増``, ``0.5ポイント減``, ``+3件``) asks for, from the
    baseline; None with why when it cannot be told (no baseline; ``%`` on a percent baseline,
    which may be points or a share of it; a change on the year before, which the list lacks)."""
    if target.note in ("前年度", "前年"):
        return None, said("前年度の実績と比べる目標ですが、前年度の値が一覧にありません")
    if baseline is None or baseline.kind != "quantity" or baseline.number is None:
        return None, said("基準値（数値）がありません")
    b, amount, unit = baseline.number, target.number, target.unit
    assert amount is not None
    sign = 1 if target.relation == "increase" else -1
    if unit == "%" and baseline.unit == "%":
        return None, said(
            "基準値「%(baseline)s」も百分率のため、%(amount)s%%がポイントか基準値の割合か"
            "分かりません（ポイントなら「ポイント増」と書いてください）",
            baseline=baseline.text,
            amount=amount,
        )
    if unit == "%":
        goal = b + sign * b * amount / 100
    elif unit == "ポイント":
        if baseline.unit != "%":
            return None, said(
                "ポイントの増減ですが、基準値「%(baseline)s」は百分率ではありません",
                baseline=baseline.text,
            )
        goal = b + sign * amount
    else:
        if unit and baseline.unit and unit_key(unit) != unit_key(baseline.unit):
            return None, said(
                "増減の単位（%(unit)s）が基準値「%(baseline)s」の単位と違います",
                unit=unit,
                baseline=baseline.text,
            )
        goal = b + sign * amount
    goal = Decimal(int(goal)) if goal == goal.to_integral_value() else goal
    bound: Bound = "at_least" if sign > 0 else "at_most"
    shown = f"{goal:,}{baseline.unit or ''}{'以上' if sign > 0 else '以下'}"
    effective = target._replace(
        kind="quantity",
        text=shown,
        number=goal,
        unit=baseline.unit,
        bound=bound,
        relation=None,
        note=None,
    )
    return effective, said(
        "基準値「%(baseline)s」から%(shown)s", baseline=baseline.text.strip(), shown=shown
    )


def undecided_state(target: Value, actual: Value) -> Assessment | None:
    """未実施 (not done: short), 検討中 and 準備中 (not finished: ``-``)."""
    state = actual.state
    if state is None or (state not in NOT_DONE_STATES and state not in UNDECIDED_STATES):
        return None
    words = {"target": target.text.strip(), "actual": actual.text.strip()}
    if state in NOT_DONE_STATES:
        r = Reason(*both("実績「%(actual)s」: 目標「%(target)s」は実施されていない", **words))
        return Assessment("short", actual.provisional, True, r)
    r = Reason(*both("実績「%(actual)s」は目標「%(target)s」に達したかどうかを示しません", **words))
    return Assessment("not_comparable", False, True, r)
