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

Problems are collected, as the text reader does, naming row, column and header;
:class:`UnreadableFile` (one line, naming the file) only when the file is not such a workbook.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.periods import YEAR_PATTERN, year_from_match
from hyoka.core.statuslist import (
    Headline,
    Indicator,
    Problem,
    Project,
    Role,
    StatusList,
    Where,
    document_problems,
)
from hyoka.ingest.decoding import UnreadableFile
from hyoka.ingest.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    far_cell,
    length_problems,
    problem,
    shorten,
    unpacked_size,
)
from hyoka.ingest.statuslist_text import HEADERS, KPI_MARKER

__all__ = ["UnreadableFile", "read_status_list_xlsx"]

NUMBER_HEADERS = ("番号", "事業番号", "No", "No.")
VALUE_KEYS = ("baseline", "target", "actual")
SHEET = "一覧"
HEADER_SEARCH_ROWS = 30
_TOP_ROLE = re.compile(r"^([ア-ン])\s*(.*)$", re.S)
_SUB_ROLE = re.compile(r"^([A-Z])(?:\s+(.*))?$", re.S)
_NUMBER = re.compile(r"^\d{1,4}$")
_YEAR = re.compile(YEAR_PATTERN)
_LEGEND_ITEM = re.compile(r"(\S)\s*[:：]\s*([^\s:：]+)")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def read_status_list_xlsx(data: bytes, source: str) -> StatusList:
    """Read the bytes of a status-list workbook; problems are collected, never raised.

    :class:`UnreadableFile` when it is not a workbook, or no sheet has the list's header row.
    """
    wb = _open(data, source)
    ws, header_row = _find_list(wb, source)
    if far := far_cell(ws):
        raise UnreadableFile(
            f"{source}: sheet 「{ws.title}」 has text far outside the list, at row {far[0]} "
            f"column {far[1]} (「{shorten(str(far[2]), 20)}」); expected the list within "
            f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns — delete what lies below or beside it"
        )
    result = _Reader(source, ws, header_row).read()
    result.encoding = "xlsx"
    return result


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _open(data: bytes, source: str) -> Workbook:
    if not data.strip():
        raise UnreadableFile(f"{source}: the file is empty")
    if data.startswith(_OLE):
        raise UnreadableFile(
            f"{source}: an old .xls (or password-protected) workbook; save it as an Excel "
            "workbook (.xlsx) without a password"
        )
    if not data.startswith(_ZIP):
        raise UnreadableFile(
            f"{source}: not an Excel workbook (an .xlsx file is a zip archive); expected the "
            "status-list workbook exported by `hyoka export --format xlsx`"
        )
    size = unpacked_size(data)
    if size is not None and size > MAX_UNPACKED:
        raise UnreadableFile(
            f"{source}: the workbook unpacks to {size / 2**20:,.0f} MB; a status list "
            f"unpacks to at most {MAX_UNPACKED // 2**20} MB"
        )
    if size is not None and not {"[Content_Types].xml", "xl/workbook.xml"} <= _names(data):
        raise UnreadableFile(
            f"{source}: a broken Excel workbook — a zip archive without xl/workbook.xml; "
            "expected the status-list workbook exported by `hyoka export --format xlsx`"
        )
    try:
        return load_workbook(BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged archive or sheet raises many kinds of error
        raise UnreadableFile(f"{source}: a broken Excel workbook ({_one_line(exc)})") from None


def _names(data: bytes) -> set[str]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return set(z.namelist())


def _norm(value: Any) -> str:
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""


def _is_header(texts: list[str]) -> bool:
    return "評価指標" in texts and any(t.startswith(("目標値", "実績値")) for t in texts)


def _find_list(wb: Workbook, source: str) -> tuple[Worksheet, int]:
    sheets = sorted(wb.worksheets, key=lambda ws: ws.title != SHEET)
    for ws in sheets:
        rows = min(ws.max_row, HEADER_SEARCH_ROWS)
        for row in ws.iter_rows(min_row=1, max_row=rows, max_col=min(ws.max_column, MAX_COLUMNS)):
            if _is_header([_norm(c.value) for c in row]):
                return ws, row[0].row
    names = ", ".join(ws.title for ws in wb.worksheets)
    raise UnreadableFile(
        f"{source}: not a status-list workbook — no sheet ({names}) has a header row with "
        "評価指標, 目標値 and 実績値 in its first 30 rows"
    )


@dataclass
class _Line:
    indicator: Indicator
    rating_anchor: tuple[int, int]
    rating_text: str


@dataclass
class _Open:
    """The project being read: its lines and where its number cell sits."""

    project: Project
    number_anchor: tuple[int, int]
    lines: list[_Line] = field(default_factory=list)


class _Reader:
    def __init__(self, source: str, ws: Worksheet, header_row: int) -> None:
        self.source = source
        self.ws = ws
        self.header_row = header_row
        self.problems: list[Problem] = []
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.span: dict[tuple[int, int], int] = {}
        for rng in ws.merged_cells.ranges:
            start = (rng.min_row, rng.min_col)
            self.span[start] = rng.max_col - rng.min_col + 1
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.anchor[(r, c)] = start
        self.cols: dict[str, int] = {}
        self.role_cols: list[int] = []
        self.header_text: dict[str, str] = {}
        self.title = ""
        self.area = ""
        self.fiscal_year: int | None = None
        self.legend: dict[str, str] = {}
        self.roles: dict[str, Role] = {}
        self.headlines: list[Headline] = []
        self.projects: list[Project] = []
        self.warned: set[tuple[int, int]] = set()
        self.merged: set[tuple[int, int]] = set()

    # -- cells ------------------------------------------------------------------------------

    def _anchor(self, row: int, col: int) -> tuple[int, int]:
        return self.anchor.get((row, col), (row, col))

    def text(self, row: int, col: int | None, header: str | None = None) -> str:
        """The cell's text (a merged cell's for every cell it covers), as it was written but
        for surrounding spaces; numbers without a trailing ``.0``."""
        if col is None:
            return ""
        at = self._anchor(row, col)
        cell = self.ws.cell(row=at[0], column=at[1])
        value = cell.value
        if value is None:
            return ""
        if cell.data_type == "e":
            self._warn_once(at, "cell_error", f"セルがエラー値（{value}）です", header, str(value))
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else format(value, ".15g")
        if isinstance(value, datetime | date | time):
            text = value.isoformat().removesuffix("T00:00:00")
            self._warn_once(
                at,
                "date_cell",
                f"日付・時刻として入力されたセルを「{text}」として読みました",
                header,
                text,
                expected="text as the list writes it (type ' first so Excel keeps it as text)",
            )
            return text
        return str(value).replace("\r\n", "\n").strip()

    def _warn_once(
        self,
        at: tuple[int, int],
        kind: str,
        message: str,
        header: str | None,
        text: str,
        expected: str | None = None,
    ) -> None:
        if at in self.warned:
            return
        self.warned.add(at)
        self.problems.append(
            Problem(kind, message, Where(at[0], at[1], header), "warning", text, expected)
        )

    def col_text(self, row: int, key: str) -> str:
        return self.text(row, self.cols.get(key), self.header_text.get(key))

    def where(self, row: int, key: str) -> Where:
        return Where(row, self.cols.get(key), self.header_text.get(key))

    # -- the pass over rows ---------------------------------------------------------------------

    def read(self) -> StatusList:
        self._read_preamble()
        self._read_header()
        last: _Open | Headline | None = None
        top: str | None = None
        sub: str | None = None
        for row in range(self.header_row + 1, min(self.ws.max_row, MAX_ROWS) + 1):
            official = [self.text(row, c) for c in self._official_cols()]
            if not any(official):
                continue
            if _is_header([_norm(t) for t in official]):
                continue  # the header repeated (pasted from another list)
            marks = self._role_marks(row, top)
            if marks is not None:
                top, sub = marks
            kpi = any(KPI_MARKER in self.text(row, c) for c in range(1, self.cols["indicator"]))
            content = [self.col_text(row, k) for k in ("indicator", *VALUE_KEYS, "rating")]
            number = self.text(row, self.cols["number"])
            if not kpi and not number and not any(content):
                if isinstance(last, _Open) and (
                    self.col_text(row, "name") or self.col_text(row, "notes")
                ):
                    self._problem(
                        "empty_row",
                        f"事業{last.project.number}の下に評価指標のない行があります",
                        Where(row),
                    )
                continue  # a row with only its role (a role without projects)
            if kpi:
                self._finish(last)
                last = self._headline(row, top, sub)
            elif isinstance(last, Headline) and not number:
                self._problem(
                    "continuation_row",
                    "【基本KPI】の印のない行を前の基本KPIの続きとして読みました",
                    Where(row),
                    severity="info",
                )
                last = self._headline(row, top, sub)
            elif isinstance(last, _Open) and self._same_project(row, last, number):
                last.lines.append(self._line(row))
            elif number:
                self._finish(last)
                last = self._project(row, number, top, sub)
            else:
                self._problem(
                    "unexpected_row",
                    "事業番号も【基本KPI】もない行を読み飛ばしました",
                    Where(row),
                    text=" ".join(t for t in official if t)[:200],
                    expected="a project row with its number, or a 【基本KPI】 row",
                )
        self._finish(last)
        if not self.projects and not self.headlines:
            raise UnreadableFile(
                f"{self.source}: sheet 「{self.ws.title}」 has the header row "
                f"{self.header_row} but no project or 【基本KPI】 rows"
            )
        self._check_projects()
        result = StatusList(
            source=self.source,
            title=self.title,
            area=self.area,
            fiscal_year=self.fiscal_year,
            legend=self.legend,
            roles=list(self.roles.values()),
            headlines=self.headlines,
            projects=self.projects,
            problems=self.problems,
        )
        result.problems += length_problems(result)
        return result

    def _official_cols(self) -> list[int]:
        cols = set(self.role_cols) | set(self.cols.values())
        return sorted(cols)

    def _problem(self, kind: str, message: str, where: Where | None, **kw: str | None) -> None:
        self.problems.append(problem(kind, message, where, **kw))

    # -- preamble and header ----------------------------------------------------------------

    def _row_texts(self, row: int) -> list[str]:
        seen: set[tuple[int, int]] = set()
        out = []
        for col in range(1, min(self.ws.max_column, MAX_COLUMNS) + 1):
            at = self._anchor(row, col)
            if at in seen or at[0] != row:
                continue
            seen.add(at)
            text = self.text(row, col)
            if text:
                out.append(text)
        return out

    def _read_preamble(self) -> None:
        for row in range(1, self.header_row):
            texts = self._row_texts(row)
            joined = " ".join(texts)
            if "凡例" in joined:
                legend = next(t for t in texts if "凡例" in t)
                for symbol, meaning in _LEGEND_ITEM.findall(legend.split(">", 1)[-1]):
                    self.legend[symbol] = meaning
            elif not self.title and ("一覧" in joined or "年度" in joined):
                self.title = texts[0]
                self._year_and_area(joined)
        if self.fiscal_year is None:
            self._problem(
                "no_fiscal_year",
                "表題に年度（例: 2019年度）が見つかりません",
                Where(1),
                text=self.title or None,
                expected="a title such as 「さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧」",
            )

    def _year_and_area(self, joined: str) -> None:
        title = unicodedata.normalize("NFKC", self.title)
        for text in (title, unicodedata.normalize("NFKC", joined)):
            m = _YEAR.search(text)
            if m and (m.group("suffix") == "年度" or m.group("era")):
                self.fiscal_year = year_from_match(m).year
                if text is title:
                    self.area = title[: m.start()].strip()
                else:
                    self.area = title.replace("連携事業実施状況等一覧", "").strip()
                return

    def _read_header(self) -> None:
        row = self.header_row
        starts: list[tuple[int, int, str]] = []  # (column, span, text)
        for col in range(1, min(self.ws.max_column, MAX_COLUMNS) + 1):
            if self._anchor(row, col) != (row, col):
                continue
            raw = self.ws.cell(row=row, column=col).value
            if _norm(raw):
                starts.append((col, self.span.get((row, col), 1), str(raw).strip()))
        number_col = None
        for col, span, raw in starts:
            text = _norm(raw)
            if text in NUMBER_HEADERS:
                number_col = col
            for word, key in HEADERS.items():
                if (
                    text.startswith(word)
                    and key not in self.cols
                    and (word != "評価" or text == word)
                ):
                    self.cols[key] = col
                    self.header_text[key] = raw
                    if key == "role":
                        self.role_cols = list(range(col, col + span))
                    if key == "project" and span > 1:
                        self.cols["number"] = col
                        self.cols["name"] = col + span - 1
        missing = [
            w for w, k in HEADERS.items() if k not in self.cols and k not in ("role", "notes")
        ]
        if missing:
            raise UnreadableFile(
                f"{self.source}: sheet 「{self.ws.title}」 row {row}: the header lacks "
                f"{', '.join(missing)}; expected the columns {' / '.join(HEADERS)}"
            )
        if "number" not in self.cols:
            if number_col is None:
                raise UnreadableFile(
                    f"{self.source}: sheet 「{self.ws.title}」 row {row}: 連携事業名 must cover "
                    "two columns, 番号 and 名称 (merge its header over both), or a column "
                    "headed 番号 must hold the project numbers"
                )
            self.cols["number"] = number_col
            self.cols["name"] = self.cols["project"]
        self.header_text["number"] = "連携事業名（番号）"
        self.header_text["name"] = "連携事業名"

    # -- roles ------------------------------------------------------------------------------

    def _role_marks(self, row: int, previous: str | None) -> tuple[str | None, str | None] | None:
        """(role, sub-role) the row's role cells name; None when they are all empty.  A
        sub-role alone (one role column) sits under its known parent, else the role above."""
        top: str | None = None
        sub: str | None = None
        found = False
        seen: set[tuple[int, int]] = set()
        for col in self.role_cols:
            at = self._anchor(row, col)
            if at in seen:
                continue
            seen.add(at)
            text = unicodedata.normalize("NFKC", self.text(row, col, "役割"))
            if not text or KPI_MARKER in text:
                continue
            found = True
            if m := _TOP_ROLE.match(text):
                top = m.group(1)
                self._role(m.group(1), m.group(2), None, at[0])
            elif m := _SUB_ROLE.match(text):
                sub = m.group(1)
                known = self.roles.get(sub)
                top = top or (known.parent if known and known.parent else previous)
                self._role(m.group(1), m.group(2) or "", top, at[0])
            elif at not in self.warned:
                self.warned.add(at)
                self._problem(
                    "role_label",
                    f"役割「{shorten(text)}」の記号（ア・イ・ウ や A・B・C）を読めません",
                    Where(at[0], at[1], "役割"),
                    text=text,
                    expected="a label such as 「ア 圏域全体の経済成長のけん引」 or 「A 生活機能の強化」",
                )
        if not found:
            return None
        return top, sub

    def _role(self, label: str, title: str, parent: str | None, row: int) -> None:
        title = " ".join(title.split())
        if label not in self.roles:
            self.roles[label] = Role(label, title, parent, row)
        elif parent and self.roles[label].parent is None:
            r = self.roles[label]
            self.roles[label] = Role(r.label, r.title, parent, r.row)

    # -- rows -------------------------------------------------------------------------------

    def _merged_value(self, row: int) -> None:
        """Each line has its own indicator name and values: a cell merged down over several
        lines would give them all one value."""
        for key in ("indicator", *VALUE_KEYS):
            col = self.cols[key]
            at = self._anchor(row, col)
            if at[0] != row and at not in self.merged:
                self.merged.add(at)
                header = self.header_text.get(key)
                self._problem(
                    "merged_cells",
                    f"{header}のセル（{at[0]}行）が下の行まで結合されています。"
                    "指標ごとに1行・1つの値にしてください",
                    Where(at[0], col, header),
                    severity="error",
                    text=self.text(row, col),
                    expected="one cell per indicator line (unmerge the cells)",
                )

    def _line(self, row: int) -> _Line:
        self._merged_value(row)
        values = {key: self.col_text(row, key) for key in VALUE_KEYS}
        where = {key: self.where(row, key) for key in (*VALUE_KEYS, "rating")}
        indicator = Indicator(
            self.col_text(row, "indicator"),
            values["baseline"],
            values["target"],
            values["actual"],
            None,
            where,
        )
        if not indicator.name and any(values.values()):
            self._problem(
                "no_indicator_name",
                "評価指標の名前がない行に値があります",
                self.where(row, "indicator"),
                expected="the indicator's name in 評価指標",
            )
        at = self._anchor(row, self.cols["rating"])
        return _Line(indicator, at, self.col_text(row, "rating"))

    def _headline(self, row: int, top: str | None, sub: str | None) -> Headline:
        line = self._line(row)
        symbols = line.rating_text.split()
        line.indicator.rating_published = line.rating_text or None
        if len(symbols) > 1:
            self._rating_count(row, line.rating_text, 1)
        h = Headline(top or "", line.indicator, self.col_text(row, "notes"), row, sub)
        self.headlines.append(h)
        return h

    def _same_project(self, row: int, current: _Open, number: str) -> bool:
        at = self._anchor(row, self.cols["number"])
        if at == current.number_anchor and at[0] != row:
            name = self.col_text(row, "name")
            if self._anchor(row, self.cols["name"])[0] == row and name != current.project.name:
                self._problem(
                    "merged_cells",
                    f"事業{current.project.number}の番号のセルが、別の名前の行"
                    f"（「{shorten(name, 20)}」）まで結合されています",
                    self.where(row, "number"),
                    severity="error",
                    text=name,
                    expected="the number cell merged only over its own project's lines",
                )
            return True  # under the project's merged number cell
        if not number:
            self._problem(
                "continuation_row",
                f"事業番号のない行を事業{current.project.number}の続き（指標）として読みました",
                Where(row),
                severity="info",
            )
            return True
        same_number = unicodedata.normalize("NFKC", number) == str(current.project.number)
        return same_number and self.col_text(row, "name") in ("", current.project.name)

    def _project(self, row: int, number: str, top: str | None, sub: str | None) -> _Open | None:
        number = unicodedata.normalize("NFKC", number).strip()
        if not _NUMBER.match(number):
            self._problem(
                "project_number",
                f"事業番号「{number}」は数字ではありません。この行を読み飛ばしました",
                self.where(row, "number"),
                severity="error",
                text=number,
                expected="the project's number (1, 2, 3, …)",
            )
            return None
        project = Project(
            number=int(number),
            name=self.col_text(row, "name"),
            summary=self.col_text(row, "summary"),
            role=top,
            sub_role=sub,
            indicators=[],
            rating_cell="",
            rating_published=None,
            notes=self.col_text(row, "notes"),
            row=row,
        )
        current = _Open(project, self._anchor(row, self.cols["number"]))
        current.lines.append(self._line(row))
        return current

    def _rating_count(self, row: int, text: str, expected: int) -> None:
        self._problem(
            "rating_count",
            f"評価が{len(text.split())}個あり、指標の数（{expected}）にも事業全体の1個にも合いません",
            self.where(row, "rating"),
            text=text,
            expected=f"1 rating for the project or {expected}, one per indicator",
        )

    def _finish(self, current: _Open | Headline | None) -> None:
        """Give a finished project its indicators and published ratings."""
        if not isinstance(current, _Open):
            return
        p, lines = current.project, current.lines
        p.indicators = [line.indicator for line in lines]
        groups: dict[tuple[int, int], list[_Line]] = defaultdict(list)
        for line in lines:
            groups[line.rating_anchor].append(line)
        if len(groups) == 1:
            # one cell for the whole project (or a project of one indicator)
            p.rating_cell = lines[0].rating_text
            symbols = p.rating_cell.split()
            if len(symbols) == 1:
                p.rating_published = symbols[0]
                if len(lines) == 1:
                    lines[0].indicator.rating_published = symbols[0]
            elif len(symbols) == len(lines):
                for line, s in zip(lines, symbols, strict=True):
                    line.indicator.rating_published = s
            elif symbols:
                self._rating_count(p.row, p.rating_cell, len(lines))
            self.projects.append(p)
            return
        texts = []
        for group in groups.values():
            text = group[0].rating_text
            if text:
                texts.append(text)
            symbols = text.split()
            if len(symbols) == len(group):
                for line, s in zip(group, symbols, strict=True):
                    line.indicator.rating_published = s
            elif len(symbols) == 1:
                for line in group:
                    line.indicator.rating_published = symbols[0]
            elif symbols:
                row = group[0].indicator.where["rating"].row
                self._rating_count(row, text, len(group))
        p.rating_cell = " ".join(texts)
        self.projects.append(p)

    # -- whole-document checks ------------------------------------------------------------

    def _check_projects(self) -> None:
        self.problems += document_problems(self.projects, lambda p: self.where(p.row, "summary"))
