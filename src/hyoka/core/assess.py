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

from decimal import Decimal
from functools import lru_cache
from typing import overload

from hyoka.core.dates import point_fiscal_year
from hyoka.core.facts import (
    NO_REASON,
    PROVISIONAL_FIGURE,
    UNRATABLE,
    Assessment,
    Context,
    Outcome,
    Reason,
    qualified,
    quoted,
)
from hyoka.core.guards import (
    as_fiscal,
    change_target,
    compare_range,
    guard,
    implausible,
    undecided_state,
)
from hyoka.core.i18n import Said, both, in_language
from hyoka.core.resolve import applicable_target, resolve, unresolved
from hyoka.core.values import QUALIFIER_LABELS, Value, explain, unit_key

__all__ = [
    "UNRATABLE",
    "Assessment",
    "Context",
    "Outcome",
    "Reason",
    "Yardstick",
    "assess",
    "assess_texts",
]


_NO_ACTUAL = Reason("実績値がありません", "there is no actual")


def _target_year_due(target: Value, ctx: Context) -> tuple[bool, Reason]:
    year = target.year
    if year is None:
        if target.as_of is not None and ctx.fiscal_year < point_fiscal_year(target.as_of):
            fy = point_fiscal_year(target.as_of)
            return False, Reason(
                f"目標の時点（{target.as_of}、{fy}年度）が未到来",
                f"the target's date ({target.as_of}, fiscal {fy}) has not come",
            )
        return True, NO_REASON
    if ctx.fiscal_year >= year:  # the target's year has come (or the years it applies from)
        return True, NO_REASON
    label = f"{year}年度" if target.year_basis != "calendar" else f"{year}年"
    if target.year_relation == "from":
        return False, Reason(f"目標は{label}以降が対象", f"the target applies from {label}")
    return False, Reason(f"目標年度（{label}）が未到来", f"the target year ({label}) has not come")


def assess(
    target: Value,
    actual: Value,
    baseline: Value | None,
    ctx: Context,
    *,
    words: bool = True,
    progress: bool = True,
) -> Assessment:
    """Compare ``actual`` with ``target`` (and ``baseline``) for the year of ``ctx``:
    ``Yardstick(target, baseline).assess(actual, ctx)``.

    ``words=False`` and ``progress=False`` are for a caller that keeps only the symbol a
    rubric gives (:func:`hyoka.core.aggregate.rate_symbols`): with ``words=False`` the facts
    of a comparison of numbers, the commonest, are left unsaid (empty); with
    ``progress=False`` its ``progress`` and ``pace`` are not worked out (None), for a rubric
    that reads neither (:attr:`~hyoka.core.rubrics.Rubric.reads`).  Every other field is the
    same.

    >>> ctx = Context(2019, 2019, 2023)
    >>> a = assess(explain("12社/年度"), explain("13社"), explain("10社"), ctx)
    >>> b = assess(explain("12社/年度"), explain("13社"), explain("10社"), ctx, words=False,
    ...            progress=False)
    >>> a._replace(facts=NO_REASON, progress=None, pace=None) == b, b.facts.ja, a.progress
    (True, '', Decimal('1.5'))
    """
    return Yardstick(target, baseline).assess(actual, ctx, words, progress)


