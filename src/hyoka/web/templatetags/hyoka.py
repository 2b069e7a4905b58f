"""Template helpers: a rating symbol with its meaning for screen readers and colour-blind
readers (the symbol's shape and its words, never colour alone)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hyoka.core.periods import to_wareki
from hyoka.plans.models import Lineage
from hyoka.reports.statuslist import ProjectRow
from hyoka.web.plan_views import plans_seen

register = template.Library()


@register.simple_tag
def rating(symbol: str, symbols: list[dict[str, Any]], extra: str = "") -> SafeString | str:
    """``<span class="rating r-achieved" title="達成済み">◎<span class="sr">達成済み</span></span>``"""
    if not symbol:
        return ""
    info = next((s for s in symbols if s["symbol"] == symbol), None)
    english = (get_language() or "ja").startswith("en")
    label = (info["label_en"] if english else info["label"]) if info else symbol
    code = info["code"] if info else "unknown"
    return format_html(
        '<span class="rating r-{} {}" title="{}">{}<span class="sr">{}</span></span>',
        code,
        extra,
        label,
        symbol,
        label,
    )


#: how many projects' rows :func:`project_rows` keeps per process (about 2 kB each)
ROWS_KEPT = 4096


@register.simple_tag(takes_context=True)
def project_rows(context: Any, project: ProjectRow, symbols: list[dict[str, Any]]) -> SafeString:
    """A project's rows of the status list (its indicators, then its total), rendered once
    per everything they show — the row itself (its English reason too, which the row's
    equality leaves out), the plan and year its links name, the legend, the language — and
    kept: after a save the list renders again only the projects whose rows changed."""
    key = (
        get_language() or "ja",
        context["where"]["plan_id"],
        context["report"].fiscal_year,
        tuple(tuple(s.items()) for s in symbols),
        project,
        project.reason_en,
    )
    return _project_rows(key)


@lru_cache(maxsize=ROWS_KEPT)
def _project_rows(key: tuple[Any, ...]) -> SafeString:
    _language, plan_id, fiscal_year, symbols, project, _reason_en = key
    html = get_template("web/_project_rows.html").render(
        {
            "p": project,
            "symbols": [dict(s) for s in symbols],
            "plan_id": plan_id,
            "fiscal_year": fiscal_year,
        }
    )
    return SafeString(html.rstrip("\n"))  # our own template, autoescaped


@register.filter
def localised(row: Any, key: str) -> str:
    """``row.reason`` in Japanese, ``row.reason_en`` when the page is in English (``row`` a
    mapping or an object, e.g. an ``IndicatorYear`` or a typed row of the status list)."""

    def get(name: str) -> Any:
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)

    english = get(f"{key}_en")
    if (get_language() or "ja").startswith("en") and english:
        return str(english)
    return str(get(key) or "")


@register.filter
def percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f}%"


@register.filter
def wareki(fiscal_year: int) -> str:
    """A fiscal year in the Japanese era, as the documents write it (2019 → 令和元年度)."""
    return to_wareki(fiscal_year, fiscal=True)


@register.filter
def lineage_label(kind: str | None) -> str:
    """A lineage kind (``continuing`` …) in the page's language; ``unmapped`` or none: 未設定."""
    if kind and kind != "unmapped" and kind in Lineage.values:
        return str(Lineage(kind).label)
    return _("未設定")


@register.simple_tag(takes_context=True)
def plan_pages(context: Any) -> list[dict[str, Any]]:
    """The plans whose summary and lineage pages the visitor may see (:mod:`plan_views`)."""
    return plans_seen(context["request"])
