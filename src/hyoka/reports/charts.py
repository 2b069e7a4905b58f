"""Server-side SVG charts: readable in Japanese (the browser's fonts draw the text), with a
title and a description for screen readers, and never colour alone (labels on every mark).

>>> svg = bar_chart([("ア", [("◎", 3), ("×", 1)])], {"◎": "#259d63", "×": "#ec0000"})
>>> svg.startswith("<svg") and "◎ 3" in svg
True
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from hyoka.core.values import Value

#: Colours of rating symbols (Digital Agency palette); shapes and labels carry the meaning too.
SYMBOL_COLOURS = {
    "◎": "#197a4b",
    "○": "#0031d8",
    "△": "#b78f00",
    "×": "#ce0000",
    "-": "#767676",
    "S": "#197a4b",
    "A": "#0031d8",
    "B": "#b78f00",
    "C": "#ce0000",
    "①": "#197a4b",
    "②": "#b78f00",
    "③": "#ce0000",
    "−": "#767676",
}
FONT = "'Noto Sans JP','Noto Sans CJK JP','Hiragino Sans',sans-serif"


def _fmt(n: float) -> str:
    """
    >>> _fmt(298000.0), _fmt(85.1), _fmt(27.9e12)
    ('298,000', '85.1', '27.9兆')
    """
    if abs(n) >= 1e12:
        return f"{Decimal(str(n / 1e12)).normalize():f}兆"
    if abs(n) >= 1e8:
        return f"{Decimal(str(n / 1e8)).normalize():f}億"
    if n == int(n):
        return f"{int(n):,}"
    return f"{n:,.1f}"


def _label_fill(background: str) -> str:
    """White or near-black, whichever reads better on a ``#rrggbb`` bar (WCAG 2.1 contrast;
    the symbol colours give white 3.0:1 on △'s yellow, too little for 13px text).

    >>> _label_fill("#197a4b"), _label_fill("#b78f00"), _label_fill("#767676")
    ('#fff', '#1a1a1a', '#fff')
    """

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    if not re.fullmatch(r"#[0-9a-fA-F]{6}", background):
        return "#fff"  # a colour given some other way: the labels stay as they were
    bar = luminance(background)
    on_white = 1.05 / (bar + 0.05)
    on_dark = (bar + 0.05) / (luminance("#1a1a1a") + 0.05)
    return "#fff" if on_white >= 4.5 or on_white >= on_dark else "#1a1a1a"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    uid = uuid.uuid4().hex[:8]  # ids unique on a page with several charts
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="t{uid} d{uid}" font-family="{FONT}">'
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def ticks(v0: float, v1: float, most: int = 6) -> list[tuple[float, str]]:
    """Axis ticks between ``v0`` and ``v1`` at a round step (1, 2, 2.5 or 5 × 10ⁿ), each
    label different from the others (as many decimals as the step needs).

    >>> [t for _, t in ticks(0.85, 1.15)]
    ['0.9', '1', '1.1']
    >>> [t for _, t in ticks(11.85, 13.15)]
    ['12', '12.5', '13']
    >>> [t for _, t in ticks(26.9e12, 31.1e12)]
    ['27兆', '28兆', '29兆', '30兆', '31兆']
    >>> [t for _, t in ticks(-3000, 4000)]
    ['-2,000', '0', '2,000', '4,000']
    """
    span = (v1 - v0) or abs(v1) or 1.0
    raw = span / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(v0 / step)
    values = [n * step for n in range(first, math.floor(v1 / step) + 1)]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if step / power == 2.5 else 0)
    out: list[tuple[float, str]] = []
    for v in values:
        v = round(v, decimals + 2)
        label = _fmt(v) if abs(v) >= 1e8 or v == int(v) else f"{v:,.{decimals}f}"
        if not out or out[-1][1] != label:
            out.append((v, label))
    return out


def _per_year(target: Value) -> bool:
    """A target for every year (``12社/年度``, ``100% (毎年度)``), not one for a given year."""
    if target.kind != "quantity" or target.number is None:
        return False
    if "every_year" in target.qualifiers or target.year_relation == "from":
        return True
    return bool(target.per in ("年度", "年") and not target.year)


def path_chart(
    baseline: Value,
    target: Value,
    points: Sequence[dict[str, Any]],
    *,
    title: str,
    plan: tuple[int, int] | None = None,
    width: int = 640,
    height: int = 300,
) -> str:
    """Baseline → target as a dashed straight path, actuals by year as dots (hollow when
    provisional), each labelled with its value."""
    marks: list[tuple[int, float, str, str]] = []  # (year, value, kind, label)
    if baseline.kind == "quantity" and baseline.number is not None and baseline.year:
        marks.append((baseline.year, float(baseline.number), "baseline", baseline.text))
    if _per_year(target):
        # a target for every year: a mark in each year it holds (the plan's, or from its year)
        assert target.number is not None
        seen = [int(p["year"]) for p in points] + (list(plan) if plan else [])
        first = target.year if target.year_relation == "from" and target.year else min(seen or [0])
        last = max(seen or [first])
        for year in range(first, last + 1) if first else ():
            marks.append((year, float(target.number), "target", target.text))
    elif target.kind == "quantity" and target.number is not None and target.year:
        marks.append((target.year, float(target.number), "target", target.text))
    for p in points:
        marks.append((int(p["year"]), float(p["value"]), "actual", str(p["label"])))
    if not marks:
        return _svg(
            width,
            60,
            title,
            "数値で示せる値がありません",
            [
                f'<text x="10" y="35" font-size="14">{escape("グラフにできる数値がありません")}</text>'
            ],
        )
    years = [m[0] for m in marks] + (list(plan) if plan else [])
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    values = [m[1] for m in marks]
    v0, v1 = min(values), max(values)
    pad = (v1 - v0) * 0.15 or abs(v1) * 0.15 or 1
    v0, v1 = v0 - pad, v1 + pad
    left, right, top, bottom = 90, 30, 20, 40
    pw, ph = width - left - right, height - top - bottom

    def x(year: float) -> float:
        return left + (year - y0) / (y1 - y0) * pw

    def y(v: float) -> float:
        return top + (1 - (v - v0) / (v1 - v0)) * ph

    body = [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#f8f8fb" stroke="#ccc"/>']
    for yr in range(y0, y1 + 1):
        body.append(
            f'<line x1="{x(yr):.1f}" y1="{top}" x2="{x(yr):.1f}" y2="{top + ph}" stroke="#e6e6ee"/>'
        )
        body.append(
            f'<text x="{x(yr):.1f}" y="{height - 18}" font-size="12" text-anchor="middle">{yr}</text>'
        )
    for v, label in ticks(v0, v1):
        body.append(
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end" fill="#555">{escape(label)}</text>'
        )
    base = next((m for m in marks if m[2] == "baseline"), None)
    goals = [m for m in marks if m[2] == "target"]
    goal = goals[0] if len(goals) == 1 else None
    if len(goals) > 1:  # the per-year target, year after year
        body.append(
            f'<line x1="{x(goals[0][0]):.1f}" y1="{y(goals[0][1]):.1f}" x2="{x(goals[-1][0]):.1f}" '
            f'y2="{y(goals[-1][1]):.1f}" stroke="#0031d8" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    if base and goal:
        body.append(
            f'<line x1="{x(base[0]):.1f}" y1="{y(base[1]):.1f}" x2="{x(goal[0]):.1f}" '
            f'y2="{y(goal[1]):.1f}" stroke="#0031d8" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    actuals = sorted((m for m in marks if m[2] == "actual"), key=lambda m: m[0])
    if len(actuals) > 1:
        pts = " ".join(f"{x(m[0]):.1f},{y(m[1]):.1f}" for m in actuals)
        body.append(f'<polyline points="{pts}" fill="none" stroke="#197a4b" stroke-width="2"/>')
    provisional = {str(p["label"]) for p in points if p.get("provisional")}
    for yr, v, kind, label in marks:
        cx, cy = x(yr), y(v)
        if kind == "baseline":
            body.append(
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" fill="#767676"/>'
            )
            text = f"基準値 {label}"
        elif kind == "target":
            body.append(
                f'<polygon points="{cx:.1f},{cy - 9:.1f} {cx + 9:.1f},{cy:.1f} {cx:.1f},{cy + 9:.1f} '
                f'{cx - 9:.1f},{cy:.1f}" fill="#0031d8"/>'
            )
            text = f"目標値 {label}" if (yr, v) == (goals[0][0], goals[0][1]) else ""
        else:
            hollow = label in provisional
            body.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{"#fff" if hollow else "#197a4b"}" '
                f'stroke="#197a4b" stroke-width="2"/>'
            )
            text = f"実績 {label}"
        if not text:
            continue
        anchor = "end" if cx > left + pw * 0.75 else "start"
        dx = -10 if anchor == "end" else 10
        body.append(
            f'<text x="{cx + dx:.1f}" y="{cy - 10:.1f}" font-size="12" text-anchor="{anchor}">'
            f"{escape(text)}</text>"
        )
    desc = "、".join(
        f"{yr}年度 {label}"
        for yr, _, kind, label in marks
        if kind != "target" or (yr, label) == (goals[0][0], goals[0][3])
    )
    if len(goals) > 1:
        desc += f"（目標値は毎年度 {goals[0][3]}）"
    return _svg(width, height, title, desc, body)


def bar_chart(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    colours: dict[str, str] | None = None,
    *,
    title: str = "評価の内訳",
    width: int = 640,
) -> str:
    """One horizontal stacked bar per row (a role), a labelled segment per symbol."""
    colours = colours or SYMBOL_COLOURS
    bar_h, gap, left = 28, 14, 60
    height = len(rows) * (bar_h + gap) + 20
    most = max((sum(n for _, n in counts) for _, counts in rows), default=1) or 1
    scale = (width - left - 20) / most
    body = []
    desc = []
    for i, (label, counts) in enumerate(rows):
        top = 10 + i * (bar_h + gap)
        body.append(
            f'<text x="{left - 8}" y="{top + bar_h * 0.7:.1f}" font-size="14" text-anchor="end" font-weight="bold">{escape(label)}</text>'
        )
        xpos = float(left)
        for symbol, n in counts:
            if not n:
                continue
            w = n * scale
            fill = colours.get(symbol, "#767676")
            body.append(
                f'<rect x="{xpos:.1f}" y="{top}" width="{w:.1f}" height="{bar_h}" fill="{fill}" stroke="#fff"/>'
            )
            if w >= 28:
                body.append(
                    f'<text x="{xpos + w / 2:.1f}" y="{top + bar_h * 0.7:.1f}" font-size="13" fill="{_label_fill(fill)}" text-anchor="middle">{escape(symbol)} {n}</text>'
                )
            xpos += w
        desc.append(f"{label}: " + "、".join(f"{s} {n}" for s, n in counts if n))
    return _svg(width, height, title, "。".join(desc), body)
