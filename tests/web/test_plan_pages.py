"""A plan's own pages (issue 16, items 3 and 5): the end-of-plan summary (期末評価) on the web
and as a PDF, built from the published years only for an anonymous visitor; the lineage to the
plan before, confirmed on the web by the area's secretariat only, all or nothing, with its audit
record; and ``hyoka import --bundled`` loading the demo's two plans and their lineage."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from hyoka.cli import main
from hyoka.evaluation import lineage
from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.publishing.demo import load_demo
from hyoka.workflow import services
from tests.factories import (
    OTHER_MEMBERS,
    PASSWORD,
    SAPPORO,
    import_other_area,
    import_plan2,
    import_seed,
    make_user,
)

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def demo() -> tuple[Plan, Plan]:
    loaded = load_demo()
    return loaded.imports[0].plan, loaded.imports[1].plan


def test_the_summary_page_and_its_pdf(demo: tuple[Plan, Plan]) -> None:
    plan1, plan2 = demo
    page = Client().get(f"/plans/{plan1.pk}/summary/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "期末評価" in text
    assert "85.1%" in text  # 40 of the 47 rated at the end (FY2019: the last year there is)
    assert "第2期さっぽろ連携中枢都市圏ビジョン" in text  # what continued into plan 2
    assert "誘致施策を活用した立地企業数" in text
    pdf = Client().get(f"/plans/{plan1.pk}/summary.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "期末の達成割合 85.1%" in words
    assert "一度も評価できなかった評価指標（8）" in words
    # linked from the downloads page
    downloads = Client().get("/downloads/").content.decode()
    assert f"/plans/{plan1.pk}/summary/" in downloads
    assert f"/plans/{plan2.pk}/lineage/" in downloads
    assert Client().get("/plans/999/summary/").status_code == 404
    # in English, the data in Japanese
    english = Client()
    english.cookies["django_language"] = "en"
    text = english.get(f"/plans/{plan1.pk}/summary/").content.decode()
    assert "Share achieved at the end" in text
    assert "continuing" in text.lower()
    now = plan2.projects.get(number=3).indicators.get(position=1)
    assert f"/indicators/{now.uid}/" in text  # what continued links to it


def test_the_cli_writes_the_same_pdf(demo: tuple[Plan, Plan], tmp_path: Any) -> None:
    out = tmp_path / "kimatsu.pdf"
    assert main(["summary", "--plan", "2019-2023", "--format", "pdf", "-o", str(out)]) == 0
    words = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "期末の達成割合 85.1%" in words
    assert main(["summary", "--format", "pdf"]) == 2  # no file named


def test_anonymous_visitors_see_a_summary_of_the_published_years_only(
    demo: tuple[Plan, Plan],
) -> None:
    plan1, plan2 = demo
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan1, 2020)
    PlanYear.objects.filter(plan=plan2).update(status=PlanYear.Status.OPEN)
    anonymous = Client().get(f"/plans/{plan1.pk}/summary/").content.decode()
    assert "2019, 2020" not in anonymous
    assert "公表済みの年度のみ" in anonymous
    assert "第2期" not in anonymous  # plan 2 has no published year: not named
    assert Client().get(f"/plans/{plan2.pk}/summary/").status_code == 404
    assert Client().get(f"/plans/{plan2.pk}/summary.pdf").status_code == 404
    assert Client().get(f"/plans/{plan2.pk}/lineage/").status_code == 404
    member = _client(secretariat).get(f"/plans/{plan1.pk}/summary/").content.decode()
    assert "2019, 2020" in member
    assert "第2期" in member


@pytest.fixture
def plans() -> tuple[Plan, Plan]:
    """Plan 1 and plan 2 imported, no lineage recorded yet."""
    return import_seed().plan, import_plan2().plan


def _form(old: Plan, new: Plan, **change: tuple[str, str]) -> dict[str, str]:
    """The lineage page's form as proposed, with ``change`` (``indicator_4_1=(kind, from)``)."""
    data = {}
    for x in lineage.review(old, new)[0]:
        r = x.row
        data[f"kind-{r.item}-{r.to}"], data[f"from-{r.item}-{r.to}"] = r.lineage, r.from_
    for key, (kind, before) in change.items():
        item, to = key.split("_", 1)
        data[f"kind-{item}-{to.replace('_', '-')}"] = kind
        data[f"from-{item}-{to.replace('_', '-')}"] = before
    return data


def _state() -> list[tuple[int, str, int | None]]:
    return [
        *Project.objects.order_by("pk").values_list("pk", "lineage", "predecessor_id"),
        *Indicator.objects.order_by("pk").values_list("pk", "lineage", "predecessor_id"),
    ]


