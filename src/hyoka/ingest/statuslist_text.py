"""Reader of a status list (連携事業実施状況等一覧) as text extracted from its PDF.

Cells are separated by tabs.  The extraction has flaws this reader repairs and
reports rather than trusting or rejecting:

* rows whose first cell went missing start one column left (rows of projects 9 and 15
  in the FY2019 list): a row whose number sits one cell early is shifted back;
* the 【基本KPI】 marker stands in different columns;
* role labels come as spaced vertical text (``ア 圏 域 全 体 の …``), and a merged role
  cell may print beside any of its rows (``ウ`` appears beside project 25 although A, its
  first sub-role, starts at project 16);
* a project's several indicators share one row, their names and values separated by
  spaces in each cell; one rating may stand for several indicators.

>>> from hyoka.ingest.statuslist_text import read_bundled
>>> sl = read_bundled()
>>> sl.fiscal_year, len(sl.projects), len(sl.headlines)
(2019, 40, 4)
>>> [(r.label, r.parent) for r in sl.roles]
[('ア', None), ('イ', None), ('A', 'ウ'), ('ウ', None), ('B', 'ウ'), ('C', 'ウ')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

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
from hyoka.core.values import split_values
from hyoka.ingest.decoding import UnreadableFile, decode_text
from hyoka.ingest.limits import length_problems, problem, shorten

__all__ = [
    "BUNDLED",
    "UnreadableFile",
    "bundled_bytes",
    "read_bundled",
    "read_path",
    "read_status_list",
]

#: Lists shipped with Hyoka (demo and test fixture): name → file in ``hyoka/data``.
BUNDLED = {"sapporo-fy2019": "sapporo-fy2019-status-list.txt"}

HEADERS = {
    "役割": "role",
    "連携事業名": "project",
    "事業概要": "summary",
    "評価指標": "indicator",
    "基準値": "baseline",
    "目標値": "target",
    "実績値": "actual",
    "評価": "rating",
    "連携事業実施状況等": "notes",
}
# The columns of an indicator, in document order, with their headers for messages.
VALUE_COLUMNS = (("baseline", "基準値"), ("target", "目標値"), ("actual", "実績値"))
KPI_MARKER = "基本KPI"
_TOP_ROLE = re.compile(r"^([ア-ン])\s*(.*)$")
_SUB_ROLE = re.compile(r"^([A-Z])\s+(.*)$")
_NUMBER = re.compile(r"^\d{1,4}$")
_YEAR = re.compile(YEAR_PATTERN)
_LEGEND_ITEM = re.compile(r"(\S)\s*[:：]\s*([^\s:：]+)")
_SPACE = re.compile(r"[ \u3000]+")


def bundled_bytes(name: str = "sapporo-fy2019") -> bytes:
    """The bytes of a status list shipped with Hyoka."""
    if name not in BUNDLED:
        raise UnreadableFile(f"no bundled list {name!r}; known: {', '.join(BUNDLED)}")
    return resources.files("hyoka.data").joinpath(BUNDLED[name]).read_bytes()


def read_bundled(name: str = "sapporo-fy2019") -> StatusList:
    """A status list shipped with Hyoka."""
    return read_status_list(bundled_bytes(name), f"{name} (bundled)")


def read_path(path: Path) -> StatusList:
    """Read a file; :class:`UnreadableFile` (one-line reason) when it cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from hyoka.ingest.statuslist_xlsx import read_status_list_xlsx

        return read_status_list_xlsx(data, str(path))
    if path.suffix.lower() == ".xls":
        raise UnreadableFile(f"{path}: an old .xls workbook; save it as .xlsx and read that")
    return read_status_list(data, str(path))


def read_status_list(data: bytes, source: str) -> StatusList:
    """Read the bytes of a status list; problems are collected, never raised.

    :class:`UnreadableFile` only when it is not a status list at all.
    """
    text, encoding = decode_text(data, source)
    rows = [line.rstrip("\r").split("\t") for line in text.split("\n")]
    reader = _Reader(source, rows)
    result = reader.read()
    result.encoding = encoding
    return result


