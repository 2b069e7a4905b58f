"""The end-of-plan summary (期末評価) as a PDF: A4 portrait, laid out by WeasyPrint.

``pdf_bytes(summary)`` takes the plain data of :func:`hyoka.reports.summary.end_of_plan_summary`
and returns the PDF; ``html_document(summary)`` the page it is made from.  Like the status
list's print view (:mod:`hyoka.reports.render_html`) it is rendered by the reports' own template
engine, takes its font and measures from :mod:`hyoka.reports.print_style`, and reaches
WeasyPrint only through :mod:`hyoka.reports.weasy`.  It lays the data out and computes nothing:
the shares, the years and the lineage are the summary's.  In Japanese, as the printed list is.
"""

from __future__ import annotations

from typing import Any

from django.template import Context

from hyoka.reports import print_style, weasy
from hyoka.reports.render_html import css_string, engine

MIMETYPE = "application/pdf"

#: the lineage kinds as the page names them (``unmapped``: no lineage recorded yet)
KINDS = {
    "continuing": "継続",
    "revised": "見直し",
    "replacing": "置き換え",
    "new": "新規",
    "ended": "終了",
    "unmapped": "未設定",
}


def share_text(share: float | None) -> str:
    """A share as the page prints it: ``41.7%``, or ``-`` when nothing could be rated."""
    return "-" if share is None else f"{share * 100:.1f}%"


def title(summary: dict[str, Any]) -> str:
    plan = summary["plan"]
    return f"{summary['area']} {plan['name']}（{plan['start']}〜{plan['end']}年度） 期末評価"


def context(summary: dict[str, Any]) -> dict[str, Any]:
    """What the template shows: the summary's parts with their printed words."""
    roles = [dict(r, share_text=share_text(r["share"])) for r in summary["roles"]]
    total = dict(summary["total"], label="計", title="", share_text=share_text(None))
    total["share_text"] = share_text(summary["total"]["share"])
    cont = summary["continued"]
    counts = [
        {"label": label, "kinds": [(KINDS.get(k, k), n) for k, n in cont[key].items()]}
        for label, key in (("連携事業", "projects"), ("評価指標", "indicators"))
    ]
    carried = [
        dict(
            x,
            successors=[
                dict(s, kind=KINDS.get(s["lineage"] or "unmapped")) for s in x["successors"]
            ],
        )
        for x in cont["indicators_detail"]
    ]
    heading = title(summary)
    return {
        "s": summary,
        "title": heading,
        "css_title": css_string(heading),
        "roles": roles,
        "total": total,
        "counts": counts,
        "carried": carried,
        "ps": print_style.template_values(),
    }


def html_document(summary: dict[str, Any]) -> str:
    template = engine().get_template("reports/summary_print.html")
    return template.render(Context(context(summary), use_l10n=False))


def pdf_bytes(summary: dict[str, Any]) -> bytes:
    return bytes(weasy.layout(html_document(summary)).write_pdf())


def filename(summary: dict[str, Any]) -> str:
    plan = summary["plan"]
    return f"hyoka-end-of-plan-summary-{plan['start']}-{plan['end']}.pdf"
