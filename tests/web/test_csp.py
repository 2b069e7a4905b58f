"""The Content-Security-Policy (django-csp, hyoka.settings) and the pages under it: in
Chromium, the public pages, the charts, the entry form's live preview, the admin and the API
docs load without a single violation; bidirectional formatting characters are shown escaped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from hyoka.evaluation.models import IndicatorYear
from hyoka.plans.models import Indicator, Project
from hyoka.workflow import entering, services
from tests.factories import PASSWORD, SAPPORO, import_seed, make_user, plan_of, year_url
from tests.web import test_browser as web

browser = web.browser  # the module-scoped Chromium of the web tests

#: collects every violation the page reports (the init script runs before the page's own)
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport=web.VIEWPORT, locale="ja-JP")
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page, console
    context.close()


def _violations(page: Page, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__csp || []")) + console


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_load_without_a_violation(live_server: Any, watched: tuple[Page, list[str]]) -> None:
    plan = import_seed().plan
    secretariat = make_user("sapporo-secretariat", SAPPORO, "secretariat", is_staff=True)
    secretariat.is_superuser = True
    secretariat.save()
    services.open_year(secretariat, plan, 2020)
    page, console = watched
    base = live_server.url
    uid = Indicator.objects.filter(project__number=14).order_by("position").first().uid  # type: ignore[union-attr]
    for path in (
        "/",
        year_url("web:project", 14),
        f"/indicators/{uid}/",
        year_url("web:dashboard"),
        "/downloads/",
        reverse("web:changes", args=[plan_of(2019).pk]) + "?year=2019",
        "/api/v1/docs",
        "/accounts/login/",
        "/no-such-page/",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], path
    expect(page.locator("body")).to_be_visible()
    page.goto(base + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()  # the docs' script ran
    # signed in: the entry form, its live preview (a static script fetching /entry/preview/)
    page.goto(base + "/accounts/login/")
    page.get_by_label("利用者名").fill("sapporo-secretariat")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("login").click()
    page.wait_for_load_state("networkidle")
    page.goto(base + year_url("workflow:project", 14, year=2020))
    page.get_by_test_id("text-2").fill("46人")
    expect(page.locator("#out-2")).to_have_attribute("data-rating", "◎", timeout=10_000)
    for path in ("/entry/", "/admin/", "/admin/plans/project/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], path


@pytest.mark.django_db
def test_the_policy_header() -> None:
    import_seed()
    policy = Client().get(year_url("web:status_list"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    # the HTML export is a standalone document with its own styles
    policy = Client().get(year_url("web:export", "html"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"


@pytest.mark.django_db
def test_bidi_characters_are_shown_escaped(client: Client) -> None:
    plan = import_seed().plan
    Project.objects.filter(plan=plan, number=14).update(name="札幌市\u202e人000,01\u202c")
    page = client.get(year_url("web:project", 14)).content.decode()
    assert "札幌市[U+202E]人000,01[U+202C]" in page
    assert "\u202e" not in page
    page = client.get("/", follow=True).content.decode()
    assert "[U+202E]" in page
    assert "\u202e" not in page


@pytest.mark.django_db
def test_bidi_characters_stay_as_stored_where_they_are_edited() -> None:
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    project = Project.objects.get(plan=plan, number=14)
    entering.enter_notes(secretariat, project, 2020, "右\u202e左", version=0)
    ind = project.indicators.get(position=2)
    entering.enter_actual(secretariat, ind, 2020, "46人\u2066", version=0, confirmed=True)
    assert IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).actual_text == "46人\u2066"
    client = Client()
    client.force_login(secretariat)
    page = client.get(year_url("workflow:project", 14, year=2020)).content.decode()
    assert 'value="46人\u2066"' in page  # the input keeps it: saving gives back what was stored
    assert "右\u202e左</textarea>" in page
