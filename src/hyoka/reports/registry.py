"""The export formats: name → the module that renders it (pretix-style exporters).

Every renderer module has ``render(report, **options) -> (filename, mimetype, bytes)`` and
takes the typed :class:`~hyoka.reports.statuslist.StatusListReport` of
:func:`hyoka.reports.builders.status_list_report` (or an edition's frozen copy of it, read
back by :meth:`~hyoka.reports.statuslist.StatusListReport.from_json`).  Modules are imported only when a format is asked for, so a
format whose dependencies are missing does not stop the others.

>>> sorted(FORMATS)
['csv', 'html', 'json', 'pdf', 'xlsx']
>>> from hyoka.reports.statuslist import StatusListReport
>>> report = StatusListReport("一覧", "圏", 2019)
>>> filename(report, "csv"), filename(report.as_edition(2), "xlsx")
('hyoka-status-list-2019.csv', 'hyoka-status-list-2019-e2.xlsx')
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from hyoka.reports.statuslist import StatusListReport

__all__ = ["FORMATS", "FormatUnavailable", "UnknownFormat", "filename", "module_for", "render"]

#: Export format → import path of its renderer module.
FORMATS: dict[str, str] = {
    "xlsx": "hyoka.reports.render_xlsx",
    "csv": "hyoka.reports.render_csv",
    "json": "hyoka.reports.render_json",
    "pdf": "hyoka.reports.render_pdf",
    "html": "hyoka.reports.render_html",
}


class UnknownFormat(ValueError):
    """No renderer has that name (the message lists the ones there are)."""


class FormatUnavailable(RuntimeError):
    """The renderer exists in :data:`FORMATS` but cannot be imported here."""


def module_for(format: str) -> ModuleType:
    """The renderer module of ``format``, imported now."""
    path = FORMATS.get(format)
    if path is None:
        raise UnknownFormat(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    try:
        return importlib.import_module(path)
    except ImportError as exc:
        raise FormatUnavailable(f"the {format} export is not available here ({exc})") from exc


def render(format: str, report: StatusListReport, **options: Any) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of ``report`` in ``format``."""
    result: tuple[str, str, bytes] = module_for(format).render(report, **options)
    return result


def filename(report: StatusListReport, extension: str) -> str:
    """The suggested file name: the fiscal year, and the edition when the report is one."""
    name = f"hyoka-status-list-{report.fiscal_year or 'unknown'}"
    if report.edition:
        name += f"-e{report.edition}"
    return f"{name}.{extension}"
