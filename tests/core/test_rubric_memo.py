"""A rubric whose rules read only discrete fields is memoised: the memo must rate exactly as
trying the rules one by one does."""

from __future__ import annotations

import itertools

import pytest

from hyoka.core.assess import Assessment, Context, Reason, assess
from hyoka.core.rubrics import available_rubrics, load_rubric
from hyoka.core.values import explain

TEXTS = [
    "12社/年度", "13社", "10社", "100名以上 (集計中)", "-", "2019年度まで", "2020年度",
    "常時 (毎年度)", "常時", "開設", "現状値からの増加 (2023年度)", "5,559/250", "約79,600人",
    "29.8万人 (2023年度)", "26.6万人 (2018年度)", "▲2,805人 (2017年)", "10件以下", "よく分からない",
]  # fmt: skip


@pytest.mark.parametrize("code", available_rubrics())
def test_memo_rates_as_the_rules_do(code: str) -> None:
    rubric = load_rubric(code)
    for year in (2019, 2021):
        ctx = Context(year, 2019, 2023)
        for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS):
            x = assess(explain(t), explain(a), explain(b), ctx)
            assert rubric.rate(x) == rubric._rate_unmemoised(x), (b, t, a)


def test_sapporo_is_memoised_and_nagayo_is_not() -> None:
    assert load_rubric("sapporo")._memo is not None
    assert load_rubric("nagayo")._memo is None  # it compares vs_baseline with numbers


def test_every_outcome_combination() -> None:
    rubric = load_rubric("sapporo")
    outcomes = ["met", "short", "ongoing", "late", "no_actual", "no_target", "not_comparable"]
    for outcome, provisional, due in itertools.product(
        [*outcomes, "reference_only"], [False, True], [False, True]
    ):
        a = Assessment(outcome, provisional, due, Reason("事実", "facts"))  # type: ignore[arg-type]
        assert rubric.rate(a) == rubric._rate_unmemoised(a)
