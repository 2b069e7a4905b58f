"""The secretariat's work on a year as a whole (hyoka.workflow.review): the deadline, several
projects moved at once (all or nothing, refusals naming each project), ready to publish, the
publish preview against the last edition, a corrected edition, what a municipality still has
to enter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.publishing import services as publishing
from hyoka.reports.statuslist import Change
from hyoka.workflow import review, services
from hyoka.workflow.cycle import Blocked, Forbidden, WorkflowError
from hyoka.workflow.models import YearEvent

pytestmark = pytest.mark.django_db


def fill(*numbers: int, text: str = "-") -> None:
    IndicatorYear.objects.filter(indicator__project__number__in=numbers, fiscal_year=2020).exclude(
        indicator__kind=Indicator.Kind.ACHIEVEMENT
    ).update(actual_text=text)


def state(number: int) -> str:
    return ProjectYear.objects.get(project__number=number, fiscal_year=2020).state


def test_open_year_with_a_deadline_then_change_it(users: dict[str, Any], plan: Plan) -> None:
    secretariat = users["secretariat-own"]
    plan_year = services.open_year(secretariat, plan, 2020, dt.date(2021, 4, 30))
    assert plan_year.deadline == dt.date(2021, 4, 30)
    review.set_deadline(secretariat, plan_year, dt.date(2021, 5, 31))
    assert PlanYear.objects.get(pk=plan_year.pk).deadline == dt.date(2021, 5, 31)
    with pytest.raises(Forbidden):
        review.set_deadline(users["editor-own"], plan_year, None)
    with pytest.raises(WorkflowError, match="より前") as slip:  # a slip of the year
        review.set_deadline(secretariat, plan_year, dt.date(2020, 3, 31))
    assert slip.value.field == "deadline"
    with pytest.raises(WorkflowError, match="より前"):
        services.open_year(secretariat, plan, 2021, dt.date(2020, 4, 30))
    events = [(e.action, e.before, e.after, e.user) for e in YearEvent.objects.order_by("pk")]
    assert events == [
        ("open_year", "", "2021-04-30", secretariat),
        ("set_deadline", "2021-04-30", "2021-05-31", secretariat),
    ]


def test_submit_several_at_once(users: dict[str, Any], fy2020: PlanYear) -> None:
    fill(4, 14)
    moved = review.submit(users["editor-own"], fy2020, [14, 4])
    assert [(p.project.number, p.state) for p in moved] == [(4, "submitted"), (14, "submitted")]
    assert ProjectYear.history.filter(history_change_reason="提出（一括）").count() == 2


def test_a_bulk_move_is_all_or_nothing_and_names_what_cannot_move(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    fill(4)  # 14 is left without figures
    with pytest.raises(Blocked) as refused:
        review.submit(users["editor-own"], fy2020, [4, 14, 999])
    assert [n for n, _ in refused.value.projects] == [14, 999]
    assert refused.value.status == 409
    assert "14" in refused.value.message
    assert "999" in refused.value.message
    assert refused.value.current["projects"][0]["project"] == 14
    assert state(4) == "draft"  # nothing moved


def test_approve_and_return_several(users: dict[str, Any], fy2020: PlanYear) -> None:
    secretariat, editor = users["secretariat-own"], users["editor-own"]
    fill(4, 14, 23)
    review.submit(editor, fy2020, [4, 14, 23])
    with pytest.raises(Forbidden):
        review.approve(editor, fy2020, [4, 14])
    with pytest.raises(WorkflowError, match="理由"):
        review.return_(secretariat, fy2020, [4], "  ")
    returned = review.return_(secretariat, fy2020, [23], "内訳を確認してください")
    assert returned[0].comment == "内訳を確認してください"
    with pytest.raises(Blocked) as refused:
        review.approve(secretariat, fy2020, [4, 14, 23])
    assert [n for n, _ in refused.value.projects] == [23]
    assert (state(4), state(14)) == ("submitted", "submitted")
    review.approve(secretariat, fy2020, [4, 14], note="確認済み")
    assert (state(4), state(14), state(23)) == ("approved", "approved", "returned")


def _approve_all(plan_year: PlanYear, secretariat: Any) -> None:
    numbers = list(Project.objects.filter(plan=plan_year.plan).values_list("number", flat=True))
    ProjectYear.objects.filter(fiscal_year=2020).update(state=ProjectYear.State.SUBMITTED)
    review.approve(secretariat, plan_year, numbers)
    # the headline KPIs (基本KPI) are reviewed on their own page; approved here as a whole
    IndicatorYear.objects.filter(
        fiscal_year=plan_year.fiscal_year, indicator__kind=Indicator.Kind.HEADLINE
    ).update(state=ProjectYear.State.APPROVED)


def test_ready_to_publish_and_publish_refused_naming_the_pending(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    secretariat = users["secretariat-own"]
    assert not review.ready_to_publish(fy2020)
    assert review.year_status(fy2020)["code"] == "open"
    with pytest.raises(Blocked) as refused:
        publishing.publish(secretariat, fy2020, "")
    pending = [n for n, _ in refused.value.projects]
    assert pending[:40] == list(range(1, 41))
    assert all(str(n).startswith("基本KPI「") for n in pending[40:])
    _approve_all(fy2020, secretariat)
    assert review.ready_to_publish(fy2020)
    status = review.year_status(fy2020)
    assert status["code"] == "ready"
    assert status["label"] != "入力受付中"
    assert status["approved"] == 40


def test_preview_compares_with_the_last_edition_then_a_correction(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    secretariat = users["secretariat-own"]
    fill(4, text="16件")
    first = publishing.preview(fy2020)
    assert first.last is not None
    assert first.last.plan_year.fiscal_year == 2019  # the first edition of 2020: against 2019
    assert not first.correction
    row = next(r for r in first.rows if r.project == 4)
    assert Change("実績値", row.changes[0].before, "16件") in row.changes
    assert first.rows == publishing.diff(publishing.frozen_report(first.last), first.report)
    _approve_all(fy2020, secretariat)
    edition = publishing.publish(secretariat, fy2020, "2020年度")
    fy2020.refresh_from_db()
    again = publishing.preview(fy2020)
    assert again.correction
    assert again.last is not None
    assert again.last.pk == edition.pk
    assert again.rows == []
    with pytest.raises(WorkflowError, match="訂正"):
        publishing.publish(secretariat, fy2020, " ")
    assert publishing.publish(secretariat, fy2020, "誤記の訂正").number == edition.number + 1
