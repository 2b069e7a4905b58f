"""`hyoka year open|deadline`: the CLI contract (exit codes, one line on stderr) over the same
services as the web and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from hyoka.cli import main
from hyoka.evaluation.models import PlanYear, ProjectYear
from hyoka.plans.models import Plan
from hyoka.workflow.models import YearEvent
from tests.factories import OTARU, SAPPORO, make_user, reason

pytestmark = pytest.mark.django_db


def test_year_open_with_a_deadline_on_the_latest_plan(
    plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["year", "open", "2020", "--deadline", "2021-04-30"]) == 0
    out = capsys.readouterr().out
    assert "2020" in out
    assert "2021-04-30" in out
    plan_year = PlanYear.objects.get(plan=plan, fiscal_year=2020)
    assert plan_year.status == "open"
    assert plan_year.deadline == dt.date(2021, 4, 30)
    assert ProjectYear.objects.filter(fiscal_year=2020, state="draft").count() == 40
    assert main(["year", "deadline", "2020", "2021-05-31"]) == 0
    assert PlanYear.objects.get(pk=plan_year.pk).deadline == dt.date(2021, 5, 31)
    assert main(["year", "deadline", "2020", "none"]) == 0
    assert PlanYear.objects.get(pk=plan_year.pk).deadline is None
    assert [e.after for e in YearEvent.objects.order_by("pk")] == ["2021-04-30", "2021-05-31", ""]


def test_year_open_refusals(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["year", "open", "2020", "--plan", "2019-2023"]) == 0
    capsys.readouterr()
    assert main(["year", "open", "2020"]) == 1  # already open
    err = reason(capsys.readouterr().err)
    assert err.startswith("hyoka year: ")
    assert err.count("\n") == 1
    assert main(["year", "open", "2030"]) == 1  # outside the plan's period
    assert main(["year", "open", "2021", "--plan", "2099-2100"]) == 2
    assert main(["year", "open", "2021", "--deadline", "30/04/2021"]) == 2
    assert main(["year", "deadline", "2022", "2021-04-30"]) == 2  # not open
    assert not PlanYear.objects.filter(fiscal_year__in=(2021, 2022, 2030)).exists()


def test_year_open_as_a_user_checks_their_rights(
    plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    make_user("ed", OTARU, "editor")
    make_user("sato", SAPPORO, "secretariat")
    assert main(["year", "open", "2020", "--as", "ed"]) == 1
    assert main(["year", "open", "2020", "--as", "nobody"]) == 1
    assert "hyoka year: no active user 'nobody'" in capsys.readouterr().err
    assert not PlanYear.objects.filter(fiscal_year=2020).exists()
    assert main(["year", "open", "2020", "--as", "sato"]) == 0
    assert YearEvent.objects.get().user.username == "sato"
