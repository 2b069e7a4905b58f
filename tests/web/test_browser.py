"""The pages in a real browser: Debian's Chromium driven through Playwright, against
pytest-django's live server with the bundled FY2019 list imported.

Run only these with ``pytest -m browser``. With ``HYOKA_SCREENSHOTS=1`` the walk also saves
full-page screenshots (1440×900 viewport) to ``docs/screenshots/``; without it nothing is written,
so ordinary runs leave the committed screenshots alone.
"""

from __future__ import annotations

import base64
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from hyoka.evaluation.imports import ImportResult
from hyoka.plans.models import Project
from tests.factories import import_plan2, import_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context per test (no language cookie left over), Japanese like its users."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Pages in fresh Japanese contexts (one person each, own cookies), the page's CSP bypassed
    only so that axe can be injected (tests/workflow/test_browser_cycle.py keeps it)."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def status_list() -> ImportResult:
    """The bundled FY2019 list, imported into the (transactional) test database."""
    return import_seed()


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot to docs/screenshots/, only when HYOKA_SCREENSHOTS=1.

    Saved as an 8-bit palette PNG (256 colours picked from the screenshot's own, every pixel
    mapped to the nearest), which keeps the long status list well under 1.5 MB."""
    if os.environ.get("HYOKA_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = page.screenshot(full_page=True, animations="disabled")
    (SCREENSHOTS / name).write_bytes(palette_png(page.context.browser, png))


# Runs in a blank page: decodes the screenshot, picks the palette and returns one palette
# index a pixel, each row led by PNG filter byte 0, base64-encoded.
_QUANTISE = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const w = img.width, h = img.height, n = w * h;
  const canvas = document.createElement("canvas"); canvas.width = w; canvas.height = h;
  const g = canvas.getContext("2d"); g.drawImage(img, 0, 0);
  const a = g.getImageData(0, 0, w, h).data, rgb = new Uint32Array(n), count = new Map();
  for (let i = 0; i < n; i++) {
    const v = (a[4 * i] << 16) | (a[4 * i + 1] << 8) | a[4 * i + 2];
    rgb[i] = v; count.set(v, (count.get(v) || 0) + 1);
  }
  const colours = [...count.keys()], weight = colours.map(v => count.get(v));
  const distance = (v, p) => {
    const dr = (v >> 16) - (p >> 16), dg = ((v >> 8) & 255) - ((p >> 8) & 255);
    const db = (v & 255) - (p & 255);
    return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
  };
  // greedy: each next palette colour is the one with the most pixels times the distance to
  // the palette so far, so flat colours stay exact and rare hues (thin coloured glyphs) still
  // get a colour of their own
  const nearest = colours.map(() => Infinity), palette = [];
  while (palette.length < Math.min(256, colours.length)) {
    let pick = 0, score = -1;
    for (let k = 0; k < colours.length; k++) {
      const sc = palette.length ? weight[k] * nearest[k] : weight[k];
      if (sc > score) { score = sc; pick = k; }
    }
    if (palette.length && score === 0) break;
    palette.push(colours[pick]);
    for (let k = 0; k < colours.length; k++)
      nearest[k] = Math.min(nearest[k], distance(colours[k], colours[pick]));
  }
  const index = new Map();
  for (const v of colours) {
    let best = 0, bestDistance = Infinity;
    for (let j = 0; j < palette.length && bestDistance > 0; j++) {
      const d = distance(v, palette[j]);
      if (d < bestDistance) { bestDistance = d; best = j; }
    }
    index.set(v, best);
  }
  const rows = new Uint8Array(h * (w + 1));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) rows[y * (w + 1) + 1 + x] = index.get(rgb[y * w + x]);
  let s = "";
  for (let i = 0; i < rows.length; i += 32768)
    s += String.fromCharCode.apply(null, rows.subarray(i, i + 32768));
  return {w, h, palette, rows: btoa(s)};
}"""


def palette_png(browser: Browser | None, png: bytes) -> bytes:
    assert browser is not None
    tool = browser.new_page()
    try:
        q = tool.evaluate(_QUANTISE, "data:image/png;base64," + base64.b64encode(png).decode())
    finally:
        tool.close()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", q["w"], q["h"], 8, 3, 0, 0, 0)),
            chunk(b"PLTE", b"".join(v.to_bytes(3, "big") for v in q["palette"])),
            chunk(b"IDAT", zlib.compress(base64.b64decode(q["rows"]), 9)),
            chunk(b"IEND", b""),
        ]
    )


