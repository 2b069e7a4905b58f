"""The status-list page's cost does not grow with its rows, and what it keeps is never stale.

The page's body is kept per data version (``hyoka.evaluation.queries.cached``); on PostgreSQL
the data version is a digest of the row versions, so a kept body is served with one query and
any write — through a service, ``QuerySet.update()``, a delete — shows at once.  On SQLite
nothing is kept, and these tests check the same answers there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hyoka.evaluation import queries
from hyoka.evaluation.imports import ImportResult
from hyoka.evaluation.models import IndicatorYear, ProjectYear
from hyoka.plans.models import Indicator, Project
from hyoka.workflow import entering, services
from tests.factories import SAPPORO, make_user, year_url

pytestmark = pytest.mark.django_db

KEEPS = connection.vendor == "postgresql"


def add_projects(imported: ImportResult, n: int) -> None:
    """``n`` more projects, each with two indicators rated in FY2019."""
    plan = imported.plan
    role = Project.objects.filter(plan=plan).first().role  # type: ignore[union-attr]
    start = Project.objects.filter(plan=plan).order_by("-number").first().number + 1  # type: ignore[union-attr]
    for number in range(start, start + n):
        p = Project.objects.create(plan=plan, number=number, name=f"追加事業{number}", role=role)
        ProjectYear.objects.create(project=p, fiscal_year=2019, computed="◎")
        for pos in (1, 2):
            ind = Indicator.objects.create(
                plan=plan,
                project=p,
                position=pos,
                name=f"指標{number}-{pos}",
                baseline_text="1回",
                target_text="2回/年度",
            )
            IndicatorYear.objects.create(
                indicator=ind, fiscal_year=2019, actual_text="2回", computed="◎", reason="満たす"
            )


def queries_of(get: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        get()
    return len(captured.captured_queries)


def test_page_queries_do_not_grow_with_rows(imported: ImportResult) -> None:
    client = Client()
    url = year_url("web:status_list")
    queries.KEPT.clear()
    before = queries_of(lambda: client.get(url))
    add_projects(imported, 15)
    queries.KEPT.clear()
    html = ""

    def get() -> None:
        nonlocal html
        html = client.get(url).content.decode()

    after = queries_of(get)
    assert "追加事業55" in html
    assert after == before
    # the data version, the year, roles, projects, indicators, their years…, the switcher's years
    assert before <= 11


def test_kept_page_costs_one_query_and_is_the_same_page(imported: ImportResult) -> None:
    client = Client()
    queries.KEPT.clear()
    url = year_url("web:status_list") + "?rating=×"
    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url)

    def main(r: object) -> str:  # the header differs: it carries a fresh CSRF token
        return r.content.decode().split('<main id="main"', 1)[1]  # type: ignore[attr-defined]

    assert main(second) == main(first)
    if KEEPS:
        assert len(captured.captured_queries) == 1, captured.captured_queries


def shown(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'data-project="(\d+)"', html)}


def test_every_kind_of_write_shows_at_once(imported: ImportResult) -> None:
    client = Client()
    assert "12,345,678人" not in client.get(year_url("web:status_list")).content.decode()
    # an update that sends no signal and saves no history
    iy = IndicatorYear.objects.filter(indicator__project__number=2).first()
    assert iy is not None
    IndicatorYear.objects.filter(pk=iy.pk).update(actual_text="12,345,678人")
    assert "12,345,678人" in client.get(year_url("web:status_list")).content.decode()
    # a project's participants (the municipality filter)
    assert 2 in shown(
        client.get(year_url("web:status_list") + "?municipality=012033").content.decode()
    )
    p2 = Project.objects.get(plan=imported.plan, number=2)
    p2.participants.clear()
    p2.lead = None
    p2.save()
    assert 2 not in shown(
        client.get(year_url("web:status_list") + "?municipality=012033").content.decode()
    )
    # a delete
    Project.objects.filter(plan=imported.plan, number=3).delete()
    assert 3 not in shown(client.get(year_url("web:status_list")).content.decode())


def test_language_and_drafts_are_part_of_the_key(imported: ImportResult) -> None:
    ja = Client().get("/", follow=True).content.decode()
    en = Client(headers={"Accept-Language": "en"}).get("/", follow=True).content.decode()
    assert "評価凡例" in ja
    assert "評価凡例" not in en
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, imported.plan, 2020)
    anonymous = Client().get("/", follow=True).content.decode()
    member = Client()
    member.force_login(secretariat)
    drafts = member.get("/", follow=True).content.decode()
    assert "2019" in anonymous.split("<h1", 1)[1][:200]
    assert "2020" not in anonymous.split("<h1", 1)[1][:200]
    assert "2020" in drafts.split("<h1", 1)[1][:200]
    # the header is the visitor's own even when the body is kept
    assert "sec" in member.get("/", follow=True).content.decode()
    assert 'data-testid="login-link"' in Client().get("/", follow=True).content.decode()


@pytest.mark.skipif(not KEEPS, reason="a data version exists on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_data_version_is_one_small_query_and_moves_with_its_plans_writes(
    imported: ImportResult,
) -> None:
    """The version of a plan is read with one query of two rows (its own, the index's); every
    kind of write to the plan's rows moves it, in the same transaction; another plan's writes
    leave it alone, but for a new plan (the index)."""
    from hyoka.plans.models import Plan, Role

    plan = imported.plan
    first = queries.data_version(plan.pk)
    assert queries_of(lambda: queries.data_version(plan.pk)) == 1
    assert queries.data_version(plan.pk) == first
    IndicatorYear.objects.filter(fiscal_year=2019).update(note="更新")
    second = queries.data_version(plan.pk)
    assert second != first
    ProjectYear.objects.filter(fiscal_year=2019).delete()
    assert queries.data_version(plan.pk) not in (first, second)
    before = queries.data_version(plan.pk)
    other = Plan.objects.create(area=plan.area, name="第2期", start_year=2024, end_year=2028)
    # a new plan moves the index (which plans there are: the switcher, the latest plan)
    assert queries.data_version(plan.pk) != before
    before, everything = queries.data_version(plan.pk), queries.data_version()
    Role.objects.create(plan=other, label="ア", title="圏域全体の経済成長のけん引")
    assert queries.data_version(plan.pk) == before
    assert queries.data_version() != everything


def test_drafts_are_seen_in_the_members_own_area_only(imported: ImportResult) -> None:
    """A member of another area's organisation sees this area's published years only: on the
    list, a project, an indicator, the downloads and the exports (as in the API)."""
    from hyoka.accounts.models import Membership
    from hyoka.plans.models import Area, Municipality

    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, imported.plan, 2020)
    elsewhere = Area.objects.create(name="よその圏域", slug="elsewhere")
    town = Municipality.objects.create(code="999997", name="よその町", area=elsewhere)
    outsider = make_user("outsider", None, None)
    Membership.objects.create(user=outsider, municipality=town, duty="secretariat")
    inside, outside = Client(), Client()
    inside.force_login(secretariat)
    outside.force_login(outsider)

    def heading(client: Client, url: str) -> str:
        return client.get(url, follow=True).content.decode().split("<h1", 1)[1][:200]

    assert "2020" in heading(inside, "/")
    assert "2020" not in heading(outside, "/")
    assert "2019" in heading(outside, "/")
    assert outside.get(year_url("web:status_list", year=2020)).status_code == 404
    assert outside.get(year_url("web:project", 14, year=2020)).status_code == 404
    assert inside.get(year_url("web:project", 14, year=2020)).status_code == 200
    assert outside.get(year_url("web:export", "json", year=2020)).status_code == 404
    assert "2020" in inside.get("/downloads/").content.decode()
    assert "2020年度" not in outside.get("/downloads/").content.decode()
    uid = Project.objects.get(plan=imported.plan, number=14).indicators.first().uid  # type: ignore[union-attr]
    entering.enter_actual(
        secretariat,
        Indicator.objects.get(uid=uid),
        2020,
        "12,345人",
        version=None,
        note="テスト",
        confirmed=True,
    )
    assert "12,345人" in inside.get(f"/indicators/{uid}/").content.decode()
    assert "12,345人" not in outside.get(f"/indicators/{uid}/").content.decode()
