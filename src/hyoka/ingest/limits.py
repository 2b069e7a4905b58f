"""Sizes a status list's pieces may have: what the database stores, and what is sane to read.

The readers report a piece that is too long as an error (so ``hyoka import`` refuses the list
and writes nothing) instead of letting the database cut it or fail half-way; a workbook that
unpacks to far more than any list, or has text far below or to the right of the table, is
refused before it is read cell by cell.  ``tests/faults`` checks the numbers against the models.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from hyoka.core.i18n import tr
from hyoka.core.statuslist import VALUE_HEADERS, Indicator, Problem, StatusList, Where
from hyoka.core.text import MAX_TEXT
from hyoka.core.text import problem as text_problem

__all__ = [
    "FIELD_LIMITS",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_PDF_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PROJECT_NUMBER",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "far_cell",
    "problem",
    "shorten",
    "text_problems",
    "unpacked_size",
]

#: Characters the database keeps of each piece (the models' ``max_length``).
FIELD_LIMITS = {
    "title": 300,
    "area": 100,
    "role_label": 10,
    "role_title": 200,
    "project_name": 300,
    "indicator_name": 500,
    "value": 200,
    "rating_cell": 50,
}
#: The largest project number the database keeps (a small positive integer).
MAX_PROJECT_NUMBER = 32_767
#: Any other cell (事業概要, 連携事業実施状況等): far more than any list writes in one — the
#: gate's limit for a text of several lines (:data:`hyoka.core.text.MAX_TEXT`).
MAX_CELL = MAX_TEXT
#: A workbook unpacked (the FY2019 list: under 1 MB).
MAX_UNPACKED = 50 * 1024 * 1024
#: A PDF of a list (the FY2019 list printed by LibreOffice: 0.3 MB, 6 pages; Hyoka's PDF of
#: 1,000 projects: about 5 MB and 80 pages).
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2_000
#: Rows and columns of a sheet a list or an entry workbook can fill.
MAX_ROWS = 10_000
MAX_COLUMNS = 200


def shorten(text: str, limit: int = 40) -> str:
    """
    >>> shorten("あ" * 50, 5)
    'あああああ…（50文字）'
    """
    if len(text) <= limit:
        return text
    return text[:limit] + tr("…（%(n)s文字）", n=f"{len(text):,}")


#: Characters of the offending text a problem quotes (a 10 MB cell is not repeated whole).
QUOTED = 200


def problem(kind: str, message: str, where: Where | None, **kw: str | None) -> Problem:
    """A reader's problem (``severity`` ``warning`` unless given) quoting at most
    :data:`QUOTED` characters of its ``text``."""
    severity = kw.pop("severity", None) or "warning"
    assert severity in ("error", "warning", "info")
    if kw.get("text"):
        kw["text"] = shorten(kw["text"] or "", QUOTED)
    return Problem(kind, message, where, severity, **kw)  # type: ignore[arg-type]


def _refused(label: str, text: str, limit: int, where: Where | None) -> Problem | None:
    """The gate's refusal of a piece (:mod:`hyoka.core.text`) as an error-level problem."""
    found = text_problem(text, label=label, limit=limit, multiline=limit == MAX_CELL)
    if found is None:
        return None
    kind, message = found
    expected = (
        tr("%(label)sは%(limit)s文字まで", label=label, limit=f"{limit:,}")
        if kind == "too_long"
        else tr("制御文字のない文字列")
    )
    return Problem(kind, message, where, "error", shorten(text), expected)


def _pieces(sl: StatusList) -> Iterator[tuple[str, str, int, Where | None]]:
    yield "表題", sl.title, FIELD_LIMITS["title"], Where(1)
    yield "圏域名", sl.area, FIELD_LIMITS["area"], Where(1)
    for r in sl.roles:
        yield "役割の記号", r.label, FIELD_LIMITS["role_label"], Where(r.row, None, "役割")
        yield "役割の名称", r.title, FIELD_LIMITS["role_title"], Where(r.row, None, "役割")
    items: list[tuple[int, Indicator]] = [(h.row, h.indicator) for h in sl.headlines]
    for p in sl.projects:
        yield "連携事業名", p.name, FIELD_LIMITS["project_name"], Where(p.row, None, "連携事業名")
        yield "事業概要", p.summary, MAX_CELL, Where(p.row, None, "事業概要")
        yield "連携事業実施状況等", p.notes, MAX_CELL, Where(p.row, None, "連携事業実施状況等")
        rating = p.rating_cell
        yield "評価", rating, FIELD_LIMITS["rating_cell"], Where(p.row, None, "評価")
        items += [(p.row, i) for i in p.indicators]
    for h in sl.headlines:
        yield "連携事業実施状況等", h.notes, MAX_CELL, Where(h.row, None, "連携事業実施状況等")
    for row, ind in items:
        name_at = Where(row, None, "評価指標")
        yield "評価指標", ind.name, FIELD_LIMITS["indicator_name"], name_at
        for key, label in VALUE_HEADERS.items():
            text = getattr(ind, key)
            yield label, text, FIELD_LIMITS["value"], ind.where.get(key, Where(row, None, label))


def text_problems(sl: StatusList) -> list[Problem]:
    """An error for every piece the gate refuses (each place once): longer than the database
    keeps, or holding control characters (a line break only in 事業概要 and
    連携事業実施状況等)."""
    out: list[Problem] = []
    seen: set[tuple[str, Where | None]] = set()
    for label, text, limit, where in _pieces(sl):
        found = _refused(label, text, limit, where) if text else None
        if found is not None and (label, where) not in seen:
            seen.add((label, where))
            out.append(found)
    return out


def unpacked_size(data: bytes) -> int | None:
    """What a zip archive (an .xlsx) unpacks to, by its directory; None if it has none."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def far_cell(
    ws: Any, rows: int = MAX_ROWS, columns: int = MAX_COLUMNS
) -> tuple[int, int, str] | None:
    """The first cell with text beyond ``rows`` × ``columns`` of an openpyxl sheet, found
    without creating cells (``ws.cell()`` would make the million empty ones in between)."""
    if ws.max_row <= rows and ws.max_column <= columns:
        return None
    far = [
        (r, c, v)
        for (r, c), cell in ws._cells.items()
        if (r > rows or c > columns) and (v := cell.value) not in (None, "")
    ]
    return min(far) if far else None