def project_row(page: Page, number: int) -> Locator:
    return page.locator(f'tr.project.first[data-project="{number}"]')


def test_walk_list_filter_project_indicator_language(
    live_server, status_list: ImportResult, page: Page
) -> None:
    # the status list: every project, the computed share
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("tr.project.first")).to_have_count(40)
    names = sorted(Project.objects.values_list("name", flat=True))
    assert len(names) == 40
    assert sorted(page.locator("th.pname > a").all_inner_texts()) == names
    expect(
        page.locator("th.pname", has_text="社会や企業等のニーズに対応できる人材の育成")
    ).to_be_visible()
    expect(page.get_by_test_id("share")).to_have_text("85.1%")
    expect(page.get_by_test_id("shown")).to_have_text("40 / 40")
    expect(page.locator("tr.kpi").first).to_contain_text("【基本KPI】")
    shoot(page, "status-list.png")

    # filter by the computed rating × through the form
    page.get_by_test_id("filter-rating").select_option("×")
    page.get_by_test_id("filter-submit").click()
    expect(page).to_have_url(re.compile(r"[?&]rating=(%C3%97|×)"))
    expect(page.get_by_test_id("filter-rating")).to_have_value("×")
    for present in (6, 14, 24, 32):
        expect(project_row(page, present)).to_have_count(1)
    for absent in (2, 3, 36):
        expect(project_row(page, absent)).to_have_count(0)
    shown = page.locator("tr.project.first").count()
    assert 0 < shown < 40
    expect(page.get_by_test_id("shown")).to_have_text(f"{shown} / 40")
    # every project left has a × among its computed ratings
    for row in page.locator("tr.project.first").all():
        number = row.get_attribute("data-project")
        rows = page.locator(f'tr.project[data-project="{number}"] .r-not_achieved')
        assert rows.count() >= 1, number
    shoot(page, "status-list-filtered.png")

    # project 14: published ○, computed ×, and why
    project_row(page, 14).locator("th.pname a").click()
    expect(page).to_have_url(re.compile(r"/projects/14/"))
    expect(page.locator("h1")).to_contain_text("社会や企業等のニーズに対応できる人材の育成")
    expect(page.get_by_test_id("published")).to_contain_text("○")
    expect(page.get_by_test_id("computed")).to_contain_text("×")
    expect(page.get_by_test_id("reason-2")).to_contain_text("45人")
    expect(page.get_by_test_id("project-reason")).to_contain_text("×")
    expect(page.locator(".differs-note")).to_be_visible()
    shoot(page, "project-14.png")

    # an indicator: its chart, an SVG with a title
    page.get_by_test_id("indicator-2").locator("h3 a").click()
    expect(page).to_have_url(re.compile(r"/indicators/[0-9a-f-]{36}/"))
    chart = page.locator("figure[data-testid=chart] svg")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_contain_text("参加者数")
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 100

    # English and back
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/indicators/[0-9a-f-]{36}/"))
    expect(page.get_by_test_id("lang-ja")).to_be_visible()
    page.locator("header.site nav a").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("tr.project.first")).to_have_count(40)
    expect(page.locator(".legend")).to_contain_text("achieved")
    shoot(page, "status-list-en.png")
    page.get_by_test_id("lang-ja").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_test_id("lang-en")).to_be_visible()
    expect(page.locator(".legend")).to_contain_text("達成済み")


def test_headline_kpi_chart_and_dashboard(
    live_server, status_list: ImportResult, page: Page
) -> None:
    page.goto(live_server.url + "/")
    page.locator("tr.kpi a", has_text="観光入込客数").click()
    chart = page.locator("figure[data-testid=chart] svg")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_contain_text("観光入込客数")
    # baseline → target path drawn dashed, and the FY2018 actual plotted
    expect(chart.locator("[stroke-dasharray]")).not_to_have_count(0)
    expect(chart.locator("desc")).to_contain_text("38,596千人")
    expect(page.get_by_test_id("trajectory")).to_be_visible()
    shoot(page, "indicator.png")

    page.locator("header.site nav a", has_text="ダッシュボード").click()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    expect(page.locator('header.site nav a[aria-current="page"]')).to_have_text("ダッシュボード")
    expect(page.get_by_test_id("share")).to_have_text("85.1%")
    expect(page.locator("section figure.chart svg").first).to_be_visible()
    expect(page.locator("ul.disagreements li").first).to_contain_text("14")
    expect(page.locator(".kpis figure.chart svg")).not_to_have_count(0)
    shoot(page, "dashboard.png")


