"""Reading the status list's PDF (``hyoka check list.pdf``), beside pdfplumber's own bare table
extraction of the same file (the floor) and LibreOffice's conversion of the xlsx to that PDF.

Run from the repository root::

    .venv/bin/python benchmarks/bench_pdf.py            # or: benchmarks/run pdf

Two lists: the bundled FY2019 list (40 projects) and a 1,000-project synthetic list
(``synthetic.generate(1000, 1, section_size=1000)``, numbered 1–1000), each imported by
``import_status_list`` into a throw-away SQLite database of its own (a worker process), exported
as xlsx and as Hyoka's own PDF (cairo engine), and the xlsx printed to PDF by LibreOffice
(``soffice --headless --convert-to pdf``, a new process per conversion, its user profile made
once ahead).  Then, for each PDF, in this process:

* **Hyoka's reader**: ``hyoka.ingest.readers.read_bytes(pdf, "list.pdf")`` — the whole reading:
  pdfplumber's tables, the cells laid out as a sheet, the list's rules, the problems;
* **the floor**: ``pdfplumber.open(…)`` and ``page.extract_tables()`` on every page — what the
  library does to give the tables' text at all, with nothing of the list read;
* where the reader's time goes (cProfile of one read of the 1,000-project LibreOffice PDF):
  pdfminer's parsing of the pages, pdfplumber's table finding, Hyoka's own code.

Every measurement is repeated (``--repeat``, the 1,000-project list a third as often, at least
once) and the median is reported with the range; nothing asserts a time.  The section is
written with ``common.write_section("pdf", …)``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, commit, now, repeat, write_section

COMMAND = ".venv/bin/python benchmarks/bench_pdf.py"
PYTHON = sys.executable
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
LISTS = (("fy2019", "FY2019 list (bundled)", 40), ("synthetic1000", "synthetic list", 1000))
#: Where a function's own time goes, by the file it is in (first match wins).
AREAS = (
    ("pdfminer/", "pdfminer: parsing the page content (fonts, text, lines)"),
    ("pdfplumber/table", "pdfplumber: finding the ruled tables"),
    ("pdfplumber/", "pdfplumber: objects, characters, cropping"),
    ("hyoka/", "Hyoka: cells as a sheet, text joined, the list's rules"),
    ("openpyxl/", "openpyxl: the sheet the cells are laid on"),
)


# --- the worker: one list, one database, its files ------------------------------------------


def worker(name: str, n: int, out: Path) -> dict[str, Any]:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hyoka.ingest.readers import bundled_bytes, read_bytes
    from hyoka.publishing.imports import import_status_list
    from hyoka.publishing.services import report_for
    from hyoka.reports import render_pdf, render_xlsx

    if name == "fy2019":
        data = bundled_bytes()
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import generate

        data = generate(n, 1, section_size=n).encode("utf-8")
    sl = read_bytes(data, f"{name}.txt", "text")
    import_status_list(sl, data)
    report = report_for()
    (out / f"{name}.xlsx").write_bytes(render_xlsx.render(report)[2])
    (out / f"{name}-hyoka.pdf").write_bytes(render_pdf.render(report, engine="cairo")[2])
    return {"projects": len(sl.projects), "indicators": sum(len(p.indicators) for p in sl.projects)}


# --- the measurements -------------------------------------------------------------------------


def soffice(xlsx: Path, out: Path, profile: Path, times: int) -> list[float]:
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless"]
    cmd += ["--convert-to", "pdf", "--outdir", str(out), str(xlsx)]
    subprocess.run(cmd, check=True, capture_output=True)  # makes the user profile
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return seconds


def floor(pdf: bytes) -> int:
    import pdfplumber

    cells = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                cells += sum(len(row) for row in table)
            page.flush_cache()
    return cells


def read(pdf: bytes) -> Any:
    from hyoka.ingest.readers import read_bytes

    return read_bytes(pdf, "list.pdf")


def profile(pdf: bytes) -> list[tuple[str, float]]:
    prof = cProfile.Profile()
    prof.enable()
    read(pdf)
    prof.disable()
    stats = pstats.Stats(prof)
    total = 0.0
    areas: dict[str, float] = {}
    for (path, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        total += own
        label = next((lab for key, lab in AREAS if key in path), "Python: the rest")
        areas[label] = areas.get(label, 0.0) + own
    return sorted(((k, v / total) for k, v in areas.items()), key=lambda x: -x[1])


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# --- the section ------------------------------------------------------------------------------


def fmt(seconds: list[float]) -> str:
    import statistics

    return f"**{statistics.median(seconds):.2f} s** ({min(seconds):.2f}–{max(seconds):.2f})"


def median(seconds: list[float]) -> float:
    import statistics

    return statistics.median(seconds)


def section(results: dict[str, dict[str, Any]], times: int, whole: float) -> str:
    import pdfplumber

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    version = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "## PDF reading",
        "",
        f"- Date: {now()}; load average at the end {load} (the 2 cores are shared: the "
        "ranges show the noise)",
        f"- Command: `{COMMAND}` (repository root; `benchmarks/run pdf`)",
        f"- Commit `{commit()}`; pdfplumber {pdfplumber.__version__}, peer: {version}",
        f"- Each measurement repeated {times} times (the 1,000-project list "
        f"{max(1, times // 3)}); median **bold**, (fastest–slowest). Whole run: {whole:.0f} s.",
        "",
        "The PDFs: the list exported as xlsx and printed by LibreOffice (`soffice --headless "
        "--convert-to pdf`), and Hyoka's own `hyoka export --format pdf` (cairo engine). "
        "*Reader*: `read_bytes(pdf, 'list.pdf')`, what `hyoka check list.pdf` does before "
        "rating. *Floor*: pdfplumber's `page.extract_tables()` on every page of the same "
        "file, nothing of the list read.",
        "",
        "| | "
        + " | ".join(f"{r['label']}, {r['projects']} projects" for r in results.values())
        + " |",
        "|---|" + "---|" * len(results),
    ]

    def row(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results.values()) + " |")

    row("LibreOffice: xlsx → PDF (`soffice --convert-to pdf`)", lambda r: fmt(r["soffice"]))
    for kind, title in (("lo", "LibreOffice's PDF"), ("hyoka", "Hyoka's PDF (cairo)")):
        row(
            f"{title}: pages, bytes",
            lambda r, k=kind: f"{r[k]['pages']} pages, {r[k]['bytes']:,} B",
        )
        row(f"{title}: **reader**", lambda r, k=kind: fmt(r[k]["read"]))
        row(f"{title}: floor (pdfplumber `extract_tables()`)", lambda r, k=kind: fmt(r[k]["floor"]))
        row(
            f"{title}: reader / floor",
            lambda r, k=kind: f"**{median(r[k]['read']) / median(r[k]['floor']):.2f}**",
        )
        row(
            f"{title}: projects read per second",
            lambda r, k=kind: f"{r['projects'] / median(r[k]['read']):,.0f}",
        )
    big = results[LISTS[-1][0]]
    lines += [
        "",
        f"Where the reader's time goes (cProfile, one read of the {big['projects']}-project "
        "LibreOffice PDF; own time by where the function is):",
        "",
        "| | share |",
        "|---|---|",
        *(f"| {label} | {share:.0%} |" for label, share in big["profile"]),
        "",
        "What bounds it: pdfminer.six parsing every page's content stream (pure Python) and "
        "pdfplumber building the ruled tables from the lines and characters — the floor, "
        "which the reader pays once; laying the cells out as a sheet, joining wrapped lines "
        "and the list's own rules cost a small part on top. A PDF reads roughly as fast as "
        "LibreOffice prints it from the xlsx; the xlsx itself reads far faster (no layout to "
        "undo), so the PDF is for the lists that exist only as PDF.",
    ]
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, default=40, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--no-write", action="store_true", help="print the section, write nothing")
    args = p.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.out)))
        return 0
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="hyoka-bench-pdf-"))
    results: dict[str, dict[str, Any]] = {}
    for name, label, n in LISTS:
        print(f"bench_pdf: {label} ({n} projects)", file=sys.stderr)
        times = args.repeat if n < 1000 else max(1, args.repeat // 3)
        data_dir = tmp / name
        data_dir.mkdir()
        env = dict(os.environ, HYOKA_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT / "src"))
        cmd = [PYTHON, __file__, "--worker", name, "--n", str(n), "--out", str(tmp)]
        run = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if run.returncode:
            print(run.stderr, file=sys.stderr)
            return 1
        r: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1]) | {"label": label}
        r["soffice"] = soffice(tmp / f"{name}.xlsx", tmp, tmp / f"lo-profile-{name}", times)
        for kind, path in (("lo", tmp / f"{name}.pdf"), ("hyoka", tmp / f"{name}-hyoka.pdf")):
            pdf = path.read_bytes()
            r[kind] = {
                "pages": pages(pdf),
                "bytes": len(pdf),
                "read": repeat(lambda pdf=pdf: read(pdf), times),
                "floor": repeat(lambda pdf=pdf: floor(pdf), times),
            }
        if n >= 1000:
            r["profile"] = profile((tmp / f"{name}.pdf").read_bytes())
        results[name] = r
    markdown = section(results, args.repeat, time.perf_counter() - started)
    if args.no_write:
        print(markdown)
    else:
        print(f"wrote {write_section('pdf', markdown)}", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
