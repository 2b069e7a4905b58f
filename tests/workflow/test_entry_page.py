"""What a user notices on the entry page (issue 13.7): last year's value beside the field (not
as its placeholder), a refused save keeping every typed value with its own preview, and the
reasons in English on the English page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Plan
from tests.factories import PASSWORD, year_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese_afterwards() -> Iterator[None]:
    """The English page leaves English active in this thread: the next tests read Japanese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_last_years_value_is_beside_the_field_not_its_placeholder(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    page = (
        _client(users["editor-own"])
        .get(year_url("workflow:project", 14, year=2020))
        .content.decode()
    )
    assert "placeholder=" not in page
    last = re.findall(r'data-testid="last-(\d)">([^<]*)<', page)
    assert last == [("1", "10件程度"), ("2", "29人")]  # FY2019's actuals


def test_a_refused_save_keeps_what_was_typed_and_its_own_preview(
    plan: Plan, fy2020: PlanYear, users: Any
) -> None:
    ind = plan.projects.get(number=14).indicators.get(position=2)  # target 45人/年度
    other = plan.projects.get(number=14).indicators.get(position=1)
    form = {
        f"text-{ind.uid}": "12人",  # × without a 説明: the save is refused as a whole
        f"version-{ind.uid}": "0",
        f"text-{other.uid}": "12件",
        f"version-{other.uid}": "0",
        "notes": "・セミナーを開催",
    }
    answer = _client(users["editor-own"]).post(year_url("workflow:project", 14, year=2020), form)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'value="12人"' in page
    assert 'value="12件"' in page
    assert "・セミナーを開催" in page
    found = re.findall(r'data-rating="([^"]*)" data-testid="understood-(\d)"', page)
    outputs = {position: rating for rating, position in found}
    assert outputs == {"2": "×", "1": "◎"}  # what was typed, though nothing was saved
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).actual_text == ""
    # the fields that were fine are not saved either: the form is one save, all or nothing
    assert IndicatorYear.objects.get(indicator=other, fiscal_year=2020).actual_text == ""
    assert ProjectYear.objects.get(project=ind.project, fiscal_year=2020).notes == ""


def test_reasons_in_english_on_the_english_page(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    client = _client(users["editor-own"])
    ind = plan.projects.get(number=14).indicators.get(position=2)
    client.post(
        year_url("workflow:project", 14, year=2020),
        {f"text-{ind.uid}": "60人", f"version-{ind.uid}": "0"},
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(year_url("workflow:project", 14, year=2020)).content.decode()
    reason = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).reason_en
    assert reason
    assert reason in page.replace("&#x27;", "'").replace("&gt;", ">")
    preview = client.get(
        "/entry/preview/", {"indicator": str(ind.uid), "year": 2020, "text": "12人"}
    ).json()
    assert preview["code"] == "not_achieved"
    assert preview["reason_en"]


def test_the_history_in_english(plan: Plan, fy2020: PlanYear, users: Any) -> None:
    client = _client(users["editor-own"])
    ind = plan.projects.get(number=14).indicators.get(position=2)
    client.post(
        year_url("workflow:project", 14, year=2020),
        {f"text-{ind.uid}": "60人", f"version-{ind.uid}": "0"},
    )
    row = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/history/indicators/{ind.uid}/").content.decode()
    page = page.replace("&#x27;", "'").replace("&gt;", ">").replace("&quot;", '"')
    assert row.reason_en in page
    assert row.reason not in page
    assert "re-rated" in page
    assert "再評価" not in page
