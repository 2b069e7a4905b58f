"""xlsx and PDF of the status list, beside LibreOffice converting the very same xlsx to PDF.

Run from the repository root::

    .venv/bin/python benchmarks/bench_reports.py            # or: benchmarks/run reports

Two lists: the bundled FY2019 list (40 projects) and a 1,000-project synthetic list
(``synthetic.generate(1000, 1)``), each imported by Hyoka's own import service
(``import_status_list``) into a throw-away SQLite database of its own.  For each list, in the
same run and on the same machine:

* warm, in one long-lived process (what a running server does): the report builder, the xlsx
  and the PDF through the real renderers (``hyoka.reports.registry.render``), after one
  untimed render; the PDF also with WeasyPrint alone (``engine="weasyprint"``);
* one real HTTP download of the PDF and the xlsx from ``hyoka serve --production`` (gunicorn,
  one worker, port 8430–8439), after one untimed download;
* cold: a new process each time, ``hyoka export --format pdf|xlsx`` (interpreter, Django, the
  database, the renderer's imports and fonts, the file);
* the peer: ``soffice --headless --convert-to pdf`` of the xlsx files Hyoka wrote, a new
  LibreOffice process per conversion as people use it, with its own user profile directory
  (its creation, on the first conversion, is timed separately).

Every measurement is repeated (``--repeat``, at least 5) and the median is reported with the
range; nothing asserts a time.  Last, a cProfile of one 1,000-project PDF render says where
the time goes.  The section is written with ``common.write_section("reports", …)``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from common import ROOT, commit, now, repeat, write_section

COMMAND = ".venv/bin/python benchmarks/bench_reports.py"
PYTHON = sys.executable
HYOKA = str(Path(PYTHON).with_name("hyoka"))
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PORTS = range(8430, 8440)
LISTS = (("fy2019", "FY2019 list (bundled)", 40), ("synthetic1000", "synthetic list", 1000))


# --- the worker: one list, one database, one long-lived process ---------------------------


def _import(name: str, n: int) -> dict[str, Any]:
    from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
    from hyoka.publishing.imports import import_status_list

    if name == "fy2019":
        data = bundled_bytes()
        sl = read_status_list(data, "sapporo-fy2019 (bundled)")
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import generate

        data = generate(n, 1).encode("utf-8")
        sl = read_status_list(data, f"synthetic {n}")
        # The generator restarts numbering in every section of 999 projects (the text reader
        # takes three-digit numbers); the import wants one number per project.
        for number, p in enumerate(sl.projects, start=1):
            p.number = number
        sl.problems[:] = [p for p in sl.problems if p.kind != "project_numbers"]
    start = time.perf_counter()
    result = import_status_list(sl, data)
    return {
        "import_s": time.perf_counter() - start,
        "projects": len(sl.projects),
        "indicators": sum(len(p.indicators) for p in sl.projects),
        "status_text_bytes": len(data),
        "edition": result.edition,
    }


def worker(name: str, n: int, out: Path, times: int, profile: bool) -> dict[str, Any]:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    facts = _import(name, n)
    from hyoka.evaluation.models import PlanYear
    from hyoka.reports import registry, render_pdf
    from hyoka.reports.builders import status_list_report

    py = PlanYear.objects.get(fiscal_year=2019)
    report = status_list_report(py)
    res: dict[str, Any] = dict(facts)
    start = time.perf_counter()
    pdf = registry.render("pdf", report)[2]
    res["pdf_first_s"] = time.perf_counter() - start  # imports, fonts, first layout
    res["build"] = repeat(lambda: status_list_report(py), times)
    xlsx = registry.render("xlsx", report)[2]
    res["xlsx"] = repeat(lambda: registry.render("xlsx", report), times)
    res["pdf"] = repeat(lambda: registry.render("pdf", report), times)
    engines = getattr(render_pdf, "ENGINES", ())
    res["engine"] = getattr(render_pdf, "default_engine", lambda: "weasyprint")()
    if "weasyprint" in engines and res["engine"] != "weasyprint":
        wp = render_pdf.render(report, engine="weasyprint")[2]
        (out / f"{name}-weasyprint.pdf").write_bytes(wp)
        res["pdf_weasyprint_bytes"] = len(wp)
        res["pdf_weasyprint"] = repeat(
            lambda: render_pdf.render(report, engine="weasyprint"), max(3, times if n < 100 else 3)
        )
    (out / f"{name}.pdf").write_bytes(pdf)
    (out / f"{name}.xlsx").write_bytes(xlsx)
    res["pdf_bytes"], res["xlsx_bytes"] = len(pdf), len(xlsx)
    if profile:
        res["profile"] = _profile(report, res["engine"])
        if res["engine"] != "weasyprint" and "weasyprint" in engines:
            res["profile_weasyprint"] = _profile(report, "weasyprint")
    return res


#: Where a function's own time goes, by the file it is in (first match wins).
AREAS = (
    ("weasyprint/text/", "text shaping and line breaking (Pango, HarfBuzz)"),
    ("weasyprint/layout/", "layout (boxes, tables, pages)"),
    ("weasyprint/css/", "CSS parsing and cascade"),
    ("weasyprint/formatting_structure/", "box tree (anonymous table boxes, collapsed borders)"),
    ("weasyprint/svg/", "SVG chart"),
    ("weasyprint/pdf/fonts", "font subsetting and embedding"),
    ("weasyprint/draw/", "drawing (PDF operators)"),
    ("weasyprint/pdf/", "PDF objects and file"),
    ("pydyf", "PDF objects and file"),
    ("weasyprint/", "WeasyPrint, other"),
    (
        "hyoka/reports/render_cairo",
        "Hyoka's cairo renderer, with the Pango and cairo C calls it makes (cffi)",
    ),
    ("hyoka/", "Hyoka (HTML, report)"),
    ("django/", "Django templates"),
    ("cffi", "cffi calls"),
    ("pypdf", "joining PDFs (pypdf)"),
)


def _profile(report: dict[str, Any], engine: str) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    from hyoka.reports import render_pdf

    prof = cProfile.Profile()
    prof.enable()
    render_pdf.render(report, engine=engine)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    areas: dict[str, float] = {}
    rows = []
    for (path, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = next(
            (label for key, label in AREAS if key in path), "other: built-ins, C calls, stdlib"
        )
        areas[area] = areas.get(area, 0.0) + tt
        short = re.sub(r".*site-packages/|.*/src/", "", path)
        rows.append((ct, tt, nc, f"{short}:{line}({func})"))
    rows.sort(reverse=True)
    return {
        "total": total,
        "areas": sorted(areas.items(), key=lambda kv: -kv[1]),
        "top": rows[:25],
    }


# --- the driver ----------------------------------------------------------------------------


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, HYOKA_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT / "src"))
    env.pop("DATABASE_URL", None)
    return env


def _time_cmd(cmd: list[str], env: dict[str, str] | None, times: int) -> list[float]:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
        out.append(time.perf_counter() - start)
    return out


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8430-8439")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=600) as r:
        data: bytes = r.read()
        return data


def server(data_dir: Path, times: int) -> dict[str, Any]:
    """Downloads of the PDF and xlsx from ``hyoka serve --production`` (one gunicorn worker)."""
    port = _free_port()
    proc = subprocess.Popen(
        [HYOKA, "serve", "--production", "--workers", "1", "--port", str(port), "--no-demo"],
        env=_env(data_dir) | {"HYOKA_SECRET_KEY": "bench-not-secret"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/export/2019"
        deadline = time.time() + 120
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    return {"error": "the server did not start"}
                time.sleep(0.5)
        res: dict[str, Any] = {"port": port}
        for fmt in ("pdf", "xlsx"):
            start = time.perf_counter()
            try:
                first = _get(f"{base}.{fmt}")
            except OSError as exc:  # e.g. 404: the year is not published
                return {"error": f"GET {base}.{fmt}: {exc}"}
            res[f"{fmt}_first_s"] = time.perf_counter() - start
            res[f"{fmt}_bytes"] = len(first)
            res[fmt] = repeat(lambda f=fmt: _get(f"{base}.{f}"), times)
        return res
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def soffice(xlsx: Path, out: Path, profile: Path, times: int) -> dict[str, Any]:
    cmd = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(xlsx),
    ]
    shutil.rmtree(profile, ignore_errors=True)
    first = _time_cmd(cmd, None, 1)[0]  # creates the user profile
    seconds = _time_cmd(cmd, None, times)
    pdf = out / (xlsx.stem + ".pdf")
    return {"first_s": first, "convert": seconds, "pages": pages(pdf), "bytes": pdf.stat().st_size}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(m.group(1)) if m else 0


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def fmt_s(xs: list[float]) -> str:
    return f"**{med(xs):.2f} s** ({min(xs):.2f}–{max(xs):.2f})"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, default=40, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--no-server", action="store_true", help="skip the HTTP downloads")
    p.add_argument("--no-write", action="store_true", help="print the section, write nothing")
    args = p.parse_args()
    if args.worker:
        res = worker(args.worker, args.n, args.out, args.repeat, args.profile)
        print(json.dumps(res))
        return 0
    if args.repeat < 5:
        print("bench_reports: --repeat must be at least 5", file=sys.stderr)
        return 2
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="hyoka-bench-reports-"))
    out = tmp / "out"
    out.mkdir()
    results: dict[str, dict[str, Any]] = {}
    for name, label, n in LISTS:
        print(f"bench_reports: {label} ({n} projects)", file=sys.stderr)
        data_dir = tmp / name
        data_dir.mkdir()
        cmd = [PYTHON, __file__, "--worker", name, "--n", str(n), "--out", str(out)]
        cmd += ["--repeat", str(args.repeat)] + (["--profile"] if n >= 1000 else [])
        run = subprocess.run(cmd, env=_env(data_dir), capture_output=True, text=True)
        if run.returncode:
            print(run.stderr, file=sys.stderr)
            return 1
        r = json.loads(run.stdout.strip().splitlines()[-1])
        r["label"], r["n"] = label, n
        r["pdf_pages"] = pages(out / f"{name}.pdf")
        if (out / f"{name}-weasyprint.pdf").exists():
            r["pdf_weasyprint_pages"] = pages(out / f"{name}-weasyprint.pdf")
        export = [HYOKA, "export", "--year", "2019", "--format"]
        r["cold_pdf"] = _time_cmd(
            [*export, "pdf", "-o", str(tmp / "cold.pdf")], _env(data_dir), args.repeat
        )
        r["cold_xlsx"] = _time_cmd(
            [*export, "xlsx", "-o", str(tmp / "cold.xlsx")], _env(data_dir), args.repeat
        )
        if not args.no_server:
            r["server"] = server(data_dir, args.repeat)
        lo_out = tmp / f"lo-{name}"
        r["soffice"] = soffice(
            out / f"{name}.xlsx", lo_out, tmp / f"lo-profile-{name}", args.repeat
        )
        results[name] = r
    markdown = section(results, args.repeat, time.perf_counter() - started)
    if args.no_write:
        print(markdown)
    else:
        path = write_section("reports", markdown)
        print(f"wrote {path}", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _load() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def section(results: dict[str, dict[str, Any]], times: int, elapsed: float) -> str:
    from importlib import metadata

    def version(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "not installed"

    lo = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True).stdout.strip()
    engine = next(iter(results.values())).get("engine", "weasyprint")
    lines = [
        "## Reports",
        "",
        f"- Date: {now()}; load average at the end {_load()} (the 2 cores are shared: "
        "the ranges show the noise)",
        f"- Command: `{COMMAND}` (repository root; `benchmarks/run reports`)",
        f"- Commit `{commit()}`; WeasyPrint {version('weasyprint')}, openpyxl "
        f"{version('openpyxl')}, pypdf {version('pypdf')}; peer: {lo or 'LibreOffice'}",
        f"- Each measurement repeated {times} times (the WeasyPrint-only PDF of the 1,000-project "
        "list 3 times); median **bold**, (fastest–slowest). Whole run: "
        f"{elapsed:.0f} s.",
        f"- PDF engine used by `render('pdf', …)`: **{engine}**.",
        "",
        "Data: the bundled FY2019 list, and `synthetic.generate(1000, 1)` renumbered 1–1000 "
        "after reading (the generator restarts numbers in each section of 999, which the import "
        "refuses as duplicates); each imported by `import_status_list` into its own SQLite "
        "database.",
        "",
        "| | "
        + " | ".join(f"{r['label']}, {r['projects']} projects" for r in results.values())
        + " |",
        "|---|" + "---|" * len(results),
    ]

    def row(title: str, cell: Any) -> None:
        lines.append(f"| {title} | " + " | ".join(cell(r) for r in results.values()) + " |")

    row("indicators", lambda r: f"{r['indicators']:,}")
    row("import (`import_status_list`, once)", lambda r: f"{r['import_s']:.1f} s")
    row("report builder, warm", lambda r: fmt_s(r["build"]))
    row(
        "**xlsx**, warm (`render('xlsx')`)", lambda r: fmt_s(r["xlsx"]) + f", {r['xlsx_bytes']:,} B"
    )
    row(
        "**PDF**, warm (`render('pdf')`)",
        lambda r: fmt_s(r["pdf"]) + f", {r['pdf_pages']} pages, {r['pdf_bytes']:,} B",
    )
    row("PDF, first render in a fresh process", lambda r: f"{r['pdf_first_s']:.2f} s")
    if all("pdf_weasyprint" in r for r in results.values()):
        row(
            "PDF, warm, WeasyPrint alone (`engine='weasyprint'`)",
            lambda r: (
                fmt_s(r["pdf_weasyprint"])
                + f", {r['pdf_weasyprint_pages']} pages, {r['pdf_weasyprint_bytes']:,} B"
            ),
        )
    if all("server" in r and "pdf" in r["server"] for r in results.values()):
        row(
            "PDF, HTTP download from `hyoka serve --production`",
            lambda r: fmt_s(r["server"]["pdf"]),
        )
        row("xlsx, HTTP download", lambda r: fmt_s(r["server"]["xlsx"]))
        row(
            "first download after the server started (PDF / xlsx)",
            lambda r: f"{r['server']['pdf_first_s']:.2f} s / {r['server']['xlsx_first_s']:.2f} s",
        )
    row("**PDF, cold** (`hyoka export --format pdf`, new process)", lambda r: fmt_s(r["cold_pdf"]))
    row("xlsx, cold (`hyoka export --format xlsx`)", lambda r: fmt_s(r["cold_xlsx"]))
    row(
        "**LibreOffice** `soffice --headless --convert-to pdf` of Hyoka's xlsx",
        lambda r: (
            fmt_s(r["soffice"]["convert"])
            + f", {r['soffice']['pages']} pages, {r['soffice']['bytes']:,} B"
        ),
    )
    row(
        "LibreOffice, first conversion (creates its user profile)",
        lambda r: f"{r['soffice']['first_s']:.2f} s",
    )
    lo = {k: med(r["soffice"]["convert"]) for k, r in results.items()}
    row(
        "ratio Hyoka PDF warm / LibreOffice",
        lambda r: f"**{med(r['pdf']) / lo[_key(results, r)]:.2f}**",
    )
    if all("server" in r and "pdf" in r["server"] for r in results.values()):
        row(
            "ratio Hyoka PDF over HTTP / LibreOffice",
            lambda r: f"**{med(r['server']['pdf']) / lo[_key(results, r)]:.2f}**",
        )
    row(
        "ratio Hyoka PDF cold / LibreOffice",
        lambda r: f"{med(r['cold_pdf']) / lo[_key(results, r)]:.2f}",
    )
    if all("pdf_weasyprint" in r for r in results.values()):
        row(
            "ratio WeasyPrint alone / LibreOffice",
            lambda r: f"{med(r['pdf_weasyprint']) / lo[_key(results, r)]:.2f}",
        )
    for r in results.values():
        if "error" in r.get("server", {}):
            lines.append(
                f"\nHTTP downloads of the {r['label']} not measured: {r['server']['error']}"
            )
    lines.append("")
    big = results[LISTS[-1][0]]
    small = results[LISTS[0][0]]
    lines += notes(small, big, engine)
    for key, title in (("profile", engine), ("profile_weasyprint", "WeasyPrint alone")):
        prof = big.get(key)
        if not prof:
            continue
        lines += [
            f"Profile of one {big['projects']:,}-project PDF render ({title}; cProfile, "
            f"{prof['total']:.1f} s of own time under the profiler, which slows Python code "
            "more than C; a C function called through cffi counts in its Python caller's own "
            "time): own time by area, then the top functions by cumulative time.",
            "",
            "| area | own time | share |",
            "|---|---|---|",
        ]
        for area, secs in prof["areas"][:10]:
            lines.append(f"| {area} | {secs:.2f} s | {secs / prof['total']:.0%} |")
        lines += ["", "| cumulative | own | calls | function |", "|---|---|---|---|"]
        for ct, tt, nc, where in prof["top"][:18]:
            lines.append(f"| {ct:.2f} s | {tt:.2f} s | {nc:,} | `{where}` |")
        lines.append("")
    return "\n".join(lines)


def notes(small: dict[str, Any], big: dict[str, Any], engine: str) -> list[str]:
    """What limits each figure, from this run's numbers and profiles."""
    out = ["What limits each figure:", ""]
    if "pdf_weasyprint" in big:
        wp, fast = med(big["pdf_weasyprint"]), med(big["pdf"])
        out.append(
            f"- **WeasyPrint alone** ({wp:.1f} s for {big['pdf_weasyprint_pages']} pages) "
            "spends about half a millisecond of Python per table cell, spread over every stage "
            "(profile below): CSS cascade for each of the ~25,000 elements, the box tree "
            "(anonymous table boxes, collapsed borders), line boxes and Pango line breaking "
            "per text (a new Pango layout for every line), `resolve_percentages` on every box "
            "of every layout pass, then drawing (borders, text) and font subsetting. It grows "
            "about linearly with pages (in a single earlier run, layout took about 0.10 s "
            "per page at 40 projects and 0.15 s at 1,000); dropping `string-set`, "
            "`overflow-wrap: anywhere` or collapsed borders each changed it by less than the "
            "noise, and two processes could at best halve it on this 2-core machine."
        )
        out.append(
            f"- **The cairo engine** ({fast:.2f} s, {wp / fast:.0f}× less) draws the title "
            "and the table with Pango and cairo from Python through cffi: per cell one Pango "
            "layout to measure and one to draw (shaping and line breaking in C), cairo's "
            "page streams and CFF subsetting on `finish`. WeasyPrint still lays out the "
            "summary page (chart, distribution, first differences; about 0.2 s), the "
            "differences that do not fit on it are drawn by cairo after it, and pypdf joins "
            "the two PDFs (a few hundredths of a second). Page numbers run through all "
            "pages: WeasyPrint's margin-box counters are moved on by the pages cairo draws."
        )
    out.append(
        "- **Size**: cairo embeds Noto Sans CJK subsets with all of the font's CFF "
        f"subroutines (≈1 MB), so the 40-project PDF is {small['pdf_bytes'] / 1e6:.1f} MB"
        + (
            f" instead of {small['pdf_weasyprint_bytes'] / 1e6:.1f} MB; "
            if "pdf_weasyprint_bytes" in small
            else "; "
        )
        + "WeasyPrint desubroutinizes with HarfBuzz. Desubroutinizing cairo's subsets with "
        "fontTools would take about 1.3 s, more than the whole render."
    )
    out.append(
        f"- **xlsx** ({med(big['xlsx']):.2f} s for {big['projects']:,} projects): openpyxl "
        "styling ~80,000 cells and zipping the sheet. Merging was quadratic (openpyxl checks "
        "each new merge against every earlier one: 2.9 million comparisons for 2,400 merges) "
        "and every cell hashed a new font: the merges are now added directly (the blocks "
        "never overlap) and styles copied from the first cell styled alike — same bytes."
    )
    out.append(
        "- **Cold** (`hyoka export`): interpreter, Django set-up and the migration check, "
        "importing WeasyPrint, Pango and fontconfig, and reading the database, around the "
        "render itself (compare the warm row)."
    )
    out.append(
        "- **LibreOffice**: a new soffice process per conversion (start-up and user-profile "
        "load are most of the 40-project time), then loading the xlsx and laying out every "
        "printed page; its first run in a new profile directory also creates the profile."
    )
    out.append("")
    return out


def _key(results: dict[str, dict[str, Any]], r: dict[str, Any]) -> str:
    return next(k for k, v in results.items() if v is r)


if __name__ == "__main__":
    sys.exit(main())
