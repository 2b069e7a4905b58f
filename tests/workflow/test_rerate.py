"""A save re-rates what it changed — its projects, the headline KPIs it touched, the year's
share — and what it stores is always what a fresh ``hyoka evaluate`` of the whole year
computes.  Its cost does not grow with the year: the same number of statements for the
40-project list and for one with hundreds more."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import COMPUTED_FIELDS, PROJECT_FIELDS, evaluate_year
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.workflow import entering, services
from tests.factories import SAPPORO, import_seed, make_user

pytestmark = pytest.mark.django_db

#: actuals written as editors write them: met, short, provisional, none, unreadable words
TEXTS = [
    "15件",
    "14件",
    "16件（見込）",
    "-",
    "0件",
    "約20件",
    "12社",
    "100名以上（集計中）",
    "1回",
    "2回（予定）",
    "常時",
    "開設",
    "45人",
    "72,000人",
    "29.8万人",
    "▲2,805人",
    "",
]


def snapshot(plan: Plan, year: int) -> dict[str, Any]:
    """Every stored rating of the year, with the year's share."""
    years = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year).order_by("pk")
    projects = ProjectYear.objects.filter(project__plan=plan, fiscal_year=year).order_by("pk")
    plan_year = PlanYear.objects.get(plan=plan, fiscal_year=year)
    return {
        "indicators": [tuple(str(getattr(iy, f)) for f in COMPUTED_FIELDS) for iy in years],
        "projects": [tuple(getattr(p, f) for f in PROJECT_FIELDS) for p in projects],
        "share": (plan_year.achieved, plan_year.rated),
    }


def assert_as_fresh(plan: Plan, year: int) -> None:
    stored = snapshot(plan, year)
    evaluate_year(plan, year)
    assert snapshot(plan, year) == stored


def test_random_saves_store_what_a_fresh_evaluation_computes() -> None:
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    typed = list(
        Indicator.objects.filter(plan=plan).exclude(kind=Indicator.Kind.ACHIEVEMENT).order_by("pk")
    )
    rng = random.Random(2020)
    for _round in range(12):
        entries: list[entering.Entry] = []
        for ind in rng.sample(typed, rng.randint(1, 4)):
            iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
            entries.append(
                entering.Actual(
                    ind, rng.choice(TEXTS), iy.version, note="見込みの説明", override=""
                )
            )
        refused: list[str | None] = []
        confirmed = rng.random() < 0.8  # else a figure with a warning is refused, rolled back
        try:
            entering.save(secretariat, plan_year, entries, confirmed=confirmed)
        except entering.SaveRefused as exc:  # unreadable where a number is expected: refused
            refused = [e.field for _, e in exc.errors]
        assert set(refused) <= {"text"} | (set() if confirmed else {"confirm"})
        assert_as_fresh(plan, 2020)  # the share (達成割合) too, also when it was not counted


def test_a_save_counts_the_share_and_rates_project_1_again() -> None:
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=4).indicators.get()
    before = PlanYear.objects.get(plan=plan, fiscal_year=2020)
    entering.enter_actual(secretariat, ind, 2020, "15件", version=0)
    after = PlanYear.objects.get(plan=plan, fiscal_year=2020)
    assert (after.achieved, after.rated) == (before.achieved + 1, before.rated + 1)
    share = IndicatorYear.objects.get(
        indicator__kind=Indicator.Kind.ACHIEVEMENT, indicator__plan=plan, fiscal_year=2020
    )
    assert share.computed_actual_text == f"{after.achieved / after.rated:.1%}"
    assert_as_fresh(plan, 2020)


def _bigger(plan: Plan, n: int) -> None:
    role = Project.objects.filter(plan=plan).first().role  # type: ignore[union-attr]
    start = Project.objects.filter(plan=plan).order_by("-number").first().number + 1  # type: ignore[union-attr]
    for number in range(start, start + n):
        p = Project.objects.create(plan=plan, number=number, name=f"追加事業{number}", role=role)
        for pos in (1, 2):
            Indicator.objects.create(
                plan=plan,
                project=p,
                position=pos,
                name=f"指標{number}-{pos}",
                baseline_text="1回",
                target_text="2回/年度",
            )


def _statements_of_one_save(plan: Plan, user: Any, year: int, text: str) -> int:
    plan_year = PlanYear.objects.select_related("plan").get(plan=plan, fiscal_year=year)
    ind = Project.objects.get(plan=plan, number=4).indicators.select_related("plan").get()
    version = IndicatorYear.objects.get(indicator=ind, fiscal_year=year).version
    with CaptureQueriesContext(connection) as captured:
        entering.save(user, plan_year, [entering.Actual(ind, text, version)])
    return len(captured.captured_queries)


def test_a_save_costs_the_same_in_a_bigger_year() -> None:
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    small = _statements_of_one_save(plan, secretariat, 2020, "15件")
    _bigger(plan, 200)
    services.open_year(secretariat, plan, 2021)
    big = _statements_of_one_save(plan, secretariat, 2021, "15件")
    assert big == small, (small, big)
    assert_as_fresh(plan, 2021)


def _fifteen_entered() -> tuple[Plan, Any, PlanYear, Indicator, IndicatorYear]:
    """FY2020 opened by the secretariat, project 4's indicator entered as 15件: the plan, the
    secretariat, the year, the indicator and its year's row."""
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(secretariat, ind, 2020, "15件", version=0)
    return (
        plan,
        secretariat,
        plan_year,
        ind,
        IndicatorYear.objects.get(indicator=ind, fiscal_year=2020),
    )


