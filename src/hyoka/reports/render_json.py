"""The status list as open data in JSON: the report as it is, with a pointer to its data
dictionary.

``render(report)`` returns ``(filename, "application/json", bytes)``: UTF-8, Japanese as
written (``ensure_ascii=False``), indented by one space, the keys of
:meth:`~hyoka.reports.statuslist.StatusListReport.to_json` in its order after ``format`` and
``data_dictionary``.  Every key is described in ``docs/open-data.md``.

>>> from hyoka.reports.statuslist import StatusListReport
>>> name, mimetype, data = render(StatusListReport("一覧", "圏", 2019))
>>> name, mimetype
('hyoka-status-list-2019.json', 'application/json')
>>> print("\\n".join(data.decode().splitlines()[:4]))
{
 "format": "hyoka.status-list/1",
 "data_dictionary": "docs/open-data.md",
 "title": "一覧",
"""

from __future__ import annotations

import json

from hyoka.reports.registry import filename
from hyoka.reports.statuslist import StatusListReport

__all__ = ["DATA_DICTIONARY", "MIMETYPE", "render"]

MIMETYPE = "application/json"
#: Where every field is described (the repository's docs; ``data_dictionary=`` may give a URL).
DATA_DICTIONARY = "docs/open-data.md"


def render(
    report: StatusListReport, *, data_dictionary: str = DATA_DICTIONARY
) -> tuple[str, str, bytes]:
    """``(filename, mimetype, bytes)`` of the report as JSON."""
    data = report.to_json()
    head = {"format": data.get("format"), "data_dictionary": data_dictionary}
    body = {k: v for k, v in data.items() if k not in head}
    text = json.dumps(head | body, ensure_ascii=False, indent=1) + "\n"
    return filename(report, "json"), MIMETYPE, text.encode("utf-8")
