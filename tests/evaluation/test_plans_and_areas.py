"""Plans in sequence and more than one area in one database: the one resolver
(:mod:`hyoka.evaluation.lookup`) picks the plan explicitly or by default, and says so when it
cannot tell (issue 16.2, 16.4)."""

from __future__ import annotations

import pytest

from hyoka.core.i18n import use_language
from hyoka.evaluation import lookup
from hyoka.evaluation.imports import ImportRefused
from hyoka.evaluation.models import PlanYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Area, Indicator, Plan, Project
from hyoka.publishing import services
from hyoka.publishing.imports import import_status_list
from tests.factories import (
    OTHER_AREA,
    OTHER_MEMBERS,
    OTHER_SLUG,
    SAPPORO_AREA,
    import_other_area,
    import_plan2,
    import_seed,
)


@pytest.fixture
def two_plans(db: None) -> tuple[Plan, Plan]:
    return import_seed().plan, import_plan2().plan


@pytest.fixture
def two_areas(two_plans: tuple[Plan, Plan]) -> tuple[Plan, Plan, Plan]:
    return (*two_plans, import_other_area().plan)


def test_a_list_imported_with_plan_2_is_plan_2_and_never_mixes(
    two_plans: tuple[Plan, Plan],
) -> None:
    plan1, plan2 = two_plans
    assert (plan1.start_year, plan1.end_year, plan2.start_year, plan2.end_year) == (
        2019,
        2023,
        2024,
        2028,
    )
    assert plan1.area_id == plan2.area_id
    assert plan2.name == "第2期さっぽろ連携中枢都市圏ビジョン"
    assert plan1.projects.count() == 40
    assert plan2.projects.count() == 8
    # project numbers repeat across plans; each belongs to its own
    assert Project.objects.filter(number=2).count() == 2
    assert plan2.projects.get(number=2).indicators.get().target_text == "15社/年度"
    assert plan1.projects.get(number=2).indicators.count() == 2
    assert not Indicator.objects.filter(plan=plan2, project__plan=plan1).exists()
    assert set(PlanYear.objects.values_list("plan__start_year", "fiscal_year")) == {
        (2019, 2019),
        (2024, 2024),
    }
    # importing plan 2 again changes nothing of plan 1
    before = list(Indicator.objects.filter(plan=plan1).values_list("pk", "name", "target_text"))
    import_plan2()
    assert list(Indicator.objects.filter(plan=plan1).values_list("pk", "name", "target_text")) == (
        before
    )


def test_the_default_is_the_latest_year_of_the_latest_plan(two_plans: tuple[Plan, Plan]) -> None:
    plan1, plan2 = two_plans
    assert lookup.plan_year().plan == plan2
    assert lookup.plan_year().fiscal_year == 2024
    assert lookup.plan() == plan2
    assert lookup.plan_year(2019).plan == plan1
    assert lookup.plan_year(plan="2019-2023").fiscal_year == 2019
    assert lookup.plan_year(plan=plan1.pk).plan == plan1
    assert lookup.plan_year(plan=str(plan2.pk), area="sapporo").plan == plan2
    assert lookup.plan(fiscal_year=2021) == plan1  # no list yet: the plan whose period covers it
    assert lookup.plan_year(2024, plan="2024-2028", area=SAPPORO_AREA).plan == plan2


def test_what_does_not_exist_names_what_does(two_plans: tuple[Plan, Plan]) -> None:
    _plan1, _ = two_plans
    with pytest.raises(lookup.NotFound, match="2019-2023") as caught:
        lookup.plan("2030-2034")
    assert caught.value.choices[0].startswith("2019-2023")
    with pytest.raises(lookup.NotFound, match="2019"):
        lookup.plan_year(2020, plan="2019-2023")
    with pytest.raises(lookup.NotFound, match="さっぽろ連携中枢都市圏"):
        lookup.plan_year(area="どこか")
    with pytest.raises(lookup.NotFound):
        lookup.plan(99999)
    assert not Area.objects.filter(name=OTHER_AREA).exists()
    with pytest.raises(lookup.NotFound):
        lookup.plan("12345678901234567890")  # out of the database's range: no such plan


