"""The one place Hyoka reaches into WeasyPrint: a page laid out from well-formed XHTML.

WeasyPrint's public ``HTML(string=...)`` parses with html5lib (pure Python) and cascades its
full user-agent stylesheet, whose universal pseudo-element rules (``::marker``,
``::footnote-call`` …) are matched against every element. For the print view — well-formed
XHTML whose own CSS sets everything it shows — both are wasted work, so this adapter:

- parses the page with the standard library's C XML parser and hands WeasyPrint the tree
  (falling back to WeasyPrint's own parser when the text is not well-formed XML);
- uses :data:`LEAN_UA_CSS` as the user-agent stylesheet (display types, table defaults,
  margin-box alignment);
- keeps one font configuration per thread (Pango objects are not shared between threads).

What it depends on, checked by ``tests/reports/test_weasy.py`` against the installed
WeasyPrint: the attributes ``HTML.__init__`` sets (``base_url``, ``url_fetcher``,
``media_type``, ``wrapper_element``, ``etree_element``) and the ``_ua_stylesheets`` hook.
Nothing is patched: WeasyPrint is used unchanged by everything else in the process. Page
numbers that continue from pages drawn elsewhere are the template's business (CSS
``counter-reset: page`` on the first page and a written total), not WeasyPrint's.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any
from xml.etree import ElementTree

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
def html_class() -> Any:
    """WeasyPrint's ``HTML`` made from an XML tree, with the lean user-agent stylesheet."""
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
                self.parsed_as = "html5"
                return
            # What HTML.__init__ sets, from the tree parsed above.
            self.base_url = None
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element
            self.parsed_as = "xml"

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [lean]

    return LeanHTML


def font_config() -> Any:
    """This thread's font configuration (made once per thread)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def parse(html: str) -> Any:
    """The page as WeasyPrint's ``HTML`` (XML-parsed where it can be)."""
    return html_class()(string=html)


def layout(html: str) -> Any:
    """The laid-out document (``.pages``, ``.write_pdf()``) of an HTML page."""
    return parse(html).render(font_config=font_config())
