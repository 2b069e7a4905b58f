"""The status list as one standalone HTML page: the print view, and what the PDF is made from.

``render(report)`` takes the :class:`~hyoka.reports.statuslist.StatusListReport` of
:func:`hyoka.reports.builders.status_list_report` and returns ``(filename, mimetype, bytes)``. The page is laid out like the official
連携事業実施状況等一覧: the nine columns of the document, the role cell merged over its rows,
one line per indicator with the project's cells merged over its indicator lines, the legend,
the title with 西暦 and 和暦, then a summary (rating distribution and achievement share) and
every difference between the published and the computed rating with its reason.

Semantics for screen readers: ``<caption>``, ``<th scope=col>`` in ``<thead>``, one
``<tbody>`` per role headed by ``<th scope=rowgroup>``, projects as ``<th scope=row>``,
rating symbols as ``role=img`` with their meaning. Print CSS puts it on A3 landscape with the
header row repeated on every page; everything is inline (no file, font or network fetch).

The template is rendered by a standalone Django ``Engine`` (the app needs no registration);
rows are prepared here so the template stays a plain loop and the CSS stays cheap for the
PDF renderer (no shadows, no complex selectors, one font family in two weights).

>>> from hyoka.reports.render_html import notes_lines, title_with_wareki
>>> notes_lines("・会議を開催（7/12） ・実務者会議を開催")
['・会議を開催（7/12）', '・実務者会議を開催']
>>> title_with_wareki("さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧", 2019, "令和元年度")
'さっぽろ連携中枢都市圏 2019年度（令和元年度） 連携事業実施状況等一覧'
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

from hyoka.reports import print_style
from hyoka.reports.charts import bar_chart
from hyoka.reports.statuslist import IndicatorRow, ProjectRow, StatusListReport, ValueCell

TEMPLATES = Path(__file__).resolve().parent / "templates"
MIMETYPE = "text/html; charset=utf-8"
_NOTE_SPLIT = re.compile(r"\s+(?=・)")
_NOTE_PAREN = re.compile(r"\s+(?=[(（])")
#: Header cells spanning two grid columns (role and sub-role; number and name).
WIDE_COLUMNS = {"役割": 2, "連携事業名": 2}


@cache
def engine() -> Engine:
    """A template engine of its own: works whether or not ``hyoka.reports`` is installed."""
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, debug=False)


def title_with_wareki(title: str, year: int, wareki: str) -> str:
    """The title with the Japanese era year after the western one (added once)."""
    if wareki in title:
        return title
    western = f"{year}年度"
    if western in title:
        return title.replace(western, f"{western}（{wareki}）", 1)
    return f"{title}（{western}・{wareki}）"


def notes_lines(text: str) -> list[str]:
    """Progress notes as written: one line per ``・`` item."""
    return [line for line in _NOTE_SPLIT.split(text.strip()) if line] if text else []


def lines_text(lines: list[str]) -> str:
    """Lines joined by newlines, shown by ``white-space: pre-line`` (no ``<br>`` elements: fewer
    boxes for the PDF renderer to build and style)."""
    return "\n".join(line.replace("\n", " ") for line in lines)


def _symbol(symbol: str | None, labels: dict[str, str]) -> dict[str, str] | None:
    if not symbol:
        return None
    return {"symbol": symbol, "label": labels.get(symbol, symbol)}


def _value_text(value: ValueCell | None) -> str:
    return value.text if value is not None else ""


def value_lines(text: str) -> list[str]:
    """A value and its parenthesised note on lines of their own, as the document prints them.

    >>> value_lines("27兆9千億円 (2015年)"), value_lines("1回（予定）")
    (['27兆9千億円', '(2015年)'], ['1回（予定）'])
    """
    return [part for part in _NOTE_PAREN.split(text) if part]


def _indicator_cells(
    ind: IndicatorRow | None, labels: dict[str, str], published: str | None, ref: int | None
) -> dict[str, Any]:
    """The cells of an indicator's line (``None``: the empty line of a project without
    indicators)."""
    actual = _value_text(ind.actual if ind else None)
    computed_actual = (ind.actual_computed if ind else None) or ""
    return {
        "name": ind.name if ind else "",
        "baseline": lines_text(value_lines(_value_text(ind.baseline if ind else None))),
        "target": lines_text(value_lines(_value_text(ind.target if ind else None))),
        "actual": lines_text(value_lines(actual)),
        "actual_computed": computed_actual if computed_actual and computed_actual != actual else "",
        "rating": _symbol(ind.rating_shown if ind else None, labels),
        "published": _symbol(published, labels),
        "ref": ref,
    }


def prepare(report: StatusListReport) -> dict[str, Any]:
    """Template context: tbody groups of ready-made rows, the summary and the differences."""
    labels = {s.symbol: s.label for s in report.legend}
    order = [s.symbol for s in report.legend]
    differences: list[dict[str, Any]] = []
    counts_by_role: list[tuple[str, Counter[str]]] = []
    groups = []
    for role in report.roles:
        rows: list[dict[str, Any]] = []
        counts: Counter[str] = Counter()
        # Sub-role blocks (ウ → A, B, C): the headline KPIs sit in the first block, as printed.
        blocks: list[dict[str, Any]] = []
        kpis = role.headline_kpis
        for k, h in enumerate(kpis):
            published = h.rating_published
            rating = h.rating_shown
            ref = None
            if published and rating and published != rating:
                differences.append(
                    _difference(
                        len(differences) + 1, "【基本KPI】", h.name, rating, h.reason, published
                    )
                )
                ref = len(differences)
            rows.append(
                {
                    "kind": "kpi",
                    "first": k == 0,
                    "rowspan": len(kpis),
                    "ind": _indicator_cells(h, labels, published if ref else None, ref),
                    "notes": lines_text(notes_lines(h.notes or "")),
                }
            )
        for p in role.projects:
            sub = p.sub_role
            if sub and (not blocks or blocks[-1]["label"] != sub):
                start = len(rows) if blocks else 0  # the first block takes the headline KPIs
                blocks.append({"label": sub, "title": p.sub_role_title or "", "start": start})
            project_ref = _project_difference(p, differences)
            span = max(len(p.indicators), 1)
            lines: tuple[IndicatorRow | None, ...] = p.indicators or (None,)
            for i, ind in enumerate(lines):
                rating = ind.rating_shown if ind else None
                if rating and ind:
                    counts[rating] += 1
                published = ind.rating_published if ind else None
                ref = None
                if ind and published and rating and published != rating:
                    where = f"{p.number} {p.name}"
                    differences.append(
                        _difference(
                            len(differences) + 1, where, ind.name, rating, ind.reason, published
                        )
                    )
                    ref = len(differences)
                row = {
                    "kind": "project",
                    "first": i == 0,
                    "rowspan": span,
                    "project": p,
                    "notes": lines_text(notes_lines(p.notes or "")) if i == 0 else "",
                    "ind": _indicator_cells(ind, labels, published if ref else None, ref),
                    "project_ref": project_ref if i == 0 else None,
                    "project_published": _symbol(p.rating_published, labels)
                    if i == 0 and project_ref
                    else None,
                }
                rows.append(row)
        # The role cell spans the whole tbody; sub-role cells span their blocks. Every row
        # also names its role for the running head of the pages it continues on.
        running = f"{role.label} {role.title}"
        for n, b in enumerate(blocks):
            end = blocks[n + 1]["start"] if n + 1 < len(blocks) else len(rows)
            for row in rows[b["start"] : end]:
                row["running"] = f"{running}／{b['label']} {b['title']}"
        for row in rows:
            row.setdefault("running", running)
        if rows:
            has_sub = bool(blocks)
            rows[0]["role_cell"] = {
                "label": role.label,
                "title": role.title,
                "rowspan": len(rows),
                "colspan": 1 if has_sub else 2,
            }
            for n, b in enumerate(blocks):
                end = blocks[n + 1]["start"] if n + 1 < len(blocks) else len(rows)
                rows[b["start"]]["sub_cell"] = {
                    "label": b["label"],
                    "title": b["title"],
                    "rowspan": end - b["start"],
                }
        groups.append({"label": role.label, "title": role.title, "rows": rows})
        counts_by_role.append((role.label, counts))
    return {
        "groups": groups,
        "differences": differences,
        "distribution": _distribution(counts_by_role, order, labels),
        "counts_by_role": counts_by_role,
        "order": order,
    }


def _project_difference(p: ProjectRow, differences: list[dict[str, Any]]) -> int | None:
    """The reference of the difference of a project rated with one symbol whose published
    symbol is not its computed one (appended to ``differences``), else ``None``."""
    published, computed = p.rating_published, p.rating_computed
    if not (p.one_symbol and published and computed and published != computed):
        return None
    where = f"{p.number} {p.name}（事業全体）"
    differences.append(_difference(len(differences) + 1, where, "", computed, p.reason, published))
    return len(differences)


def _difference(
    n: int, where: str, name: str, computed: str | None, reason: str, published: str
) -> dict[str, Any]:
    return {
        "ref": n,
        "where": where,
        "indicator": name,
        "published": published,
        "computed": computed or "",
        "reason": reason or "",
    }


def _distribution(
    counts_by_role: list[tuple[str, Counter[str]]], order: list[str], labels: dict[str, str]
) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for _, c in counts_by_role:
        total.update(c)
    symbols = order + sorted(s for s in total if s not in order)
    return {
        "symbols": [{"symbol": s, "label": labels.get(s, s)} for s in symbols],
        "rows": [
            {"label": label, "counts": [c.get(s, 0) for s in symbols], "total": sum(c.values())}
            for label, c in counts_by_role
        ],
        "total": {"counts": [total.get(s, 0) for s in symbols], "total": sum(total.values())},
    }


def _share_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _chart(prepared: dict[str, Any], title: str) -> str:

    order = prepared["order"]
    rows = [(label, [(s, c.get(s, 0)) for s in order]) for label, c in prepared["counts_by_role"]]
    total = prepared["distribution"]["total"]["counts"]
    rows.append(("計", list(zip(order, total, strict=False))))
    return bar_chart(rows, title=title, width=900)


def css_string(text: str) -> str:
    """``text`` inside a CSS string in double quotes.

    >>> print(css_string('say "hi"'))
    say \\"hi\\"
    """
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def context(
    report: StatusListReport, *, paged: bool = False, summary_only: bool = False
) -> dict[str, Any]:
    """Everything the template shows, computed once (``summary_only``: the page without the
    title and the table, the pages the fast PDF engine leaves to WeasyPrint)."""
    prepared = prepare(report)
    year = report.fiscal_year
    wareki = report.fiscal_year_wareki
    title = title_with_wareki(report.title, year, wareki)
    a = report.achievement
    draft = report.status not in ("", "published")
    chart_title = f"{year}年度 評価別の指標数（役割別）"
    return {
        "report": report,
        "title": title,
        "year": year,
        "wareki": wareki,
        "draft": draft,
        "legend": report.legend,
        "columns": [{"label": c, "span": WIDE_COLUMNS.get(c, 1)} for c in report.columns],
        "achievement": {
            "achieved": a.achieved,
            "rated": a.rated,
            "share": _share_text(a.share),
        },
        "chart": _chart(prepared, chart_title),
        "chart_title": chart_title,
        "paged": paged,
        "summary_only": summary_only,
        "ps": print_style.template_values(),
        "css_title": css_string(title + ("（未公表）" if draft else "")),
        "css_legend": css_string(
            "＜評価凡例＞" + "　".join(f"{s.symbol}：{s.label}" for s in report.legend)
        ),
        **prepared,
    }


def html_document(report: StatusListReport, *, paged: bool = False) -> str:
    """The page as text; ``paged`` adds what only a paged medium needs (margin boxes)."""
    return html_of(context(report, paged=paged))


def html_of(ctx: dict[str, Any]) -> str:
    """The page made from a :func:`context`."""
    template = engine().get_template("reports/status_list_print.html")
    # Numbers as written (no locale formatting): the page reads the same in any settings.
    return template.render(Context(ctx, use_l10n=False))


def filename(report: StatusListReport, extension: str) -> str:
    return f"hyoka-status-list-{report.fiscal_year or 'unknown'}.{extension}"


def render(report: StatusListReport, **options: Any) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of the print view (options: ``paged``)."""
    text = html_document(report, paged=bool(options.get("paged", False)))
    return filename(report, "html"), MIMETYPE, text.encode("utf-8")