def _clean(cell: str) -> str:
    return _SPACE.sub(" ", cell).strip()


def _unspace(text: str) -> str:
    """Undo spaced vertical text: ``圏 域 全 体 の けん 引`` → ``圏域全体のけん引``.

    >>> _unspace("圏 域 全 体 の 経 済 成 長 の けん 引"), _unspace("生活機能の強化")
    ('圏域全体の経済成長のけん引', '生活機能の強化')
    """
    tokens = text.split()
    if len(tokens) > 2 and sum(len(t) for t in tokens) / len(tokens) <= 2:
        return "".join(tokens)
    return " ".join(tokens)


class _Reader:
    def __init__(self, source: str, rows: list[list[str]]) -> None:
        self.source = source
        self.rows = rows
        self.problems: list[Problem] = []
        self.cols: dict[str, int] = {}
        self.header_text: dict[str, str] = {}
        self.title = ""
        self.area = ""
        self.fiscal_year: int | None = None
        self.legend: dict[str, str] = {}
        self.role_marks: list[tuple[int, int, str, str]] = []  # (row, section, label, title)
        self.headlines: list[Headline] = []
        self.projects: list[Project] = []
        self.section = 0
        self.last_index = max(
            (i for i, r in enumerate(rows, 1) if any(c.strip() for c in r)), default=0
        )

    # -- the pass over rows ---------------------------------------------------------------

    def read(self) -> StatusList:
        last: Headline | Project | None = None
        for index, raw in enumerate(self.rows, 1):
            cells = [_clean(c) for c in raw]
            if not any(cells):
                continue
            joined = " ".join(c for c in cells if c)
            if self._is_header(cells):
                self._read_header(cells, index)
                continue
            if not self.cols:
                self._read_preamble(joined, index)
                continue
            if any(KPI_MARKER in c for c in cells[: self.cols["indicator"]]):
                self._check_width(cells, index, False)
                last = self._read_headline(cells, index)
            elif (shifted := self._align_project(cells, index)) is not None:
                self._check_width(shifted, index, True)
                last = self._read_project(shifted, index)
            elif last is not None:
                self._check_width(cells, index, isinstance(last, Project))
                self._read_continuation(cells, index, last)
            else:
                self._problem(
                    "unexpected_row",
                    f"事業番号も【基本KPI】もない行を読み飛ばしました: {joined[:40]}",
                    Where(index),
                    text=joined[:200],
                    expected="a project row starting with its number, or a 【基本KPI】 row",
                )
        if not self.cols:
            raise UnreadableFile(
                f"{self.source}: not a status list — no header row with "
                "評価指標, 目標値 and 実績値 (tab-separated) was found"
            )
        if not self.projects and not self.headlines:
            raise UnreadableFile(f"{self.source}: a header row but no project rows were found")
        roles = self._resolve_roles()
        self._check_projects()
        result = StatusList(
            source=self.source,
            title=self.title,
            area=self.area,
            fiscal_year=self.fiscal_year,
            legend=self.legend,
            roles=roles,
            headlines=self.headlines,
            projects=self.projects,
            problems=self.problems,
        )
        result.problems += length_problems(result)
        return result

    def _problem(self, kind: str, message: str, where: Where | None, **kw: str | None) -> None:
        self.problems.append(problem(kind, message, where, **kw))

    # -- preamble and header ----------------------------------------------------------------

    def _read_preamble(self, joined: str, index: int) -> None:
        if "凡例" in joined:
            for symbol, meaning in _LEGEND_ITEM.findall(joined.split(">", 1)[-1]):
                self.legend[symbol] = meaning
            return
        if not self.title and ("一覧" in joined or "年度" in joined):
            self.title = joined
            norm = unicodedata.normalize("NFKC", joined)
            m = _YEAR.search(norm)
            if m and (m.group("suffix") == "年度" or m.group("era")):
                self.fiscal_year = year_from_match(m).year
                self.area = norm[: m.start()].strip()

    @staticmethod
    def _is_header(cells: list[str]) -> bool:
        return "評価指標" in cells and any(c.startswith(("目標値", "実績値")) for c in cells)

    def _read_header(self, cells: list[str], index: int) -> None:
        cols: dict[str, int] = {}
        for i, cell in enumerate(cells):
            for word, key in HEADERS.items():
                if cell.startswith(word) and key not in cols and (word != "評価" or cell == word):
                    cols[key] = i
                    self.header_text[key] = cell
        missing = [w for w, k in HEADERS.items() if k not in cols and k not in ("role", "notes")]
        if missing:
            raise UnreadableFile(
                f"{self.source}: row {index}: the header lacks {', '.join(missing)}; expected "
                f"the columns {' / '.join(HEADERS)}"
            )
        if self.cols and cols != self.cols:
            self._problem(
                "header_changed",
                "見出し行の列が前の見出しと違います",
                Where(index),
                severity="info",
            )
        self.cols = cols
        self.section += 1
        if self.fiscal_year is None:
            self._problem(
                "no_fiscal_year",
                "表題に年度（例: 2019年度）が見つかりません",
                Where(1),
                text=self.title or None,
                expected="a title such as 「さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧」",
            )

    # -- rows --------------------------------------------------------------------------------

    def _check_width(self, cells: list[str], index: int, project: bool) -> None:
        """A row must reach the value columns, and hold nothing right of the header's last
        column: a row cut short (a truncated file) or shifted by a tab typed inside a cell."""
        shift = 1 if project else 0
        last = max(self.cols.values()) + shift
        keys = ("indicator", "baseline", "target", "actual", "rating")
        at = {
            k: self.cols[k] + (shift if self.cols[k] >= self.cols["project"] else 0) for k in keys
        }
        missing = [self.header_text[k] for k in keys if at[k] >= len(cells)]
        joined = " ".join(c for c in cells if c)
        if missing:
            cut = index == self.last_index
            self._problem(
                "columns_missing",
                f"この行は{len(cells)}列しかなく、{'・'.join(missing)}の列がありません"
                + (
                    "（ファイルの最後の行です。途中で切れていないか確かめてください）"
                    if cut
                    else ""
                ),
                Where(index, len(cells) + 1, missing[0]),
                severity="error",
                text=shorten(joined, 60),
                expected=f"{at['rating'] + 1} or more tab-separated cells, as under the header row",
            )
        extra = next((i for i in range(last + 1, len(cells)) if cells[i]), None)
        if extra is not None:
            self._problem(
                "extra_cells",
                f"見出し行より右の{extra + 1}列目に「{shorten(cells[extra], 20)}」があります。"
                "セルの中のタブで列がずれていないか確かめてください",
                Where(index, extra + 1),
                severity="error",
                text=shorten(cells[extra], 60),
                expected=f"at most {last + 1} cells, as under the header row",
            )

    def _col(self, cells: list[str], key: str, project: bool) -> str:
        """The cell under header ``key``: project rows have the number in a column of its own,
        so every column from the project name on sits one to the right of its header."""
        i = self.cols.get(key)
        if i is None:
            return ""
        if project and i >= self.cols["project"] and key != "project":
            i += 1
        return cells[i] if i < len(cells) else ""

    def _where(self, key: str, index: int, project: bool, shift: int = 0) -> Where:
        i = self.cols[key] + (1 if project and self.cols[key] >= self.cols["project"] else 0)
        return Where(index, i + 1 - shift, self.header_text.get(key))

    def _align_project(self, cells: list[str], index: int) -> list[str] | None:
        """The row's cells aligned so the number sits under 連携事業名, or None if no number."""
        at = self.cols["project"]
        if at < len(cells) and _NUMBER.match(cells[at]):
            return cells
        for early in range(1, at + 1):
            i = at - early
            if _NUMBER.match(cells[i]) and not any(cells[:i]):
                self._problem(
                    "shifted_row",
                    f"先頭の{early}セルが抜けており{early}列右にずらして読みました"
                    f"（事業{cells[i]}）",
                    Where(index, i + 1),
                    severity="info",
                    text=cells[i],
                    expected=f"the project number in column {at + 1}",
                )
                return [""] * early + cells
        return None

    def _role_mark(self, cells: list[str], index: int) -> str | None:
        text = cells[self.cols["role"]] if "role" in self.cols else ""
        if not text:
            return None
        text = unicodedata.normalize("NFKC", text)
        m = _TOP_ROLE.match(text) or _SUB_ROLE.match(text)
        if m is None:
            self._problem(
                "role_label",
                f"役割「{shorten(text)}」の記号（ア・イ・ウ や A・B・C）を読めません",
                Where(index, self.cols["role"] + 1, "役割"),
                text=text,
                expected="a label such as 「ア 圏域全体の経済成長のけん引」 or 「A 生活機能の強化」",
            )
            return None
        self.role_marks.append((index, self.section, m.group(1), _unspace(m.group(2))))
        return m.group(1)

    def _read_headline(self, cells: list[str], index: int) -> Headline:
        self._role_mark(cells, index)
        indicator = self._indicator(cells, index, project=False)
        h = Headline("", indicator, self._col(cells, "notes", False), index)
        self.headlines.append(h)
        return h

    def _read_project(self, cells: list[str], index: int) -> Project:
        self._role_mark(cells, index)
        number = int(cells[self.cols["project"]])
        names = self._col(cells, "indicator", True)
        rating_cell = self._col(cells, "rating", True)
        indicators = self._split_indicators(cells, index, names, rating_cell)
        symbols = rating_cell.split()
        project = Project(
            number=number,
            name=cells[self.cols["project"] + 1] if len(cells) > self.cols["project"] + 1 else "",
            summary=self._col(cells, "summary", True),
            role=None,
            sub_role=None,
            indicators=indicators,
            rating_cell=rating_cell,
            rating_published=symbols[0] if len(symbols) == 1 else None,
            notes=self._col(cells, "notes", True),
            row=index,
        )
        self.projects.append(project)
        return project

    def _read_continuation(self, cells: list[str], index: int, last: Headline | Project) -> None:
        self._role_mark(cells, index)
        if isinstance(last, Headline):
            self._read_headline(cells, index).sub_role = last.sub_role
            return
        more = self._split_indicators(
            cells, index, self._col(cells, "indicator", True), self._col(cells, "rating", True)
        )
        last.indicators.extend(more)
        self._problem(
            "continuation_row",
            f"事業番号のない行を事業{last.number}の続きとして読みました",
            Where(index),
            severity="info",
        )

    def _indicator(self, cells: list[str], index: int, project: bool) -> Indicator:
        values = {key: self._col(cells, key, project) for key, _ in VALUE_COLUMNS}
        rating = self._col(cells, "rating", project) or None
        where = {key: self._where(key, index, project) for key, _ in VALUE_COLUMNS}
        where["rating"] = self._where("rating", index, project)
        return Indicator(
            self._col(cells, "indicator", project),
            values["baseline"],
            values["target"],
            values["actual"],
            rating,
            where,
        )

    def _split_indicators(
        self, cells: list[str], index: int, names_cell: str, rating_cell: str
    ) -> list[Indicator]:
        """Several indicators share a row: names and values are separated by spaces."""
        names = names_cell.split()
        split = {key: split_values(self._col(cells, key, True)) for key, _ in VALUE_COLUMNS}
        counts = [len(v) for k, v in split.items() if not (len(v) == 1 and v[0] in "-―−")]
        agreed = Counter(c for c in counts if c).most_common(1)
        n = len(names)
        if agreed and agreed[0][0] != n and counts.count(agreed[0][0]) >= 2 and n > 1:
            n_values = agreed[0][0]
            self._problem(
                "name_count",
                f"評価指標の名前が{n}個、値が{n_values}個あります。"
                f"値の数に合わせて名前をまとめました",
                self._where("indicator", index, True),
                text=names_cell,
                expected=f"{n_values} indicator names separated by spaces",
            )
            names = _merge_to(names, n_values)
            n = n_values
        n = max(n, 1)
        if not names:
            names = [""]
        out = [
            Indicator(name, "", "", "", None, {"rating": self._where("rating", index, True)})
            for name in names
        ]
        for key, header in VALUE_COLUMNS:
            values = split[key]
            base = self._where(key, index, True)
            if n == 1:
                values = [self._col(cells, key, True)]
            elif len(values) == 1 and values[0] in ("-", "―", "−"):
                values = values * n
            elif len(values) != n:
                self._problem(
                    "value_count",
                    f"{header}の値が{len(values)}個あり、指標{n}個に合いません",
                    base,
                    text=self._col(cells, key, True),
                    expected=f"{n} values separated by spaces, one per indicator",
                )
                values = (values + [""] * n)[:n]
            for i, (ind, value) in enumerate(zip(out, values, strict=True), 1):
                setattr(ind, key, value)
                ind.where[key] = Where(base.row, base.column, base.header, i if n > 1 else None)
        symbols = rating_cell.split()
        if len(symbols) == n and n > 1:
            for ind, s in zip(out, symbols, strict=True):
                ind.rating_published = s
        elif n == 1 and len(symbols) == 1:
            out[0].rating_published = symbols[0]
        elif len(symbols) != 1:
            self._problem(
                "rating_count",
                f"評価が{len(symbols)}個あり、指標の数（{n}）にも事業全体の1個にも合いません",
                self._where("rating", index, True),
                text=rating_cell,
                expected=f"1 rating for the project or {n}, one per indicator",
            )
        return out

    # -- whole-document checks ------------------------------------------------------------

    def _resolve_roles(self) -> list[Role]:
        """Give each sub-role (A, B, C) its parent and each project and KPI its roles."""
        tops = [(row, sec, label) for row, sec, label, _ in self.role_marks if not label.isascii()]
        parent: dict[str, str] = {}
        for row, sec, label, _ in self.role_marks:
            if label.isascii():
                same = [t for t in tops if t[1] == sec]
                before = [t for t in tops if t[0] < row]
                if same:
                    parent[label] = min(same, key=lambda t: abs(t[0] - row))[2]
                elif before:
                    parent[label] = before[-1][2]
        roles: list[Role] = []
        seen: set[str] = set()
        for row, _, label, title in self.role_marks:
            if label not in seen:
                seen.add(label)
                roles.append(Role(label, title, parent.get(label), row))
        marks: dict[int, str] = {row: label for row, _, label, _ in self.role_marks}
        top: str | None = None
        sub: str | None = None
        items: list[tuple[int, Headline | Project]] = [(h.row, h) for h in self.headlines]
        items += [(p.row, p) for p in self.projects]
        for row, item in sorted(items, key=lambda x: (x[0], isinstance(x[1], Project))):
            mark = marks.get(row)
            if mark is not None and mark.isascii():
                sub, top = mark, parent.get(mark) or top
            elif mark is not None:
                if sub is not None and parent.get(sub) != mark:
                    sub = None
                top = mark
            if isinstance(item, Headline):
                item.role, item.sub_role = top or "", sub
            else:
                item.role, item.sub_role = top, sub
        return roles

    def _check_projects(self) -> None:
        self.problems += document_problems(
            self.projects,
            lambda p: Where(p.row, self._where("summary", p.row, True).column, "事業概要"),
        )


def _merge_to(names: list[str], n: int) -> list[str]:
    """Join adjacent names (shortest pair first) until there are ``n``.

    >>> _merge_to(["R&B", "パーク", "会議の回数"], 2)
    ['R&B パーク', '会議の回数']
    """
    names = list(names)
    while len(names) > n:
        i = min(range(len(names) - 1), key=lambda k: len(names[k]) + len(names[k + 1]))
        names[i : i + 2] = [f"{names[i]} {names[i + 1]}"]
    return names