def test_two_areas_without_an_area_is_ambiguous_and_names_both(
    two_areas: tuple[Plan, Plan, Plan],
) -> None:
    _, plan2, other = two_areas
    with pytest.raises(lookup.Ambiguous) as caught:
        lookup.plan_year()
    assert {SAPPORO_AREA, OTHER_AREA} <= {c.split(" (")[0] for c in caught.value.choices}
    assert "--area" in str(caught.value)
    with use_language("en"), pytest.raises(lookup.Ambiguous, match="more than one area"):
        lookup.plan_year(2024)
    assert lookup.plan_year(area=OTHER_SLUG).plan == other
    assert lookup.plan_year(2024, area=OTHER_AREA).plan == other
    assert lookup.plan_year(2024, area="sapporo").plan == plan2
    assert lookup.plan_year(plan=other.pk).plan == other  # an id says its area
    with pytest.raises(lookup.NotFound):
        lookup.plan_year(plan=other.pk, area="sapporo")  # not that area's plan
    with pytest.raises(lookup.NotFound, match="2019"):
        lookup.plan_year(2019, area=OTHER_SLUG)
    # the other area has its own members, and its projects its own lead
    codes = set(other.projects.values_list("lead__code", flat=True))
    assert codes == {OTHER_MEMBERS[0][0]}
    assert set(other.area.municipalities.values_list("code", flat=True)) == {
        c for c, _, _ in OTHER_MEMBERS
    }


def test_a_year_two_plans_of_one_area_have_is_ambiguous(two_plans: tuple[Plan, Plan]) -> None:
    plan1, _ = two_plans
    overlap = Plan.objects.create(
        area=plan1.area, name="見直し後のビジョン", start_year=2021, end_year=2025
    )
    PlanYear.objects.create(plan=overlap, fiscal_year=2019)
    with pytest.raises(lookup.Ambiguous, match="--plan") as caught:
        lookup.plan_year(2019)
    assert len(caught.value.choices) == 2
    with use_language("en"), pytest.raises(lookup.Ambiguous, match="more than one plan"):
        lookup.plan_year(2019)
    assert lookup.plan_year(2019, plan="2019-2023").plan == plan1
    with pytest.raises(lookup.Ambiguous):
        lookup.plan(fiscal_year=2022)  # both periods cover it, neither has its list


def test_publishing_finds_the_year_of_the_plan_and_area(
    two_areas: tuple[Plan, Plan, Plan],
) -> None:
    plan1, plan2, other = two_areas
    with pytest.raises(services.NotFound):  # ambiguous is a NotFound to its callers
        services.find_plan_year(None)
    assert services.find_plan_year(2019, area="sapporo").plan == plan1
    report = services.report_for(2024, area=OTHER_SLUG)
    assert (report.area, report.plan.id) == (OTHER_AREA, other.pk)
    report = services.report_for(None, plan="2024-2028", area=SAPPORO_AREA)
    assert report.plan.id == plan2.pk
    with use_language("en"), pytest.raises(services.NotFound, match="no edition 9 of 2019"):
        services.report_for(2019, 9, area="sapporo")


def test_an_unknown_area_needs_its_plan_period_and_an_area_flag_must_agree(db: None) -> None:
    data = bundled_bytes("sapporo-fy2024-example").replace(
        "さっぽろ連携中枢都市圏 2024年度".encode(), f"{OTHER_AREA} 2024年度".encode()
    )
    with pytest.raises(ImportRefused, match="--plan"):
        import_status_list(read_status_list(data, "x.txt"), data)
    with pytest.raises(ImportRefused, match="--area"):
        import_status_list(
            read_status_list(data, "x.txt"), data, area="sapporo", period=(2024, 2028)
        )
    assert not Plan.objects.exists()
    untitled = data.replace(f"{OTHER_AREA} 2024年度".encode(), "2024年度".encode())
    result = import_status_list(read_status_list(untitled, "y.txt"), untitled, area="sapporo")
    assert (result.plan.area.name, result.plan.start_year) == (SAPPORO_AREA, 2024)


def test_the_pages_query_takes_the_plan_and_area_and_keeps_drafts_hidden(
    two_areas: tuple[Plan, Plan, Plan],
) -> None:
    from hyoka.evaluation.queries import year_or_latest

    plan1, plan2, other = two_areas
    PlanYear.objects.create(plan=plan2, fiscal_year=2025, status=PlanYear.Status.OPEN)
    assert year_or_latest(None, plan="2019-2023", area="sapporo").plan == plan1
    assert year_or_latest(None, area="sapporo").fiscal_year == 2024  # the draft 2025 unseen
    assert year_or_latest(2025, area="sapporo") is None
    drafts = year_or_latest(2025, area="sapporo", published_only=False)
    assert drafts is not None
    assert drafts.plan == plan2
    assert (
        year_or_latest(2025, area="sapporo", published_only=False, draft_area=other.area_id) is None
    )
    assert year_or_latest(None, plan=other.pk).plan == other
    with pytest.raises(lookup.Ambiguous):
        year_or_latest(2024, plan=None, area="")


def test_a_year_outside_the_plan_given_is_refused(db: None) -> None:
    data = bundled_bytes()
    with pytest.raises(ImportRefused, match="2024〜2028"):
        import_status_list(read_status_list(data, "fy2019.txt"), data, period=(2024, 2028))
    with use_language("en"), pytest.raises(ImportRefused, match="outside the plan period"):
        import_status_list(read_status_list(data, "fy2019.txt"), data, period=(2024, 2028))
    assert not Plan.objects.exists()
