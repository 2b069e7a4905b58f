"""The WeasyPrint adapter (hyoka.reports.weasy): what it relies on in the installed
WeasyPrint still holds, it lays out the same page as WeasyPrint's own parser, and it patches
nothing."""

from __future__ import annotations

from typing import Any

import pytest
import weasyprint
import weasyprint.layout

from hyoka.reports import render_cairo, render_pdf, weasy
from hyoka.reports.statuslist import StatusListReport

PAGE = (
    "<html><head><style>"
    "@page { size: A6; margin: 10mm } table { border-collapse: collapse; width: 100% }"
    "td { border: 0.5pt solid #000; padding: 1mm } html, body { margin: 0; padding: 0 }"
    "h1 { font-size: 12pt; margin: 0 0 2mm }"
    "</style></head><body><h1>評価</h1><table><tbody>"
    + "".join(f"<tr><td>事業{i}</td><td>◎</td></tr>" for i in range(60))
    + "</tbody></table></body></html>"
)


def texts(document: Any) -> list[list[str]]:
    """The text of every line box, page by page."""

    def walk(box: Any) -> list[str]:
        found = [box.text] if hasattr(box, "text") and box.text else []
        for child in getattr(box, "children", []):
            found += walk(child)
        return found

    return [walk(page._page_box) for page in document.pages]


def test_html_init_sets_what_the_adapter_sets() -> None:
    """A WeasyPrint upgrade that sets more (or other) attributes in ``HTML.__init__`` fails
    here, not in a PDF."""
    plain = weasyprint.HTML(string="<p>x</p>")
    assert set(vars(plain)) == {
        "base_url",
        "url_fetcher",
        "media_type",
        "wrapper_element",
        "etree_element",
    }
    assert callable(weasyprint.HTML._ua_stylesheets)


def test_xml_parse_lays_out_the_same_pages_as_weasyprint() -> None:
    """A page that sets what it shows (as the print view does) comes out the same with the
    lean stylesheet as with WeasyPrint's full one."""
    lean = weasy.layout(PAGE)
    plain = weasyprint.HTML(string=PAGE).render()
    assert weasy.parse(PAGE).parsed_as == "xml"
    assert len(lean.pages) == len(plain.pages) > 1
    assert texts(lean) == texts(plain)


def test_not_well_formed_falls_back_to_the_html5_parser() -> None:
    page = "<html><body><p>評価<br>◎</body></html>"  # an unclosed <p>, a bare <br>
    parsed = weasy.parse(page)
    assert parsed.parsed_as == "html5"
    assert any("◎" in t for page_texts in texts(weasy.layout(page)) for t in page_texts)


def test_font_configuration_is_kept_per_thread() -> None:
    assert weasy.font_config() is weasy.font_config()


@pytest.mark.django_db
@pytest.mark.skipif(not render_cairo.available(), reason="cairo/PangoCairo missing")
def test_making_a_pdf_patches_nothing_in_weasyprint(report: StatusListReport) -> None:
    before = {name: getattr(weasyprint.layout, name) for name in dir(weasyprint.layout)}
    render_pdf.render(report, engine="cairo")
    render_pdf.render(report, engine="weasyprint")
    after = {name: getattr(weasyprint.layout, name) for name in dir(weasyprint.layout)}
    assert before == after
    assert weasyprint.layout.make_margin_boxes.__module__ == "weasyprint.layout.page"
