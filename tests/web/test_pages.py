"""The pages, through Django's test client (the browser walk is in test_browser.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hyoka.evaluation.imports import ImportResult
from hyoka.plans.models import Indicator, Project
from tests.factories import year_url

pytestmark = pytest.mark.django_db


def test_home_lists_all_40_projects_by_name(client: Client, imported: ImportResult) -> None:
    html = client.get(year_url("web:status_list")).content.decode()
    for p in Project.objects.all():
        assert p.name in html, p.number
    assert len(re.findall(r'<tr class="project first', html)) == 40
    assert "85.1%" in html
    assert "【基本KPI】" in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("rating=×", [6, 9, 14, 24, 32], [2, 3, 36]),
        ("disagreement=1", [14, 32, 36], [1, 2, 6]),
        ("role=イ", [10, 15], [9, 16]),
        ("role=B", [31, 37], [30, 38]),
        ("municipality=012033", [7, 39], [1, 40]),  # 小樽市 as the document names it
    ],
)
def test_filters(
    client: Client, imported: ImportResult, query: str, present: list[int], absent: list[int]
) -> None:
    html = client.get(year_url("web:status_list") + f"?{query}").content.decode()
    shown = {int(n) for n in re.findall(r'data-project="(\d+)"', html)}
    assert set(present) <= shown
    assert not set(absent) & shown


def test_project_14_shows_published_beside_computed(client: Client, imported: ImportResult) -> None:
    html = client.get(year_url("web:project", 14)).content.decode()
    assert re.search(r'data-testid="published">.*?○', html, re.S)
    assert re.search(r'data-testid="computed">.*?×', html, re.S)
    assert "実績「29人」は目標「45人/年度」を下回る" in html
    assert "達成見込" in html  # the symbol's meaning for screen readers


def test_indicator_page_has_a_chart(client: Client, imported: ImportResult) -> None:
    ind = Indicator.objects.get(kind="headline", position=4)
    html = client.get(f"/indicators/{ind.uid}/").content.decode()
    assert "<svg" in html
    assert "▲1,400人 (2023年)" in html


def test_dashboard(client: Client, imported: ImportResult) -> None:
    html = client.get(year_url("web:dashboard")).content.decode()
    assert "85.1%" in html
    assert html.count("<svg") >= 2
    assert "29人" in html


def test_english(client: Client, imported: ImportResult) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(year_url("web:project", 14)).content.decode()
    assert '<html lang="en">' in html
    assert "falls short of" in html


def test_404s(client: Client, imported: ImportResult) -> None:
    assert client.get(year_url("web:project", 99)).status_code == 404
    assert client.get("/indicators/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_empty_database_says_what_to_do(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 404