class Yardstick:
    """The target's side of an assessment (物差し): a target and its baseline, with what they
    give every actual in every year — read once, then :meth:`assess` for each actual.

    :func:`assess` is ``Yardstick(target, baseline).assess(actual, ctx)``: one code path.  A
    caller rating many actuals against one target (an indicator's years, in
    :func:`hyoka.core.aggregate.rate_symbols`) builds the yardstick once: what depends on the
    target and the baseline alone (whether the target can be read, the direction, the
    baseline's figure, the way from it to the target) is then not worked out again for each.

    >>> ctx = Context(2019, 2019, 2023)
    >>> y = Yardstick(explain("100人/年度"), explain("80人"))
    >>> [y.assess(explain(a), ctx).outcome for a in ("120人", "90人", "-")]
    ['met', 'short', 'no_actual']
    >>> y.assess(explain("90人"), ctx) == assess(explain("100人/年度"), explain("90人"),
    ...                                          explain("80人"), ctx)
    True
    """

    __slots__ = (
        "_b0",
        "_b0_size",
        "_dated",
        "_direction",
        "_figures",
        "_in_document",
        "_no_target",
        "_percent",
        "_share_year",
        "_start",
        "_t0",
        "_t_parts",
        "_way",
        "baseline",
        "target",
    )

    def __init__(self, target: Value, baseline: Value | None) -> None:
        self.target = target
        self.baseline = baseline
        # a baseline's bare era year does not change the comparison (rate_indicator reads it
        # for the explanation): only the target's and the actual's send the values to the
        # document
        self._in_document = target.era_year is not None or bool(target.revisions)
        self._dated = target.year is not None or target.as_of is not None
        kind = target.kind
        self._no_target: Reason | None = None
        if kind == "none":
            self._no_target = Reason("目標値がありません", "there is no target")
        elif kind == "text":
            self._no_target = Reason(
                f"目標値{quoted(target)}を読めません（{target.reason}）",
                f"the target {target.text!r} cannot be read ({in_language(target.reason or '', 'en')})",
            )
        self._figures = kind in ("quantity", "compound")
        if not self._figures:
            return
        # the target's side of a comparison of numbers (compare_quantities: the actual's)
        self._t_parts = target.parts or (target,)
        if baseline is None or baseline.kind != "quantity":  # _direction without a baseline
            self._direction = "decrease" if target.bound in ("at_most", "less_than") else "increase"
        else:
            self._direction = _direction(target, baseline)
        b0 = self._b0 = None if baseline is None else _baseline_number(baseline, target)
        # the change on the baseline is read against a baseline other than 0 (its size)
        self._b0_size = None if b0 is None or b0 == _DECIMAL_ZERO else abs(b0)
        t0 = self._t0 = self._t_parts[0].number
        self._percent = target.unit == "%"
        # Without a baseline the way starts at 0, which only makes sense for a positive
        # target to increase: for 10件以下 or ▲1,400人, 0 is no starting point.
        start = self._start = b0 if b0 is not None else _DECIMAL_ZERO
        self._way: Decimal | None = None  # from the start to the target, when progress is read
        if (
            t0 is not None
            and t0 != start
            and (b0 is not None or (self._direction == "increase" and t0 > 0))
        ):
            self._way = t0 - start
        # a target for a later year than the plan's first is reached step by step (_share),
        # unless it is a cadence (/年度) or every year's
        year = target.year
        self._share_year = (
            year if year and not target.per and "every_year" not in target.qualifiers else None
        )

    def assess(
        self, actual: Value, ctx: Context, words: bool = True, progress: bool = True
    ) -> Assessment:
        """Compare ``actual`` with the target for the year of ``ctx`` (:func:`assess`)."""
        target, baseline = self.target, self.baseline
        if self._in_document or actual.era_year is not None:
            return _assess_in_document(target, actual, baseline, ctx)
        if self._dated:
            due, due_reason = _target_year_due(target, ctx)
        else:
            due, due_reason = True, NO_REASON
        if self._no_target is not None:
            return _unrated("no_target", due, self._no_target)
        akind = actual.kind
        if akind == "text" and not actual.text.strip():  # a blank is read as kind "text"
            why = Reason("実績値が未入力です", "no actual has been entered yet")
            return _unrated("no_actual", due, due_reason.join(why))
        if akind == "none":
            why = _NO_ACTUAL
            if actual.qualifiers:  # 集計中, 予定: said after the words (most have none)
                pending = [QUALIFIER_LABELS[q] for q in actual.qualifiers if q in QUALIFIER_LABELS]
                why = Reason(
                    why.ja + "".join(f"（{ja}）" for ja, _ in pending),
                    why.en + "".join(f" ({en})" for _, en in pending),
                )
            return _unrated("no_actual", due, due_reason.join(why))
        if akind == "text":
            why = Reason(
                f"実績値{quoted(actual)}を読めません（{actual.reason}）",
                f"the actual {actual.text!r} cannot be read ({in_language(actual.reason or '', 'en')})",
            )
            return _unrated("not_comparable", due, why)
        year = actual.year
        if year is not None and akind != "year" and year < ctx.plan_start:
            basis = "年" if actual.year_basis == "calendar" else "年度"
            why = Reason(
                f"実績値は{year}{basis}の数値で計画期間（{ctx.plan_start}年度〜）より前のため参考記載",
                f"the actual is for {year}, before the plan starts ({ctx.plan_start}): reference only",
            )
            return _unrated("reference_only", due, why)
        if year is not None or actual.as_of is not None or "cumulative" in actual.qualifiers:
            warned = guard(target, actual, ctx)
            if warned is not None:
                return Assessment("not_comparable", False, due, warned, warnings=(warned,))
        if self._figures:
            result = self.compare_quantities(actual, ctx, words, progress)
        elif (kind := target.kind) in ("year", "deadline", "date"):
            if kind == "date" or actual.kind == "date":
                target, actual = as_fiscal(target), as_fiscal(actual)
            result = _compare_milestone(target, actual)
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
            # result._replace(facts=…, due=False), without its keywords (one row in five)
            result = _new(Assessment, (*result[:2], False, result.facts.join(extra), *result[4:]))
        return result

    def compare_quantities(
        self, actual: Value, ctx: Context, words: bool = True, progress: bool = True
    ) -> Assessment:
        """The comparison of numbers (a target of kind quantity or compound): the actual's
        side, the target's read when the yardstick was built (``words``, ``progress``: as
        :func:`assess` says)."""
        target, baseline = self.target, self.baseline
        t_parts = self._t_parts
        a_parts = actual.parts or (actual,)
        akind = actual.kind
        if akind not in ("quantity", "compound") or len(t_parts) != len(a_parts):
            if akind == "transition":
                return _assess_transition(target, actual, baseline, ctx)
            why = Reason(
                f"目標{quoted(target)}と実績{quoted(actual)}は比べられる形ではありません",
                f"the target {target.text!r} and the actual {actual.text!r} cannot be compared",
            )
            return Assessment("not_comparable", False, True, why)
        # most targets are one number: the pair itself, without a zip
        pairs = (
            ((t_parts[0], a_parts[0]),) if len(t_parts) == 1 else zip(t_parts, a_parts, strict=True)
        )
        for t, a in pairs:
            if t.unit and a.unit and t.unit != a.unit and unit_key(t.unit) != unit_key(a.unit):
                why = Reason(
                    f"単位が違います（目標{quoted(target)}、実績{quoted(actual)}）",
                    f"the units differ (target {target.text!r}, actual {actual.text!r})",
                )
                return Assessment("not_comparable", False, True, why, warnings=(why,))
        if len(t_parts) > 1 or (self._percent and actual.unit is None):
            odd = implausible(target, actual, t_parts, a_parts)
            if odd is not None:
                return _odd(odd)
        direction = self._direction
        if len(t_parts) == 1:  # most targets: one number (the loop below, unrolled)
            all_met, certain = _part_met(target, actual, direction)
            tn, an = self._t0, actual.number
            assert tn is not None and an is not None
            # _ratio, inlined (against a Decimal 0: an int would be converted at each comparison)
            ratio = (
                None
                if tn <= _DECIMAL_ZERO or an <= _DECIMAL_ZERO
                else an / tn
                if direction == "increase"
                else tn / an
            )
            # implausible, inlined: ratio >= 100 or < 0.01, read off its exponent (one call)
            if ratio is not None and not -3 < ratio.adjusted() < 2:
                odd = implausible(target, actual, t_parts, a_parts)
                if odd is not None:
                    return _odd(odd)
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
        provisional = actual.provisional or not certain
        facts = _quantity_facts(target, actual, all_met, certain, direction) if words else NO_REASON
        vs_baseline = gone = pace = None  # gone: the progress, the share of the way gone
        a0, b0, size = a_parts[0].number, self._b0, self._b0_size
        if a0 is not None and self._t0 is not None:
            if size is not None:
                assert b0 is not None
                # 1 * x is x (same digits and exponent): the multiplication only for a decrease
                vs_baseline = (a0 - b0 if direction == "increase" else -1 * (a0 - b0)) / size
                # a0 / b0 is 1 + vs (1 - vs for a decrease): past 100× either way, a lost scale
                # word (the bounds first: most figures pass them in two comparisons)
                if (
                    (vs_baseline > _NINETY_NINE or vs_baseline < _MINUS_099)
                    if direction == "increase"
                    else (vs_baseline < _MINUS_99 or vs_baseline > _POINT_99)
                ) and (b0 > _DECIMAL_ZERO and a0 > _DECIMAL_ZERO):
                    odd = Reason(
                        *both(
                            "実績「%(actual)s」と基準値「%(baseline)s」は桁が100倍以上違います。"
                            "単位や桁（千・万）の誤りかもしれないため比べません",
                            actual=actual.text.strip(),
                            baseline=baseline.text.strip() if baseline is not None else "",
                        )
                    )
                    return _odd(odd)
            way = self._way
            if way is not None and progress:
                gone = (a0 - self._start) / way
                year = self._share_year
                # gone / 1 is gone (an exact quotient keeps its digits and exponent)
                pace = (
                    gone / _share(year, ctx.plan_start, ctx.fiscal_year)
                    if year is not None
                    and year > ctx.plan_start
                    and ctx.plan_end >= ctx.plan_start  # ctx.plan_years > 0
                    else gone
                )
        return _new(
            Assessment,
            (
                "met" if all_met else "short",
                provisional,
                True,
                facts,
                ratio,
                vs_baseline,
                gone,
                pace,
                direction,
                (),
            ),
        )


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
    read_as = (
        Reason(*both("年度の読み方: %(how)s", how=Said.joined(notes, "。", "; ")))
        if notes
        else NO_REASON
    )
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


