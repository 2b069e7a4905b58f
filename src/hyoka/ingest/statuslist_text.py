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
from collections import Counter
from importlib import resources

from hyoka.core.i18n import gettext_noop, tr
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
from hyoka.ingest.decoding import UnreadableFile, decode_text, unreadable
from hyoka.ingest.ditto import resolve_dittos
from hyoka.ingest.layout import (
    HEADERS,
    KPI_MARKER,
    PROJECT_NUMBER,
    VALUE_COLUMNS,
    header_key,
    is_header,
    legend_items,
    missing_headers,
    no_fiscal_year,
    project_number,
    rating_count_problem,
    role_label,
    role_label_problem,
    title_year_area,
)
from hyoka.ingest.limits import problem, shorten, text_problems

__all__ = ["BUNDLED", "UnreadableFile", "bundled_bytes", "read_bundled", "read_status_list"]

#: Lists shipped with Hyoka (demo and test fixture): name → file in ``hyoka/data``.
BUNDLED = {
    "sapporo-fy2019": "sapporo-fy2019-status-list.txt",
    #: made-up example data: plan 2 (2024–2028) for the demo, with lineage to plan 1
    "sapporo-fy2024-example": "sapporo-fy2024-example-status-list.txt",
}

_SPACE = re.compile(r"[ \u3000]+")


def bundled_bytes(name: str = "sapporo-fy2019") -> bytes:
    """The bytes of a status list shipped with Hyoka."""
    if name not in BUNDLED:
        raise unreadable(name, "同梱の一覧にありません（%(known)s）", known=", ".join(BUNDLED))
    return resources.files("hyoka.data").joinpath(BUNDLED[name]).read_bytes()


def read_bundled(name: str = "sapporo-fy2019") -> StatusList:
    """A status list shipped with Hyoka."""
    return read_status_list(bundled_bytes(name), f"{name} (bundled)")


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


#: What to do with a text that is not in the layout the reader knows.
TODO = gettext_noop(
    "PDFの一覧はそのまま（hyoka check 一覧.pdf）、Excelの一覧は.xlsxのまま読めます。"
    "テキストにするときは、セルの間をタブにし、見出し行（役割 / 連携事業名 / 事業概要 / "
    "評価指標 / 基準値 / 目標値 / 実績値 / 評価 / 連携事業実施状況等）を付けてください"
)
_SEPARATORS = (
    ("|", re.compile(r"\s*[|｜]\s*")),
    (",", re.compile(r"\s*[,，]\s*")),
    (" ", re.compile(r"[ \u3000]+")),
)


