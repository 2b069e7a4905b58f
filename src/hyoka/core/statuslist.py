"""The status list (連携事業実施状況等一覧) as plain data, as a reader found it in a document.

Readers (:mod:`hyoka.ingest`) build these objects; :mod:`hyoka.core.evaluate`
rates them.  Every piece of text keeps where it came from (:class:`Where`), so a
problem can name the file, row, column and the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from hyoka.core.i18n import language, tr

__all__ = [
    "VALUE_HEADERS",
    "Headline",
    "Indicator",
    "Problem",
    "Project",
    "Role",
    "StatusList",
    "Where",
    "document_problems",
]

Severity = Literal["error", "warning", "info"]

#: An indicator's three value columns, in document order: its field → the column's header
#: (every reader finds them by these words, every message names them by them).
VALUE_HEADERS = {"baseline": "基準値", "target": "目標値", "actual": "実績値"}


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a source document: 1-based row and column, the column's header, the part
    of a cell (value ``part`` of several, 1-based).  In a PDF, ``page`` is the page and
    ``row`` and ``column`` count the rows and columns of the table on that page."""

    row: int
    column: int | None = None
    header: str | None = None
    part: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        """In the language of the run (:mod:`hyoka.core.i18n`).

        >>> str(Where(18, 7, "目標値", 2)), str(Where(5, 3, page=2))
        ('行18 列7（目標値）の2番目の値', '2ページ 行5 列3')
        """
        if language() == "en":
            return self.english()
        out = f"{self.page}ページ " if self.page is not None else ""
        out += f"行{self.row}"
        if self.column is not None:
            out += f" 列{self.column}"
        if self.header:
            out += f"（{self.header}）"
        if self.part is not None:
            out += f"の{self.part}番目の値"
        return out

    def english(self) -> str:
        """
        >>> Where(18, 7, "目標値", 2).english(), Where(5, 3, page=2).english()
        ('row 18, column 7 (目標値), value 2', 'page 2, row 5, column 3')
        """
        out = f"page {self.page}, " if self.page is not None else ""
        out += f"row {self.row}"
        if self.column is not None:
            out += f", column {self.column}"
        if self.header:
            out += f" ({self.header})"
        if self.part is not None:
            out += f", value {self.part}"
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a reader or the evaluation noticed: what, where, the text, what was expected."""

    kind: str
    message: str
    where: Where | None = None
    severity: Severity = "warning"
    text: str | None = None
    expected: str | None = None
    message_en: str | None = None

    def to_dict(self, source: str | None = None) -> dict[str, Any]:
        where = str(self.where) if self.where else ""
        if source:
            where = f"{source}: {where}" if where else source
        out: dict[str, Any] = {
            "kind": self.kind,
            "severity": self.severity,
            "where": where,
            "message": self.message,
        }
        if self.where:
            if self.where.page is not None:
                out["page"] = self.where.page
            out["row"] = self.where.row
            out["column"] = self.where.column
        if self.text is not None:
            out["text"] = self.text
        if self.expected is not None:
            out["expected"] = self.expected
        if self.message_en:
            out["message_en"] = self.message_en
        return out


@dataclass(frozen=True, slots=True)
class Role:
    """役割: ``label`` as the document writes it (ア, イ, ウ, A, B, C); ``parent`` the label
    of the role above (A, B, C sit under ウ)."""

    label: str
    title: str
    parent: str | None
    row: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "title": self.title, "parent": self.parent}


@dataclass(slots=True)
class Indicator:
    """評価指標 with its 基準値, 目標値 and 実績値 texts, and the 評価 the document printed."""

    name: str
    baseline: str
    target: str
    actual: str
    rating_published: str | None
    where: dict[str, Where] = field(default_factory=dict)


@dataclass(slots=True)
class Headline:
    """基本KPI of a role."""

    role: str
    indicator: Indicator
    notes: str
    row: int
    sub_role: str | None = None


@dataclass(slots=True)
class Project:
    """連携事業: number, name, 事業概要, role, its indicators and 連携事業実施状況等."""

    number: int
    name: str
    summary: str
    role: str | None
    sub_role: str | None
    indicators: list[Indicator]
    rating_cell: str
    rating_published: str | None
    notes: str
    row: int


@dataclass(slots=True)
class StatusList:
    """One year's 連携事業実施状況等一覧 as read."""

    source: str
    title: str
    area: str
    fiscal_year: int | None
    legend: dict[str, str]
    roles: list[Role]
    headlines: list[Headline]
    projects: list[Project]
    problems: list[Problem]
    encoding: str = "utf-8"


def document_problems(
    projects: list[Project], summary_where: Callable[[Project], Where | None]
) -> list[Problem]:
    """Checks of a whole list, whatever document it was read from: project numbers in order,
    and two projects with the very same 事業概要 (a copy-and-paste slip)."""
    problems = []
    numbers = [p.number for p in projects]
    if numbers != list(range(1, len(numbers) + 1)):
        dupes = sorted(n for n, c in Counter(numbers).items() if c > 1)
        problems.append(
            Problem(
                "project_numbers",
                tr(
                    "事業番号が1から順に並んでいません（重複: %(dupes)s）",
                    dupes=", ".join(map(str, dupes)) if dupes else tr("なし"),
                ),
                None,
                text=", ".join(map(str, numbers)),
                expected=tr("1, 2, 3, … と順に並んだ事業番号"),
            )
        )
    by_summary: dict[str, list[Project]] = defaultdict(list)
    for p in projects:
        if p.summary:
            by_summary[p.summary].append(p)
    for same in by_summary.values():
        if len(same) > 1:
            nums = "・".join(str(p.number) for p in same)
            problems.append(
                Problem(
                    "duplicate_summary",
                    tr(
                        "事業%(numbers)sの事業概要がまったく同じです。転記の誤りではないか"
                        "確かめてください",
                        numbers=nums,
                    ),
                    summary_where(same[1]),
                    text=same[0].summary,
                    expected=tr("事業ごとの事業概要"),
                )
            )
    return problems
