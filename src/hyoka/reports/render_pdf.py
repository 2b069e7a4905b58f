"""The status list as a PDF: A3 landscape, made by WeasyPrint from the HTML print view.

``render(report)`` returns ``(filename, "application/pdf", bytes)``. The pages carry the
header row on every page, page numbers ``n / N``, the title with 西暦 and 和暦, the legend
(above the table, then in the top margin of every later page with the role the page starts
in), and a summary page with the rating distribution chart (SVG) and the achievement share.
The one font is Noto Sans CJK JP (Debian ``fonts-noto-cjk``) in two weights, embedded as
subsets; WeasyPrint needs HarfBuzz's subsetter (``libharfbuzz-subset0``) to do that quickly.

Speed: WeasyPrint's cost is per box and per line of text, so the page is built to keep both
down — ``table-layout: fixed`` (no min/max-content pass over every cell), line breaks as
``white-space: pre-line`` instead of ``<br>`` elements, no shadows, gradients or complex
selectors — and two things are done once per process rather than per document:

- the page is parsed as XML (the template is well-formed XHTML) by the C parser of the standard
  library instead of WeasyPrint's pure-Python HTML5 parser, falling back to it when not;
- a lean user-agent stylesheet replaces WeasyPrint's full HTML one, whose universal
  pseudo-element rules (``::marker``, ``::footnote-call`` …) are cascaded for every element;
  the page's own CSS sets everything it shows;
- the font configuration (Pango font map) is kept, so fonts are not looked up and loaded again.

``timings(report)`` says where the time goes.

Engines (``render(report, engine=...)``): ``"cairo"`` (the default where libcairo and
PangoCairo load) draws the title and the table pages itself with Pango and cairo
(:mod:`hyoka.reports.render_cairo`, 10–30 times less work on a long list) and leaves only the
summary page to WeasyPrint (the differences that do not fit on it are drawn by cairo after
it), all numbered through; ``"weasyprint"`` lays out the whole page with WeasyPrint, as
before (and is what a tagged PDF uses: cairo's pages carry no structure tags).
"""

from __future__ import annotations

import contextvars
import io
import threading
import time
from functools import cache
from typing import Any
from xml.etree import ElementTree

from hyoka.reports import render_cairo, render_html

MIMETYPE = "application/pdf"
ENGINES = ("cairo", "weasyprint")

#: What the page needs from a user-agent stylesheet (display types, table defaults, the
#: alignment of page-margin boxes); everything else is in the page's own CSS.
LEAN_UA_CSS = """
head, meta, title, style, script, link, template, [hidden] { display: none }
html, body, header, main, section, div, h1, h2, h3, p, figure, figcaption, footer, nav { display: block }
table { display: table; box-sizing: border-box; border-spacing: 2px;
        border-collapse: separate; text-indent: initial }
caption { display: table-caption }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group; vertical-align: middle }
tbody { display: table-row-group; vertical-align: middle }
tfoot { display: table-footer-group; vertical-align: middle }
tr { display: table-row; vertical-align: inherit }
td, th { display: table-cell; vertical-align: inherit; padding: 1px }
th, h1, h2, h3 { font-weight: bold }
h1, h2, h3 { break-after: avoid; break-inside: avoid }
h1 { bookmark-level: 1; bookmark-label: content(text) }
h2 { bookmark-level: 2; bookmark-label: content(text) }
br::before { content: "\\A"; white-space: pre-line }
svg { overflow: hidden }
@page {
  margin: 75px;
  @top-left { text-align: left; vertical-align: middle }
  @top-center { text-align: center; vertical-align: middle }
  @top-right { text-align: right; vertical-align: middle }
  @bottom-left { text-align: left; vertical-align: middle }
  @bottom-center { text-align: center; vertical-align: middle }
  @bottom-right { text-align: right; vertical-align: middle }
}
"""

_local = threading.local()


@cache
def _html_class() -> Any:
    """WeasyPrint's ``HTML`` with the lean user-agent stylesheet (parsed once)."""
    import cssselect2  # type: ignore[import-untyped]
    from weasyprint import CSS, HTML  # a heavy import: only the PDF needs it
    from weasyprint.urls import URLFetcher

    lean = CSS(string=LEAN_UA_CSS)

    class LeanHTML(HTML):
        def __init__(self, string: str) -> None:
            try:
                root = ElementTree.fromstring(string)
            except ElementTree.ParseError:  # not well-formed XML: the HTML5 parser copes
                super().__init__(string=string)
                return
            # What HTML.__init__ sets, from the tree parsed above (WeasyPrint 70).
            self.base_url = None
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [lean]

    return LeanHTML


