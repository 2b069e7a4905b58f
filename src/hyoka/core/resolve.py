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
from hyoka.core.i18n import Said, said
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
        changes["resolution"] = Said.joined(how, "。", "; ")
    changes["warnings"] = tuple(warnings)
    return value._replace(**changes)


def unresolved(value: Value) -> str | None:
    """Why a year of ``value`` is not known (None when every year it writes is known)."""
    if value.era_year is not None and value.year is None:
        return next(
            (w for w in value.warnings if "元号" in w),
            said("「%(year)s年度」の元号が分かりません", year=value.era_year),
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
        return None, said(
            "目標「%(target)s」の見直しの年度が分からず、どの値を適用するか決められません",
            target=target.text,
        )
    applying = [r for r in target.revisions if r.year is not None and r.year <= fiscal_year]
    if not applying:
        first = target.revisions[0]
        if first.value is None:
            return None, said(
                "目標「%(target)s」は%(year)s年度に見直した値で、"
                "%(fiscal_year)s年度に適用する見直し前の値が書かれていません",
                target=target.text,
                year=first.year,
                fiscal_year=fiscal_year,
            )
        return original, said(
            "%(history)s。%(fiscal_year)s年度は見直し前の「%(figure)s」を適用",
            history=history,
            fiscal_year=fiscal_year,
            figure=_figure_text(original),
        )
    latest = max(applying, key=lambda r: r.year or 0)
    figure = latest.value if latest.value is not None else original
    return figure, said(
        "%(history)s。%(fiscal_year)s年度は「%(figure)s」を適用",
        history=history,
        fiscal_year=fiscal_year,
        figure=_figure_text(figure),
    )


def _figure_text(v: Value) -> str:
    return v.text.split("(")[0].split("（")[0].strip()


def _history(target: Value) -> Said:
    steps = [
        said("%(year)s年度から「%(figure)s」", year=r.year, figure=_figure_text(r.value or target))
        for r in target.revisions
    ]
    first = target.revisions[0]
    before = (
        said("見直し前の値は不明")
        if first.value is None
        else said("当初「%(figure)s」", figure=_figure_text(target))
    )
    return Said.joined([before, *steps], "、", ", ")
