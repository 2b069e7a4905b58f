"""The fault corpus: malformed inputs made in code from real files (the bundled FY2019 list, the
xlsx Hyoka exports, the entry workbook it hands out, a backup it wrote), so no big binaries are
checked in.

A :class:`Case` makes its bytes from the real file of its kind (``base``) and says what the
reader's message must contain.  ``GENERIC`` cases (empty, binary, another kind of file) do not
need a base and go through every reader.
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from openpyxl import load_workbook

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One malformed input.

    ``says``: a regular expression the message must match (per reader for generic cases);
    ``problem``: the file is read, but with an error-severity problem of this kind (so
    ``hyoka check`` exits 0 and reports it, and ``hyoka import`` refuses it);
    ``suffix``: the file name's suffix the readers see.
    """

    id: str
    make: Callable[[bytes], bytes]
    says: str | dict[str, str] = ""
    problem: str | None = None
    suffix: str = ""

    def message_for(self, reader: str) -> str:
        return self.says.get(reader, "") if isinstance(self.says, dict) else self.says


# --- helpers ------------------------------------------------------------------------------------


def _rng() -> random.Random:
    return random.Random(20191231)


def mid_char(data: bytes, near: int) -> bytes:
    """``data`` cut just after the first byte of a multi-byte UTF-8 character at or after
    ``near``."""
    i = near
    while data[i] < 0xE0:
        i += 1
    return data[: i + 1]


def _text(base: bytes) -> str:
    return base.decode("utf-8")


def _lines(base: bytes) -> list[str]:
    return _text(base).split("\n")


def _at(base: bytes, marker: str) -> int:
    """The byte offset of ``marker`` in the file."""
    text = _text(base)
    return len(text[: text.index(marker)].encode())


def _replace(base: bytes, old: str, new: str) -> bytes:
    text = _text(base)
    assert old in text, old
    return text.replace(old, new, 1).encode()


def _drop_column(base: bytes, index: int) -> bytes:
    return "\n".join(
        "\t".join(c for i, c in enumerate(line.split("\t")) if i != index) for line in _lines(base)
    ).encode()


def _short_rows(base: bytes) -> bytes:
    """Project rows 2–4 lost every cell from 基準値 on (a row cut short)."""
    out = []
    for line in _lines(base):
        cells = line.split("\t")
        out.append("\t".join(cells[:5]) if cells[1:2] in (["2"], ["3"], ["4"]) else line)
    return "\n".join(out).encode()


def _stray_tab(base: bytes) -> bytes:
    """A tab typed inside project 5's 事業概要: every cell after it moves one column right."""
    out = []
    for line in _lines(base):
        cells = line.split("\t")
        if cells[1:2] == ["5"]:
            cells[3] = cells[3][:10] + "\t" + cells[3][10:]
        out.append("\t".join(cells))
    return "\n".join(out).encode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def _random(n: int) -> bytes:
    return _rng().randbytes(n)


def _with_nuls(base: bytes) -> bytes:
    data = bytearray(base or b"x" * 4000)
    for i in range(100, len(data), 997):
        data[i] = 0
    return bytes(data)


# --- every reader ------------------------------------------------------------------------------