def test_only_the_areas_secretariat_confirms_the_lineage(plans: tuple[Plan, Plan]) -> None:
    old, new = plans
    url = f"/plans/{new.pk}/lineage/"
    import_other_area()
    outsider = make_user("sec-kamome", OTHER_MEMBERS[0][0], "secretariat")
    editor = make_user("ed", SAPPORO, "editor")
    secretariat = make_user("sec", SAPPORO, "secretariat")
    before = _state()
    form = _form(old, new)
    for who in (None, editor, outsider):
        c = _client(who)
        page = c.get(url)
        assert page.status_code == 200
        assert 'name="kind-' not in page.content.decode()  # read-only
        assert "確定したつながりはまだありません" in page.content.decode()
        assert c.post(url, form).status_code == 403
    assert _state() == before
    # the area's secretariat sees the names' proposal and confirms it, one change made
    c = _client(secretariat)
    page = c.get(url).content.decode()
    assert 'name="kind-indicator-4-1"' in page
    assert "提案" in page
    answer = c.post(url, _form(old, new, indicator_4_1=("replacing", "3-2")))
    assert answer.status_code == 302
    four = new.indicators.get(project__number=4)
    assert (four.lineage, four.predecessor) == (
        "replacing",
        old.projects.get(number=3).indicators.get(position=2),
    )
    assert old.projects.get(number=40).lineage == "ended"
    last = four.history.first()
    assert (last.history_user, last.history_change_reason) == (
        secretariat,
        "計画間のつながり: ウェブ画面",
    )
    # everyone else now sees it, read-only
    shown = Client().get(url).content.decode()
    assert "置き換え" in shown
    assert 'name="kind-' not in shown
    assert 'data-testid="confirmed"' in shown


def test_a_refused_row_writes_nothing(plans: tuple[Plan, Plan]) -> None:
    old, new = plans
    url = f"/plans/{new.pk}/lineage/"
    c = _client(make_user("sec", SAPPORO, "secretariat"))
    before = _state()
    # continuing with no predecessor: the row is refused, and so is everything
    answer = c.post(url, _form(old, new, indicator_3_1=("continuing", "")))
    assert answer.status_code == 400
    assert "前の計画にない番号です" in answer.content.decode()
    assert _state() == before
    # a text the gate refuses (a control character) likewise
    answer = c.post(url, _form(old, new, indicator_3_1=("continuing", "3-1\x00")))
    assert answer.status_code == 400
    assert "制御文字" in answer.content.decode()
    assert _state() == before
    # an item of plan 1 ended, then carried on again: no longer ended
    assert c.post(url, _form(old, new)).status_code == 302
    ended = old.projects.get(number=3).indicators.get(position=2)
    assert Indicator.objects.get(pk=ended.pk).lineage == "ended"
    assert c.post(url, _form(old, new, indicator_4_1=("replacing", "3-2"))).status_code == 302
    assert Indicator.objects.get(pk=ended.pk).lineage == ""


def test_import_bundled_loads_both_plans_and_the_lineage(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--bundled"]) == 0
    out = capsys.readouterr().out
    assert "sapporo-fy2019 (bundled)" in out
    assert "sapporo-fy2024-example (bundled)" in out
    years = PlanYear.objects.order_by("fiscal_year")
    assert [(y.plan.start_year, y.fiscal_year) for y in years] == [(2019, 2019), (2024, 2024)]
    plan1, plan2 = (y.plan for y in years)
    assert {"continuing", "revised", "replacing", "new"} <= set(
        plan2.indicators.values_list("lineage", flat=True)
    )
    assert plan1.indicators.filter(aggregation="sum").count() == 6  # as hyoka serve loads it
    assert main(["import", "--bundled"]) == 0  # again: nothing new
    assert "already recorded" in capsys.readouterr().out
    assert PlanYear.objects.count() == 2
    assert main(["import", "--bundled", "--plan", "2024-2028"]) == 2
    # one bundled list by its name, as before
    assert main(["import", "--bundled", "sapporo-fy2019"]) == 0


def test_the_indicator_page_shows_one_path_across_both_plans(demo: tuple[Plan, Plan]) -> None:
    plan1, plan2 = demo
    now = plan2.projects.get(number=3).indicators.get(position=1)  # continues plan 1's 3-1
    before = now.predecessor
    assert (now.lineage, before.plan) == ("continuing", plan1)
    page = Client().get(f"/indicators/{now.uid}/").content.decode()
    first, second = page.index('data-testid="path-2019"'), page.index('data-testid="path-2024"')
    assert first < second  # plan 1's years, then plan 2's
    assert f"/indicators/{before.uid}/" in page
    assert "2019（令和元年度）" in page
    assert "2024（令和6年度）" in page
    assert "次の計画で継続" in page
    # plan 1's indicator leads on to plan 2's
    back = Client().get(f"/indicators/{before.uid}/").content.decode()
    assert f"/indicators/{now.uid}/" in back
    # a plan with no published year is not named to an anonymous visitor, nor that it continues
    PlanYear.objects.filter(plan=plan2).update(status=PlanYear.Status.OPEN)
    back = Client().get(f"/indicators/{before.uid}/").content.decode()
    assert f"/indicators/{now.uid}/" not in back
    assert "次の計画で" not in back
    PlanYear.objects.filter(plan=plan2).update(status=PlanYear.Status.PUBLISHED)
    # an indicator no lineage links shows its own years only
    new = plan2.indicators.filter(lineage="new").first()
    assert 'data-testid="path-' not in Client().get(f"/indicators/{new.uid}/").content.decode()
