"""Accessibility of the public pages in a real browser: axe-core (vendored in
``tests/vendor/axe.min.js``, see its README) run against every page an anonymous visitor sees,
plus the keyboard walk and the words behind the rating symbols.

axe checks WCAG 2.0/2.1 A and AA and its best practices; a finding with impact *serious* or
*critical* fails the test, and the failure lists every finding with the selectors of the nodes
at fault. Moderate and minor findings are printed (``pytest -s``) but do not fail.

Run only these with ``pytest tests/web/test_accessibility.py`` (they are ``-m browser`` too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from hyoka.evaluation import queries
from hyoka.evaluation.imports import ImportResult
from hyoka.plans.models import Indicator
from hyoka.reports.charts import SYMBOL_COLOURS, bar_chart
from tests.factories import import_seed
from tests.web.test_browser import VIEWPORT, browser  # noqa: F401  (the fixture, reused)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = {"serious", "critical"}

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '),
      summary: n.failureSummary || '', html: n.html.slice(0, 200),
    })),
  }));
}"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811  (uses the imported fixture)
    """A fresh Japanese context per test; CSP bypassed so axe can be injected inline."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def status_list() -> ImportResult:
    """The bundled FY2019 list (published, so it is edition 1), imported for the live server."""
    return import_seed()


def headline_kpi_path() -> str:
    kpi = Indicator.objects.filter(kind=Indicator.Kind.HEADLINE).order_by("pk").first()
    assert kpi is not None, "the bundled list has headline KPIs"
    return f"/indicators/{kpi.uid}/"


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def report(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe on {url}: {len(violations)} rule(s) violated"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for n in v["nodes"]:
            lines.append(f"    {n['target']}")
            lines.append(f"      {n['html']}")
            for s in n["summary"].splitlines():
                lines.append(f"      | {s}")
    return "\n".join(lines)


def assert_accessible(page: Page, url: str) -> None:
    violations = run_axe(page)
    text = report(url, violations)
    print(text)
    serious = [v["id"] for v in violations if v["impact"] in FAILING]
    assert not serious, f"serious/critical axe findings {serious}\n{text}"


PAGES = [
    "/",
    "/?rating=×",
    "/projects/14/",
    "headline-kpi",
    "/dashboard/",
    "/downloads/",
    "/changes/?year=2019&from=1&to=1",
    "/accounts/login/",
]


@pytest.mark.parametrize("path", PAGES)
def test_axe_public_page(live_server, status_list: ImportResult, page: Page, path: str) -> None:
    if path == "headline-kpi":
        path = headline_kpi_path()
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.ok, f"{path}: HTTP {response.status}"
    expect(page.locator("main")).to_be_visible()
    assert_accessible(page, path)


def test_axe_status_list_in_english(live_server, status_list: ImportResult, page: Page) -> None:
    page.goto(live_server.url + "/")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("tr.project.first")).to_have_count(40)
    assert_accessible(page, "/ (English)")


# every element a keyboard user should reach: enabled, rendered, not taken out of the tab order
_FOCUSABLES = """() => {
  const sel = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, '
    + 'summary, iframe, [contenteditable=""], [contenteditable=true], [tabindex]';
  window.__focusables = [...document.querySelectorAll(sel)].filter(e =>
    !e.disabled && e.tabIndex >= 0 && !e.closest('[inert]')
    && e.checkVisibility({visibilityProperty: true}));
  return window.__focusables.length;
}"""

_ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
  return {index: window.__focusables.indexOf(e),
          tabindex: e.getAttribute('tabindex'),
          what: e.tagName.toLowerCase() + ' ' + text.slice(0, 40)};
}"""


def test_keyboard_reaches_every_interactive_element(
    live_server, status_list: ImportResult, page: Page
) -> None:
    page.goto(live_server.url + "/")
    total = page.evaluate(_FOCUSABLES)
    assert total > 40, "the status list links every project"
    # no positive tabindex: the tab order is the reading order
    positive = page.locator("[tabindex]:not([tabindex='0']):not([tabindex^='-'])")
    expect(positive).to_have_count(0)

    reached: list[int] = []
    strays: list[str] = []
    for _ in range(total + 10):  # a bound: every stop once, and a little room to wrap
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE)
        if active is None:
            continue  # focus left the document (past the last stop)
        if active["index"] < 0:
            strays.append(active["what"])
            continue
        if reached and active["index"] == reached[0]:
            break  # wrapped round to the first stop
        reached.append(active["index"])

    assert len(reached) == len(set(reached)), "no element is a tab stop twice in one round"
    missed = sorted(set(range(total)) - set(reached))
    names = page.evaluate(
        "(ix) => ix.map(i => { const e = window.__focusables[i];"
        " return e.tagName.toLowerCase() + ' ' + (e.textContent || e.name || '').trim(); })",
        missed[:20],
    )
    assert not missed, f"{len(missed)} of {total} interactive elements not reached by Tab: {names}"
    assert not strays, f"tab stops that are not interactive elements: {strays}"
    # the walk starts at the skip link, and goes in document order
    assert reached[0] == 0
    assert reached == sorted(reached), "the tab order follows the document order"


def test_rating_symbols_have_words_for_screen_readers(
    live_server, status_list: ImportResult, page: Page
) -> None:
    symbols = queries.symbols(status_list.plan)
    page.goto(live_server.url + "/")
    checked = 0
    for s in symbols:
        ratings = page.locator(f".status-list .rating.r-{s['code']}")
        if ratings.count() == 0:
            continue
        first = ratings.first
        # the word is in the text (a visually hidden span), exposed to the accessibility tree
        expect(first).to_contain_text(s["symbol"])
        expect(first).to_contain_text(s["label"])
        assert first.evaluate("e => e.closest('[aria-hidden=true]') === null")
        cell = first.locator("xpath=ancestor::td[1]")
        assert s["label"] in cell.aria_snapshot(), s["label"]
        checked += 1
    assert checked >= 3, "the list shows several different ratings"
    # 達成済み by name, as the brief for screen-reader users says
    expect(page.get_by_role("cell", name="達成済み").first).to_be_attached()
    # the legend, too, carries the words next to each symbol
    for s in symbols:
        expect(page.locator(".legend")).to_contain_text(s["label"])

    # the ≠ beside a computed rating says what it means, too
    differs = page.locator(".status-list .differs-mark").first
    expect(differs).to_have_accessible_name("公表と違う")

    # every symbol on the other pages with ratings carries its words as well
    for path in ("/projects/14/", headline_kpi_path(), "/dashboard/"):
        page.goto(live_server.url + path)
        texts = page.locator("main .rating").all_text_contents()
        assert texts, path
        for text in texts:
            s = next((s for s in symbols if text.startswith(s["symbol"])), None)
            assert s is not None, (path, text)
            assert s["label"] in text, (path, text)

    # and in English, the English words
    page.goto(live_server.url + "/")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    achieved = next(s for s in symbols if s["code"] == "achieved")
    expect(page.locator(".status-list .rating.r-achieved").first).to_contain_text(
        achieved["label_en"]
    )


# the language of each visible text node's nearest [lang], for nodes with kana or kanji
_JAPANESE_TEXT_LANG = r"""(selector) => {
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode()); ) {
      const text = n.textContent.trim();
      if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(text)) continue;
      out.push({text: text.slice(0, 30), lang: n.parentElement.closest('[lang]').lang});
    }
  }
  return out;
}"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/", "h1, th.pname, .status-list td:not(.reason):not(.sym), .role-head span"),
        ("/projects/14/", "h1, dl.facts dd, article.indicator h3, p.notes"),
        ("headline-kpi", "h1, dl.facts dd, p.context span"),
        ("/dashboard/", "table.counts tbody th, ul.disagreements a, .kpis figcaption a"),
    ],
)
def test_japanese_data_is_marked_japanese_on_english_pages(
    live_server, status_list: ImportResult, page: Page, path: str, selector: str
) -> None:
    """WCAG 3.1.2: the plan's own words (names, values, notes) stay Japanese when the interface
    is in English, so a screen reader reads them with a Japanese voice."""
    if path == "headline-kpi":
        path = headline_kpi_path()
    page.goto(live_server.url + "/")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(live_server.url + path)
    nodes = page.evaluate(_JAPANESE_TEXT_LANG, selector)
    assert nodes, f"{path}: Japanese data under {selector}"
    wrong = [n["text"] for n in nodes if n["lang"] != "ja"]
    assert not wrong, f"{path}: Japanese text not in a lang=ja element: {wrong[:10]}"


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        linear = []
        for i in (0, 2, 4):
            c = int(colour[i : i + 2], 16) / 255
            linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_bar_chart_labels_contrast_with_their_bars() -> None:
    """axe cannot judge text drawn over SVG shapes (it reports them as "incomplete"), so the
    labels on the dashboard's stacked bars are checked here: 4.5:1 on every symbol colour."""
    for symbol, colour in SYMBOL_COLOURS.items():
        svg = bar_chart([("ア", [(symbol, 5)])])
        bar = re.search(r'<rect [^>]*fill="(#[0-9a-f]+)"', svg)
        label = re.search(r'<text [^>]*fill="(#[0-9a-f]+)"[^>]*>' + re.escape(symbol), svg)
        assert bar is not None, svg
        assert label is not None, svg
        assert bar[1] == colour
        ratio = _contrast(label[1], bar[1])
        assert ratio >= 4.5, f"{symbol}: {label[1]} on {bar[1]} is {ratio:.2f}:1"
