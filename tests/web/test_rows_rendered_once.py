"""The status list renders each project's rows once per everything they show and keeps them
(:func:`hyoka.web.templatetags.hyoka.project_rows`): after a save, the list renders again only
the project the save changed — on SQLite (where no page is kept whole) as on PostgreSQL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.signals import template_rendered

from hyoka.evaluation import queries
from hyoka.evaluation.imports import ImportResult
from hyoka.plans.models import Indicator
from hyoka.web.templatetags.hyoka import _project_rows
from hyoka.workflow import entering, services
from tests.factories import SAPPORO, make_user

pytestmark = pytest.mark.django_db

ROWS = "web/_project_rows.html"


def rendered_rows(client: Client, url: str) -> tuple[int, bytes]:
    """How many projects' rows a GET of ``url`` rendered, and the page."""
    names: list[str] = []

    def seen(sender: object, template: object, **_: object) -> None:
        names.append(getattr(template, "name", ""))

    template_rendered.connect(seen)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(seen)
    assert response.status_code == 200
    return names.count(ROWS), response.content


def test_a_save_renders_again_only_the_project_it_changed(imported: ImportResult) -> None:
    plan = imported.plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    client = Client()
    client.force_login(secretariat)
    url = f"/plans/{plan.pk}/2020/"
    _project_rows.cache_clear()
    queries.KEPT.clear()
    projects = plan.projects.count()
    first, page = rendered_rows(client, url)
    assert first == projects  # every project once
    queries.KEPT.clear()  # as after a write elsewhere: the page is built again
    again, same = rendered_rows(client, url)
    assert again == 0
    assert same.count(b'<tr class="project') == page.count(b'<tr class="project')
    ind = (
        Indicator.objects.filter(plan=plan, project__isnull=False, aggregation="")
        .exclude(kind=Indicator.Kind.ACHIEVEMENT)
        .order_by("project__number", "position")
        .first()
    )
    assert ind is not None
    assert ind.project is not None
    entering.enter_actual(secretariat, ind, 2020, "3件", version=0, note="説明", confirmed=True)
    after, changed = rendered_rows(client, url)
    assert after == 1  # only the project whose figure changed
    assert "3件".encode() in changed
    assert "3件".encode() not in page


def test_the_rows_kept_follow_the_language(imported: ImportResult) -> None:
    url = f"/plans/{imported.plan.pk}/2019/"
    _project_rows.cache_clear()
    queries.KEPT.clear()
    ja = Client(HTTP_ACCEPT_LANGUAGE="ja").get(url).content
    en = Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content
    assert "未達成".encode() in ja or "達成".encode() in ja
    assert b"achieved" in en
    assert "公表と違う".encode() not in en
