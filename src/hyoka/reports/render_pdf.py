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

- the page is parsed as XML by the C parser of the standard library, with a lean user-agent
  stylesheet, and the font configuration is kept per thread: all three in the small adapter
  :mod:`hyoka.reports.weasy`, the one module that knows WeasyPrint's internals.

``timings(report)`` says where the time goes.

Engines (``render(report, engine=...)``): ``"cairo"`` (the default where libcairo and
PangoCairo load) draws the title and the table pages itself with Pango and cairo
(:mod:`hyoka.reports.render_cairo`, 10–30 times less work on a long list) and leaves only the
summary page to WeasyPrint (the differences that do not fit on it are drawn by cairo after
it), all numbered through; ``"weasyprint"`` lays out the whole page with WeasyPrint, as
before (and is what a tagged PDF uses: cairo's pages carry no structure tags).
"""

from __future__ import annotations

import io
import time
from functools import cache
from typing import Any

from hyoka.reports import render_cairo, render_html, weasy
from hyoka.reports.statuslist import StatusListReport

MIMETYPE = "application/pdf"
ENGINES = ("cairo", "weasyprint")


def document(report: StatusListReport) -> Any:
    """The laid-out WeasyPrint document (pages, boxes) of the report."""
    return weasy.layout(render_html.html_document(report, paged=True))


@cache
def default_engine() -> str:
    """``"cairo"`` where it can run here, else ``"weasyprint"``."""
    return "cairo" if render_cairo.available() else "weasyprint"


def pdf_bytes(report: StatusListReport, **options: Any) -> bytes:
    """The PDF itself (options: ``tagged`` for a tagged PDF, slower; ``engine``)."""
    tagged = bool(options.get("tagged", False))
    engine = options.get("engine") or ("weasyprint" if tagged else default_engine())
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
    if engine == "cairo" and not tagged:
        return fast_pdf(report)
    return bytes(document(report).write_pdf(pdf_tags=tagged))


def fast_pdf(report: StatusListReport) -> bytes:
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
    k = drawing.table_pages
    summary = _summary(summary_ctx, before=k, after=drawing.diff_pages, guess=1)
    s = len(summary.pages)
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


def _summary(ctx: dict[str, Any], *, before: int, after: int, guess: int) -> Any:
    """The summary pages laid out by WeasyPrint, numbered on from the ``before`` pages drawn
    ahead of them out of a total that counts the ``after`` pages too. The total is written
    into the page, so it needs the summary's own page count: ``guess`` it (one page, as a
    rule), and lay out again in the rare case it was wrong."""
    numbered = dict(ctx, page_offset=before, page_total=before + guess + after)
    summary = weasy.layout(render_html.html_of(numbered))
    if len(summary.pages) != guess:
        return _summary(ctx, before=before, after=after, guess=len(summary.pages))
    return summary


def render(report: StatusListReport, **options: Any) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of the list as a PDF."""
    return render_html.filename(report, "pdf"), MIMETYPE, pdf_bytes(report, **options)


def timings(report: StatusListReport) -> dict[str, float]:
    """Seconds (process CPU time) spent making the HTML, laying it out (parse, CSS, boxes,
    pages) and writing the PDF (drawing, font subsets, the file), and the page count."""
    t0 = time.process_time()
    html = render_html.html_document(report, paged=True)
    t1 = time.process_time()
    laid_out = weasy.layout(html)
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
