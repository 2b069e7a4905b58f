"""What a value leaves to its document: a bare era year (``(5年度)``) read in the era of the
list's fiscal year, and the figure of a revised target that applies in a given year.

The grammar reads a text alone (and caches it); these functions read it with the document's
fiscal year and plan.  Neither guesses: a year that fits no era is left unresolved with a
warning (rated ``-``), and a revision whose year is unknown applies to no year.

>>> from hyoka.core.values import explain
>>> v = resolve(explain("45件 (5年度)"), "target", 2020, (2019, 2023))
>>> v.year, v.resolution
(2023, '「5年度」を文書の元号（令和）で令和5年度＝2023年度と読みました')
>>> applicable_target(explain("60件/年度（R3見直し後40件/年度）"), 2022)[0].text
'40件/年度'
"""

from __future__ import annotations

from typing import Any

from hyoka.core.dates import Role, resolve_era_year
from hyoka.core.valuetype import Revision, Value

__all__ = ["applicable_target", "resolve", "unresolved"]


def resolve(value: Value, role: Role, fiscal_year: int, plan: tuple[int, int]) -> Value:
    """``value`` with its bare era years read in the document's era (unchanged when it has
    none); ``resolution`` says how, ``warnings`` why not."""
    if value.era_year is None and (
        not value.revisions or all(r.era_year is None for r in value.revisions)
    ):
        return value
    changes: dict[str, Any] = {}
    how: list[str] = []
    warnings = list(value.warnings)
    if value.era_year is not None and value.year is None:
        year, said = resolve_era_year(
            value.era_year, role, fiscal_year, plan, value.year_basis or "fiscal"
        )
        (how if year is not None else warnings).append(said)
        if year is not None:
            changes["year"] = year
    revisions: list[Revision] = []
    for r in value.revisions:
        if r.era_year is not None and r.year is None:
            year, said = resolve_era_year(r.era_year, "target", fiscal_year, plan)
            (how if year is not None else warnings).append(said)
            r = r._replace(year=year)
        revisions.append(r)
    if value.revisions:
        changes["revisions"] = tuple(revisions)
    if how:
        changes["resolution"] = "。".join(how)
    changes["warnings"] = tuple(warnings)
    return value._replace(**changes)


def unresolved(value: Value) -> str | None:
    """Why a year of ``value`` is not known (None when every year it writes is known)."""
    if value.era_year is not None and value.year is None:
        return next(
            (w for w in value.warnings if "元号" in w),
            f"「{value.era_year}年度」の元号が分かりません",
        )
    return None


def applicable_target(target: Value, fiscal_year: int) -> tuple[Value | None, str]:
    """The figure of a revised target that applies in ``fiscal_year``, and the history in
    words; None (with the reason) when the document does not say which figure applies.

    >>> from hyoka.core.values import explain
    >>> applicable_target(explain("60件/年度（R3見直し後40件/年度）"), 2020)[0].text
    '60件/年度（R3見直し後40件/年度）'
    >>> applicable_target(explain("40件（R3見直し）"), 2020)
    (None, '目標「40件（R3見直し）」は2021年度に見直した値で、2020年度に適用する見直し前の値が書かれていません')
    """
    original = target._replace(revisions=())
    history = _history(target)
    if any(r.year is None for r in target.revisions):
        return (
            None,
            f"目標「{target.text}」の見直しの年度が分からず、どの値を適用するか決められません",
        )
    applying = [r for r in target.revisions if r.year is not None and r.year <= fiscal_year]
    if not applying:
        first = target.revisions[0]
        if first.value is None:
            return None, (
                f"目標「{target.text}」は{first.year}年度に見直した値で、"
                f"{fiscal_year}年度に適用する見直し前の値が書かれていません"
            )
        return (
            original,
            f"{history}。{fiscal_year}年度は見直し前の「{_figure_text(original)}」を適用",
        )
    latest = max(applying, key=lambda r: r.year or 0)
    figure = latest.value if latest.value is not None else original
    return figure, f"{history}。{fiscal_year}年度は「{_figure_text(figure)}」を適用"


def _figure_text(v: Value) -> str:
    return v.text.split("(")[0].split("（")[0].strip()


def _history(target: Value) -> str:
    steps = [f"{r.year}年度から「{_figure_text(r.value or target)}」" for r in target.revisions]
    first = target.revisions[0]
    before = "見直し前の値は不明" if first.value is None else f"当初「{_figure_text(target)}」"
    return f"{before}、" + "、".join(steps)
