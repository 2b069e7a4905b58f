"""The nationwide rating with ``hyoka.core`` compiled by mypyc, beside the same source run as
Python, alternating in one run: evidence for a decision, not a part of the product.

Run from the repository root (mypy, which ships mypyc, is in requirements-dev.txt; gcc and
Python's headers are needed)::

    .venv/bin/python benchmarks/compiled_core.py [ROWS] [PAIRS]

The core's modules are copied with the rest of ``src`` into a temporary directory and compiled
there (:data:`NOT_COMPILED` are left as Python: mypyc refuses them), so the repository's
tree never holds an extension that could outlive its source.  Then ``nationwide.py ROWS 1 1
2`` runs ``PAIRS`` times with each tree, pure first, and the table gives each run's wall time
with two workers and whether both trees gave every symbol alike (the counts of each symbol
and the overall share).  It prints Markdown; a person copies what matters into
``benchmarks/results/core.notes.md``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

#: modules of hyoka.core mypyc does not compile: i18n subclasses str (a builtin type),
#: text writes surrogate code points in string literals
NOT_COMPILED = ("__init__.py", "i18n.py", "text.py")


def compiled_tree(into: Path) -> Path:
    """A copy of ``src`` with the core's modules compiled; returns its ``src``."""
    src = into / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    modules = sorted(
        str(p.relative_to(src))
        for p in (src / "hyoka" / "core").glob("*.py")
        if p.name not in NOT_COMPILED
    )
    mypyc = Path(sys.executable).with_name("mypyc")
    subprocess.run([str(mypyc), *modules], cwd=src, check=True, capture_output=True)
    return src


def nationwide(src: Path, rows: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT / 'benchmarks'}"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "nationwide.py"), str(rows), "1", "1", "2"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_000_000
    pairs = int(argv[1]) if len(argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="hyoka-mypyc-") as tmp:
        started = time.perf_counter()
        compiled = compiled_tree(Path(tmp))
        built = time.perf_counter() - started
        print(f"Compiled in {built:.0f} s; {rows:,} indicator-years, 2 workers, pure first.\n")
        print("| pair | Python (s) | compiled (s) | compiled ÷ Python | same symbols |")
        print("|---|---|---|---|---|")
        for i in range(1, pairs + 1):
            pure, fast = nationwide(ROOT / "src", rows), nationwide(compiled, rows)
            same = (pure["symbols"], pure["overall_share"]) == (
                fast["symbols"],
                fast["overall_share"],
            )
            p, c = pure["wall"][0], fast["wall"][0]  # type: ignore[index]
            print(f"| {i} | {p:.2f} | {c:.2f} | {c / p:.2f} | {'yes' if same else '**no**'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