GENERIC = [
    Case(
        "empty",
        lambda b: b"",
        {"text": "the file is empty", "xlsx": "the file is empty", "pdf": "the file is empty"},
    ),
    Case(
        "blank-lines",
        lambda b: b"\r\n \n\t\n",
        {"text": "the file is empty", "xlsx": "empty", "pdf": "the file is empty"},
    ),
    Case(
        "random-bytes",
        lambda b: _random(64 * 1024),
        {"text": "binary", "xlsx": "not an Excel", "pdf": "not a PDF"},
    ),
    Case(
        "png",
        lambda b: PNG + _random(2000),
        {"text": "PNG image", "xlsx": "not an Excel", "pdf": "not a PDF"},
    ),
    Case("pdf", lambda b: PDF, {"text": "PDF", "xlsx": "not an Excel", "pdf": "no pages"}),
    Case(
        "zip-not-xlsx",
        lambda b: _zip({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"}),
        {
            "text": "zip archive",
            "xlsx": "a zip archive without xl/workbook.xml",
            "pdf": "not a PDF",
        },
    ),
    Case(
        "xls-ole",
        lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
        {"text": r"\.xls", "xlsx": r"old \.xls", "pdf": "not a PDF"},
    ),
    Case("nul-bytes", _with_nuls, {"text": "NUL byte at offset 100"}),
    Case(
        "huge-file",
        lambda b: b"x\t" * (6 * MB),
        {"text": "too large", "xlsx": "not an Excel", "pdf": "not a PDF"},
    ),
]

# --- the status list as text ---------------------------------------------------------------------

TEXT = [
    Case("text-cut-in-title", lambda b: b[:20], "not a status list", suffix=".txt"),
    Case(
        "text-cut-mid-char-title",
        lambda b: mid_char(b, 10),
        r"cut short.*offset \d+",
        suffix=".txt",
    ),
    Case(
        "text-cut-after-header",
        lambda b: b[: _at(b, "ア 圏 域")],
        "a header row but no project rows",
        suffix=".txt",
    ),
    Case(
        "text-cut-mid-row",
        lambda b: _text(b)[: _text(b).index("\t20\t") + 30].encode(),
        problem="columns_missing",
        suffix=".txt",
    ),
    Case(
        "text-cut-mid-char-row",
        lambda b: mid_char(b, _at(b, "\t20\t") + 60),
        r"cut short.*offset \d+",
        suffix=".txt",
    ),
    Case(
        "text-euc-jp",
        lambda b: _text(b).encode("euc_jp", "replace"),
        "EUC-JP",
        suffix=".txt",
    ),
    Case(
        "text-utf16le-no-bom",
        lambda b: _text(b).encode("utf-16-le"),
        "UTF-16 without a byte-order mark",
        suffix=".txt",
    ),
    Case(
        "text-utf16be-no-bom",
        lambda b: _text(b).encode("utf-16-be"),
        "UTF-16 without a byte-order mark",
        suffix=".txt",
    ),
    Case(
        "text-utf16-bom-cut-odd",
        lambda b: _text(b).encode("utf-16")[:4001],
        r"cut short",
        suffix=".txt",
    ),
    Case(
        "text-latin1-mojibake",
        lambda b: _text(b).encode().decode("latin-1").encode(),
        "mojibake",
        suffix=".txt",
    ),
    Case(
        "text-cp1252-mojibake",
        lambda b: _text(b).encode().decode("cp1252", "replace").encode(),
        "mojibake",
        suffix=".txt",
    ),
    Case(
        "text-cp932-cut-mid-char",
        lambda b: _text(b).encode("cp932")[
            : _text(b).encode("cp932").index("一覧".encode("cp932")) + 1
        ],
        "",
        suffix=".txt",
    ),
    Case(
        "text-header-lacks-column",
        lambda b: _drop_column(b, 6),
        r"row 7: the header lacks 実績値",
        suffix=".txt",
    ),
    Case("text-rows-cut-short", _short_rows, problem="columns_missing", suffix=".txt"),
    Case("text-stray-tab", _stray_tab, problem="extra_cells", suffix=".txt"),
    Case(
        "text-10MB-cell",
        lambda b: _replace(b, "29人", "2" * (10 * MB) + "人"),
        "too large",
        suffix=".txt",
    ),
    Case(
        "text-long-value",
        lambda b: _replace(b, "29人", "2" * 5000 + "人"),
        problem="too_long",
        suffix=".txt",
    ),
    Case(
        "text-1M-char-line",
        lambda b: _replace(b, "・さっぽろ連携中枢都市圏関係者首長会議を開催", "あ" * 1_000_000),
        problem="too_long",
        suffix=".txt",
    ),
    Case(
        "text-thousands-of-columns",
        lambda b: "\n".join(
            line + "\t12社" * 5000 if line.startswith("\t") else line for line in _lines(b)
        ).encode(),
        problem="extra_cells",
        suffix=".txt",
    ),
]

# --- the status list as xlsx (from the exported list) --------------------------------------------


def _edit_zip(base: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = change(item.filename, src.read(item.filename))
            if body is not None:
                dst.writestr(item, body)
    return out.getvalue()


def _sheet_xml(name: str) -> bool:
    return name == "xl/worksheets/sheet1.xml"


def _edit_book(base: bytes, change: Callable[..., None], sheet: str | None = None) -> bytes:
    wb = load_workbook(io.BytesIO(base))
    change(wb[sheet] if sheet else wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _first_number_row(ws: object, number: int) -> int:
    return next(c.row for c in ws["C"] if c.value == number)  # type: ignore[index]


def _merge_mess(ws: object) -> None:
    """Number cells of projects 2 and 3 merged into one, and 実績値 merged over projects 5–6."""
    r2, r3 = _first_number_row(ws, 2), _first_number_row(ws, 3)
    r5, r7 = _first_number_row(ws, 5), _first_number_row(ws, 7)
    for rng in list(ws.merged_cells.ranges):  # type: ignore[attr-defined]
        if rng.min_col in (3, 9) and r2 <= rng.min_row < r7:
            ws.unmerge_cells(str(rng))  # type: ignore[attr-defined]
    ws.merge_cells(f"C{r2}:C{r3}")  # type: ignore[attr-defined]
    ws.merge_cells(f"I{r5}:I{r7 - 1}")  # type: ignore[attr-defined]


def _far_cell(ws: object) -> None:
    ws["A1048576"] = "x"  # type: ignore[index]


def _wide(ws: object) -> None:
    for c in range(20, 5020):
        ws.cell(5, c, "12社")  # type: ignore[attr-defined]


def _cell(ws: object, number: int, column: str, value: str) -> None:
    ws[f"{column}{_first_number_row(ws, number)}"] = value  # type: ignore[index]


XLSX = [
    Case("xlsx-cut-at-100", lambda b: b[:100], "broken Excel workbook", suffix=".xlsx"),
    Case("xlsx-cut-in-half", lambda b: b[: len(b) // 2], "broken Excel workbook", suffix=".xlsx"),
    Case("xlsx-cut-in-directory", lambda b: b[:-30], "broken Excel workbook", suffix=".xlsx"),
    Case(
        "xlsx-missing-sheet",
        lambda b: _edit_book(b, lambda wb: wb.remove(wb["一覧"])),
        r"no sheet \(情報\) has a header row",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-corrupt-sheet-xml",
        lambda b: _edit_zip(b, lambda n, body: body[: len(body) // 2] if _sheet_xml(n) else body),
        "broken Excel workbook",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-sheet-xml-garbage",
        lambda b: _edit_zip(b, lambda n, body: _random(5000) if _sheet_xml(n) else body),
        "broken Excel workbook",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-sheet-part-missing",
        lambda b: _edit_zip(b, lambda n, body: None if _sheet_xml(n) else body),
        r"no sheet \(情報\) has a header row",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-wrong-header-row",
        lambda b: _edit_book(b, lambda ws: ws.cell(3, 10, "結果"), "一覧"),
        r"row 3: the header lacks 評価",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-header-below-row-30",
        lambda b: _edit_book(b, lambda ws: ws.insert_rows(1, 40), "一覧"),
        "in its first 30 rows",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-merged-cell-mess",
        lambda b: _edit_book(b, _merge_mess, "一覧"),
        problem="merged_cells",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-10MB-cell",
        lambda b: _edit_book(b, lambda ws: _cell(ws, 14, "I", "2" * (10 * MB)), "一覧"),
        problem="too_long",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-long-value",
        lambda b: _edit_book(b, lambda ws: _cell(ws, 14, "H", "3" * 5000 + "人"), "一覧"),
        problem="too_long",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-thousands-of-columns",
        lambda b: _edit_book(b, _wide, "一覧"),
        r"row 5 column 201 \(「12社」\)",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-cell-in-last-row",
        lambda b: _edit_book(b, _far_cell, "一覧"),
        r"row 1048576 column 1 \(「x」\)",
        suffix=".xlsx",
    ),
    Case(
        "xlsx-zip-bomb",
        lambda b: _edit_zip(
            b,
            lambda n, body: body + b"<!--" + b" " * (60 * MB) + b"-->" if _sheet_xml(n) else body,
        ),
        "unpacks to",
        suffix=".xlsx",
    ),
]

# --- the entry workbook (from the one Hyoka hands out) ----------------------------------------------

WORKBOOK = [
    Case("wb-cut-at-100", lambda b: b[:100], r"\.xlsx", suffix=".xlsx"),
    Case("wb-cut-in-half", lambda b: b[: len(b) // 2], r"\.xlsx", suffix=".xlsx"),
    Case("wb-cut-in-directory", lambda b: b[:-30], r"\.xlsx", suffix=".xlsx"),
    Case(
        "wb-missing-sheet",
        lambda b: _edit_book(b, lambda wb: wb.remove(wb["実績値"])),
        "「実績値」シートがありません",
        suffix=".xlsx",
    ),
    Case(
        "wb-corrupt-sheet-xml",
        lambda b: _edit_zip(
            b, lambda n, body: body[: len(body) // 2] if n == "xl/worksheets/sheet2.xml" else body
        ),
        r"\.xlsx",
        suffix=".xlsx",
    ),
    Case(
        "wb-wrong-header-row",
        lambda b: _edit_book(b, lambda ws: ws.cell(1, 8, "実績"), "実績値"),
        "H列は「実績値」のはずですが、「実績」",
        suffix=".xlsx",
    ),
    Case(
        "wb-merged-cell-mess",
        lambda b: _edit_book(b, lambda ws: (_fill_actuals(ws), ws.merge_cells("H2:I4")), "実績値"),
        "結合",
        suffix=".xlsx",
    ),
    Case(
        "wb-10MB-cell",
        lambda b: _edit_book(b, lambda ws: ws.cell(2, 8, "2" * (10 * MB)), "実績値"),
        r"文字",
        suffix=".xlsx",
    ),
    Case(
        "wb-long-note",
        lambda b: _edit_book(
            b, lambda ws: (ws.cell(2, 8, "1社"), ws.cell(2, 9, "あ" * 1_000_000)), "実績値"
        ),
        r"文字",
        suffix=".xlsx",
    ),
    Case(
        "wb-thousands-of-columns",
        lambda b: _edit_book(b, lambda ws: _wide_entry(ws), "実績値"),
        "列",
        suffix=".xlsx",
    ),
    Case(
        "wb-cell-in-last-row",
        lambda b: _edit_book(b, lambda ws: ws.cell(1048576, 8, "1社"), "実績値"),
        "1048576",
        suffix=".xlsx",
    ),
    Case(
        "wb-zip-bomb",
        lambda b: _edit_zip(
            b,
            lambda n, body: (
                body + b"<!--" + b" " * (60 * MB) + b"-->"
                if n == "xl/worksheets/sheet2.xml"
                else body
            ),
        ),
        "MB",
        suffix=".xlsx",
    ),
    Case(
        "wb-status-list-instead",
        lambda b: b,  # replaced by the exported status list in the test
        "「説明」シートがありません",
        suffix=".xlsx",
    ),
]


def _fill_actuals(ws: object) -> None:
    for r in (2, 3, 4):
        ws.cell(r, 8, f"{r}社")  # type: ignore[attr-defined]


def _wide_entry(ws: object) -> None:
    ws.cell(2, 8, "1社")  # type: ignore[attr-defined]
    for c in range(20, 5020):
        ws.cell(2, c, "12社")  # type: ignore[attr-defined]


# --- backups (from a dump of the seeded database) --------------------------------------------------


def _objects(base: bytes) -> list[dict[str, object]]:
    return json.loads(base)  # type: ignore[no-any-return]


def _dumped(objects: list[dict[str, object]]) -> bytes:
    return json.dumps(objects, ensure_ascii=False, indent=1).encode()


def _edit_objects(base: bytes, change: Callable[[list[dict[str, object]]], None]) -> bytes:
    objects = _objects(base)
    change(objects)
    return _dumped(objects)


def _first(objects: list[dict[str, object]], model: str) -> dict[str, object]:
    return next(o for o in objects if o["model"] == model)


def _dangling_plan(objects: list[dict[str, object]]) -> None:
    _first(objects, "plans.project")["fields"]["plan"] = 9999  # type: ignore[index]


def _unknown_model(objects: list[dict[str, object]]) -> None:
    objects.append({"model": "plans.vision", "pk": 1, "fields": {"name": "x"}})


def _unknown_field(objects: list[dict[str, object]]) -> None:
    _first(objects, "plans.project")["fields"]["budget_2030"] = 1  # type: ignore[index]


def _long_text(objects: list[dict[str, object]]) -> None:
    _first(objects, "evaluation.indicatoryear")["fields"]["actual_text"] = "2" * (1 * MB)  # type: ignore[index]


def _dangling_natural_key(objects: list[dict[str, object]]) -> None:
    objects.append(
        {
            "model": "accounts.membership",
            "pk": 999,
            "fields": {"user": ["nobody-at-all"], "municipality": ["999999"], "duty": "editor"},
        }
    )


BACKUP = [
    Case("backup-cut-at-1000", lambda b: b[:1000], r"line \d+ column \d+", suffix=".json"),
    Case("backup-cut-in-half", lambda b: b[: len(b) // 2], r"line \d+ column \d+", suffix=".json"),
    Case(
        "backup-cut-mid-char",
        lambda b: mid_char(b, b.index("連携".encode())),
        r"cut short|UTF-8",
        suffix=".json",
    ),
    Case("backup-wrong-json", lambda b: b'[{"model": "plans.plan", }]', r"line 1", suffix=".json"),
    Case("backup-json-object", lambda b: b'{"version": 2}', "a list", suffix=".json"),
    Case("backup-list-of-numbers", lambda b: b"[1, 2, 3]", r"object 1", suffix=".json"),
    Case(
        "backup-unknown-model",
        lambda b: _edit_objects(b, _unknown_model),
        "plans.vision",
        suffix=".json",
    ),
    Case(
        "backup-unknown-field",
        lambda b: _edit_objects(b, _unknown_field),
        "budget_2030",
        suffix=".json",
    ),
    Case(
        "backup-dangling-foreign-key",
        lambda b: _edit_objects(b, _dangling_plan),
        r"9999",
        suffix=".json",
    ),
    Case(
        "backup-dangling-natural-key",
        lambda b: _edit_objects(b, _dangling_natural_key),
        r"nobody-at-all|999999",
        suffix=".json",
    ),
    Case("backup-cp932", lambda b: b.decode().encode("cp932", "replace"), "UTF-8", suffix=".json"),
    Case("backup-long-text", lambda b: _edit_objects(b, _long_text), "actual_text", suffix=".json"),
    Case("backup-no-suffix", lambda b: b[:-2], r"line \d+ column \d+", suffix=""),
    Case("backup-txt-suffix", lambda b: b"[]x", r"line 1", suffix=".txt"),
]

# --- the status list as PDF (Hyoka's own PDF of the bundled list, from its report) -------------------
# ``base`` is the report (builders.status_list_report, its ``to_json()``) as JSON: a case renders it, changed or
# not, and damages the PDF.


@cache
def _pdf(report: bytes) -> bytes:
    from hyoka.reports import render_pdf
    from hyoka.reports.statuslist import StatusListReport

    data = json.loads(report)
    # a number no Hyoka list holds (``十二``: another tool's PDF) goes into the typed report as
    # it is, past its type, so the PDF prints it
    numbers = [p["number"] for r in data["roles"] for p in r["projects"]]
    for r in data["roles"]:
        for p in r["projects"]:
            p["number"] = p["number"] if isinstance(p["number"], int) else 0
    typed = StatusListReport.from_json(data)
    for row, number in zip((p for r in typed.roles for p in r.projects), numbers, strict=True):
        object.__setattr__(row, "number", number)  # frozen: the test's own door
    return render_pdf.render(typed, engine="cairo")[2]


def _changed(report: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    data = json.loads(report)
    change(data)
    return _pdf(json.dumps(data).encode())


def _project(report: dict[str, Any], number: int) -> dict[str, Any]:
    return next(p for r in report["roles"] for p in r["projects"] if p["number"] == number)


def _number_in_kanji(report: dict[str, Any]) -> None:
    _project(report, 12)["number"] = "十二"


def _long_actual(report: dict[str, Any]) -> None:
    _project(report, 14)["indicators"][0]["actual"]["text"] = "3" * 300 + "件"


def _encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    """A scan: one page that is an image, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1190, 842), "white")
    draw = ImageDraw.Draw(image)
    for y in range(100, 800, 40):
        draw.line((40, y, 1150, y), fill="black")
    out = io.BytesIO()
    image.save(out, "PDF")
    return out.getvalue()


def _html_pdf(body: str) -> bytes:
    from weasyprint import HTML

    page = f"<html lang=ja><body style='font-family: Noto Sans CJK JP'>{body}</body></html>"
    return bytes(HTML(string=page).write_pdf())


PDFS = [
    Case("pdf-cut-in-half", lambda b: _pdf(b)[: len(_pdf(b)) // 2], "cut short", suffix=".pdf"),
    Case("pdf-cut-at-the-end", lambda b: _pdf(b)[:-40], "cut short", suffix=".pdf"),
    Case(
        "pdf-encrypted", lambda b: _encrypted(_pdf(b)), "encrypted with a password", suffix=".pdf"
    ),
    Case("pdf-scanned", lambda b: _scanned(), "no text", suffix=".pdf"),
    Case(
        "pdf-not-a-list",
        lambda b: _html_pdf("<h1>議事録</h1><p>令和元年度の取組について報告します。</p>"),
        "not a status-list PDF",
        suffix=".pdf",
    ),
    Case(
        "pdf-another-table",
        lambda b: _html_pdf(
            "<table border=1><tr><th>氏名</th><th>住所</th></tr><tr><td>札幌</td><td>北区</td></tr></table>"
        ),
        "not a status-list PDF",
        suffix=".pdf",
    ),
    Case(
        "pdf-garbage-body",
        lambda b: b"%PDF-1.7\n" + _random(20_000) + b"\n%%EOF\n",
        "broken PDF",
        suffix=".pdf",
    ),
    Case(
        "pdf-number-in-kanji",
        lambda b: _changed(b, _number_in_kanji),
        problem="project_number",
        suffix=".pdf",
    ),
    Case("pdf-long-value", lambda b: _changed(b, _long_actual), problem="too_long", suffix=".pdf"),
]

ALL_IDS = [c.id for c in GENERIC + TEXT + XLSX + PDFS + WORKBOOK + BACKUP]
assert len(ALL_IDS) == len(set(ALL_IDS))


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \"", re.M)
