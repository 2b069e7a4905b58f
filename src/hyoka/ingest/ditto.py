"""Ditto marks (``〃``, ``同上``, ``同左``) resolved where the reader sees the cell they point to.

The value grammar refuses a ditto mark alone: it sees one cell.  A reader sees the table, so
every reader (text, xlsx and, through :mod:`hyoka.ingest.statuslist_sheet`, PDF) calls
:func:`resolve_dittos` on the list it read:

* ``〃``, ``同上``, ``上に同じ``: the same column's value of the row above, within the same
  table (the same role's projects, or the same role's 【基本KPI】; on the same PDF page);
  a row above holding several values gives the one in the same place;
* ``同左``, ``左に同じ``: the value to the left in the same row (目標値 ← 基準値, 実績値 ← 目標値).

A resolved cell reads as the value it points to with a note saying so
(``60件【同上: 行12 列6の値を使用】``) and an info problem naming both cells; a ditto mark
with nothing to take — the first row of a table, a cell above that is empty, unreadable or
itself an unresolved mark, the 評価指標 to the left of 基準値 — keeps its mark with the
reason in the note (``同上【行12 列6は空欄です】``), which the grammar gives as its refusal,
and a warning problem.  Nothing is ever guessed: a rating from a resolved mark shows where
its value came from.
"""

from __future__ import annotations

from collections.abc import Iterator

from hyoka.core.forms import POINTERS
from hyoka.core.i18n import gettext_noop, tr
from hyoka.core.statuslist import Indicator, Problem, StatusList, Where
from hyoka.core.values import explain, normalise
from hyoka.ingest.layout import VALUE_COLUMNS

__all__ = ["is_ditto", "resolve_dittos"]

_KEYS = tuple(key for key, _ in VALUE_COLUMNS)
_LEFT = dict(zip(_KEYS[1:], _KEYS, strict=False))
#: Where an entry stands: the page (0 outside a PDF) and row of its row.
_Row = tuple[int, int]


def is_ditto(text: str) -> str | None:
    """The ditto mark ``text`` is (normalised, spaces removed), or None.

    >>> is_ditto(" 〃 "), is_ditto("同　上"), is_ditto("60件")
    ('〃', '同上', None)
    """
    mark = "".join(normalise(text).split())
    return mark if mark in POINTERS else None


def _place(w: Where) -> str:
    """A cell's place in the note written into the document's text (always Japanese: it is
    part of the value text, as the document is)."""
    page = f"{w.page}ページ " if w.page is not None else ""
    column = f" 列{w.column}" if w.column is not None else ""
    part = f"の{w.part}番目" if w.part is not None else ""
    return f"{page}行{w.row}{column}{part}"


def _entries(sl: StatusList) -> Iterator[tuple[Indicator, tuple[object, ...]]]:
    for h in sl.headlines:
        yield h.indicator, ("kpi", h.role, h.sub_role)
    for p in sl.projects:
        for ind in p.indicators:
            yield ind, ("project", p.role, p.sub_role)


def _row_of(ind: Indicator) -> _Row | None:
    w = next((ind.where[k] for k in _KEYS if k in ind.where), None)
    return None if w is None else (w.page or 0, w.row)


def resolve_dittos(sl: StatusList) -> None:
    """Resolve the ditto marks of ``sl``'s value cells in place, adding a problem for each."""
    rows: dict[_Row, tuple[tuple[object, ...], list[Indicator]]] = {}
    for ind, table in _entries(sl):
        at = _row_of(ind)
        if at is not None:
            rows.setdefault(at, (table, []))[1].append(ind)
    if not any(is_ditto(getattr(i, k)) for _, inds in rows.values() for i in inds for k in _KEYS):
        return
    order = sorted(rows)
    #: the value each cell stands for; None for a mark left unresolved
    meant: dict[tuple[int, str], str | None] = {}
    for n, at in enumerate(order):
        table, inds = rows[at]
        above: list[Indicator] = []
        if n > 0 and rows[order[n - 1]][0] == table and order[n - 1][0] == at[0]:
            above = rows[order[n - 1]][1]
        for i, ind in enumerate(inds):
            for key in _KEYS:
                text = getattr(ind, key)
                mark = is_ditto(text)
                if mark is None:
                    meant[id(ind), key] = text
                    continue
                where = ind.where.get(key) or Where(at[1])
                source = _left(ind, key) if POINTERS[mark] == "左" else _above(above, inds, i, key)
                value, (why, params) = _take(source, meant)
                meant[id(ind), key] = value
                if value is None:
                    note = why % {k: _place(w) for k, w in params.items()} if params else why
                    setattr(ind, key, f"{mark}【{note}】")
                    sl.problems.append(
                        Problem(
                            "ditto_unresolved",
                            tr(
                                "「%(mark)s」の指す値を使えません: %(why)s",
                                mark=mark,
                                why=tr(why, **{k: str(w) for k, w in params.items()}),
                            ),
                            where,
                            text=text,
                            expected=tr("値そのもの（例: 60件）"),
                        )
                    )
                    continue
                assert not isinstance(source, str)
                setattr(ind, key, f"{value}【{mark}: {_place(source[2])}の値を使用】")
                message = tr(
                    "「%(mark)s」を%(source)sの「%(value)s」と読みました",
                    mark=mark,
                    source=str(source[2]),
                    value=value,
                )
                sl.problems.append(
                    Problem("ditto_resolved", message, where, severity="info", text=text)
                )


def _left(ind: Indicator, key: str) -> tuple[Indicator, str, Where] | str:
    left = _LEFT.get(key)
    w = None if left is None else ind.where.get(left)
    if left is None or w is None:
        return gettext_noop("左は評価指標の名前で、値ではありません")
    return ind, left, w


def _above(
    above: list[Indicator], row: list[Indicator], i: int, key: str
) -> tuple[Indicator, str, Where] | str:
    if not above:
        return gettext_noop("同じ表に上の行がありません")
    if len(above) == 1:
        pick = above[0]
    elif len(above) == len(row):
        pick = above[i]
    else:
        return gettext_noop("上の行に値が複数あり、どれを指すか分かりません")
    w = pick.where.get(key)
    return (pick, key, w) if w is not None else gettext_noop("同じ表に上の行がありません")


def _take(
    source: tuple[Indicator, str, Where] | str, meant: dict[tuple[int, str], str | None]
) -> tuple[str | None, tuple[str, dict[str, Where]]]:
    """The value text a mark stands for, or None and why not (a msgid and its parameters:
    in Japanese it becomes part of the cell's text, as the document is)."""
    if isinstance(source, str):
        return None, (source, {})
    ind, key, w = source
    value = meant.get((id(ind), key), getattr(ind, key))
    place = {"place": w}
    if value is None:
        return None, (gettext_noop("%(place)sも値の決まらない印です"), place)
    if not value.strip():
        return None, (gettext_noop("%(place)sは空欄です"), place)
    if not explain(value).understood:
        return None, (gettext_noop("%(place)sの値を読めません"), place)
    return value.strip(), ("", {})
