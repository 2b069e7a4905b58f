"""The layout of a status list (連携事業実施状況等一覧) as every reader finds it: the header words
of its columns, the 【基本KPI】 marker, the role labels (ア・イ・ウ, A・B・C), the legend and the
title with its fiscal year and area.

The text, xlsx and PDF readers all take these from here, so a header variant or a role form
learnt once is read the same way in every kind of file.

>>> header_key("実績値（3月末見込含む）"), header_key("評価"), header_key("評価（算出）")
('actual', 'rating', None)
>>> role_label("ア 圏域全体の経済成長のけん引"), role_label("A 生活機能の強化"), role_label("B")
(('ア', '圏域全体の経済成長のけん引', False), ('A', '生活機能の強化', True), ('B', '', True))
>>> legend_items("<評価凡例>◎：達成済み ○：達成見込 -：評価不可")
{'◎': '達成済み', '○': '達成見込', '-': '評価不可'}
>>> title_year_area("さっぽろ連携中枢都市圏 令和元年度 連携事業実施状況等一覧")
(2019, 'さっぽろ連携中枢都市圏')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from hyoka.core.i18n import gettext_noop, tr
from hyoka.core.periods import YEAR_PATTERN, year_from_match
from hyoka.core.statuslist import VALUE_HEADERS, Problem, Where
from hyoka.ingest.limits import MAX_PROJECT_NUMBER, problem, shorten

__all__ = [
    "HEADERS",
    "KPI_MARKER",
    "NUMBER_HEADERS",
    "OPTIONAL_COLUMNS",
    "PROJECT_NUMBER",
    "TITLE_EXAMPLE",
    "VALUE_COLUMNS",
    "VARIANTS",
    "header_key",
    "is_header",
    "join_lines",
    "legend_items",
    "missing_headers",
    "no_fiscal_year",
    "project_number",
    "rating_count_problem",
    "role_label",
    "role_label_problem",
    "title_year_area",
]

#: The document's columns: the word a header cell starts with → the column's key, in
#: document order.  ``評価`` must be the whole cell (``評価指標`` and ``評価（算出）`` are not it).
HEADERS = {
    "役割": "role",
    "連携事業名": "project",
    "事業概要": "summary",
    "評価指標": "indicator",
    **{word: key for key, word in VALUE_HEADERS.items()},  # 基準値, 目標値, 実績値
    "評価": "rating",
    "連携事業実施状況等": "notes",
}
#: Columns a list may leave out.
OPTIONAL_COLUMNS = ("role", "notes")
#: Headers of a column of its own holding the project numbers.
NUMBER_HEADERS = ("番号", "事業番号", "No", "No.")
#: The columns of an indicator's values, in document order, with their headers for messages.
VALUE_COLUMNS = tuple(VALUE_HEADERS.items())
#: Marks the rows of a role's headline KPIs (written 【基本KPI】).
KPI_MARKER = "基本KPI"
#: A project number: digits, as many as the list needs.
PROJECT_NUMBER = re.compile(r"^\d+$")
TITLE_EXAMPLE = gettext_noop(
    "「さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧」のような表題"
)

_TOP_ROLE = re.compile(r"^([ア-ン])\s*(.*)$", re.S)
_SUB_ROLE = re.compile(r"^([A-Z])(?:\s+(.*))?$", re.S)
_LEGEND_ITEM = re.compile(r"(\S)\s*[:：]\s*([^\s:：]+)")
_YEAR = re.compile(YEAR_PATTERN)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


#: Other words lists head the same columns with (KPI tables of 総合戦略 and 施策評価 too):
#: ``(word, key, whole)`` — the cell starts with ``word`` (or is it, when ``whole``).
VARIANTS: tuple[tuple[str, str, bool], ...] = (
    ("事業名", "project", False),
    ("事業内容", "summary", False),
    ("指標名", "indicator", False),
    ("成果指標", "indicator", False),
    ("KPI", "indicator", False),
    ("指標", "indicator", True),
    ("現状値", "baseline", False),
    ("当初値", "baseline", False),
    ("策定時", "baseline", False),
    ("数値目標", "target", False),
    ("目標", "target", True),
    ("実績", "actual", False),
    ("達成状況", "rating", False),
    ("達成度", "rating", False),
    ("評価結果", "rating", False),
    ("実施状況", "notes", False),
    ("取組状況", "notes", False),
    ("取組内容", "notes", False),
)
_LONGEST_HEADER = 20
_WORDS = tuple((w, k, w == "評価") for w, k in HEADERS.items()) + VARIANTS


def header_key(cell: str) -> str | None:
    """The column a header cell names, or None (another column, such as 評価（算出）).

    >>> [header_key(c) for c in ("評価指標（KPI）", "指標名", "現状値", "目標値（R5）")]
    ['indicator', 'indicator', 'baseline', 'target']
    >>> [header_key(c) for c in ("実績値（見込）", "達成状況", "目標年度", "評価（算出）")]
    ['actual', 'rating', None, None]
    """
    text = "".join(_norm(cell).split())
    if len(text) > _LONGEST_HEADER:
        return None  # a sentence in a cell (実績値は2018年度の…) heads no column
    for word, key, whole in _WORDS:
        if text == word or (not whole and text.startswith(word)):
            return key
    return None


def is_header(cells: Iterable[str]) -> bool:
    """A header row names at least 評価指標 and 目標値 or 実績値."""
    keys = {header_key(c) for c in cells if c}
    return "indicator" in keys and bool(keys & {"target", "actual"})


def missing_headers(found: Iterable[str]) -> list[str]:
    """The header words of the required columns not among the keys ``found``."""
    keys = set(found)
    return [w for w, k in HEADERS.items() if k not in keys and k not in OPTIONAL_COLUMNS]


def project_number(text: str, where: Where) -> int | Problem:
    """The number of a project number cell, or the error saying why it is none: not a number,
    or larger than the database keeps.

    >>> project_number("１２", Where(5)), project_number("1000", Where(5))
    (12, 1000)
    >>> project_number("40000", Where(5)).message
    '事業番号「40000」は大きすぎます（32,767まで）。この行を読み飛ばしました'
    """
    number = _norm(text)
    if not PROJECT_NUMBER.match(number):
        return problem(
            "project_number",
            tr(
                "事業番号「%(number)s」は数字ではありません。この行を読み飛ばしました",
                number=number,
            ),
            where,
            severity="error",
            text=number,
            expected=tr("事業の番号（1, 2, 3, …）"),
        )
    if len(number) > len(str(MAX_PROJECT_NUMBER)) or int(number) > MAX_PROJECT_NUMBER:
        return problem(
            "project_number",
            tr(
                "事業番号「%(number)s」は大きすぎます（%(max)sまで）。この行を読み飛ばしました",
                number=shorten(number, 20),
                max=f"{MAX_PROJECT_NUMBER:,}",
            ),
            where,
            severity="error",
            text=number,
            expected=tr("1から%(max)sまでの事業番号", max=f"{MAX_PROJECT_NUMBER:,}"),
        )
    return int(number)


def role_label(text: str) -> tuple[str, str, bool] | None:
    """``(label, title, is_sub_role)`` of a role cell, or None when it has no label.

    The title's spaces and line breaks are closed up to single spaces."""
    text = _norm(text)
    if m := _TOP_ROLE.match(text):
        return m.group(1), " ".join(m.group(2).split()), False
    if m := _SUB_ROLE.match(text):
        return m.group(1), " ".join((m.group(2) or "").split()), True
    return None