def _assess_transition(
    target: Value, actual: Value, baseline: Value | None, ctx: Context
) -> Assessment:
    """Two values before → after in one cell: the value after counts; a target's value before
    is its baseline when the list gives none."""
    said: list[Reason] = []
    if target.kind == "transition":
        before, target = target.parts
        if baseline is None or baseline.kind in ("none", "text"):
            baseline = before if before.kind != "none" else baseline
        said.append(
            Reason(
                *both(
                    "目標は「→」の後の「%(after)s」（前の「%(before)s」は基準）",
                    after=target.text,
                    before=before.text,
                )
            )
        )
    if actual.kind == "transition":
        actual = actual.parts[1]
        said.append(Reason(*both("実績は「→」の後の「%(after)s」", after=actual.text)))
    result = assess(target, actual, baseline, ctx)
    lead = said[0] if len(said) == 1 else said[0].join(said[1])
    return result._replace(facts=lead.join(result.facts))


def _compare_other(
    target: Value, actual: Value, baseline: Value | None, ctx: Context
) -> Assessment:
    """Ranges (``5～8件``) and changes on the baseline (``15%増``, ``+3件``); other forms
    read but not rated: ``-`` with why."""
    if target.kind == "transition":
        return _assess_transition(target, actual, baseline, ctx)
    if target.kind == "range":
        return compare_range(target, actual)
    if target.kind == "change":
        effective, why = change_target(target, baseline)
        if effective is None:
            r = Reason(
                *both(
                    "増減の目標「%(target)s」を評価できません: %(why)s", target=target.text, why=why
                )
            )
            return Assessment("not_comparable", False, True, r)
        result = Yardstick(effective, baseline).compare_quantities(actual, ctx)
        lead = Reason(*both("目標「%(target)s」は%(how)s", target=target.text.strip(), how=why))
        return result._replace(facts=lead.join(result.facts))
    r = Reason(
        *both(
            "目標「%(target)s」（%(kind)s）はまだ評価できる形ではありません",
            target=target.text.strip(),
            kind=target.kind,
        )
    )
    return Assessment("not_comparable", False, True, r)


