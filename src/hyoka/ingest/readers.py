"""Which reader reads a status list: the one place that chooses by the kind of file.

* ``.pdf``: the list's PDF, its ruled table (:mod:`hyoka.ingest.statuslist_pdf`);
* ``.xlsx`` / ``.xlsm``: the Excel workbook (:mod:`hyoka.ingest.statuslist_xlsx`);
* ``.xls``: refused (an old workbook: save it as .xlsx);
* anything else: text extracted from the PDF, tab-separated (:mod:`hyoka.ingest.statuslist_text`).

Callers (the command line, the import, the web) read through :func:`read_path` or
:func:`read_bytes` and never pick a reader themselves.

>>> kind_of("list.XLSX"), kind_of("list.pdf"), kind_of("list.txt"), kind_of("list")
('xlsx', 'pdf', 'text', 'text')
"""

from __future__ import annotations

from pathlib import Path, PurePath

from hyoka.core.statuslist import StatusList
from hyoka.ingest.decoding import UnreadableFile, unreadable
from hyoka.ingest.statuslist_pdf import read_status_list_pdf
from hyoka.ingest.statuslist_text import BUNDLED, bundled_bytes, read_bundled, read_status_list
from hyoka.ingest.statuslist_xlsx import read_status_list_xlsx

__all__ = [
    "BUNDLED",
    "UnreadableFile",
    "bundled_bytes",
    "kind_of",
    "read_bundled",
    "read_bytes",
    "read_path",
]

_SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls"}


def kind_of(name: str | PurePath) -> str:
    """The kind of a status-list file by its name: ``pdf``, ``xlsx``, ``xls`` or ``text``."""
    return _SUFFIXES.get(PurePath(name).suffix.lower(), "text")


def read_bytes(data: bytes, source: str, kind: str | None = None) -> StatusList:
    """Read the bytes of a status list of ``kind`` (by default, from the name ``source``);
    :class:`UnreadableFile` (one line naming ``source``) when it cannot be read at all."""
    kind = kind or kind_of(source)
    if kind == "pdf":
        return read_status_list_pdf(data, source)
    if kind == "xlsx":
        return read_status_list_xlsx(data, source)
    if kind == "xls":
        raise unreadable(
            source, "古い.xls形式のブックです。.xlsxとして保存し、それを読んでください"
        )
    return read_status_list(data, source)


def read_path(path: Path) -> StatusList:
    """Read a file; :class:`UnreadableFile` (one-line reason) when it cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    return read_bytes(data, str(path))
