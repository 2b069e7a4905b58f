"""Reader of the status list's table as a sheet of cells (an openpyxl worksheet): the rules
of the document's structure, whatever file the table came from — an Excel workbook
(:mod:`hyoka.ingest.statuslist_xlsx`) or the ruled table of a PDF
(:mod:`hyoka.ingest.statuslist_pdf`, which lays its cells out as a sheet).

* 役割 covers one or two columns: the role (ア・イ・ウ) and the sub-role under it (A・B・C);
  a merged cell stands for every row it covers;
* 連携事業名 covers two columns, 番号 and 名称 (or a column headed 番号 holds the number);
* a 【基本KPI】 cell before 評価指標 marks headline KPI rows;
* the lines of a project share its number (a merged cell, the same number repeated, or an
  empty number cell under it); each line is one indicator.  A row with a 事業名 of its own but
  no number is a new project missing its number (an error), never more of the project above;
  a 事業名 typed over two lines is joined, saying how;
* 評価: one cell merged over all of a project's lines is the project's one symbol (or, with
  as many symbols as lines, one per indicator); otherwise each line's cell rates its
  indicator;
* columns with other headers (評価（算出）, 理由（算出）, 指標ID) are ignored;
* a number cell is read as its number format shows it (:mod:`hyoka.ingest.numfmt`).

Problems are collected naming row, column and header.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.i18n import tr
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
from hyoka.ingest.decoding import unreadable
from hyoka.ingest.ditto import resolve_dittos
from hyoka.ingest.layout import (
    HEADERS,
    KPI_MARKER,
    NUMBER_HEADERS,
    VALUE_COLUMNS,
    header_key,
    is_header,
    join_lines,
    legend_items,
    missing_headers,
    no_fiscal_year,
    project_number,
    rating_count_problem,
    role_label,
    role_label_problem,
    title_year_area,
)
from hyoka.ingest.limits import MAX_COLUMNS, MAX_ROWS, problem, shorten, text_problems
from hyoka.ingest.numfmt import is_plain_format, shown

__all__ = ["SheetReader", "norm"]

VALUE_KEYS = tuple(key for key, _ in VALUE_COLUMNS)
#: How a name broken over two lines may stop on the first: a particle or a joining mark.
_UNFINISHED = ("の", "に", "や", "と", "を", "へ", "で", "が", "・", "、", "（", "(", "及び", "並びに")  # fmt: skip


def norm(value: Any) -> str:
    """A cell's text NFKC-normalised and stripped ("" for anything but text)."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""


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
    #: the last row read into it (a name broken across lines continues on the next row)
    last_row: int = 0
    #: rows whose 事業名 cells were joined into the name, with their texts
    name_parts: list[tuple[int, str]] = field(default_factory=list)
    #: a project that has no number: its lines are read and then left out (an error says so)
    orphan: bool = False


