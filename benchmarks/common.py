"""What every benchmark shares: timing repetitions, facts about the machine, and the section
each benchmark writes for ``docs/benchmarks.md``.

Each ``benchmarks/bench_<name>.py`` writes its own Markdown section to
``benchmarks/results/<name>.md`` (starting with a ``## `` heading, stating its own date,
command and commit) with :func:`write_section`; ``benchmarks/assemble.py`` then joins the
sections, in the order of :data:`SECTIONS`, under one header describing the machine.  So one
benchmark can be rerun alone without losing the others' figures, and every figure in
``docs/benchmarks.md`` still comes from a script.

What people write about a run (before and after a change, what bounds a figure, runs by hand
that a script does not repeat) goes in ``benchmarks/results/<name>.notes.md``, which no
benchmark writes: :func:`assemble` puts it after the section, so rerunning the benchmark keeps
it (a rerun once dropped such paragraphs written into the section itself).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "benchmarks.md"

#: The sections of docs/benchmarks.md, in order: (name, what it measures).
SECTIONS = (
    ("core", "values explained and rated, 10³–10⁶ indicator-years"),
    ("web", "the status-list page and the JSON API under load, beside bare Django and Datasette"),
    ("reports", "xlsx and PDF of the status list, beside LibreOffice"),
    ("writes", "concurrent writers and one save, small and large year, beside a bare-Django floor"),
    ("bulk", "import, re-import and year opening of a 1,000-project list; the signed-in API page"),
    ("pdf", "reading the status list's PDF, beside pdfplumber's bare table extraction"),
    ("instructions", "the core's headline loop in instructions, commit against commit"),
)


@dataclass
class Timing:
    """Repetitions of one measurement, in seconds, and how many items each handled."""

    name: str
    seconds: list[float]
    items: int = 0
    unit: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rate(self) -> float:
        """Items per second at the median time."""
        return self.items / self.median

    def rate_range(self) -> tuple[float, float]:
        return self.items / max(self.seconds), self.items / min(self.seconds)


def repeat(
    fn: Callable[[], object], times: int, before: Callable[[], None] | None = None
) -> list[float]:
    """Run ``fn`` ``times`` times (``before`` untimed ahead of each run); the seconds of each."""
    out: list[float] = []
    for _ in range(times):
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def commit() -> str:
    """The checked-out commit (read-only ``git rev-parse``), or ``unknown``."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> str:
    """One line naming the machine: CPU, usable cores, memory, kernel, Python."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 2**20:.0f} GiB RAM"
                break
    except OSError:
        pass
    return (
        f"{cpu_model()}, {os.cpu_count()} logical CPUs ({usable} usable){mem}, "
        f"{platform.system()} {platform.release()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def write_section(name: str, markdown: str) -> Path:
    """Write the section ``name`` (one of :data:`SECTIONS`) and reassemble docs/benchmarks.md."""
    if name not in dict(SECTIONS):
        raise ValueError(f"unknown benchmark section {name!r}; expected one of {dict(SECTIONS)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    assemble()
    return path


def assemble(doc: Path = DOC) -> str:
    """Join the sections under the header; the sections not yet run are listed as such."""
    parts = [
        "# Benchmarks",
        "",
        "<!-- Assembled by benchmarks/assemble.py from benchmarks/results/*.md, which the "
        "benchmarks write, and *.notes.md, which people write; do not edit this file: rerun "
        "`benchmarks/run`, or edit a note and rerun benchmarks/assemble.py. -->",
        "",
        "How fast Hyoka is, beside what its users would use instead, and what bounds each "
        "figure. Every figure was measured by the script named in its section, which states "
        "its date, command and commit; peers are measured in the same run as Hyoka. The "
        "figures describe one machine on one day: no test asserts a time.",
        "",
        f"Last assembled {now()} on: {machine()}.",
        "",
        "Sections:",
        "",
    ]
    present = []
    for name, what in SECTIONS:
        path = RESULTS / f"{name}.md"
        if path.exists():
            present.append(path.read_text(encoding="utf-8").rstrip())
            parts.append(f"- [{name}](#{name}) — {what}")
        else:
            parts.append(f"- {name} — {what}: not run yet (`benchmarks/bench_{name}.py`)")
        notes = RESULTS / f"{name}.notes.md"
        if notes.exists():  # written by people, after the section the benchmark writes
            present.append(notes.read_text(encoding="utf-8").rstrip())
    text = "\n".join(parts) + "\n\n" + "\n\n".join(present) + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    return text
