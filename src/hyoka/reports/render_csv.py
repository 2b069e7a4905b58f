"""The status list as open data in CSV: one row per indicator and year.

``render(report)`` returns ``(filename, "text/csv", bytes)``: UTF-8 with a byte-order mark
(so Excel opens it as UTF-8), CRLF line ends, a header row of the column names in
:data:`FIELDS` (each described in ``docs/open-data.md``).  Headline KPIs come first in
their role, then the projects' indicators, in the document's order.

``encoding="cp932"`` writes Shift_JIS (Windows) for older tools; a character CP932 cannot
hold (𠮷, —, …) stops the export with :class:`EncodingProblem`, naming the row, column and
character, unless ``errors="replace"`` is asked for (each such character becomes ``?``).

>>> from hyoka.reports.statuslist import StatusListReport
>>> report = StatusListReport("一覧", "圏", 2019, municipalities=("011002",))
>>> name, mimetype, data = render(report)
>>> name, mimetype, data[:3] == b"\\xef\\xbb\\xbf"
('hyoka-status-list-2019.csv', 'text/csv; charset=utf-8', True)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from hyoka.core.spreadsheet import safe_cell
from hyoka.reports.registry import filename
from hyoka.reports.statuslist import ChangedRow, IndicatorRow, StatusListReport

__all__ = ["ENCODINGS", "FIELDS", "EncodingProblem", "render", "render_changes", "rows"]

VALUES = ("baseline", "target", "actual")
VALUE_PARTS = ("text", "kind", "number", "unit", "per", "year")

#: The columns, in order.
FIELDS: tuple[str, ...] = (
    "fiscal_year",
    "fiscal_year_wareki",
    "area",
    "plan",
    "municipalities",
    "edition",
    "indicator_id",
    "indicator_kind",
    "role",
    "role_title",
    "sub_role",
    "sub_role_title",
    "project_number",
    "project_name",
    "indicator_position",
    "indicator_name",
    *(f"{v}_{part}" for v in VALUES for part in VALUE_PARTS),
    "actual_provisional",
    "actual_computed",
    "rating_published",
    "rating_computed",
    "rating",
    "override",
    "reason",
    "reason_en",
    "project_rating_published",
    "project_rating_computed",
    "predecessor",
    "lineage",
    # added later, at the end so that readers of the earlier columns keep working
    "override_reason",
    "notes",
    "project_notes",
)

ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp932": "cp932"}


class EncodingProblem(ValueError):
    """A character the chosen encoding cannot hold; the message names where it is."""


def _cell(value: Any) -> str:
    """A cell's text, never a formula for the spreadsheet opening it
    (:func:`hyoka.core.spreadsheet.safe_cell`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(str(value))


#: The columns of the changes between two editions or years (``/changes/?format=csv``).
CHANGE_FIELDS = ("事業", "連携事業名", "評価指標", "項目", "前", "後")


def render_changes(rows: list[ChangedRow]) -> str:
    """The changes :func:`hyoka.publishing.services.diff` found, one line per changed field,
    as CSV text (with a byte-order mark, so Excel reads UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CHANGE_FIELDS)
    for r in rows:
        for c in r.changes:
            cells = (r.project, r.project_name, r.indicator, c.field, c.before, c.after)
            writer.writerow([_cell(v or "") for v in cells])
    return "\ufeff" + out.getvalue()


def rows(report: StatusListReport) -> Iterator[dict[str, str]]:
    """The rows as mappings of :data:`FIELDS` to text."""
    common: dict[str, Any] = {
        "fiscal_year": report.fiscal_year,
        "fiscal_year_wareki": report.fiscal_year_wareki,
        "area": report.area,
        "plan": report.plan.name,
        "municipalities": ";".join(report.municipalities),
        "edition": report.edition,
    }
    for role in report.roles:
        where = {"role": role.label, "role_title": role.title}
        for k in role.headline_kpis:
            yield _row(common | where, k)
        for p in role.projects:
            project = where | {
                "sub_role": p.sub_role,
                "sub_role_title": p.sub_role_title,
                "project_number": p.number,
                "project_name": p.name,
                "project_rating_published": p.rating_published,
                "project_rating_computed": p.rating_computed,
                "project_notes": p.notes,
            }
            for ind in p.indicators:
                yield _row(common | project, ind)


def _row(base: dict[str, Any], ind: IndicatorRow) -> dict[str, str]:
    row = dict(base)
    row |= {
        "indicator_id": ind.id,
        "indicator_kind": ind.kind,
        "indicator_position": ind.position,
        "indicator_name": ind.name,
        "actual_provisional": ind.actual.provisional,
        "actual_computed": ind.actual_computed,
        "rating_published": ind.rating_published,
        "rating_computed": ind.rating_computed,
        "rating": ind.rating,
        "override": ind.override,
        "override_reason": ind.override_reason,
        "notes": ind.notes,
        "reason": ind.reason,
        "reason_en": ind.reason_en,
        "predecessor": ind.predecessor,
        "lineage": ind.lineage,
    }
    for v in VALUES:
        value = getattr(ind, v).to_json()
        for part in VALUE_PARTS:
            row[f"{v}_{part}"] = value[part]
    return {f: _cell(row.get(f)) for f in FIELDS}


def render(
    report: StatusListReport, *, encoding: str = "utf-8", errors: str = "strict"
) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)``; ``encoding`` ``utf-8`` (with BOM) or ``cp932``,
    ``errors`` ``strict`` (stop at a character the encoding lacks) or ``replace``."""
    codec = ENCODINGS.get(encoding.lower().replace("_", "-"))
    if codec is None:
        raise EncodingProblem(f"CSV encoding {encoding!r} is not offered; use utf-8 or cp932")
    if errors not in ("strict", "replace"):
        raise EncodingProblem(f"errors={errors!r}: use strict or replace")
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    table = list(rows(report))
    writer.writerows(table)
    text = out.getvalue()
    if errors == "strict":
        _check(table, codec, encoding)
    data = text.encode(codec, errors="replace" if errors == "replace" else "strict")
    charset = "utf-8" if codec == "utf-8-sig" else "windows-31j"
    return filename(report, "csv"), f"text/csv; charset={charset}", data


def _check(table: list[dict[str, str]], codec: str, encoding: str) -> None:
    """Name the first cell holding a character the encoding cannot write."""
    for number, row in enumerate(table, 2):  # line 1 is the header
        for col, name in enumerate(FIELDS, 1):
            try:
                row[name].encode(codec)
            except UnicodeEncodeError as exc:
                ch = row[name][exc.start]
                raise EncodingProblem(
                    f"CSV row {number} (row 1 is the header), column {col} ({name}): "
                    f"「{ch}」 (U+{ord(ch):04X}) cannot be written in {encoding.upper()}; export "
                    "UTF-8 (the default) or let it become ? (errors='replace', --errors replace)"
                ) from None
