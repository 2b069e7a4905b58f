"""The nationwide rating (``nationwide.py``: 10⁶ indicator-years end to end) beside two peers,
alternating in one run: the code issue 14 measured (its "today 9.7 s"), and the same source as
now with ``hyoka.core`` compiled by mypyc.  Evidence for a reading of the target and for a
decision, not a part of the product.

Run from the repository root (git, and for the compiled tree mypyc — shipped with mypy, in
requirements-dev.txt — gcc and Python's headers)::

    .venv/bin/python benchmarks/nationwide_peers.py [ROWS] [ROUNDS] [THEN]

``THEN`` (default :data:`THEN`) is the commit whose ``benchmarks/nationwide.py`` and ``src``
the issue timed: checked out into a temporary directory (``git archive``) and run as it was,
in one process.  The compiled tree is a copy of ``src`` whose core modules are compiled there
(:data:`NOT_COMPILED` are left as Python: mypyc refuses them), so the repository's tree never
holds an extension that could outlive its source.  Each round runs the issue's code, the
current code in one process and with two workers, then the compiled tree with two workers,
each in a fresh process; the table gives each wall time, the current code's as a share of
the issue's code, and whether the compiled tree gave every symbol as the Python one did.  The issue's code rates some rows
differently (later changes rate ``-`` with a warning what it compared), so its symbols are
not compared.  It prints Markdown; a person copies what matters into
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

#: the commit issue 14 timed at 9.7 s for 10⁶ indicator-years (d7087c3's run, one process)
THEN = "95fa2fb"

#: modules of hyoka.core mypyc does not compile: i18n subclasses str (a builtin type),
#: text writes surrogate code points in string literals
NOT_COMPILED = ("__init__.py", "i18n.py", "text.py")


def compiled_tree(into: Path) -> Path:
    """A copy of ``src`` under ``into`` with the core's modules compiled; returns its ``src``."""
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


def then_tree(into: Path, commit: str) -> Path:
    """``src`` and ``benchmarks`` of ``commit``; returns the directory holding both."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit, "src", "benchmarks"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def nationwide(tree: Path, rows: int, workers: int | None) -> dict[str, object]:
    """One run of ``tree``'s nationwide.py (``workers`` None: a version without them)."""
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{tree / 'benchmarks'}"}
    args = [str(rows), "1", "1", *([] if workers is None else [str(workers)])]
    out = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / "nationwide.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_001_075
    rounds = int(argv[1]) if len(argv) > 1 else 3
    then = argv[2] if len(argv) > 2 else THEN
    with tempfile.TemporaryDirectory(prefix="hyoka-peers-") as tmp:
        old = then_tree(Path(tmp) / "then", then)
        started = time.perf_counter()
        compiled = Path(tmp) / "compiled"
        compiled_tree(compiled)
        shutil.copytree(ROOT / "benchmarks", compiled / "benchmarks")
        built = time.perf_counter() - started
        print(f"{rows:,} indicator-years; the core compiled in {built:.0f} s.\n")
        print(
            f"| round | `{then}`, 1 process (s) | now, 1 process (s) | now, 2 workers (s) | "
            "2 workers ÷ then | compiled, 2 workers (s) | compiled ÷ now | same symbols |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for i in range(1, rounds + 1):
            was = nationwide(old, rows, None)
            one = nationwide(ROOT, rows, 1)
            two = nationwide(ROOT, rows, 2)
            fast = nationwide(compiled, rows, 2)
            same = (two["symbols"], two["overall_share"]) == (
                fast["symbols"],
                fast["overall_share"],
            )
            w, o, t, c = (r["wall"][0] for r in (was, one, two, fast))  # type: ignore[index]
            print(
                f"| {i} | {w:.2f} | {o:.2f} | {t:.2f} | {t / w:.2f} | {c:.2f} | {c / t:.2f} | "
                f"{'yes' if same else '**no**'} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