class SheetReader:
    """Reads the list below ``header_row`` of ``ws`` into a :class:`StatusList`."""

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
            message = tr("セルがエラー値（%(value)s）です", value=value)
            self._warn_once(at, "cell_error", message, header, str(value))
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int | float):
            return self._number(at, value, cell.number_format, header)
        if isinstance(value, datetime | date | time):
            text = value.isoformat().removesuffix("T00:00:00")
            self._warn_once(
                at,
                "date_cell",
                tr("日付・時刻として入力されたセルを「%(text)s」として読みました", text=text),
                header,
                text,
                expected=tr("一覧に書くとおりの文字（Excelが文字のまま保つよう先頭に ' を付ける）"),
            )
            return text
        return str(value).replace("\r\n", "\n").strip()

    def _number(self, at: tuple[int, int], value: float, fmt: str, header: str | None) -> str:
        """A number as its cell's number format shows it (``0%``: 0.8 → 80%; ``0"件"``: 12件),
        every digit it holds; a warning when the sheet shows it rounded or the format is not
        understood."""
        plain = str(int(value)) if float(value).is_integer() else format(value, ".15g")
        if is_plain_format(fmt):
            return plain
        found = shown(value, fmt)
        if found is None:
            self._warn_once(
                at,
                "number_format",
                tr(
                    "表示形式「%(format)s」を解釈できないため、セルの数値を「%(value)s」と"
                    "読みました。単位や桁が表示と同じか確かめてください",
                    format=fmt,
                    value=plain,
                ),
                header,
                plain,
                expected=tr(
                    '文字で入力した値（80%、12件など）、または単純な表示形式（0、#,##0、0%、0"件"）'
                ),
            )
            return plain
        if found.rounded is not None:
            self._warn_once(
                at,
                "number_format",
                tr(
                    "セルの数値は「%(value)s」ですが、表示形式「%(format)s」では「%(shown)s」と"
                    "丸めて表示されます。セルの値のとおり「%(value)s」と読みました",
                    value=found.text,
                    format=fmt,
                    shown=found.rounded,
                ),
                header,
                found.text,
                expected=tr(
                    "一覧の意図どおりの値（すべての桁を表示する表示形式か、文字で入力した値）"
                ),
            )
        return found.text

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
        if header is None:  # the column's header, whichever way the cell was reached
            header = next((self.header_text[k] for k, c in self.cols.items() if c == at[1]), None)
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
            if is_header([norm(t) for t in official]):
                continue  # the header repeated (pasted from another list)
            marks = self._role_marks(row, top)
            if marks is not None:
                top, sub = marks
            kpi = any(KPI_MARKER in self.text(row, c) for c in range(1, self.cols["indicator"]))
            content = [self.col_text(row, k) for k in ("indicator", *VALUE_KEYS, "rating")]
            number = self.text(row, self.cols["number"])
            if kpi:
                self._finish(last)
                last = self._headline(row, top, sub)
            elif isinstance(last, _Open) and (
                part := self._name_part(row, last, number, any(content))
            ):
                last.name_parts.append((row, part))
                last.last_row = row
                if any(content):
                    last.lines.append(self._line(row))
            elif not number and (name := self._own_name(row, last)):
                self._finish(last)
                last = self._missing_number(row, name, top, sub)
            elif not number and not any(content):
                if isinstance(last, _Open) and self.col_text(row, "notes"):
                    self._problem(
                        "empty_row",
                        tr(
                            "事業%(number)sの下に評価指標のない行があります",
                            number=last.project.number,
                        ),
                        Where(row),
                    )
                continue  # a row with only its role (a role without projects)
            elif isinstance(last, Headline) and not number:
                self._problem(
                    "continuation_row",
                    tr("【基本KPI】の印のない行を前の基本KPIの続きとして読みました"),
                    Where(row),
                    severity="info",
                )
                last = self._headline(row, top, sub)
            elif isinstance(last, _Open) and self._same_project(row, last, number):
                last.lines.append(self._line(row))
                last.last_row = row
            elif number:
                self._finish(last)
                last = self._project(row, number, top, sub)
            else:
                self._problem(
                    "unexpected_row",
                    tr("事業番号も【基本KPI】もない行を読み飛ばしました"),
                    Where(row),
                    text=" ".join(t for t in official if t)[:200],
                    expected=tr("番号のある事業の行、または【基本KPI】の行"),
                )
        self._finish(last)
        if not self.projects and not self.headlines:
            raise unreadable(
                self.source,
                "シート「%(sheet)s」の%(row)s行目に見出し行がありますが、事業や【基本KPI】の行が"
                "ありません",
                sheet=self.ws.title,
                row=self.header_row,
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
        resolve_dittos(result)
        result.problems += text_problems(result)
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
                self.legend.update(legend_items(next(t for t in texts if "凡例" in t)))
            elif not self.title and ("一覧" in joined or "年度" in joined):
                self.title = texts[0]
                self.fiscal_year, self.area = title_year_area(self.title, joined)
        if self.fiscal_year is None:
            self.problems.append(no_fiscal_year(self.title))

    def _read_header(self) -> None:
        row = self.header_row
        starts: list[tuple[int, int, str]] = []  # (column, span, text)
        for col in range(1, min(self.ws.max_column, MAX_COLUMNS) + 1):
            if self._anchor(row, col) != (row, col):
                continue
            raw = self.ws.cell(row=row, column=col).value
            if norm(raw):
                starts.append((col, self.span.get((row, col), 1), str(raw).strip()))
        number_col = None
        for col, span, raw in starts:
            text = norm(raw)
            if text in NUMBER_HEADERS:
                number_col = col
            key = header_key(text)
            if key is None or key in self.cols:
                continue
            self.cols[key] = col
            self.header_text[key] = raw
            if key == "role":
                self.role_cols = list(range(col, col + span))
            if key == "project" and span > 1:
                self.cols["number"] = col
                self.cols["name"] = col + span - 1
        if missing := missing_headers(self.cols):
            raise unreadable(
                self.source,
                "シート「%(sheet)s」%(row)s行目の見出しに%(missing)sがありません。"
                "列は %(columns)s です",
                sheet=self.ws.title,
                row=row,
                missing=", ".join(missing),
                columns=" / ".join(HEADERS),
            )
        if "number" not in self.cols:
            if number_col is None:
                raise unreadable(
                    self.source,
                    "シート「%(sheet)s」%(row)s行目: 連携事業名の見出しは番号と名称の2列にまたがる"
                    "（2列を結合する）か、番号という見出しの列に事業番号を入れてください",
                    sheet=self.ws.title,
                    row=row,
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
            text = self.text(row, col, "役割")
            if not text or KPI_MARKER in unicodedata.normalize("NFKC", text):
                continue
            found = True
            mark = role_label(text)
            if mark is None:
                if at not in self.warned:
                    self.warned.add(at)
                    self.problems.append(role_label_problem(text, Where(at[0], at[1], "役割")))
                continue
            label, title, is_sub = mark
            if is_sub:
                sub = label
                known = self.roles.get(sub)
                top = top or (known.parent if known and known.parent else previous)
                self._role(label, title, top, at[0])
            else:
                top = label
                self._role(label, title, None, at[0])
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
                    tr(
                        "%(header)sのセル（%(row)s行）が下の行まで結合されています。"
                        "指標ごとに1行・1つの値にしてください",
                        header=header,
                        row=at[0],
                    ),
                    Where(at[0], col, header),
                    severity="error",
                    text=self.text(row, col),
                    expected=tr("指標の行ごとに1つのセル（セルの結合を解除する）"),
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
                tr("評価指標の名前がない行に値があります"),
                self.where(row, "indicator"),
                expected=tr("評価指標の列に指標の名前"),
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
                    tr(
                        "事業%(number)sの番号のセルが、別の名前の行（「%(name)s」）まで"
                        "結合されています",
                        number=current.project.number,
                        name=shorten(name, 20),
                    ),
                    self.where(row, "number"),
                    severity="error",
                    text=name,
                    expected=tr("番号のセルはその事業の行だけに結合"),
                )
            return True  # under the project's merged number cell
        if not number:
            if current.orphan:
                return True
            self._problem(
                "continuation_row",
                tr(
                    "事業番号のない行を事業%(number)sの続き（指標）として読みました",
                    number=current.project.number,
                ),
                Where(row),
                severity="info",
            )
            return True
        same_number = unicodedata.normalize("NFKC", number) == str(current.project.number)
        return same_number and self.col_text(row, "name") in ("", current.project.name)

    def _own(self, row: int, key: str) -> str:
        """The text of the row's own cell under ``key`` ("" when empty or merged from above)."""
        if self._anchor(row, self.cols[key])[0] != row:
            return ""
        return self.col_text(row, key)

    def _own_name(self, row: int, current: _Open | Headline | None) -> str:
        """The row's own 事業名 when it is not the current project's (a new project)."""
        name = self._own(row, "name")
        if isinstance(current, _Open) and name == current.project.name:
            return ""
        return name

    def _name_part(self, row: int, current: _Open, number: str, content: bool) -> str:
        """The rest of the current project's name, typed on the next line: a 事業名 of its own
        on the row after the project's, without a number (or under the project's merged
        number cell) and without a 事業概要 of its own — and, when the row also has an
        indicator, after a name that stops mid-phrase (…等に, …の); otherwise the row is
        taken for a new project without its number (an error, never a silent join)."""
        at = self._anchor(row, self.cols["number"])
        if current.orphan or row != current.last_row + 1 or self._own(row, "summary"):
            return ""
        if number and at != current.number_anchor:
            return ""
        so_far = current.name_parts[-1][1] if current.name_parts else current.project.name
        if content and not so_far.endswith(_UNFINISHED):
            return ""
        return self._own_name(row, current)

    def _missing_number(self, row: int, name: str, top: str | None, sub: str | None) -> _Open:
        """A row with a 事業名 of its own but no number: a new project whose number was left
        blank — an error; its lines are read and left out, never added to the project above."""
        self._problem(
            "missing_number",
            tr(
                "事業名「%(name)s」の行に事業番号がありません。上の事業の続きではなく、"
                "新しい事業として番号を入れてください",
                name=shorten(name, 30),
            ),
            self.where(row, "number"),
            severity="error",
            text=name,
            expected=tr(
                "新しい事業の番号（連携事業名（番号）の列）。上の事業の続きなら、その事業の行に結合"
            ),
        )
        project = Project(0, name, "", top, sub, [], "", None, "", row)
        current = _Open(project, self._anchor(row, self.cols["number"]), last_row=row, orphan=True)
        current.lines.append(self._line(row))
        return current

    def _project(self, row: int, number: str, top: str | None, sub: str | None) -> _Open | None:
        found = project_number(number, self.where(row, "number"))
        if isinstance(found, Problem):
            self.problems.append(found)
            return None
        project = Project(
            number=found,
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
        current = _Open(project, self._anchor(row, self.cols["number"]), last_row=row)
        current.lines.append(self._line(row))
        return current

    def _join_name(self, current: _Open) -> None:
        """The project's name re-joined from the lines it was broken over, saying how."""
        p = current.project
        parts = [(p.row, p.name), *current.name_parts]
        p.name = join_lines([text for _, text in parts])
        pieces = tr("と").join(
            tr("行%(row)s「%(text)s」", row=row, text=text) for row, text in parts
        )
        last_row = current.name_parts[-1][0]
        self._problem(
            "name_joined",
            tr(
                "事業%(number)sの事業名が%(n)s行に分かれていました。"
                "%(pieces)sをつないで「%(name)s」と読みました",
                number=p.number,
                n=len(parts),
                pieces=pieces,
                name=p.name,
            ),
            Where(p.row, self.cols["name"], self.header_text["name"]),
            text=" / ".join(text for _, text in parts),
            expected=tr(
                "1つのセルに名前全体（%(first)s〜%(last)s行を結合するか、1つのセルに入力）",
                first=p.row,
                last=last_row,
            ),
        )

    def _rating_count(self, row: int, text: str, expected: int) -> None:
        self.problems.append(rating_count_problem(text, expected, self.where(row, "rating")))

    def _finish(self, current: _Open | Headline | None) -> None:
        """Give a finished project its indicators and published ratings."""
        if not isinstance(current, _Open) or current.orphan:
            return
        if current.name_parts:
            self._join_name(current)
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
