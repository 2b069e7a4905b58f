"""Editions: an imported official list is edition 1; corrections make new editions; editions
never change; a year is published only when every project is approved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hyoka.evaluation.imports import ImportResult
from hyoka.evaluation.models import PlanYear, ProjectYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.publishing import services
from hyoka.publishing.imports import import_status_list
from hyoka.publishing.models import Edition, EditionIsImmutable
from hyoka.reports.statuslist import Change
from hyoka.workflow.services import WorkflowError
from tests.factories import plan_of, year_url

pytestmark = pytest.mark.django_db


def test_imported_official_list_is_edition_1(imported: ImportResult) -> None:
    assert imported.edition == 1
    edition = Edition.objects.get()
    assert (edition.number, edition.data["fiscal_year"]) == (1, 2019)
    names = [p["name"] for r in edition.data["roles"] for p in r["projects"]]
    assert len(names) == 40
    data = bundled_bytes()
    again = import_status_list(read_status_list(data, "again"), data)
    assert again.edition is None  # the same figures: no new edition
    assert Edition.objects.count() == 1


def test_a_field_the_report_gained_since_is_no_new_edition(imported: ImportResult) -> None:
    """An edition frozen before the report had ``predecessor`` and ``lineage``: the same list
    imported again after the upgrade is no correction."""

    def drop(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: drop(v) for k, v in x.items() if k not in ("predecessor", "lineage")}
        return [drop(v) for v in x] if isinstance(x, list) else x

    Edition.objects.update(data=drop(Edition.objects.get().data))
    data = bundled_bytes()
    assert import_status_list(read_status_list(data, "again"), data).edition is None
    assert Edition.objects.count() == 1


def test_a_correction_is_a_new_edition_and_the_diff_shows_it(imported: ImportResult) -> None:
    text = bundled_bytes().decode().replace("10件程度 29人", "10件程度 45人")
    again = import_status_list(read_status_list(text.encode(), "corrected.txt"))
    assert again.edition == 2
    first, second = (services.report_for(2019, n) for n in (1, 2))
    changes = services.diff(first, second)
    assert [(c.project, c.indicator[:6]) for c in changes] == [
        (1, "本ビジョンに"),
        (14, "「健康医療×"),
    ]
    row = changes[1].changes
    assert Change("実績値", "29人", "45人") in row
    assert Change("評価（算出）", "×", "◎") in row
    # as the API's preview serves it
    served = changes[1].to_json()["changes"]
    assert {"field": "実績値", "before": "29人", "after": "45人"} in served


def test_editions_are_immutable(imported: ImportResult) -> None:
    edition = Edition.objects.get()
    edition.note = "changed"
    with pytest.raises(EditionIsImmutable):
        edition.save()
    with pytest.raises(EditionIsImmutable):
        edition.delete()


def test_publish_needs_every_project_approved(imported: ImportResult, admin_user: Any) -> None:
    py = PlanYear.objects.get()
    ProjectYear.objects.filter(project__number=3).update(state="submitted")
    with pytest.raises(WorkflowError, match="3"):
        services.publish(admin_user, py)
    ProjectYear.objects.filter(project__number=3).update(state="approved")
    edition = services.publish(admin_user, py, "再公表")
    assert (edition.number, edition.published_by, edition.note) == (2, admin_user, "再公表")


def test_report_for_unknown_year_or_edition(imported: ImportResult) -> None:
    with pytest.raises(services.NotFound, match="2019"):
        services.report_for(2030)
    with pytest.raises(services.NotFound, match="公表版: 1"):
        services.report_for(2019, 9)


def test_downloads_and_changes_pages(imported: ImportResult) -> None:
    from django.test import Client

    text = bundled_bytes().decode().replace("10件程度 29人", "10件程度 45人")
    import_status_list(read_status_list(text.encode(), "corrected.txt"))
    client = Client()
    page = client.get("/downloads/").content.decode()
    assert "第1版" in page
    assert "第2版" in page
    assert year_url("web:export", "pdf") + "?edition=2" in page
    changes = client.get(
        reverse("web:changes", args=[plan_of(2019).pk]) + "?year=2019&from=1&to=2"
    ).content.decode()
    assert "29人" in changes
    assert "45人" in changes
    csv = client.get(
        reverse("web:changes", args=[plan_of(2019).pk]) + "?year=2019&from=1&to=2&format=csv"
    )
    assert csv.content.decode().startswith("\ufeff事業,")
    assert (
        client.get(
            reverse("web:changes", args=[plan_of(2019).pk]) + "?year=2019&from=1&to=7"
        ).status_code
        == 404
    )
