"""Bidirectional formatting characters shown, not obeyed (Trojan Source, CVE-2021-42574).

U+202A–U+202E and U+2066–U+2069 are accepted in texts (:mod:`hyoka.core.text`: a name may
need them), but on a page a right-to-left override turns the rest of the line around —
``札幌市\u202e人000,01`` would read as 10,000人.  :class:`BidiMiddleware` writes each of them in
every HTML page as its code point in brackets (``[U+202E]``), except where a person edits the
text (an ``<input>``'s value, a ``<textarea>``): saving a form gives back what was stored.

>>> visible("札幌市\u202e人000,01")
'札幌市[U+202E]人000,01'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from hyoka.core.text import BIDI

__all__ = ["BidiMiddleware", "visible"]

_ANY = re.compile("[" + "".join(sorted(BIDI)) + "]")
#: the same characters as UTF-8 bytes: the cheap test of a page
_ANY_BYTES = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
#: where a person edits a text: left as stored
_EDITED = re.compile(r"<textarea\b[^>]*>.*?</textarea>|\bvalue=\"[^\"]*\"", re.S | re.I)


def visible(text: str) -> str:
    """``text`` with each bidirectional formatting character as ``[U+XXXX]``."""
    return _ANY.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def _page(html: str) -> str:
    out, at = [], 0
    for m in _EDITED.finditer(html):
        out += [visible(html[at : m.start()]), m.group()]
        at = m.end()
    out.append(visible(html[at:]))
    return "".join(out)


class BidiMiddleware:
    """Shows the bidirectional formatting characters of every HTML page (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and _ANY_BYTES.search(response.content)
        ):
            charset = response.charset or "utf-8"
            response.content = _page(response.content.decode(charset)).encode(charset)
        return response
