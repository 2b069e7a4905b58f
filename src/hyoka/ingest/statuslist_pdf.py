"""Reader of a status list (連携事業実施状況等一覧) as its PDF: the ruled table as Excel or
LibreOffice print the list, and as Hyoka's own PDF export draws it (cairo or WeasyPrint).

pdfplumber (on pdfminer.six) finds the ruled table of every page and the bounding box of each
cell, merged cells included.  The reader lays the cells out as a sheet — the header row once,
the rows of every page one after another, a cell spanning rows or columns as a merged cell —
and :class:`hyoka.ingest.statuslist_sheet.SheetReader` reads it by the same rules as a
workbook.  What a PDF adds:

* the text of a cell comes in lines: a line wrapped because the next word did not fit is
  joined directly (Japanese) or with a space (two Latin words); a line broken where the text
  still had room (a value and its note ``27兆9千億円`` / ``(2015年)``, progress notes one
  ``・`` item a line) is joined with a space, as the list writes it on one line;
* vertical text (a role cell, one character a line) is read as its label and title;
* the header repeated on every page is read once; a page's table without a header continues
  the list when its columns are the list's; other tables (a summary page) are left alone;
* the title (area, fiscal year) and the legend above the table of the first page; in Hyoka's
  own PDF the title's 和暦 (``2019年度（令和元年度）``) is the export's and is taken out, the
  running head of later pages gives the roles' whole titles, and its notes of the computed
  rating are read back as the list's own: a line ``公表○ ※1`` under a rating is the published
  symbol, ``事業公表○`` the project's one symbol, ``算出 85.1%`` under an actual and
  ``※1`` after a name are left out;
* problems name the page and the row and column of the table on that page.

A PDF that cannot be read is refused, naming the file and saying why: not a PDF, encrypted
with a password, cut short or damaged, no text layer (a scan), no page with the list's table.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from io import BytesIO
from typing import Any

import pdfplumber
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.periods import to_wareki
from hyoka.core.statuslist import Problem, StatusList, Where
from hyoka.ingest.decoding import UnreadableFile, unreadable
from hyoka.ingest.layout import HEADERS, header_key, is_header, join_lines, role_label
from hyoka.ingest.limits import MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_ROWS
from hyoka.ingest.statuslist_sheet import SheetReader

__all__ = ["UnreadableFile", "read_status_list_pdf"]

#: The list's columns (:data:`~hyoka.ingest.layout.HEADERS`) that cover two columns of the
#: sheet: 役割 (the role, then the sub-role) and 連携事業名 (the number, then the name).
_SPLIT = {"role": "sub_role", "project": "name"}
#: The physical columns of the sheet the table is laid out on: the list's columns in order,
#: each with its header word, and after each split one its second column (no header).
SHEET_COLUMNS: tuple[tuple[str, str | None], ...] = tuple(
    column
    for word, key in HEADERS.items()
    for column in ((key, word), *([(_SPLIT[key], None)] if key in _SPLIT else []))
)
_VALUE_COLUMNS = {
    i for i, (key, _) in enumerate(SHEET_COLUMNS, 1) if key in ("baseline", "target", "actual")
}
_COLUMN = {key: i for i, (key, _) in enumerate(SHEET_COLUMNS, 1)}
#: Hyoka's own notes in its PDF, not the list's.
_PUBLISHED = re.compile(r"(事業)?公表\s*(\S)\s*※\s*\d+")
_COMPUTED_ACTUAL = re.compile(r"^算出\s")
_REF = re.compile(r"\s*※\s*\d+$")
_RUNNING_ROLE = re.compile(r"役割\s+(.+)$")
_TOLERANCE = 0.5  # points: edges of one line drawn twice, rounding of coordinates
#: How much room (points) a line may have left and still have been wrapped: a line break
#: with more room than the next piece needs was a break in the text (a space in the list).
_FIT = 0.3
#: Characters a line may not start with (行頭禁則): they go down with the one before them.
_NO_LINE_START = set(
    "、。，．,.・：；:;？！?!）)」』】〕］]｝}〉》ー―‐ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"
)
#: Characters a line may not end with (行末禁則): they go down with the one after them.
_NO_LINE_END = set("「『（([｛{〔【〈《“‘")
#: A line starting with a bullet follows a break in the text, never a wrap, where the layout
#: engine keeps ・ from starting a wrapped line (Pango and WeasyPrint, which draw Hyoka's own
#: PDFs, do; LibreOffice Calc does not): progress notes one item a line.
_BULLET = "・"
_STRICT_PRODUCERS = ("Hyoka", "WeasyPrint", "cairo")
#: One glyph, two characters: fonts draw 〜 (WAVE DASH) and ～ (FULLWIDTH TILDE) alike and a PDF
#: gives one for both; lists typed on Windows (CP932) write ～.
_GLYPH_TWINS = str.maketrans({"〜": "～"})
_EOF_WINDOW = 2048


@dataclass
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[list[dict[str, Any]]] = field(default_factory=list)
    text: str = ""
    line_texts: list[str] = field(default_factory=list)


@dataclass
class _Page:
    """One page's part of the list: its columns (the keys' x ranges) and its rows of cells."""

    number: int
    columns: list[tuple[str, float, float]]
    rows: list[float]  # the tops of the table's rows, then the bottom of the last
    cells: list[_Cell]
    header_rows: int  # 1 when the page repeats the header row, else 0
    strict: bool  # drawn by a layout engine that keeps ・ from starting a wrapped line


def read_status_list_pdf(data: bytes, source: str) -> StatusList:
    """Read the bytes of a status-list PDF; problems are collected, never raised.

    :class:`UnreadableFile` when it is not a readable PDF or has no page with the list."""
    pdf = _open(data, source)
    with pdf:
        pages, preamble, running = _read_pages(pdf, source)
    ws, header_row, places = _sheet(pages, preamble)
    if ws.max_row > MAX_ROWS:
        raise unreadable(
            source,
            "表の行が多すぎます（%(rows)s行）。一覧は%(limit)s行までです",
            rows=f"{ws.max_row:,}",
            limit=f"{MAX_ROWS:,}",
        )
    result = SheetReader(source, ws, header_row).read()
    _whole_role_titles(result, running)
    result.problems = [_placed(p, places) for p in result.problems]
    for ind in [h.indicator for h in result.headlines] + [
        i for p in result.projects for i in p.indicators
    ]:
        ind.where = {k: _where_on_page(w, places) for k, w in ind.where.items()}
    result.encoding = "pdf"
    return result


# -- the file ----------------------------------------------------------------------------------


def _open(data: bytes, source: str) -> Any:
    if not data.strip():
        raise unreadable(source, "ファイルが空です")
    if not data.lstrip()[:1024].startswith(b"%PDF"):
        raise unreadable(source, "PDFファイルではありません（先頭が %PDF ではありません）")
    if len(data) > MAX_PDF_BYTES:
        raise unreadable(
            source,
            "PDFが大きすぎます（%(size)s MB）。一覧のPDFは%(limit)s MBまでです",
            size=f"{len(data) / 2**20:,.0f}",
            limit=MAX_PDF_BYTES // 2**20,
        )
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise unreadable(
            source,
            "PDFが途中で切れています（末尾の %%EOF がありません）。ファイル全体を渡してください",
        )
    try:
        pdf = pdfplumber.open(BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds of error on a damaged file
        if b"/Encrypt" in data:
            raise unreadable(
                source,
                "パスワードで暗号化されたPDFです。パスワードを外して保存したPDFを読みます",
            ) from None
        raise unreadable(source, "壊れたPDFです（%(error)s）", error=_one_line(exc)) from None
    if count == 0:
        pdf.close()
        raise unreadable(source, "ページのないPDFです")
    if count > MAX_PDF_PAGES:
        pdf.close()
        raise unreadable(
            source,
            "PDFのページが多すぎます（%(pages)sページ）。一覧は%(limit)sページまでです",
            pages=f"{count:,}",
            limit=f"{MAX_PDF_PAGES:,}",
        )
    return pdf


def _one_line(exc: BaseException) -> str:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = " ".join(str(cause).split())
    return f"{type(cause).__name__}: {text[:160]}" if text else type(cause).__name__


def _read_pages(pdf: Any, source: str) -> tuple[list[_Page], list[list[str]], dict[str, str]]:
    """The list's part of every page, the lines above the table of the first one (title,
    legend) and the role titles of the running heads."""
    pages: list[_Page] = []
    preamble: list[list[str]] = []
    made_by = " ".join(str(pdf.metadata.get(k, "")) for k in ("Creator", "Producer"))
    strict = any(name in made_by for name in _STRICT_PRODUCERS)
    running: dict[str, str] = {}
    chars_seen = 0
    columns: list[tuple[str, float, float]] | None = None
    for number, page in enumerate(pdf.pages, 1):
        try:
            chars = page.chars
            tables = page.find_tables(_closed(page))
        except Exception as exc:
            raise unreadable(
                source,
                "%(page)sページ目を読めません（%(error)s）",
                page=number,
                error=_one_line(exc),
            ) from None
        chars_seen += sum(1 for c in chars if not c["text"].isspace())
        found = _list_table(tables, chars, columns)
        if found is None:
            continue
        table, header = found
        columns = header or columns
        assert columns is not None
        part = _page_part(number, table, chars, columns, bool(header), strict)
        above = [c for c in chars if c["bottom"] <= table.bbox[1] + _TOLERANCE]
        if not pages:
            preamble = _segments(above)
        else:
            running.update(_running_roles(above))
        pages.append(part)
        page.flush_cache()
    if not pages:
        if chars_seen == 0:
            raise unreadable(
                source,
                "文字のないPDFです（スキャンした画像だけのPDF）。文字を含むPDF（Excelや"
                "Hyokaから書き出したもの）か、一覧のExcelファイルを読みます",
            )
        raise unreadable(
            source,
            "一覧のPDFではありません。%(pages)sページのどこにも、評価指標・目標値・実績値の"
            "見出しのある罫線の表がありません",
            pages=len(pdf.pages),
        )
    return pages, preamble, running


def _closed(page: Any) -> dict[str, Any]:
    """Table settings closing cells at the bottom of the ruling: a cell running on to the
    next page (a role, a sub-role) has no line under it on this one."""
    bottoms = [e["bottom"] for e in page.edges if e["orientation"] == "v"]
    return {"explicit_horizontal_lines": [max(bottoms)]} if bottoms else {}


def _list_table(
    tables: list[Any], chars: list[dict[str, Any]], columns: list[tuple[str, float, float]] | None
) -> tuple[Any, list[tuple[str, float, float]] | None] | None:
    """The page's table of the list and its header's columns (None when the page does not
    repeat the header but its table has the list's columns)."""
    for table in tables:
        first = table.rows[0]
        texts = [_plain(_chars_in(chars, cell)) if cell else "" for cell in first.cells]
        if is_header(texts):
            return table, _header_columns(first.cells, texts)
    if columns is None:
        return None
    edges = [round(c[1]) for c in columns] + [round(columns[-1][2])]
    for table in tables:
        xs = sorted({round(cell[0]) for row in table.rows for cell in row.cells if cell})
        if all(any(abs(x - e) <= 2 for e in edges) for x in xs):
            return table, None
    return None


def _header_columns(cells: list[Any], texts: list[str]) -> list[tuple[str, float, float]]:
    """The header's columns: (key, x0, x1) of every column the list reads; others left out."""
    out: list[tuple[str, float, float]] = []
    for cell, text in zip(cells, texts, strict=True):
        key = header_key(text) if cell else None
        if key is not None and key not in {k for k, _, _ in out}:
            out.append((key, cell[0], cell[2]))
    return out


# -- the characters of a cell, as text ----------------------------------------------------------


def _chars_in(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> list[Any]:
    x0, top, x1, bottom = box
    return [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]


def _lines(chars: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters in lines, top to bottom, each left to right."""
    lines: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if lines and abs(lines[-1][-1]["bottom"] - c["bottom"]) <= c["size"] * 0.3:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(line: list[dict[str, Any]]) -> str:
    """A line's characters, with a space where the gap between two is a space wide."""
    out = ""
    for prev, c in zip([None, *line[:-1]], line, strict=True):
        if prev is not None and c["x0"] - prev["x1"] > prev["size"] * 0.15 and out[-1:] != " ":
            out += " "
        out += c["text"]
    return out.strip().translate(_GLYPH_TWINS)


def _plain(chars: list[dict[str, Any]]) -> str:
    return " ".join(_line_text(line) for line in _lines(chars))


def _cell_text(cell: _Cell, strict: bool = False, values: bool = False) -> str:
    """The cell's text as the list writes it: wrapped lines joined back.  In Hyoka's own PDF
    (``strict``) a value's parenthesised note stands on a line of its own (``values``)."""
    spaced = [bool(line) and line[-1]["text"].isspace() for line in cell.lines]
    kept = [(_trimmed(line), s) for line, s in zip(cell.lines, spaced, strict=True)]
    kept = [(line, s) for line, s in kept if line]
    if not kept:
        return ""
    lines = [line for line, _ in kept]
    texts = [_line_text(line) for line in lines]
    if len(texts) > 2 and all(len(t) == 1 for t in texts):  # vertical text: label and title
        return f"{texts[0]} {''.join(texts[1:])}"
    pad = max(lines[0][0]["x0"] - cell.x0, 0.0)
    right = cell.x1 - pad
    out = texts[0]
    for (prev, space), line, text in zip(kept, lines[1:], texts[1:], strict=False):
        fits = prev[-1]["x1"] + (_first_word(line) - line[0]["x0"]) <= right - _FIT
        hard = strict and (text.startswith(_BULLET) or (values and text[0] in "(（"))
        out += " " + text if space or fits or hard or _word_wrap(prev, text) else text
    return out


def _trimmed(line: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line without the spaces at its ends."""
    start, end = 0, len(line)
    while start < end and line[start]["text"].isspace():
        start += 1
    while end > start and line[end - 1]["text"].isspace():
        end -= 1
    return line[start:end]


def _word_wrap(prev: list[dict[str, Any]], text: str) -> bool:
    """Two Latin words on either side of a wrap were parted by a space — unless the line
    before is one word too long for the cell, broken where it ran out of room (``100`` /
    ``0`` in a narrow number cell)."""
    if not (_latin(prev[-1]["text"]) and _latin(text[0])):
        return False
    return not all(_latin(c["text"]) for c in prev) or _line_text(prev).count(" ") > 0


def _first_word(line: list[dict[str, Any]]) -> float:
    """Where the first piece the line could not have broken inside ends: a Latin word or
    number, else one character — with the characters that may not start a line after it."""
    end = line[0]["x1"]
    for prev, c in itertools.pairwise(line):
        latin = _latin(prev["text"]) and _latin(c["text"]) and c["x0"] - prev["x1"] <= 0.5
        held = prev["text"] in _NO_LINE_END or c["text"] in _NO_LINE_START
        if not latin and not held:
            break
        end = c["x1"]
    return float(end)


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%/-")


# -- a page's table as rows and cells -----------------------------------------------------------


def _page_part(
    number: int,
    table: Any,
    chars: list[dict[str, Any]],
    columns: list[tuple[str, float, float]],
    header: bool,
    strict: bool,
) -> _Page:
    rows = table.rows[1:] if header else table.rows
    tops = [row.bbox[1] for row in rows] + [table.bbox[3]]
    cells = [
        _Cell(cell[0], cell[1], cell[2], cell[3]) for row in rows for cell in row.cells if cell
    ]
    _fill(cells, chars, tops)
    for cell in cells:
        cell.text = _cell_text(cell, strict)
        cell.line_texts = [t for t in (_line_text(line) for line in cell.lines) if t]
    return _Page(number, columns, tops, cells, 1 if header else 0, strict)


def _fill(cells: list[_Cell], chars: list[dict[str, Any]], tops: list[float]) -> None:
    """Each character into the cell its centre lies in (a grid lookup, not a scan per cell)."""
    xs = sorted({round(c.x0, 1) for c in cells} | {round(c.x1, 1) for c in cells})
    grid: dict[tuple[int, int], _Cell] = {}
    for cell in cells:
        r0 = bisect.bisect_left(tops, cell.top - _TOLERANCE)
        r1 = bisect.bisect_left(tops, cell.bottom - _TOLERANCE)
        c0 = bisect.bisect_left(xs, round(cell.x0, 1) - _TOLERANCE)
        c1 = bisect.bisect_left(xs, round(cell.x1, 1) - _TOLERANCE)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                grid[(r, c)] = cell
    found: dict[int, list[dict[str, Any]]] = {}
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        at = grid.get((bisect.bisect_right(tops, y) - 1, bisect.bisect_right(xs, x) - 1))
        if at is not None:
            found.setdefault(id(at), []).append(ch)
    for cell in cells:
        cell.lines = _lines(found.get(id(cell), []))


def _span(page: _Page, x0: float, x1: float) -> tuple[int, int] | None:
    """The sheet columns a cell from ``x0`` to ``x1`` covers (None: outside the list)."""
    first = last = None
    for key, left, right in page.columns:
        col = _COLUMN[key]
        if key in _SPLIT:
            split = _split_at(page, left, right)
            if x0 < right - _TOLERANCE and x1 > left + _TOLERANCE:
                a = col if split is None or x0 < split - _TOLERANCE else col + 1
                b = col + 1 if split is None or x1 > split + _TOLERANCE else col
                first, last = min(first or a, a), max(last or b, b)
            continue
        if x0 < right - _TOLERANCE and x1 > left + _TOLERANCE:
            first, last = min(first or col, col), max(last or col, col)
    return None if first is None or last is None else (first, last)


def _split_at(page: _Page, left: float, right: float) -> float | None:
    """The line between role and sub-role (or number and name) on this page, if drawn."""
    inside = [c.x0 for c in page.cells if left + 2 < c.x0 < right - 2]
    return min(inside) if inside else None


# -- the sheet ---------------------------------------------------------------------------------


def _sheet(
    pages: list[_Page], preamble: list[list[str]]
) -> tuple[Worksheet, int, dict[int, tuple[int, int]]]:
    """The list as a sheet: the lines above the table, the header, every page's rows; and
    for each sheet row, the page and the row of the table on that page."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for segments in preamble:
        ws.append(segments)
    header_row = ws.max_row + 1 if preamble else 1
    for col, (key, word) in enumerate(SHEET_COLUMNS, 1):
        if word:
            ws.cell(header_row, col, word)
        if key in _SPLIT:
            ws.merge_cells(start_row=header_row, start_column=col, end_row=header_row, end_column=col + 1)  # fmt: skip
    places: dict[int, tuple[int, int]] = {header_row: (pages[0].number, 1)}
    roles: dict[int, tuple[int, int, int]] = {}  # role column → its last cell: row, col, last row
    row = header_row
    for page in pages:
        first = row + 1
        for i in range(len(page.rows) - 1):
            places[first + i] = (page.number, i + 1 + page.header_rows)
        _place_cells(ws, page, first, roles)
        row = first + len(page.rows) - 2
    return ws, header_row, places


def _place_cells(
    ws: Worksheet, page: _Page, first: int, roles: dict[int, tuple[int, int, int]]
) -> None:
    published: list[tuple[int, str]] = []  # rows whose project had one symbol (事業公表)
    for cell in page.cells:
        cols = _span(page, cell.x0, cell.x1)
        if cols is None:
            continue
        r0 = first + bisect.bisect_left(page.rows, cell.top - _TOLERANCE)
        r1 = first + bisect.bisect_left(page.rows, cell.bottom - _TOLERANCE) - 1
        if page.strict and cols[0] in _VALUE_COLUMNS:
            cell.text = _cell_text(cell, True, values=True)
        text, project_symbol = _own_notes(cell, cols[0], page.strict)
        if cols[0] <= _COLUMN["sub_role"] and text:
            before = roles.get(cols[0])
            if before and before[2] == r0 - 1 and role_label(text) is None:
                # the rest of the role cell above: cut by a page break, or run over the
                # bottom of its cell (LibreOffice wraps a narrow cell a character a line)
                at = ws.cell(before[0], cols[0])
                at.value = join_lines([str(at.value or ""), "".join(cell.line_texts)])
                roles[cols[0]] = (before[0], before[1], max(r1, r0))
                text = ""
            else:
                roles[cols[0]] = (r0, cols[0], max(r1, r0))
        if project_symbol:
            published.append((r0, project_symbol))
        if text:
            ws.cell(r0, cols[0], text)
        if r1 > r0 or cols[1] > cols[0]:
            ws.merge_cells(start_row=r0, start_column=cols[0], end_row=max(r1, r0), end_column=cols[1])  # fmt: skip
    for row, symbol in published:
        _one_symbol(ws, row, symbol)


def _own_notes(cell: _Cell, col: int, strict: bool) -> tuple[str, str | None]:
    """The cell's text without Hyoka's notes; the project's one published symbol if noted."""
    text = cell.text
    if col == _COLUMN["rating"] and cell.line_texts:
        shown, project = cell.line_texts[0], None
        rest = "".join(cell.line_texts[1:])
        for m in _PUBLISHED.finditer(rest):
            if m.group(1):
                project = m.group(2)
            else:
                shown = m.group(2)
        if other := _PUBLISHED.sub("", rest).strip():
            shown += " " + other
        return shown, project
    if col == _COLUMN["actual"]:
        kept = [t for t in cell.line_texts if not _COMPUTED_ACTUAL.match(t)]
        if len(kept) < len(cell.line_texts):
            text = _cell_text(
                replace(
                    cell,
                    lines=[ln for ln in cell.lines if not _COMPUTED_ACTUAL.match(_line_text(ln))],
                ),
                strict,
            )
    if col in (_COLUMN["name"], _COLUMN["project"]):
        text = _REF.sub("", text)
    return text, None


def _one_symbol(ws: Worksheet, row: int, symbol: str) -> None:
    """A project with one published symbol for all its lines (Hyoka's 事業公表): one rating
    cell merged over the rows its number cell covers."""
    col = _COLUMN["rating"]
    number = ws.cell(row, _COLUMN["project"]).coordinate
    span = next((r for r in ws.merged_cells.ranges if number in r), None)
    last = span.max_row if span is not None else row
    for r in range(row, last + 1):
        for rng in [m for m in ws.merged_cells.ranges if m.min_row == r and m.min_col == col]:
            ws.unmerge_cells(str(rng))
        ws.cell(r, col).value = None
    ws.cell(row, col, symbol)
    if last > row:
        ws.merge_cells(start_row=row, start_column=col, end_row=last, end_column=col)


# -- what lies outside the table ---------------------------------------------------------------


def _segments(chars: list[dict[str, Any]]) -> list[list[str]]:
    """Lines of text, each cut into the pieces that stand apart (cells of the title row)."""
    out = []
    for line in _lines(chars):
        pieces: list[list[dict[str, Any]]] = [[line[0]]]
        for prev, c in itertools.pairwise(line):
            if c["x0"] - prev["x1"] > prev["size"] * 1.5:
                pieces.append([])
            pieces[-1].append(c)
        out.append([unicodedata.normalize("NFKC", _line_text(p)) for p in pieces])
    return [_without_export_wareki(r) for r in out]


def _without_export_wareki(segments: list[str]) -> list[str]:
    """Hyoka's PDF writes ``2019年度（令和元年度）`` in its title: the list's is ``2019年度``."""

    def plain(text: str) -> str:
        for m in re.finditer(r"(\d{4})年度\(([^)]+)\)", text):
            if m.group(2) == to_wareki(int(m.group(1)), fiscal=True):
                return text.replace(m.group(0), f"{m.group(1)}年度", 1)
        return text

    return [plain(s) for s in segments]


def _running_roles(chars: list[dict[str, Any]]) -> dict[str, str]:
    """Role titles in the running head of a page of Hyoka's PDF: ``役割 ウ …／A …``."""
    found: dict[str, str] = {}
    for pieces in _segments(chars):
        for piece in pieces:
            m = _RUNNING_ROLE.search(piece)
            if not m:
                continue
            for part in m.group(1).split("/"):
                mark = role_label(part)
                if mark and mark[1]:
                    found[mark[0]] = mark[1]
    return found


def _whole_role_titles(result: StatusList, running: dict[str, str]) -> None:
    """A role title cut short in its cell (vertical text of a short cell), completed from a
    running head that begins the same."""
    for i, role in enumerate(result.roles):
        whole = running.get(role.label)
        if whole and len(whole) > len(role.title) and whole.startswith(role.title):
            result.roles[i] = replace(role, title=whole)


# -- places ------------------------------------------------------------------------------------


def _where_on_page(where: Where, places: dict[int, tuple[int, int]]) -> Where:
    if where.page is not None or where.row not in places:
        return where
    page, row = places[where.row]
    return replace(where, page=page, row=row)


def _placed(problem: Problem, places: dict[int, tuple[int, int]]) -> Problem:
    if problem.where is None:
        return problem
    return replace(problem, where=_where_on_page(problem.where, places))
