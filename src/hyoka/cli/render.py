"""Terminal output: display width that knows Japanese, aligned tables, colour only on a TTY."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import ClassVar, TextIO

__all__ = ["Style", "display_width", "fit", "table"]


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (全角) characters take two.

    >>> display_width("abc"), display_width("達成済み"), display_width("１回")
    (3, 8, 4)
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns (with …) and pad it to exactly that width.

    >>> fit("連携事業の企画", 9) + "|"
    '連携事業…|'
    >>> fit("ab", 4) + "|"
    'ab  |'
    """
    text = " ".join(text.split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


class Style:
    """ANSI colours when writing to a terminal (and NO_COLOR is unset), plain text otherwise."""

    CODES: ClassVar[dict[str, str]] = {
        "bold": "1",
        "dim": "2",
        "red": "31",
        "green": "32",
        "yellow": "33",
        "cyan": "36",
        "magenta": "35",
    }

    def __init__(self, stream: TextIO = sys.stdout, force: bool | None = None) -> None:
        if force is None:
            force = stream.isatty() and not os.environ.get("NO_COLOR")
        self.enabled = force

    def __call__(self, text: str, *names: str) -> str:
        if not self.enabled or not names:
            return text
        codes = ";".join(self.CODES[n] for n in names)
        return f"\033[{codes}m{text}\033[0m"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int | None],
    styles: Sequence[Sequence[tuple[str, ...]]] | None = None,
    style: Style | None = None,
) -> str:
    """Rows aligned under headers; a ``None`` width is the widest cell of that column.

    The last column is never cut, so nothing a person needs is lost off the edge.

    >>> print(table(["No", "評価"], [["1", "◎"], ["12", "×"]], [None, None]))
    No  評価
    1   ◎
    12  ×
    """
    style = style or Style(force=False)
    cols = len(headers)
    resolved = [
        w
        if w is not None
        else max([display_width(h) for h in [headers[i]]] + [display_width(r[i]) for r in rows])
        for i, w in enumerate(widths)
    ]
    lines = ["  ".join(fit(h, resolved[i]) if i < cols - 1 else h for i, h in enumerate(headers))]
    for r, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            text = fit(cell, resolved[i]) if i < cols - 1 else " ".join(cell.split())
            names = styles[r][i] if styles else ()
            cells.append(style(text, *names))
        lines.append("  ".join(cells).rstrip())
    lines[0] = lines[0].rstrip()
    return "\n".join(lines)
