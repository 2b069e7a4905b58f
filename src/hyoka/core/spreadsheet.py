"""Cells of open data that cannot attack the spreadsheet opening them (CSV injection).

Excel, LibreOffice and Google Sheets read a CSV cell starting with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK("http://…?d="&A2,"詳細")`` sends the row away, ``+cmd|' /C calc'!A0``
runs a program on old Excel); a tab or carriage return in front hides the same.  OWASP's rule:
such a cell is written with a ``'`` in front, which the spreadsheet shows as text and does not
keep.  Every CSV writer of Hyoka passes its cells through :func:`safe_cell` (one function:
the open data of ``reports.render_csv``, ``/changes/?format=csv``).

Left as they are: a real number, negative included (``-2805``, ``-1.5``, ``-3e5``: the
spreadsheet reads it as the number it is), and a lone ``-`` (Hyoka's "none" and the rating
``-``: no formula can be made of it).

>>> [safe_cell(t) for t in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\\t=1")]
["'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1+1)", "'\\t=1"]
>>> [safe_cell(t) for t in ("-2805", "-1.5", "-", "約79,600人", "▲2,805人", "")]
['-2805', '-1.5', '-', '約79,600人', '▲2,805人', '']
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "printable", "safe_cell"]

#: What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a ``'`` in front of a text
    starting like a formula; a number (negative included) and a lone ``-`` unchanged."""
    if not text.startswith(FORMULA_STARTS) or text == "-" or _NUMBER.fullmatch(text):
        return text
    return "'" + text


def printable(text: str) -> str:
    """``text`` as a worksheet (xlsx) can hold it: control characters dropped but tab and line
    break (texts stored before the gate may hold them; openpyxl refuses to write them).

    >>> printable("46\\x01人\\n")
    '46人\\n'
    """
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")