def role_label_problem(text: str, where: Where) -> Problem:
    return problem(
        "role_label",
        tr("役割「%(text)s」の記号（ア・イ・ウ や A・B・C）を読めません", text=shorten(text)),
        where,
        text=text,
        expected=tr("「ア 圏域全体の経済成長のけん引」や「A 生活機能の強化」のような記号と名称"),
    )


def join_lines(parts: list[str]) -> str:
    """Pieces of one text broken over several lines, joined as they were written: directly
    in Japanese, with a space between two Latin words or numbers.

    >>> join_lines(["救急医療の維持・向上等に", "向けた取組の推進"])
    '救急医療の維持・向上等に向けた取組の推進'
    >>> join_lines(["MICE", "誘致"]), join_lines(["Sapporo", "MICE"]), join_lines(["12", "社"])
    ('MICE誘致', 'Sapporo MICE', '12社')
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and _latin(out[-1]) and _latin(part[0]):
            out += " "
        out += part
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def rating_count_problem(text: str, n: int, where: Where) -> Problem:
    """A 評価 cell with a number of symbols that fits neither the project nor its indicators."""
    return problem(
        "rating_count",
        tr(
            "評価が%(symbols)s個あり、指標の数（%(n)s）にも事業全体の1個にも合いません",
            symbols=len(text.split()),
            n=n,
        ),
        where,
        text=text,
        expected=tr("事業全体に1つ、または指標ごとに1つずつ（%(n)s個）の評価", n=n),
    )


def legend_items(text: str) -> dict[str, str]:
    """The symbols of a legend line (``<評価凡例>◎：達成済み …``) and their meanings."""
    return dict(_LEGEND_ITEM.findall(text.split(">", 1)[-1]))


def title_year_area(title: str, context: str = "") -> tuple[int | None, str]:
    """The fiscal year and the area a list's title names: the area is what stands before
    the year.  Without a fiscal year in the title, the year is looked for in ``context``
    (the rest of the title row) and the area is the title less 連携事業実施状況等一覧."""
    norm = unicodedata.normalize("NFKC", title)
    for text in (norm, unicodedata.normalize("NFKC", context)):
        m = _YEAR.search(text)
        if m and (m.group("suffix") == "年度" or m.group("era")):
            year = year_from_match(m).year
            if text is norm:
                return year, norm[: m.start()].strip()
            return year, norm.replace("連携事業実施状況等一覧", "").strip()
    return None, ""


def no_fiscal_year(title: str) -> Problem:
    return problem(
        "no_fiscal_year",
        tr("表題に年度（例: 2019年度）が見つかりません"),
        Where(1),
        text=title or None,
        expected=tr(TITLE_EXAMPLE),
    )
