"""The printed list's measures have one source (hyoka.reports.print_style): the print
template takes them from it and restates none; the cairo engine reads the same values."""

from __future__ import annotations

import re

import pytest

from hyoka.reports import print_style as ps
from hyoka.reports import render_cairo, render_html
from hyoka.reports.statuslist import StatusListReport

TEMPLATE = render_html.TEMPLATES / "reports" / "status_list_print.html"


def test_the_template_restates_no_measure_of_the_table() -> None:
    source = TEMPLATE.read_text(encoding="utf-8")
    assert not re.search(r"<col style=\"width:\s*\d", source), "column widths restated"
    style = source[source.index("<style>") : source.index("@media screen")]
    table_rules = [
        line
        for line in style.splitlines()
        if re.match(
            r"\s*(@page \{|size:|margin: \d|html |h1 |p |caption |th, td |thead th"
            r"|\.stack|\.kpi td|\.rating|\.pub|\.ref|\.calc|\.summary \.diff td|\.small"
            r"|\.summary table|\s*@(top|bottom)-)",
            line,
        )
    ]
    assert len(table_rules) > 15
    for line in table_rules:
        assert not re.search(r"\d(pt|mm|em)\b|#(?!000\b)[0-9a-f]{3}", line), line


@pytest.mark.django_db
def test_rendered_widths_are_the_style_widths(report: StatusListReport) -> None:
    page = render_html.html_document(report, paged=True)
    widths = re.findall(r'<col style="width:([\d.]+)%" />', page)
    expected = [f"{w:g}" for w in ps.COLUMNS] + [f"{w:g}" for w in ps.DIFF_COLUMNS]
    assert widths == expected
    assert f"font-size: {ps.BODY.size:g}pt; line-height: {ps.BODY.line:g}" in page
    assert sum(ps.COLUMNS) == pytest.approx(100)
    assert sum(ps.DIFF_COLUMNS) == pytest.approx(100)


def test_cairo_reads_the_same_measures() -> None:
    assert render_cairo.Cell(0, 1, 1, "").grid == ps.COLUMNS
    assert (ps.BODY.size, ps.BODY.line) == (render_cairo.BASE_PT, render_cairo.LINE)
    assert pytest.approx((ps.CELL_PAD_MM[1] * ps.MM, ps.CELL_PAD_MM[0] * ps.MM)) == (
        render_cairo.PAD_X,
        render_cairo.PAD_Y,
    )
    assert (
        ps.rgb(ps.KPI_GREY),
        ps.rgb(ps.HEADER_GREY),
    ) == (render_cairo.KPI_BG, render_cairo.HEADER_BG)
    assert pytest.approx((ps.PAGE_MM[0] * ps.MM, ps.PAGE_MM[1] * ps.MM)) == (
        render_cairo.PAGE_W,
        render_cairo.PAGE_H,
    )