def test_an_unchanged_save_writes_nothing() -> None:
    _, secretariat, plan_year, ind, iy = _fifteen_entered()
    records = iy.history.count()
    saved = entering.save(secretariat, plan_year, [entering.Actual(ind, "15件", iy.version)])
    assert saved.results == []
    assert iy.history.count() == records


def test_the_rerating_of_a_save_is_audited_as_such() -> None:
    """The save rates the very rows it wrote (no second read): their re-rating is still its
    own audit record, 再評価, after the entry's 入力."""
    _, secretariat, _, _, iy = _fifteen_entered()
    reasons = list(
        iy.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == ["入力", "再評価"]
    assert list(iy.history.values_list("history_user", flat=True))[:2] == [secretariat.pk] * 2


def test_an_entry_and_its_rerating_are_one_write_with_both_records() -> None:
    """The row is written once (one ``UPDATE``) for the entry and its re-rating; its audit
    records are still two and truthful: 入力, the row as entered with the ratings it had, then
    再評価, the row as stored."""
    _, secretariat, plan_year, ind, iy = _fifteen_entered()
    with CaptureQueriesContext(connection) as captured:
        entering.save(
            secretariat, plan_year, [entering.Actual(ind, "3件", iy.version, note="遅れ")]
        )
    sql = [q["sql"] for q in captured.captured_queries]
    entries = [
        q for q in sql if 'UPDATE "evaluation_indicatoryear"' in q and '"actual_text" =' in q
    ]
    assert len(entries) == 1  # the other UPDATE: the share project's ratings
    stored = IndicatorYear.objects.get(pk=iy.pk)
    assert stored.computed != iy.computed
    entered, rerated = iy.history.order_by("-history_id")[:2][::-1]
    assert (entered.history_change_reason, rerated.history_change_reason) == ("入力", "再評価")
    assert (entered.actual_text, entered.note, entered.version) == ("3件", "遅れ", iy.version + 1)
    assert (entered.computed, entered.reason) == (iy.computed, iy.reason)
    for f in ("actual_text", "note", "version", *COMPUTED_FIELDS):
        assert str(getattr(rerated, f)) == str(getattr(stored, f)), f
    assert entered.history_user_id == rerated.history_user_id == secretariat.pk
    assert stored.entered_by_id == secretariat.pk
    assert stored.updated_at > iy.updated_at


#: statements of one save of one figure (the save's savepoint and its release included): the
#: year, its rows (project, indicators), one UPDATE and one INSERT of the audit records — and,
#: when a symbol the share counts moves, the count, the share project's rows and the year
SAVE_STATEMENTS = {"still": 7, "moved": 16}


def test_a_save_costs_no_more_statements_than_it_did() -> None:
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    moved = _statements_of_one_save(plan, secretariat, 2020, "15件")
    still = _statements_of_one_save(plan, secretariat, 2020, "16件")
    assert {"still": still, "moved": moved} == SAVE_STATEMENTS
    assert_as_fresh(plan, 2020)


def test_a_save_that_moves_no_symbol_does_not_count_the_share() -> None:
    """The share counts the year's symbols (a query over the whole year): a save whose
    symbols stay as they were leaves the stored share, which is still right."""
    plan, secretariat, plan_year, ind, iy = _fifteen_entered()
    with CaptureQueriesContext(connection) as captured:
        entering.save(secretariat, plan_year, [entering.Actual(ind, "16件", iy.version)])
    assert IndicatorYear.objects.get(pk=iy.pk).computed == iy.computed
    share_counts = 'GROUP BY "evaluation_indicatoryear"."computed"'
    assert not [q for q in captured.captured_queries if share_counts in q["sql"]]
    assert_as_fresh(plan, 2020)


def test_an_opened_year_is_inserted_rated_with_one_audit_record_a_row() -> None:
    """Opening a year rates its rows before inserting them: each row written once, with its
    ratings and one audit record (the opening, by the secretariat), as a fresh evaluation
    would store them."""
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    assert plan_year.evaluated_at is not None
    rows = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=2020)
    assert rows.count() == Indicator.objects.filter(plan=plan).count()
    assert not rows.filter(computed="").exists()
    for model, stored in ((IndicatorYear, rows), (ProjectYear, ProjectYear.objects.all())):
        history = model.history.filter(fiscal_year=2020)
        assert history.count() == stored.filter(fiscal_year=2020).count()
        assert set(history.values_list("history_change_reason", "history_user_id")) == {
            ("2020年度を開始", secretariat.pk)
        }
    assert_as_fresh(plan, 2020)


def test_two_parts_of_one_total_in_one_save_keep_a_record_each() -> None:
    """The secretariat saves two members' parts of one total at once: the row is written once,
    its audit records are one a part (each the total as that part made it), then 再評価."""
    from hyoka.plans.models import Municipality
    from tests.factories import OTARU

    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    plan_year = services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=39).indicators.get()  # 交流職員数: all twelve take part
    Indicator.objects.filter(pk=ind.pk).update(aggregation=Indicator.Aggregation.SUM)
    ind.refresh_from_db()
    iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    records = iy.history.count()
    sapporo, otaru = (Municipality.objects.get(code=c) for c in (SAPPORO, OTARU))
    entering.save(
        secretariat,
        plan_year,
        [entering.Part(ind, sapporo, "3人", None), entering.Part(ind, otaru, "2人", None)],
    )
    stored = IndicatorYear.objects.get(pk=iy.pk)
    assert stored.actual_text == "5人"
    added = list(iy.history.order_by("history_id"))[records:]
    assert [(h.history_change_reason, h.actual_text) for h in added][:2] == [
        (f"{sapporo}の値から集計", "3人"),
        (f"{otaru}の値から集計", "5人"),
    ]
    assert [h.history_change_reason for h in added][2:] in ([], ["再評価"])
    assert_as_fresh(plan, 2020)
