"""The core's headline loop in instructions, commit against commit: load-independent.

Run from the repository root (valgrind needed)::

    .venv/bin/python benchmarks/bench_instructions.py 95fa2fb 17fb2cf HEAD

On a machine shared with other work, wall-clock and even CPU times of the headline (values
explained and rated per second, the ``core`` section) move by tens of percent from one run
to the next; the instructions the loop executes do not.  For each commit this script checks
out ``src`` into a temporary directory and counts, under ``valgrind --tool=callgrind``, the
instructions of one pass of the headline loop — ``explain`` uncached of baseline, target and
actual, ``assess`` and ``Rubric.rate`` — over the first ``--indicators`` indicators of the
synthetic list (seed 1): the count of a run doing two passes less that of a run doing one,
so the interpreter's start, the imports and the data are left out.  ``PYTHONHASHSEED=0``
makes the runs repeatable.  It writes the ``instructions`` section of docs/benchmarks.md,
where each commit's count is also given as the headline it implies: the first commit's
measured headline (``--headline``, values/s) scaled by the instruction ratio.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, write_section
from hyoka.ingest.statuslist_text import read_status_list
from synthetic import generate

#: One pass of the headline loop, run as ``python - PICKLE N PASSES`` with the commit's src.
LOOP = """
import pickle, sys
from hyoka.core.assess import Context, assess
from hyoka.core.rubrics import load_rubric
from hyoka.core.values import explain
triples, fy = pickle.load(open(sys.argv[1], "rb"))
triples = triples[: int(sys.argv[2])]
ctx = Context(fy, 2019, 2023)
w = explain.__wrapped__
rate = load_rubric("sapporo").rate
rate(assess(w("1件"), w("2件"), w("1件"), ctx))
for _ in range(int(sys.argv[3])):
    for b, t, a in triples:
        rate(assess(w(t), w(a), w(b), ctx))
"""


def instructions(src: Path, data: Path, n: int, passes: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             "-c", LOOP, str(data), str(n), str(passes)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no total")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    ap.add_argument("commits", nargs="+", help="commits to compare, the reference first")
    ap.add_argument("--indicators", type=int, default=4000)
    ap.add_argument("--headline", type=float, default=280_000, help="the first commit's values/s")
    args = ap.parse_args(argv)
    started, load = time.time(), os.getloadavg()
    sl = read_status_list(generate(10_000, 1).encode(), "synthetic.txt")
    inds = [h.indicator for h in sl.headlines] + [i for p in sl.projects for i in p.indicators]
    rows: list[tuple[str, str, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "triples.pkl"
        data.write_bytes(
            pickle.dumps(([(i.baseline, i.target, i.actual) for i in inds], sl.fiscal_year or 2019))
        )
        srcs = []
        for commit in args.commits:
            sha = subprocess.run(
                ["git", "rev-parse", "--short", commit], cwd=ROOT, check=True,
                capture_output=True, text=True,
            ).stdout.strip()  # fmt: skip
            src = Path(tmp) / sha
            src.mkdir()
            archive = subprocess.run(
                ["git", "archive", sha, "src"], cwd=ROOT, check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
            srcs.append((commit, sha, src / "src"))
        # every run at once: each is one process, and the counts do not depend on the load
        with ThreadPoolExecutor(max_workers=2 * len(srcs)) as pool:
            counts = {
                (sha, passes): pool.submit(instructions, src, data, args.indicators, passes)
                for _, sha, src in srcs
                for passes in (1, 2)
            }
            for commit, sha, _ in srcs:
                n = counts[sha, 2].result() - counts[sha, 1].result()
                rows.append((commit, sha, n))
                print(f"{commit} ({sha}): {n:,} instructions", file=sys.stderr)
    ref = rows[0][2]
    values = 3 * args.indicators
    lines = [
        "## Instructions",
        "",
        "The headline loop of the core section (values explained uncached and rated) in "
        "instructions, commit against commit: load-independent, where wall-clock and CPU times "
        "on a shared machine are not. Written by `benchmarks/bench_instructions.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}: "
        f"`.venv/bin/python benchmarks/bench_instructions.py {' '.join(args.commits)}`. "
        f"One pass over the first {args.indicators:,} indicators of the synthetic list "
        f"({values:,} value texts), counted by `valgrind --tool=callgrind` (a run of two "
        "passes less a run of one; `PYTHONHASHSEED=0`). Load average "
        f"{load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (it does not change "
        "the counts). *Implied headline*: the first commit's headline, "
        f"{args.headline:,.0f} values/s, scaled by the instruction ratio.",
        "",
        "| Commit | Instructions per pass | Per value | vs the first | Implied headline |",
        "|---|---|---|---|---|",
    ]
    for commit, sha, n in rows:
        lines.append(
            f"| `{commit}` (`{sha}`) | {n:,} | {n / values:,.0f} | {100 * (n / ref - 1):+.1f}% "
            f"| {args.headline * ref / n:,.0f} values/s |"
        )
    write_section("instructions", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
