"""The yearly cycle as one table (hyoka.workflow.cycle): a published year is frozen for every
action but a new edition, a change of an existing value names its version, and the table says
what each action leads to."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.publishing import services as publishing
from hyoka.workflow import cycle, entering, services

pytestmark = pytest.mark.django_db


def _published(plan_year: PlanYear, user: Any) -> PlanYear:
    ProjectYear.objects.filter(project__plan=plan_year.plan, fiscal_year=2020).update(
        state=ProjectYear.State.APPROVED
    )
    IndicatorYear.objects.filter(indicator__kind="headline", fiscal_year=2020).update(
        state=ProjectYear.State.APPROVED
    )
    publishing.publish(user, plan_year)
    plan_year.refresh_from_db()
    assert plan_year.status == PlanYear.Status.PUBLISHED
    return plan_year


def test_a_published_year_refuses_every_action_but_a_new_edition(
    users: dict[str, Any], fy2020: PlanYear, plan: Plan
) -> None:
    secretariat, editor = users["secretariat-own"], users["editor-own"]
    project = Project.objects.get(number=14)
    ind = project.indicators.get(position=1)
    summed = Project.objects.get(number=23).indicators.get()
    Indicator.objects.filter(pk=summed.pk).update(aggregation="sum")
    summed.refresh_from_db()
    sapporo = Municipality.objects.get(code="011002")
    plan_year = _published(fy2020, secretariat)
    attempts = {
        "enter": lambda: entering.enter_actual(editor, ind, 2020, "10件", version=0),
        "contribute": lambda: entering.enter_contribution(
            editor, summed, 2020, sapporo, "1人", version=None
        ),
        "notes": lambda: entering.enter_notes(editor, project, 2020, "追記", version=0),
        "submit": lambda: services.submit(editor, project, 2020),
        "return": lambda: services.return_project(secretariat, project, 2020, "直してください"),
        "approve": lambda: services.approve(secretariat, project, 2020),
        "remind": lambda: services.remind(secretariat, plan_year),
    }
    for name, attempt in attempts.items():
        with pytest.raises(services.WorkflowError, match="公表済み"):
            attempt()
        assert IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).actual_text == "", name
    assert ProjectYear.objects.get(project=project, fiscal_year=2020).state == "approved"
    edition = publishing.publish(secretariat, plan_year, "訂正")  # a new edition is allowed
    assert edition.number == 2


def test_a_change_of_an_existing_value_names_its_version(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    editor = users["editor-own"]
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(editor, ind, 2020, "15件", version=None)  # nothing to overwrite yet
    with pytest.raises(services.WorkflowError, match="版") as refused:
        entering.enter_actual(editor, ind, 2020, "16件", version=None)
    assert refused.value.field == "version"
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).actual_text == "15件"


def test_a_refused_entry_leaves_the_whole_save_unwritten(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    editor = users["editor-own"]
    first, second = Project.objects.get(number=14).indicators.order_by("position")
    with pytest.raises(entering.SaveRefused) as refused:
        entering.save(
            editor,
            fy2020,
            [
                entering.Actual(first, "10件", 0),
                entering.Actual(second, "たくさん", 0),
                entering.Notes(first.project, "成果発表会を開催", 0),  # type: ignore[arg-type]
            ],
        )
    assert [e.field for _, e in refused.value.errors] == ["text"]
    assert IndicatorYear.objects.get(indicator=first, fiscal_year=2020).actual_text == ""
    assert ProjectYear.objects.get(project=first.project, fiscal_year=2020).notes == ""


def test_the_table_leads_where_the_services_go(users: dict[str, Any], fy2020: PlanYear) -> None:
    editor, secretariat = users["editor-own"], users["secretariat-own"]
    project = Project.objects.get(number=4)
    entering.enter_actual(editor, project.indicators.get(), 2020, "15件", version=0)
    moves = [
        (cycle.Action.SUBMIT, lambda: services.submit(editor, project, 2020)),
        (cycle.Action.RETURN, lambda: services.return_project(secretariat, project, 2020, "確認")),
        (cycle.Action.SUBMIT, lambda: services.submit(editor, project, 2020)),
        (cycle.Action.APPROVE, lambda: services.approve(secretariat, project, 2020)),
    ]
    for action, move in moves:
        assert move().state == cycle.next_state(action)


def test_every_state_in_the_table_is_a_state_of_the_models() -> None:
    years, projects = set(PlanYear.Status.values), set(ProjectYear.State.values)
    for action, step in cycle.WHEN.items():
        assert set(step.years) <= years, action
        assert set(step.projects) <= projects, action
        assert not step.then or step.then in projects, action
    assert set(cycle.WHO["secretariat"]) == set(cycle.Action)