def what_was_found(rows: list[list[str]]) -> str:
    """What a text that has no tab-separated header row holds instead, in a phrase: the header
    words with other separators, one cell per line, tabs without a header, or prose.

    >>> what_was_found([["評価指標 | 基準値 | 目標値 | 実績値"]])
    '1行目に見出しの語（評価指標, 基準値, 目標値, 実績値）がありますが、セルの間はタブではなく「|」です'
    >>> what_was_found([["評価指標"], ["目標値"], ["実績値"]])
    '見出しの語が1行に1つずつ並んでいます（1〜3行目: 評価指標, 目標値, 実績値）。セルが1行ずつに分かれています'
    >>> what_was_found([["ただのメモです"], ["表ではありません"]])
    'タブも見出しの語もない文章です（2行）'
    """
    lines = [(i, "\t".join(r).strip()) for i, r in enumerate(rows, 1) if "".join(r).strip()]
    for name, separator in _SEPARATORS:
        for index, line in lines:
            cells = [c for c in separator.split(line) if c]
            words = [c for c in cells if header_key(c)]
            if len(cells) > 1 and len(words) >= 3 and is_header(cells):
                return tr(
                    "%(row)s行目に見出しの語（%(words)s）がありますが、セルの間はタブではなく"
                    "「%(separator)s」です",
                    row=index,
                    words=", ".join(words),
                    separator=tr("空白") if name == " " else name,
                )
    alone = [(i, line) for i, line in lines if header_key(line)]
    if len(alone) >= 3 and is_header([line for _, line in alone]):
        return tr(
            "見出しの語が1行に1つずつ並んでいます（%(first)s〜%(last)s行目: %(words)s）。"
            "セルが1行ずつに分かれています",
            first=alone[0][0],
            last=alone[-1][0],
            words=", ".join(line for _, line in alone[:9]),
        )
    if any("\t" in line for _, line in lines):
        return tr("タブ区切りの行はありますが、見出し行がありません")
    return tr("タブも見出しの語もない文章です（%(n)s行）", n=len(lines))


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
        self.unread_roles: set[int] = set()  # rows of role cells whose label was not read
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
            if is_header(cells):
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
                    tr(
                        "事業番号も【基本KPI】もない行を読み飛ばしました: %(text)s",
                        text=joined[:40],
                    ),
                    Where(index),
                    text=joined[:200],
                    expected=tr("番号で始まる事業の行、または【基本KPI】の行"),
                )
        if not self.cols:
            raise unreadable(
                self.source,
                "一覧ではありません。評価指標・目標値・実績値の見出し行（タブ区切り）が"
                "見つかりません。%(found)s。%(todo)s",
                found=what_was_found(self.rows),
                todo=tr(TODO),
            )
        if not self.projects and not self.headlines:
            raise unreadable(self.source, "見出し行はありますが、事業の行がありません")
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
        resolve_dittos(result)
        result.problems += text_problems(result)
        return result

    def _problem(self, kind: str, message: str, where: Where | None, **kw: str | None) -> None:
        self.problems.append(problem(kind, message, where, **kw))

    # -- preamble and header ----------------------------------------------------------------

    def _read_preamble(self, joined: str, index: int) -> None:
        if "凡例" in joined:
            self.legend.update(legend_items(joined))
            return
        if not self.title and ("一覧" in joined or "年度" in joined):
            self.title = joined
            self.fiscal_year, self.area = title_year_area(joined)

    def _read_header(self, cells: list[str], index: int) -> None:
        cols: dict[str, int] = {}
        for i, cell in enumerate(cells):
            key = header_key(cell)
            if key is not None and key not in cols:
                cols[key] = i
                self.header_text[key] = cell
        if missing := missing_headers(cols):
            raise unreadable(
                self.source,
                "%(row)s行目の見出しに%(missing)sがありません。列は %(columns)s です",
                row=index,
                missing=", ".join(missing),
                columns=" / ".join(HEADERS),
            )
        if self.cols and cols != self.cols:
            self._problem(
                "header_changed",
                tr("見出し行の列が前の見出しと違います"),
                Where(index),
                severity="info",
            )
        self.cols = cols
        self.section += 1
        if self.fiscal_year is None:
            self.problems.append(no_fiscal_year(self.title))

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
                tr(
                    "この行は%(n)s列しかなく、%(missing)sの列がありません",
                    n=len(cells),
                    missing="・".join(missing),
                )
                + (
                    tr("（ファイルの最後の行です。途中で切れていないか確かめてください）")
                    if cut
                    else ""
                ),
                Where(index, len(cells) + 1, missing[0]),
                severity="error",
                text=shorten(joined, 60),
                expected=tr("見出し行のとおり、タブ区切りで%(n)s列以上", n=at["rating"] + 1),
            )
        extra = next((i for i in range(last + 1, len(cells)) if cells[i]), None)
        if extra is not None:
            self._problem(
                "extra_cells",
                tr(
                    "見出し行より右の%(column)s列目に「%(text)s」があります。"
                    "セルの中のタブで列がずれていないか確かめてください",
                    column=extra + 1,
                    text=shorten(cells[extra], 20),
                ),
                Where(index, extra + 1),
                severity="error",
                text=shorten(cells[extra], 60),
                expected=tr("見出し行のとおり、%(n)s列まで", n=last + 1),
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
        if at < len(cells) and PROJECT_NUMBER.match(cells[at]):
            return cells
        for early in range(1, at + 1):
            i = at - early
            if PROJECT_NUMBER.match(cells[i]) and not any(cells[:i]):
                self._problem(
                    "shifted_row",
                    tr(
                        "先頭の%(n)sセルが抜けており%(n)s列右にずらして読みました（事業%(number)s）",
                        n=early,
                        number=cells[i],
                    ),
                    Where(index, i + 1),
                    severity="info",
                    text=cells[i],
                    expected=tr("%(column)s列目に事業番号", column=at + 1),
                )
                return [""] * early + cells
        return None

    def _role_mark(self, cells: list[str], index: int) -> str | None:
        text = cells[self.cols["role"]] if "role" in self.cols else ""
        if not text:
            return None
        found = role_label(text)
        if found is None:
            where = Where(index, self.cols["role"] + 1, "役割")
            self.problems.append(role_label_problem(text, where))
            self.unread_roles.add(index)
            return None
        label, title, _ = found
        self.role_marks.append((index, self.section, label, _unspace(title)))
        return label

    def _read_headline(self, cells: list[str], index: int) -> Headline:
        self._role_mark(cells, index)
        indicator = self._indicator(cells, index, project=False)
        h = Headline("", indicator, self._col(cells, "notes", False), index)
        self.headlines.append(h)
        return h

    def _read_project(self, cells: list[str], index: int) -> Project | None:
        self._role_mark(cells, index)
        number = project_number(cells[self.cols["project"]], self._where("project", index, False))
        if isinstance(number, Problem):
            self.problems.append(number)
            return None
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
            tr("事業番号のない行を事業%(number)sの続きとして読みました", number=last.number),
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
                tr(
                    "評価指標の名前が%(names)s個、値が%(values)s個あります。"
                    "値の数に合わせて名前をまとめました",
                    names=n,
                    values=n_values,
                ),
                self._where("indicator", index, True),
                text=names_cell,
                expected=tr("空白で区切った%(n)s個の評価指標名", n=n_values),
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
            elif len(values) != n and len(joined := self._with_years(cells, key)) == n:
                values = joined  # 2018年度 1,950億円: a year labelling the figure after it
            elif len(values) != n:
                self._problem(
                    "value_count",
                    tr(
                        "%(header)sの値が%(values)s個あり、指標%(n)s個に合いません",
                        header=header,
                        values=len(values),
                        n=n,
                    ),
                    base,
                    text=self._col(cells, key, True),
                    expected=tr("空白で区切った%(n)s個の値（指標ごとに1つ）", n=n),
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
            where = self._where("rating", index, True)
            self.problems.append(rating_count_problem(rating_cell, n, where))
        return out

    def _with_years(self, cells: list[str], key: str) -> list[str]:
        """The values of a cell when a year with 年度 before a figure labels it (split_values
        keeps ``H27 4.8%`` together, but ``2019年度 1回/年度`` is as often two values: the
        count of indicators decides)."""
        return split_values(self._col(cells, key, True), years=True)

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
            if row in self.unread_roles:
                top = sub = None  # a role of its own, whose label was not read
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