def _font_config() -> Any:
    """One font configuration per thread (Pango objects are not shared between threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def document(report: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document (pages, boxes) of the report."""
    html = render_html.html_document(report, paged=True)
    return _html_class()(string=html).render(font_config=_font_config())


@cache
def default_engine() -> str:
    """``"cairo"`` where it can run here, else ``"weasyprint"``."""
    return "cairo" if render_cairo.available() else "weasyprint"


def pdf_bytes(report: dict[str, Any], **options: Any) -> bytes:
    """The PDF itself (options: ``tagged`` for a tagged PDF, slower; ``engine``)."""
    tagged = bool(options.get("tagged", False))
    engine = options.get("engine") or ("weasyprint" if tagged else default_engine())
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
    if engine == "cairo" and not tagged:
        return fast_pdf(report)
    return bytes(document(report).write_pdf(pdf_tags=tagged))


#: Pages drawn by cairo before and after the pages WeasyPrint lays out (the table; the rest
#: of the differences): WeasyPrint's ``page`` and ``pages`` counters in the margin boxes are
#: moved on by them.
_pages_around: contextvars.ContextVar[tuple[int, int]] = contextvars.ContextVar(
    "pages_around", default=(0, 0)
)


@cache
def _number_on() -> None:
    """Make WeasyPrint's margin boxes count ``page`` and ``pages`` with ``_pages_around``
    (WeasyPrint 70 makes them in ``layout_document`` by ``make_margin_boxes(context, page,
    state)``, ``state`` holding the counter values)."""
    import weasyprint.layout as wl

    original = wl.make_margin_boxes

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        before, after = _pages_around.get()
        if before or after:
            quote_depth, counters, scopes, groups = state
            counters = dict(counters)
            counters["page"] = [counters.get("page", [0])[-1] + before]
            counters["pages"] = [counters.get("pages", [0])[-1] + before + after]
            state = (quote_depth, counters, scopes, groups)
        return original(context, page, state)

    wl.make_margin_boxes = make_margin_boxes


def fast_pdf(report: dict[str, Any]) -> bytes:
    """Title, table and long differences drawn by Pango and cairo, the summary page by
    WeasyPrint; one PDF, the pages in the document's order and numbered through."""
    from pypdf import PdfReader, PdfWriter

    ctx = render_html.context(report, paged=True)
    drawing = render_cairo.Drawing(ctx)
    n = drawing.diffs_in_summary
    summary_ctx = dict(
        ctx,
        summary_only=True,
        differences=ctx["differences"][:n],
        differences_continue=n < len(ctx["differences"]),
    )
    _number_on()
    token = _pages_around.set((drawing.table_pages, drawing.diff_pages))
    try:
        summary = _html_class()(string=render_html.html_of(summary_ctx)).render(
            font_config=_font_config()
        )
    finally:
        _pages_around.reset(token)
    k, s = drawing.table_pages, len(summary.pages)
    drawn = drawing.draw(total=k + s + drawing.diff_pages, diff_first=k + s + 1)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(drawn)))
    writer.merge(k, PdfReader(io.BytesIO(summary.write_pdf())), import_outline=False)
    title = drawing.title
    writer.add_metadata(
        {"/Title": title, "/Creator": "Hyoka", "/Producer": "Hyoka: cairo, WeasyPrint"}
    )
    writer.add_outline_item(title, 0)
    writer.add_outline_item(f"{ctx['year']}年度（{ctx['wareki']}）評価の概要", k)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render(report: dict[str, Any], **options: Any) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of the list as a PDF."""
    return render_html.filename(report, "pdf"), MIMETYPE, pdf_bytes(report, **options)


def timings(report: dict[str, Any]) -> dict[str, float]:
    """Seconds (process CPU time) spent making the HTML, laying it out (parse, CSS, boxes,
    pages) and writing the PDF (drawing, font subsets, the file), and the page count."""
    t0 = time.process_time()
    html = render_html.html_document(report, paged=True)
    t1 = time.process_time()
    laid_out = _html_class()(string=html).render(font_config=_font_config())
    t2 = time.process_time()
    laid_out.write_pdf()
    t3 = time.process_time()
    return {
        "html": t1 - t0,
        "layout": t2 - t1,
        "write": t3 - t2,
        "total": t3 - t0,
        "pages": float(len(laid_out.pages)),
    }
