"""Rating a nationwide table once per distinct row (:func:`hyoka.core.aggregate.rate_texts`)
must rate every row exactly as rating it alone does: the memo's key holds everything the
rating depends on (the three texts and the fiscal year; the rubric and the plan's period are
the call's), so no row ever gets another row's rating."""

from __future__ import annotations

import itertools
import random

import pytest

from hyoka.core.aggregate import rate_texts
from hyoka.core.assess import Context, assess
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
    got = rate_texts(rows, rubric, plan)
    for row, rating in zip(rows, got, strict=True):
        b, t, a, year = row
        alone = rubric.rate(assess(explain(t), explain(a), explain(b), Context(year, *plan)))
        assert rating == alone, row


def test_the_year_and_the_plan_are_part_of_the_key() -> None:
    """The same texts rated in two years, and for two plan periods, are rated apart."""
    rubric = load_rubric("sapporo")
    texts = ("1回", "現状値からの増加 (2023年度)", "-")
    by_year = {
        r.reason for r in rate_texts([(*texts, y) for y in (2019, 2023)], rubric, (2019, 2023))
    }
    assert len(by_year) == 2
    found = False
    for b, t, a in itertools.product(TEXTS[:6], TEXTS, TEXTS):
        one = rate_texts([(b, t, a, 2021)], rubric, (2019, 2023))[0]
        other = rate_texts([(b, t, a, 2021)], rubric, (2021, 2025))[0]
        found = found or one != other
    assert found  # a plan's period changes some ratings: it must stay in the call, not be lost
