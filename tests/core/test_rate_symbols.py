"""Rating a nationwide table once per distinct row
(:func:`hyoka.core.aggregate.rate_symbols`) must rate every row exactly as rating it alone does: the memo's key holds everything the
rating depends on (the three texts and the fiscal year; the rubric and the plan's period are
the call's), so no row ever gets another row's rating."""

from __future__ import annotations

import gc
import itertools
import random

import pytest

from hyoka.core import aggregate
from hyoka.core.aggregate import rate_symbols
from hyoka.core.assess import Context, Yardstick, assess
from hyoka.core.rubrics import available_rubrics, load_rubric
from hyoka.core.values import explain
from tests.core.test_rubric_memo import TEXTS

YEARS = (2019, 2020, 2021, 2022, 2023)


@pytest.mark.parametrize("code", available_rubrics())
@pytest.mark.parametrize("plan", [(2019, 2023), (2017, 2021)])
def test_each_row_is_rated_as_alone(code: str, plan: tuple[int, int]) -> None:
    rubric = load_rubric(code)
    rng = random.Random(14)
    rows = [
        (rng.choice(TEXTS[:6]), rng.choice(TEXTS), rng.choice(TEXTS), rng.choice(YEARS))
        for _ in range(3000)
    ]  # many rows repeat: the memo is used
    assert len(set(rows)) < len(rows)
    got = rate_symbols(rows, rubric, plan)
    for row, symbol in zip(rows, got, strict=True):
        b, t, a, year = row
        alone = rubric.rate(assess(explain(t), explain(a), explain(b), Context(year, *plan)))
        assert symbol == alone.symbol, row


def test_the_year_is_part_of_the_key() -> None:
    """Rows of the same texts in two years are rated apart, in one call (one memo)."""
    rubric = load_rubric("sapporo")
    plan = (2019, 2023)
    differ = [
        (b, t, a)
        for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS)
        if len({rate_symbols([(b, t, a, y)], rubric, plan)[0] for y in (2019, 2023)}) == 2
    ]
    assert differ
    rows = [(*texts, y) for texts in differ for y in (2019, 2023)]
    got = rate_symbols(rows, rubric, plan)
    assert all(got[i] != got[i + 1] for i in range(0, len(got), 2))


def test_a_full_memo_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aggregate, "MEMO_LIMIT", 7)
    rubric = load_rubric("sapporo")
    rng = random.Random(7)
    rows = [
        (rng.choice(TEXTS[:6]), rng.choice(TEXTS), rng.choice(TEXTS), rng.choice(YEARS))
        for _ in range(500)
    ]
    ctx = {y: Context(y, 2019, 2023) for y in YEARS}
    alone = [
        rubric.rate(assess(explain(t), explain(a), explain(b), ctx[y])).symbol
        for b, t, a, y in rows
    ]
    assert rate_symbols(rows, rubric, (2019, 2023)) == alone


@pytest.mark.parametrize("code", available_rubrics())
def test_symbol_of_is_the_symbol_of_rate(code: str) -> None:
    """The symbol alone (no reason built) is the rating's symbol, memoised rubric or not."""
    rubric = load_rubric(code)
    for year in (2019, 2023):
        ctx = Context(year, 2019, 2023)
        for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS):
            x = assess(explain(t), explain(a), explain(b), ctx)
            assert rubric.symbol_of(x) == rubric.rate(x).symbol, (b, t, a)


def test_without_words_only_the_facts_are_left_unsaid() -> None:
    """``assess(..., words=False)`` differs from ``assess`` in its facts only: every field a
    rubric can read (outcome, figures, warnings) is the same."""
    for year in (2019, 2021, 2023):
        ctx = Context(year, 2019, 2023)
        for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS):
            args = (explain(t), explain(a), explain(b), ctx)
            said, unsaid = assess(*args), assess(*args, words=False)
            assert unsaid._replace(facts=said.facts) == said, (b, t, a)


def test_without_progress_only_the_way_gone_is_left_out() -> None:
    """``assess(..., progress=False)`` differs from ``assess`` in ``progress`` and ``pace``
    only; rate_symbols leaves them out only for a rubric that reads neither."""
    for year in (2019, 2021, 2023):
        ctx = Context(year, 2019, 2023)
        for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS):
            args = (explain(t), explain(a), explain(b), ctx)
            full, short = assess(*args), assess(*args, progress=False)
            assert short == full._replace(progress=None, pace=None), (b, t, a)
    reads = {code: load_rubric(code).reads for code in available_rubrics()}
    assert any({"progress", "pace"} & r for r in reads.values())  # tama: rated alike above
    assert not {"progress", "pace"} & reads["sapporo"]


def test_equal_texts_of_other_objects_share_the_yardstick() -> None:
    """The last row's yardstick is reused for the same text objects; equal texts that are
    other objects, and a changed baseline under the same target, are looked up again."""
    rubric = load_rubric("sapporo")
    plan = (2019, 2023)
    target = "100件 (2023年度)"
    rows = [
        ("80件", target, "90件", 2023),
        ("".join(["80", "件"]), "".join(["100件", " (2023年度)"]), "90件", 2022),
        ("120件", target, "90件", 2023),  # the same target, another baseline: a decrease
        ("80件", target, "110件", 2023),
    ]
    alone = [
        rubric.rate(assess(explain(t), explain(a), explain(b), Context(y, *plan))).symbol
        for b, t, a, y in rows
    ]
    assert rate_symbols(rows, rubric, plan) == alone


def test_rubrics_shipped_read_no_facts() -> None:
    assert not any(load_rubric(code).reads_facts for code in available_rubrics())


def test_the_collector_is_paused_and_restored() -> None:
    """rate_symbols pauses the cyclic garbage collector for its loop only."""
    rows = [("10件", "20件", "25件", 2020)]
    rubric = load_rubric("sapporo")
    assert gc.isenabled()
    rate_symbols(rows, rubric, (2019, 2023))
    assert gc.isenabled()
    gc.disable()
    try:
        rate_symbols(rows, rubric, (2019, 2023))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_yardstick_serves_every_actual_and_year() -> None:
    """A :class:`~hyoka.core.assess.Yardstick` built once (as rate_symbols builds one per
    baseline and target) assesses each actual in each year exactly as ``assess`` does: the
    whole assessment, its facts included, not only the symbol."""
    for b, t in itertools.product(TEXTS[:6], TEXTS):
        target, baseline = explain(t), explain(b)
        yardstick = Yardstick(target, baseline)
        for year in YEARS:
            ctx = Context(year, 2019, 2023)
            for a in TEXTS:
                actual = explain(a)
                for words in (True, False):
                    got = yardstick.assess(actual, ctx, words)
                    assert got == assess(target, actual, baseline, ctx, words=words), (b, t, a)
