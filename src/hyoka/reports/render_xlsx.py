"""The status list as an Excel workbook in the official layout — and the import template.

``render(report)`` returns ``(filename, mimetype, bytes)``.  Sheet ``一覧`` is the
連携事業実施状況等一覧 as the secretariat prints it:

* row 1 the title (``report.title``) and the year in the era calendar (令和元年度);
  row 2 the legend (``<評価凡例>◎：達成済み ○：達成見込 …``); row 3 the header;
* the nine columns of the document (``report.columns``) in columns A–K: 役割 spans
  A (the role ア・イ・ウ) and B (the sub-role A・B・C under ウ; a role without sub-roles
  is merged over both), 連携事業名 spans C (番号) and D (名称), then 事業概要, 評価指標,
  基準値, 目標値, 実績値（3月末見込含む）, 評価 and 連携事業実施状況等;
* each role cell is merged down all its rows; headline KPIs come first in their role,
  marked 【基本KPI】 (merged down the KPI rows);
* one line per indicator; the project's number, name, 事業概要 and 連携事業実施状況等 are
  merged down its indicator lines, and so is 評価 when the list gives one symbol for the
  whole project;
* to the right, outside the document, L 評価（算出） and M 理由（算出） (what Hyoka computed
  from the figures, merged like 評価; orange where it differs from the published symbol)
  and a hidden N 指標ID — none of them is read back by the import.

A3 landscape, one page wide, the header row repeated on every page, page numbers in the
footer; every cell in one Japanese font (``font=``, default Noto Sans CJK JP, marked with
the Japanese character set so a computer without it substitutes a Japanese font such as
游ゴシック); text wraps, and row heights are written from an estimate of the wrapped lines
(CJK characters count double), since neither Excel nor LibreOffice grows merged rows.

Sheet ``情報`` holds the plan, year, status, achievement and the participating
municipalities with their 団体コード (as text).

:mod:`hyoka.ingest.statuslist_xlsx` reads the ``一覧`` sheet back into the document model.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from copy import copy
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.spreadsheet import printable
from hyoka.plans.areas import KNOWN_AREAS
from hyoka.reports.builders import COLUMNS as DOCUMENT_COLUMNS
from hyoka.reports.registry import filename
from hyoka.reports.statuslist import (
    IndicatorRow,
    ProjectRow,
    RoleGroup,
    StatusListReport,
    ValueCell,
)

__all__ = [
    "COLUMNS",
    "COMPUTED",
    "FONT",
    "HEADER_ROW",
    "INFO_SHEET",
    "KPI_MARK",
    "MIMETYPE",
    "REASON",
    "SHEET",
    "render",
    "workbook",
]

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET, INFO_SHEET = "一覧", "情報"
FONT = "Noto Sans CJK JP"
FALLBACK_FONT = "游ゴシック"
KPI_MARK = "【基本KPI】"
COMPUTED, REASON, ID = "評価（算出）", "理由（算出）", "指標ID"
TITLE_ROW, LEGEND_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1

SIZE, TITLE_SIZE = 9.0, 14.0
LINE = 1.6  # line height in ems: room for 游ゴシック's tall lines as well as Noto's
PAD = 4.0  # points above and below the text of a cell
MAX_ROW_HEIGHT = 409.0  # Excel's limit


@dataclass(frozen=True)
class Column:
    key: str
    width: float
    center: bool = False


#: The physical columns A–N, in order.
COLUMNS = (
    Column("role", 4.5, True),
    Column("sub_role", 11),
    Column("number", 4.5, True),
    Column("name", 18),
    Column("summary", 40),
    Column("indicator", 24),
    Column("baseline", 13),
    Column("target", 14),
    Column("actual", 14),
    Column("rating", 5.5, True),
    Column("notes", 42),
    Column("computed", 8.5, True),
    Column("reason", 36),
    Column("id", 38),
)
COL = {c.key: i for i, c in enumerate(COLUMNS, 1)}
LAST_DOC_COL = COL["notes"]
LAST_PRINTED_COL = COL["reason"]

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILLS = {
    "header": PatternFill("solid", fgColor="D9E1F2"),
    "extra": PatternFill("solid", fgColor="E2EFDA"),
    "role": PatternFill("solid", fgColor="F2F2F2"),
    "kpi": PatternFill("solid", fgColor="FFF2CC"),
    "differs": PatternFill("solid", fgColor="F8CBAD"),
}


@dataclass
class Block:
    """One cell of the sheet, merged over ``rows`` × ``cols`` when larger than one."""

    row: int
    col: int
    value: str | int | None
    rows: int = 1
    cols: int = 1
    fill: str | None = None
    bold: bool = False
    size: float = SIZE
    center: bool = False
    stacked: bool = False  # vertical text, one character under the other
    text: bool = False  # number format "@" (codes and ids)


def render(report: StatusListReport, *, font: str = FONT) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of the list as an .xlsx workbook."""
    out = BytesIO()
    workbook(report, font=font).save(out)
    return filename(report, "xlsx"), MIMETYPE, _reproducible(out.getvalue())