def test_tab_from_page_start_focuses_skip_link(
    live_server, status_list: ImportResult, page: Page
) -> None:
    page.goto(live_server.url + "/")
    skip = page.locator("a.skip")
    before = skip.bounding_box()
    assert before is not None
    assert before["y"] + before["height"] <= 0, "the skip link is hidden until focused"

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    focused = skip.bounding_box()
    assert focused is not None
    assert focused["y"] >= 0
    assert focused["width"] > 0
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus is visible"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")  # the next stop is inside the main content, past the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_styles_colours_and_differences(live_server, status_list: ImportResult, page: Page) -> None:
    """The stylesheet and the design tokens are served and applied."""
    page.goto(live_server.url + "/")
    body = page.locator("body")
    assert "Noto Sans" in body.evaluate("e => getComputedStyle(e).fontFamily")
    assert body.evaluate("e => getComputedStyle(e).fontSize") == "16px"
    token = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--color-primitive-blue-900')"
    )
    assert token.strip() == "#0017c1", "the design tokens are loaded"

    colours = {
        "r-achieved": "rgb(25, 122, 75)",
        "r-expected": "rgb(0, 49, 216)",
        "r-not_achieved": "rgb(206, 0, 0)",
        "r-unrated": "rgb(118, 118, 118)",
    }
    for cls, rgb in colours.items():
        colour = page.locator(f".status-list .{cls}").first.evaluate(
            "e => getComputedStyle(e).color"
        )
        assert colour == rgb, cls

    # the words behind each symbol are there for screen readers, not on screen
    sr = page.locator(".status-list .rating .sr").first
    assert sr.evaluate("e => e.getBoundingClientRect().width") <= 1

    # a difference shows as a tint, a left border and the ≠ mark, never by colour alone
    differs = page.locator('tr.differs[data-project="32"]').first
    expect(differs.locator(".differs-mark")).to_have_text("≠")
    expect(differs.locator(".differs-mark")).to_be_visible()
    cell = differs.locator("> td").first
    assert cell.evaluate("e => getComputedStyle(e).boxShadow") != "none"

    # the header row stays in view while the long list scrolls
    header = page.locator(".status-list thead th").first
    page.evaluate("window.scrollTo(0, 3000)")
    expect(header).to_be_in_viewport()
    box = header.bounding_box()
    assert box is not None
    assert abs(box["y"]) < 1

    # on a phone the wide list scrolls inside its box; the page itself does not
    page.set_viewport_size({"width": 390, "height": 844})
    scroll = page.locator(".table-scroll")
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_plans_in_sequence_are_one_click_apart(
    live_server, status_list: ImportResult, page: Page
) -> None:
    """Plan 2 beside plan 1: ``/`` is plan 2's latest list, the header names the plan, the
    switcher leads to plan 1's years, and an old bookmark lands on the plan that has it."""
    plan1, plan2 = status_list.plan, import_plan2().plan
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(rf"/plans/{plan2.pk}/2024/$"))
    expect(page.get_by_test_id("where-plan")).to_have_text("第2期（2024〜2028年度）")
    expect(page.locator("tr.project.first")).to_have_count(8)
    expect(page.get_by_test_id(f"switcher-plan-{plan1.pk}")).to_contain_text("第1期")
    shoot(page, "plans-switcher.png")
    page.get_by_test_id(f"switch-{plan1.pk}-2019").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan1.pk}/2019/$"))
    expect(page.get_by_test_id("where-plan")).to_have_text("第1期（2019〜2023年度）")
    expect(page.locator("tr.project.first")).to_have_count(40)
    page.locator("header.site nav a", has_text="ダッシュボード").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan1.pk}/2019/dashboard/$"))
    page.get_by_test_id(f"switch-{plan2.pk}-2024").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan2.pk}/2024/dashboard/$"))
    # an old bookmark: project 14 is plan 1's only
    page.goto(live_server.url + "/projects/14/")
    expect(page).to_have_url(re.compile(rf"/plans/{plan1.pk}/2019/projects/14/$"))
    expect(page.locator("nav.crumbs")).to_contain_text("第1期")
