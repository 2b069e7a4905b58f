"""A kept page or API answer about one plan is kept under that plan's own data version (and
the index: which plans and years there are): a save in another plan leaves it kept, a write to
its own plan or a year made public elsewhere (its switcher) shows at once.  PostgreSQL only:
nothing is kept on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hyoka.evaluation import queries
from hyoka.evaluation.imports import ImportResult
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.plans.models import Indicator
from hyoka.workflow import entering, services
from tests.factories import SAPPORO, import_plan2, make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="data versions exist on PostgreSQL only"
    ),
]


def queries_of(get: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        get()
    return len(captured.captured_queries)


def test_a_save_in_another_plan_leaves_a_plans_kept_page_and_answer(
    imported: ImportResult,
) -> None:
    plan1, plan2 = imported.plan, import_plan2().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan2, 2025)  # a draft year: made before the pages are kept
    page, answer = f"/plans/{plan1.pk}/2019/", f"/api/v1/indicators?plan={plan1.pk}&year=2019"
    queries.KEPT.clear()
    client = Client()
    first_page, first_answer = client.get(page).content, Client().get(answer).content
    assert queries_of(lambda: client.get(page)) == 1  # kept
    assert queries_of(lambda: Client().get(answer)) == 1
    # a save in plan 2: its figure, its re-rating, its year's share
    ind = (
        Indicator.objects.filter(plan=plan2, project__isnull=False, aggregation="")
        .exclude(kind=Indicator.Kind.ACHIEVEMENT)
        .order_by("project__number", "position")
        .first()
    )
    assert ind is not None
    before = queries.data_version(plan2.pk)
    entering.enter_actual(secretariat, ind, 2025, "3件", version=0, note="説明", confirmed=True)
    assert queries.data_version(plan2.pk) != before
    # plan 1's page and answer: still kept (one query, the versions), the same bytes
    with CaptureQueriesContext(connection) as captured:
        kept = client.get(page)
    assert len(captured.captured_queries) == 1, captured.captured_queries
    main = kept.content.decode().split('<main id="main"', 1)[1]
    assert main == first_page.decode().split('<main id="main"', 1)[1]
    with CaptureQueriesContext(connection) as captured:
        kept_answer = Client().get(answer)
    assert len(captured.captured_queries) == 1, captured.captured_queries
    assert kept_answer.content == first_answer
    # a write to plan 1 itself shows at once
    IndicatorYear.objects.filter(
        indicator__plan=plan1, indicator__project__number=2, fiscal_year=2019
    ).update(actual_text="12,345,678人")  # no signal, no history: only the version can tell
    assert "12,345,678人" in client.get(page).content.decode()
    assert "12,345,678人" in Client().get(answer).content.decode()


def test_another_plans_year_made_public_shows_in_the_switcher_at_once(
    imported: ImportResult,
) -> None:
    plan1, plan2 = imported.plan, import_plan2().plan
    page = f"/plans/{plan1.pk}/2019/"
    link = f"/plans/{plan2.pk}/2024/"
    queries.KEPT.clear()
    assert link in Client().get(page).content.decode()
    PlanYear.objects.filter(plan=plan2, fiscal_year=2024).update(status=PlanYear.Status.OPEN)
    assert link not in Client().get(page).content.decode()
    PlanYear.objects.filter(plan=plan2, fiscal_year=2024).update(status=PlanYear.Status.PUBLISHED)
    assert link in Client().get(page).content.decode()
    # the plan an API query resolves to (the latest) follows a new plan's years at once
    latest = Client().get("/api/v1/indicators").json()["items"][0]
    assert latest["plan"] == plan2.pk