#: The same data gives the same bytes: no clock in the file (an edition's download is stable).
_STAMP = "2000-01-01T00:00:00Z"
_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _reproducible(data: bytes) -> bytes:
    """Re-pack the workbook with fixed zip timestamps and document-property dates."""
    src = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _TIMES.sub(rb"\g<1>" + _STAMP.encode() + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def workbook(report: StatusListReport, *, font: str = FONT) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    units: list[range] = []
    blocks = _head(report) + _body(report, units)
    _write(ws, blocks, font)
    last = max(b.row + b.rows - 1 for b in blocks)
    for i, c in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.column_dimensions[get_column_letter(COL["id"])].hidden = True
    heights = _heights(blocks, last)
    for row, height in heights.items():
        ws.row_dimensions[row].height = height
    for row in page_breaks(heights, units):
        ws.row_breaks.append(Break(id=row - 1))
    ws.freeze_panes = f"A{FIRST_ROW}"
    _page_setup(ws, last)
    _info_sheet(wb.create_sheet(INFO_SHEET), report, font)
    wb.properties.title = report.title
    wb.properties.creator = "Hyoka"
    return wb


# -- layout -----------------------------------------------------------------------------------


def _header_texts(report: StatusListReport) -> list[str]:
    cols = report.columns or DOCUMENT_COLUMNS
    return list(cols if len(cols) == len(DOCUMENT_COLUMNS) else DOCUMENT_COLUMNS)


def legend_text(report: StatusListReport) -> str:
    """``<評価凡例>◎：達成済み ○：達成見込 …`` as the document prints it."""
    items = " ".join(f"{s.symbol}：{s.label}" for s in report.legend)
    return f"<評価凡例>{items}"


def _head(report: StatusListReport) -> list[Block]:
    blocks = [
        Block(TITLE_ROW, 1, report.title, cols=COL["actual"], bold=True, size=14),
        Block(
            TITLE_ROW,
            COL["rating"],
            report.fiscal_year_wareki,
            cols=2,
            bold=True,
            size=12,
        ),
        Block(LEGEND_ROW, 1, legend_text(report), cols=LAST_DOC_COL, size=10),
        Block(
            LEGEND_ROW,
            COL["computed"],
            "L・M列は Hyoka が数値から算出した評価（一覧の一部ではなく、取込では読みません）",
            cols=2,
            size=8,
        ),
    ]
    if report.edition:
        blocks.append(Block(TITLE_ROW, COL["computed"], f"第{report.edition}版", cols=2, bold=True))
    heads = _header_texts(report)
    starts = [COL[k] for k in ("role", "number", "summary", "indicator", "baseline")]
    starts += [COL[k] for k in ("target", "actual", "rating", "notes")]
    for text, col in zip(heads, starts, strict=True):
        wide = col in (COL["role"], COL["number"])
        blocks.append(
            Block(
                HEADER_ROW, col, text, cols=2 if wide else 1, fill="header", bold=True, center=True
            )
        )
    for key, text in (("computed", COMPUTED), ("reason", REASON), ("id", ID)):
        blocks.append(Block(HEADER_ROW, COL[key], text, fill="extra", bold=True, center=True))
    return blocks


def _rating_mode(p: ProjectRow) -> str:
    """How the 評価 cell of a project is laid out: ``project`` (one merged cell for all its
    indicator lines) or ``lines`` (one per indicator)."""
    inds = p.indicators
    if len(inds) <= 1:
        return "lines"
    if p.one_symbol:
        return "project"
    if not any(i.rating_published for i in inds) and p.rating_published_text:
        return "project"  # the cell as printed (e.g. more symbols than indicators)
    return "lines"


def _body(report: StatusListReport, units: list[range] | None = None) -> list[Block]:
    """The table's blocks; ``units`` collects the row ranges a page should not split (a
    role's headline KPIs, a project)."""
    blocks: list[Block] = []
    units = units if units is not None else []
    row = FIRST_ROW
    for g in report.roles:
        start = row
        has_sub = any(p.sub_role for p in g.projects)
        kpis = g.headline_kpis
        if kpis:
            first = COL["sub_role"] if has_sub else COL["number"]
            blocks.append(
                Block(row, first, KPI_MARK, rows=len(kpis), cols=COL["summary"] - first + 1)
            )
            for k in kpis:
                blocks += _indicator_line(row, k, k.rating_published, True)
                blocks += [
                    Block(row, COL["notes"], k.notes or ""),
                    Block(row, COL["computed"], k.rating_computed or "", center=True),
                    Block(row, COL["reason"], k.reason or ""),
                ]
                _mark_difference(blocks, k.rating_published, k.rating_computed)
                row += 1
            units.append(range(start, row))
            for b in blocks:
                if b.row >= start and b.col >= COL["sub_role"] and b.col <= LAST_PRINTED_COL:
                    b.fill = b.fill or "kpi"
        run: tuple[int, Any] | None = None  # (first row, sub-role) of the current sub-role run
        for p in g.projects:
            if has_sub and (run is None or run[1] != p.sub_role):
                if run is not None:
                    blocks.append(_sub_role_block(run, row, g))
                run = (row, p.sub_role)
            first, row = row, _project(blocks, row, p)
            units.append(range(first, row))
        if run is not None:
            blocks.append(_sub_role_block(run, row, g))
        rows = max(row - start, 1)
        if row == start:
            units.append(range(start, start + 1))
        label = f"{g.label} {g.title}".strip()
        if has_sub:
            blocks.append(Block(start, COL["role"], label, rows=rows, fill="role", stacked=True))
        else:
            blocks.append(Block(start, COL["role"], label, rows=rows, cols=2, fill="role"))
        row = start + rows
    return blocks


def _sub_role_block(run: tuple[int, Any], row: int, g: RoleGroup) -> Block:
    first, sub = run
    title = ""
    if sub:
        p = next(p for p in g.projects if p.sub_role == sub)
        title = f"{sub} {p.sub_role_title or ''}".strip()
    return Block(first, COL["sub_role"], title, rows=row - first, fill="role")


def _indicator_line(
    row: int, ind: IndicatorRow | None, rating: str | None, with_rating: bool
) -> list[Block]:
    out = [Block(row, COL["indicator"], ind.name if ind else "")]
    for key in ("baseline", "target", "actual"):
        value: ValueCell | None = getattr(ind, key) if ind else None
        out.append(Block(row, COL[key], value.text if value else ""))
    if with_rating:
        out.append(Block(row, COL["rating"], rating or "", center=True))
    out.append(Block(row, COL["id"], ind.id if ind else "", text=True))
    return out


def _mark_difference(blocks: list[Block], published: str | None, computed: str | None) -> None:
    if published and computed and published.strip() != computed:
        for b in reversed(blocks):
            if b.col == COL["computed"]:
                b.fill = "differs"
                return


def _project(blocks: list[Block], row: int, p: ProjectRow) -> int:
    inds: tuple[IndicatorRow | None, ...] = p.indicators or (None,)
    n = len(inds)
    mode = _rating_mode(p)
    blocks += [
        Block(row, COL["number"], p.number, rows=n, center=True),
        Block(row, COL["name"], p.name or "", rows=n),
        Block(row, COL["summary"], p.summary or "", rows=n),
        Block(row, COL["notes"], p.notes or "", rows=n),
    ]
    if mode == "project":
        published = p.rating_published or p.rating_published_text or ""
        blocks.append(Block(row, COL["rating"], published, rows=n, center=True))
        blocks.append(Block(row, COL["computed"], p.rating_computed or "", rows=n, center=True))
        blocks.append(Block(row, COL["reason"], p.reason or "", rows=n))
        _mark_difference(blocks, published, p.rating_computed)
    for i, ind in enumerate(inds):
        if mode == "project":
            blocks += _indicator_line(row + i, ind, None, False)
            continue
        mark = ind.rating_published if ind else None
        if n == 1 and not mark:
            mark = p.rating_published_text
        blocks += _indicator_line(row + i, ind, mark, True)
        computed = (ind.rating_computed if ind else None) or ""
        blocks.append(Block(row + i, COL["computed"], computed, center=True))
        blocks.append(Block(row + i, COL["reason"], (ind.reason if ind else "") or ""))
        _mark_difference(blocks, mark, computed)
    return row + n


# -- writing ----------------------------------------------------------------------------------


@cache
def _font(name: str, size: float = SIZE, bold: bool = False) -> Font:
    # charset 128 (SHIFTJIS_CHARSET): where the font is missing, a Japanese one is used
    return Font(name=name, size=size, bold=bold, charset=128, family=3)


def _set(ws: Worksheet, row: int, col: int, value: str | int | None) -> Any:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = printable(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def _write(ws: Worksheet, blocks: list[Block], font: str) -> None:
    """Values, merges and styles of the blocks; every other cell of the table in the font.

    Speed (a 1,000-project list has 2,400 merges and 80,000 styled cells): the blocks never
    overlap, so a merge is added without openpyxl's check against every earlier one (which
    made merging quadratic), and a cell's style is copied whole from the first cell styled the
    same way instead of hashing a font, border, fill and alignment for every cell.
    """
    styled: set[tuple[int, int]] = set()
    styles: dict[tuple[Any, ...], Any] = {}

    def style(each: Any, key: tuple[Any, ...], make: Any) -> None:
        known = styles.get(key)
        if known is None:
            make(each)
            styles[key] = copy(each._style)
        else:
            each._style = copy(known)

    for b in blocks:
        cell = _set(ws, b.row, b.col, b.value)
        if b.rows > 1 or b.cols > 1:
            merged = MergedCellRange(
                ws,
                CellRange(
                    min_row=b.row,
                    min_col=b.col,
                    max_row=b.row + b.rows - 1,
                    max_col=b.col + b.cols - 1,
                ).coord,
            )
            ws.merged_cells.ranges.add(merged)  # disjoint: no check against the others
            ws._clean_merge_range(merged)
        table = b.row >= HEADER_ROW
        key = (b.size, b.bold, b.center or b.stacked, b.fill, b.stacked, table, b.text)

        def make(each: Any, b: Block = b, table: bool = table) -> None:
            each.font = _font(font, b.size, b.bold)
            each.alignment = _alignment(
                "center" if b.center or b.stacked else "left",
                "top" if b.fill == "role" else "center",  # a role's label on its first page
                255 if b.stacked else 0,
            )
            if table:
                each.border = BORDER
            if b.fill:
                each.fill = FILLS[b.fill]
            if b.text:
                each.number_format = "@"

        for r in range(b.row, b.row + b.rows):
            for c in range(b.col, b.col + b.cols):
                each = cell if (r, c) == (b.row, b.col) else ws.cell(row=r, column=c)
                style(each, key, make)
                styled.add((r, c))
    last = max(b.row + b.rows - 1 for b in blocks)

    def plain(each: Any, table: bool) -> None:
        each.font = _font(font)
        if table:
            each.border = BORDER

    for r in range(1, last + 1):  # every cell of the sheet in the one font
        for c in range(1, len(COLUMNS) + 1):
            if (r, c) not in styled:
                table = r >= HEADER_ROW
                style(ws.cell(row=r, column=c), ("plain", table), lambda e, t=table: plain(e, t))


@cache
def _alignment(horizontal: str, vertical: str, rotation: int) -> Alignment:
    return Alignment(
        horizontal=horizontal, vertical=vertical, wrap_text=True, text_rotation=rotation
    )


def _page_setup(ws: Worksheet, last: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(LAST_PRINTED_COL)}{last}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9


# -- row heights ------------------------------------------------------------------------------


def char_width(ch: str) -> float:
    """Width of a character in ems: East Asian wide and full-width characters 1, others about
    0.6 (digits, Latin letters and half-width kana in a Japanese font)."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6


def _column_px(cols: range) -> float:
    return sum(COLUMNS[c - 1].width * 7 + 5 for c in cols)


def count_lines(text: str, width_px: float, size: float = SIZE) -> int:
    """Lines ``text`` wraps to in a cell ``width_px`` wide at ``size`` points.

    >>> count_lines("", 100), count_lines("札幌", 100), count_lines("札" * 30, 100)
    (1, 1, 5)
    >>> count_lines("a\\nb", 100)
    2
    """
    usable = max(width_px - 8, 10) * 0.93  # cell margins; breaking at words wastes some
    em = size * 4 / 3  # points → pixels at 96 dpi
    lines = 0
    for para in text.split("\n"):
        lines += 1
        used = 0.0
        for ch in para:
            w = char_width(ch) * em
            if used + w > usable and used:
                lines += 1
                used = 0.0
            used += w
    return max(lines, 1)


def _needed(b: Block) -> float:
    text = "" if b.value is None else str(b.value)
    if b.stacked:
        return len(text) * b.size * 1.2 + 2 * PAD
    lines = count_lines(text, _column_px(range(b.col, b.col + b.cols)), b.size)
    return lines * b.size * LINE + PAD


def _heights(blocks: list[Block], last: int) -> dict[int, float]:
    """Row heights (points) so every block's wrapped text fits: single-row blocks first,
    then merged blocks share out what they still lack over their rows."""
    heights = dict.fromkeys(range(1, last + 1), SIZE * LINE + PAD)
    for b in blocks:
        if b.rows == 1:
            heights[b.row] = max(heights[b.row], _needed(b))
    for b in sorted((b for b in blocks if b.rows > 1), key=lambda b: b.rows):
        rows = range(b.row, b.row + b.rows)
        lacking = _needed(b) - sum(heights[r] for r in rows)
        if lacking > 0:
            for r in rows:
                heights[r] += lacking / b.rows
    return {r: round(min(math.ceil(h * 4) / 4, MAX_ROW_HEIGHT), 2) for r, h in heights.items()}


# -- pages ------------------------------------------------------------------------------------

A3_LANDSCAPE = (1190.55, 841.89)  # points
MARGINS = (0.4 * 72 * 2, 0.5 * 72 * 2)  # left + right, top + bottom


def _page_capacity(heights: dict[int, float]) -> float:
    """Points of rows one printed page holds below the repeated header row (at the scale
    that fits the printed columns to the page width), with some room to spare."""
    table = sum(COLUMNS[c - 1].width * 7 + 5 for c in range(1, LAST_PRINTED_COL + 1)) * 0.75
    scale = min(1.0, (A3_LANDSCAPE[0] - MARGINS[0]) / table)
    return ((A3_LANDSCAPE[1] - MARGINS[1]) / scale - heights[HEADER_ROW]) * 0.95


def page_breaks(heights: dict[int, float], units: list[range]) -> list[int]:
    """Rows to start a new page at, so no project (nor a role's headline KPIs) is split over
    two pages; a unit taller than a page starts a page of its own."""
    capacity = _page_capacity(heights)
    used = sum(heights[r] for r in range(1, FIRST_ROW))
    breaks = []
    for unit in units:
        height = sum(heights[r] for r in unit)
        if used + height > capacity and used > 0:
            breaks.append(unit.start)
            used = 0.0
        used += height
    return breaks


# -- 情報 --------------------------------------------------------------------------------------


STATUS = {"open": "入力受付中", "closed": "締切", "published": "公表済み"}


def _status(code: str | None) -> str:
    return f"{STATUS[code]}（{code}）" if code in STATUS else code or ""


def _info_sheet(ws: Worksheet, report: StatusListReport, font: str) -> None:
    plan = report.plan
    a = report.achievement
    share = a.share
    names = {
        code: name
        for area in KNOWN_AREAS.values()
        for code, name, _ in area.get("municipalities", [])  # type: ignore[attr-defined]
    }
    rows: list[tuple[str, Any]] = [
        ("様式", report.format),
        ("表題", report.title),
        ("圏域", report.area),
        ("計画", plan.name),
        ("計画期間", f"{plan.start}〜{plan.end}年度"),
        ("年度", report.fiscal_year),
        ("和暦", report.fiscal_year_wareki),
        ("状態", _status(report.status)),
    ]
    if report.edition:
        rows.append(("版", report.edition))
    rows += [
        (
            "達成割合",
            f"{a.achieved}/{a.rated}（{share * 100:.1f}%）" if share is not None else "-",
        ),
        ("凡例", legend_text(report)),
        ("", ""),
        ("団体コード", "団体名"),
    ]
    codes = report.municipalities
    code_rows = range(len(rows) + 1, len(rows) + 1 + len(codes))
    rows += [(code, names.get(code, "")) for code in codes]
    rows += [
        ("", ""),
        (
            "取込",
            f"「{SHEET}」シートの A〜K 列（一覧の9列）を読みます。役割は A（ア・イ・ウ）と "
            "B（A・B・C）の2列、連携事業名は C（番号）と D（名称）の2列です。事業の指標は1行に"
            "1つ、事業全体で1つの評価はその行の評価欄を結合して書きます。L・M・N 列と"
            f"「{INFO_SHEET}」シートは読みません。",
        ),
    ]
    for r, (key, value) in enumerate(rows, 1):
        k = _set(ws, r, 1, key)
        v = _set(ws, r, 2, value)
        k.font = _font(font, bold=True)
        v.font = _font(font)
        k.alignment = Alignment(vertical="top")
        v.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if r in code_rows:
            k.number_format = "@"  # 団体コード keep their leading zero
            k.font = _font(font)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 80
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.row_dimensions[len(rows)].height = count_lines(str(rows[-1][1]), 80 * 7 + 5) * 15 + 4