_DECIMAL_ZERO = Decimal(0)
_NINETY_NINE = Decimal(99)
_MINUS_99 = Decimal(-99)
_MINUS_099 = Decimal("-0.99")
_POINT_99 = Decimal("0.99")
_new = tuple.__new__


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


def _quantity_facts(
    target: Value, actual: Value, met: bool, certain: bool, direction: str
) -> Reason:
    """The facts of a comparison of numbers: what the actual does to the target."""
    verb = _VERBS[met, certain, direction]
    qual = PROVISIONAL_FIGURE if actual.provisional else NO_REASON
    facts: Reason = _new(
        Reason,
        (
            f"実績「{actual.text.strip()}」は目標「{target.text.strip()}」を{verb[0]}{qual.ja}",
            f"the actual {actual.text!r} {verb[1]} the target {target.text!r}{qual.en}",
        ),
    )
    if target.per == "日" and actual.per != "日":
        facts = facts.join(Reason("目標は1日あたり", "the target is per day"))
    return facts


def _unrated(
    outcome: Outcome, due: bool, why: Reason, warnings: tuple[Reason, ...] = ()
) -> Assessment:
    """An assessment without figures: ``outcome`` (one a rubric cannot rate), ``due``,
    ``why`` and its ``warnings`` (built without Assessment's keywords and defaults)."""
    return _new(
        Assessment, (outcome, False, due, why, None, None, None, None, "increase", warnings)
    )


