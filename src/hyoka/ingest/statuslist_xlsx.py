"""Reader of a status list (連携事業実施状況等一覧) as an Excel workbook (.xlsx).

The layout is the one :mod:`hyoka.reports.render_xlsx` writes, so an exported list is also
the import template: a title row (area and fiscal year), the legend row, a header row with
the nine columns of the document, then one line per headline KPI or indicator.

* 役割 covers one or two columns: the role (ア・イ・ウ) and the sub-role under it (A・B・C);
  a merged cell stands for every row it covers;
* 連携事業名 covers two columns, 番号 and 名称 (or a column headed 番号 holds the number);
* a 【基本KPI】 cell before 評価指標 marks headline KPI rows;
* the lines of a project share its number (a merged cell, the same number repeated, or an
  empty number cell under it); each line is one indicator;
* 評価: one cell merged over all of a project's lines is the project's one symbol (or, with
  as many symbols as lines, one per indicator); otherwise each line's cell rates its
  indicator;
* columns with other headers (評価（算出）, 理由（算出）, 指標ID) and other sheets are ignored.

The sheet is read by :class:`hyoka.ingest.statuslist_sheet.SheetReader` (the rules of the
table's structure, shared with the PDF reader). Problems are collected, as the text reader
does, naming row, column and header; :class:`UnreadableFile` (one line, naming the file) only
when the file is not such a workbook.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.statuslist import StatusList
from hyoka.ingest.decoding import UnreadableFile, unreadable
from hyoka.ingest.layout import is_header
from hyoka.ingest.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    far_cell,
    shorten,
    unpacked_size,
)
from hyoka.ingest.statuslist_sheet import SheetReader, norm

__all__ = ["UnreadableFile", "read_status_list_xlsx"]

SHEET = "一覧"
HEADER_SEARCH_ROWS = 30
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def read_status_list_xlsx(data: bytes, source: str) -> StatusList:
    """Read the bytes of a status-list workbook; problems are collected, never raised.

    :class:`UnreadableFile` when it is not a workbook, or no sheet has the list's header row.
    """
    wb = _open(data, source)
    ws, header_row = _find_list(wb, source)
    if far := far_cell(ws):
        raise unreadable(
            source,
            "シート「%(sheet)s」の一覧から遠く離れた%(row)s行%(column)s列に文字があります"
            "（「%(text)s」）。一覧は%(rows)s行・%(columns)s列までに収めてください。"
            "その下や右にあるものを消してください",
            sheet=ws.title,
            row=far[0],
            column=far[1],
            text=shorten(str(far[2]), 20),
            rows=f"{MAX_ROWS:,}",
            columns=MAX_COLUMNS,
        )
    result = SheetReader(source, ws, header_row).read()
    result.encoding = "xlsx"
    return result


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _open(data: bytes, source: str) -> Workbook:
    if not data.strip():
        raise unreadable(source, "ファイルが空です")
    if data.startswith(_OLE):
        raise unreadable(
            source,
            "古い.xls形式（またはパスワード付き）のブックです。パスワードなしのExcelブック"
            "（.xlsx）として保存してください",
        )
    if not data.startswith(_ZIP):
        raise unreadable(
            source,
            "Excelブックではありません（.xlsxはzip形式です）。`hyoka export --format xlsx` で"
            "書き出した一覧のブックを読みます",
        )
    size = unpacked_size(data)
    if size is not None and size > MAX_UNPACKED:
        raise unreadable(
            source,
            "ブックを展開すると%(size)s MBになります。一覧は展開して%(limit)s MBまでです",
            size=f"{size / 2**20:,.0f}",
            limit=MAX_UNPACKED // 2**20,
        )
    if size is not None and not {"[Content_Types].xml", "xl/workbook.xml"} <= _names(data):
        raise unreadable(
            source,
            "壊れたExcelブックです。xl/workbook.xml のないzipファイルです。"
            "`hyoka export --format xlsx` で書き出した一覧のブックを読みます",
        )
    try:
        return load_workbook(BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged archive or sheet raises many kinds of error
        raise unreadable(
            source, "壊れたExcelブックです（%(error)s）", error=_one_line(exc)
        ) from None


def _names(data: bytes) -> set[str]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return set(z.namelist())


def _find_list(wb: Workbook, source: str) -> tuple[Worksheet, int]:
    sheets = sorted(wb.worksheets, key=lambda ws: ws.title != SHEET)
    for ws in sheets:
        rows = min(ws.max_row, HEADER_SEARCH_ROWS)
        for row in ws.iter_rows(min_row=1, max_row=rows, max_col=min(ws.max_column, MAX_COLUMNS)):
            if is_header([norm(c.value) for c in row]):
                return ws, row[0].row
    names = ", ".join(ws.title for ws in wb.worksheets)
    raise unreadable(
        source,
        "一覧のブックではありません。どのシート（%(names)s）にも、最初の%(rows)s行に"
        "評価指標・目標値・実績値の見出し行がありません",
        names=names,
        rows=HEADER_SEARCH_ROWS,
    )
