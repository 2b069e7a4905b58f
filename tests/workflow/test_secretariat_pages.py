"""The secretariat's whole job on the web, through Django's test client: open a year with a
deadline and change it, review submitted projects with every note beside the values, return
or approve several at once, see the year ready, publish after the preview, issue a corrected
edition; the entry workbook linked from the entry pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.publishing.models import Edition
from hyoka.workflow import entering, review, services
from tests.factories import year_url

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fill(*numbers: int, text: str = "-") -> None:
    IndicatorYear.objects.filter(indicator__project__number__in=numbers, fiscal_year=2020).exclude(
        indicator__kind=Indicator.Kind.ACHIEVEMENT
    ).update(actual_text=text)


def state(number: int) -> str:
    return ProjectYear.objects.get(project__number=number, fiscal_year=2020).state


def test_open_a_year_with_a_deadline_then_change_it(users: dict[str, Any], plan: Plan) -> None:
    client = signed_in(users["secretariat-own"])
    response = client.post(
        "/entry/open/", {"plan": plan.pk, "year": 2020, "deadline": "2021-04-30"}, follow=True
    )
    assert response.status_code == 200
    plan_year = PlanYear.objects.get(plan=plan, fiscal_year=2020)
    assert plan_year.deadline == dt.date(2021, 4, 30)
    html = response.content.decode()
    assert 'data-testid="deadline-2020"' in html
    assert year_url("workflow:workbook", year=2020) in html  # the entry workbook, linked
    assert year_url("workflow:workbook_upload", year=2020) in html
    client.post(year_url("workflow:deadline", year=2020), {"deadline": "2021-05-31"})
    assert PlanYear.objects.get(pk=plan_year.pk).deadline == dt.date(2021, 5, 31)
    trail = client.get(year_url("workflow:review", year=2020)).content.decode()
    assert "2021-04-30 → 2021-05-31" in trail  # the year's record: who changed the deadline
    editor = signed_in(users["editor-own"])
    editor.post(year_url("workflow:deadline", year=2020), {"deadline": "2021-06-30"})
    assert PlanYear.objects.get(pk=plan_year.pk).deadline == dt.date(2021, 5, 31)
    assert 'data-testid="deadline-2020"' not in editor.get("/entry/").content.decode()


def test_the_review_page_shows_every_note_beside_the_values(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    editor = users["editor-own"]
    project = Project.objects.get(number=14)
    first, second = project.indicators.order_by("position")
    entering.save(
        editor,
        fy2020,
        [
            entering.Actual(first, "1回", None, note="会場の都合で1回のみ開催"),
            entering.Actual(second, "46人", None),
            entering.Notes(project, "オンライン開催を試行した。", None),
        ],
        confirmed=True,
    )
    services.submit(editor, project, 2020)
    html = (
        signed_in(users["secretariat-own"])
        .get(year_url("workflow:review", year=2020))
        .content.decode()
    )
    assert 'data-testid="review-14"' in html
    assert "会場の都合で1回のみ開催" in html
    assert "オンライン開催を試行した。" in html
    assert 'data-testid="pick-14"' in html
    assert 'data-testid="review-4"' not in html  # a draft: not waiting for review
    one = signed_in(users["secretariat-own"]).get(
        year_url("workflow:review", year=2020) + "?project=4"
    )
    assert 'data-testid="review-4"' in one.content.decode()
    page = (
        signed_in(users["secretariat-own"])
        .get(year_url("workflow:project", 14, year=2020))
        .content.decode()
    )
    assert "会場の都合で1回のみ開催" in page  # the note shows read-only to the reviewer
    assert year_url("workflow:review", year=2020) + "?project=14" in page


def test_approve_several_at_once_all_or_nothing(users: dict[str, Any], fy2020: PlanYear) -> None:
    fill(4, 14, 23)
    review.submit(users["editor-own"], fy2020, [4, 14])
    client = signed_in(users["secretariat-own"])
    refused = client.post(
        year_url("workflow:review", year=2020),
        {"action": "approve", "projects": ["4", "14", "23"]},
        follow=True,
    )
    html = refused.content.decode()
    assert "23" in html
    assert "どの事業も動かしていません" in html
    assert (state(4), state(14)) == ("submitted", "submitted")
    client.post(
        year_url("workflow:review", year=2020),
        {"action": "return", "projects": ["4"], "comment": ""},
    )
    assert state(4) == "submitted"  # a return needs its reason
    client.post(
        year_url("workflow:review", year=2020), {"action": "approve", "projects": ["4", "14"]}
    )
    assert (state(4), state(14)) == ("approved", "approved")
    editor = signed_in(users["editor-own"])
    assert (
        'data-testid="pick-'
        not in editor.get(year_url("workflow:review", year=2020) + "?state=all").content.decode()
    )


def _all_approved(plan_year: PlanYear, secretariat: Any) -> None:
    ProjectYear.objects.filter(fiscal_year=2020).update(state=ProjectYear.State.SUBMITTED)
    review.approve(secretariat, plan_year, range(1, 41))
    # the headline KPIs (基本KPI) are reviewed on their own page; approved here as a whole
    IndicatorYear.objects.filter(fiscal_year=2020, indicator__project__isnull=True).update(
        state=ProjectYear.State.APPROVED
    )


def test_ready_then_publish_after_the_preview_then_a_correction(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    secretariat = users["secretariat-own"]
    client = signed_in(secretariat)
    preview = client.get(year_url("web:publish", year=2020))
    assert preview.status_code == 200
    assert 'data-testid="pending"' in preview.content.decode()
    assert client.post(year_url("web:publish", year=2020), {"note": ""}).status_code == 409
    fill(4, text="16件")
    _all_approved(fy2020, secretariat)
    board = client.get("/entry/").content.decode()
    assert 'data-testid="ready-2020"' in board
    assert "入力受付中" not in board.split('data-testid="year-status-2020">')[1][:40]
    html = client.get(year_url("web:publish", year=2020)).content.decode()
    seen = re.search(r'name="seen" value="(\w+)"', html)
    assert seen is not None
    IndicatorYear.objects.filter(indicator__project__number=4, fiscal_year=2020).update(
        actual_text="17件"
    )  # changed after the preview: publishing it unseen is refused
    stale = client.post(year_url("web:publish", year=2020), {"note": "x", "seen": seen.group(1)})
    assert stale.status_code == 409
    assert not Edition.objects.filter(plan_year=fy2020).exists()
    fill(4, text="16件")
    html = client.get(year_url("web:publish", year=2020)).content.decode()
    assert "2019年度 第1版" in html  # the first edition of 2020 is compared with 2019's
    assert "16件" in html
    assert 'data-testid="pending"' not in html
    assert signed_in(users["editor-own"]).get(year_url("web:publish", year=2020)).status_code == 403
    done = client.post(year_url("web:publish", year=2020), {"note": "2020年度 実施状況等一覧"})
    assert done.status_code == 302
    edition = Edition.objects.get(plan_year=fy2020)
    assert edition.number == 1
    assert edition.published_by == secretariat
    assert 'data-testid="reissue-2020"' in client.get("/downloads/").content.decode()
    again = client.get(year_url("web:publish", year=2020)).content.decode()
    assert "2020年度 第1版" in again
    assert client.post(year_url("web:publish", year=2020), {"note": " "}).status_code == 400
    client.post(year_url("web:publish", year=2020), {"note": "誤記の訂正"})
    assert list(Edition.objects.filter(plan_year=fy2020).values_list("number", "note")) == [
        (1, "2020年度 実施状況等一覧"),
        (2, "誤記の訂正"),
    ]


def test_the_secretariat_pages_in_english(users: dict[str, Any], fy2020: PlanYear) -> None:
    """(The language the requests activate is put back afterwards: later tests read Japanese.)"""
    with translation.override(translation.get_language()):
        _english_pages(users, fy2020)


def _english_pages(users: dict[str, Any], fy2020: PlanYear) -> None:
    fill(4)
    review.submit(users["editor-own"], fy2020, [4])
    client = signed_in(users["secretariat-own"])
    client.cookies["django_language"] = "en"
    board = client.get("/entry/").content.decode()
    assert "Review submitted projects (1)" in board
    assert "Download the entry workbook (Excel)" in board
    page = client.get(year_url("workflow:review", year=2020)).content.decode()
    assert "Review of submitted projects" in page
    assert "0 of 40 projects approved, 1 waiting for review" in page
    refused = client.post(
        year_url("workflow:review", year=2020), {"action": "approve", "projects": ["4", "5"]}
    )
    assert refused.status_code == 302
    messages = client.get(year_url("workflow:review", year=2020)).content.decode()
    assert "No project was moved" in messages
    preview = client.get(year_url("web:publish", year=2020)).content.decode()
    assert "Publish FY2020" in preview
    assert "Against the last edition (FY2019, edition 1)" in preview