def _odd(why: Reason) -> Assessment:
    """Not compared, with ``why`` as a warning too."""
    return _unrated("not_comparable", True, why, (why,))


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
_HELD_STATES = frozenset({"always", "maintained", "continued", "in_progress"})
_DONE_OR_HELD = _DONE_STATES | _HELD_STATES


def _compare_milestone(target: Value, actual: Value) -> Assessment:
    assert target.year is not None
    basis = "年" if target.year_basis == "calendar" else "年度"
    deadline = target.kind == "deadline"
    label = f"期限（{target.year}{basis}まで）" if deadline else f"目標年度（{target.year}{basis}）"
    label_en = f"the deadline ({target.year})" if deadline else f"the target year ({target.year})"
    if actual.kind in ("year", "deadline") and actual.year is not None:
        if actual.year <= target.year:
            facts = Reason(
                f"実績{quoted(actual)}は{label}内{qualified(actual).ja}",
                f"the actual {actual.text!r} is within {label_en}{qualified(actual).en}",
            )
            return Assessment("met", actual.provisional, True, facts)
        facts = Reason(
            f"実績{quoted(actual)}は{label}より遅い",
            f"the actual {actual.text!r} is later than {label_en}",
        )
        return Assessment("late", actual.provisional, True, facts)
    if actual.kind == "state" and actual.state not in _DONE_STATES:
        undecided = undecided_state(target, actual)  # 未実施, 検討中
        if undecided is not None:
            return undecided
    if actual.kind == "state" and actual.state in _DONE_STATES:
        facts = Reason(
            f"実績{quoted(actual)}により実施済み{qualified(actual).ja}",
            f"done: {actual.text!r}{qualified(actual).en}",
        )
        return Assessment("met", actual.provisional, True, facts)
    why = Reason(
        f"目標{quoted(target)}（時期）と実績{quoted(actual)}は比べられる形ではありません",
        f"the target {target.text!r} (a date) and the actual {actual.text!r} cannot be compared",
    )
    return Assessment("not_comparable", False, True, why)


def _compare_state(target: Value, actual: Value) -> Assessment:
    if actual.kind == "state" and actual.state not in _DONE_OR_HELD:
        undecided = undecided_state(target, actual)  # 未実施, 検討中
        if undecided is not None:
            return undecided
        undecided_r = Reason(
            *both(
                "実績「%(actual)s」は目標「%(target)s」の状態を示しません",
                target=target.text.strip(),
                actual=actual.text.strip(),
            )
        )
        return Assessment("not_comparable", False, True, undecided_r)
    if actual.kind != "state":
        why = Reason(
            f"目標{quoted(target)}（状態）に対し実績{quoted(actual)}は状態ではありません",
            f"the target {target.text!r} is a state but the actual {actual.text!r} is not",
        )
        return Assessment("not_comparable", False, True, why)
    if target.ongoing:
        facts = Reason(
            f"{quoted(actual)}の状態を年度中維持している（年度途中）",
            f"the state {actual.text!r} is held during the year (the year is not over)",
        )
        return Assessment("ongoing", True, True, facts)
    facts = Reason(
        f"実績{quoted(actual)}により目標{quoted(target)}を実施済み{qualified(actual).ja}",
        f"the target {target.text!r} is done: {actual.text!r}{qualified(actual).en}",
    )
    return Assessment("met", actual.provisional, True, facts)


def _compare_relative(target: Value, actual: Value, baseline: Value | None) -> Assessment:
    if target.note in ("前年度", "前年"):
        r = Reason(
            *both(
                "目標「%(target)s」は前年度の実績と比べるものですが、前年度の値が一覧にありません",
                target=target.text.strip(),
            )
        )
        return Assessment("not_comparable", False, True, r)
    b = baseline.number if baseline is not None and baseline.kind == "quantity" else None
    if actual.kind != "quantity" or actual.number is None or b is None:
        why = Reason(
            f"目標{quoted(target)}は基準値との比較ですが、比べられる基準値・実績値がありません",
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
        f"実績{quoted(actual)}は基準値{quoted(baseline)}から{word}{'している' if met else 'していない'}",
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
