"""Indicator-years rated end to end, at a nationwide scale: the growth runs of bench_core.

One indicator-year is one indicator of one municipality in one fiscal year with its three
value texts (:func:`synthetic.indicator_years`).  :func:`rate_rows` takes them through the
core the way the evaluation does (:func:`hyoka.core.aggregate.rate_symbols`) — every distinct
text explained once while remembered (uncached: ``explain.__wrapped__``, so each is parsed,
none comes from an earlier run), each distinct (baseline, target, actual, year) row assessed
against the year's context and rated (``Rubric.rate``) once while remembered — and aggregates the ratings per municipality and year, per year and per
municipality into achievement shares (達成割合).  The rows are generated before the clock
starts; only the rating and the aggregation are timed.

Each size runs in a fresh process (``python benchmarks/nationwide.py N SEED REPEAT
[WORKERS]``), so its peak memory is its own: the peak resident set (``ru_maxrss``) of the
process and how much the rating added to what the generated rows already held.  With
``WORKERS`` > 1 (the default: both cores) the rows of 10,000 or more are rated in that many
forked processes, in ``CHUNKS`` shares a worker, each taken by the first worker free; the
fork and sending the symbols back are timed too, but ``cpu`` and the peak memory are then the
parent's only.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

from common import repeat
from hyoka.core.aggregate import Achievement, achievement_of_counts, rate_symbols
from hyoka.core.rubrics import Rubric, load_rubric
from hyoka.core.values import explain
from synthetic import IndicatorYear, indicator_years

PLAN = (2019, 2023)
_MUNICIPALITY_YEAR = attrgetter("municipality", "fiscal_year")
_TEXTS_YEAR = attrgetter("baseline", "target", "actual", "fiscal_year")


@dataclass
class Rated:
    """What a run keeps: one symbol per indicator-year and the achievement shares."""

    symbols: list[str]
    by_municipality_year: dict[tuple[int, int], Achievement]
    by_year: dict[int, Achievement]
    by_municipality: dict[int, Achievement]
    overall: Achievement


def rate_rows(rows: list[IndicatorYear], rubric: Rubric, workers: int = 1) -> Rated:
    """Explain, assess and rate every indicator-year (:func:`rate_symbols`: each distinct text
    read once, each distinct row rated once, while remembered; ``workers`` processes, each rating its share of
    the rows), then aggregate."""
    symbols, tally = _symbols(rows, rubric, workers)
    counts: dict[tuple[int, int], Counter[str]] = {}
    for (key, symbol), n in tally.items():
        c = counts.get(key)
        if c is None:
            c = counts[key] = Counter()
        c[symbol] = n
    by_year: dict[int, Counter[str]] = {}
    by_municipality: dict[int, Counter[str]] = {}
    overall: Counter[str] = Counter()
    for (municipality, year), c in counts.items():
        by_year.setdefault(year, Counter()).update(c)
        by_municipality.setdefault(municipality, Counter()).update(c)
        overall.update(c)
    return Rated(
        symbols,
        {k: achievement_of_counts(c, rubric) for k, c in counts.items()},
        {k: achievement_of_counts(c, rubric) for k, c in by_year.items()},
        {k: achievement_of_counts(c, rubric) for k, c in by_municipality.items()},
        achievement_of_counts(overall, rubric),
    )


#: how many times each symbol was given per municipality and year: ((municipality, year),
#: symbol) → count
Tally = Counter[tuple[tuple[int, int], str]]


def _rate_part(rows: Sequence[IndicatorYear], rubric: Rubric) -> tuple[list[str], Tally]:
    """The symbols of ``rows`` and their tally (counted where they are rated: in a worker,
    the parent merges small tallies instead of counting a million rows alone)."""
    explain_ = explain.__wrapped__  # type: ignore[attr-defined]  # uncached: no earlier run helps
    symbols = rate_symbols(map(_TEXTS_YEAR, rows), rubric, PLAN, explain_)
    # counted in one pass (Counter counts in C)
    return symbols, Counter(zip(map(_MUNICIPALITY_YEAR, rows), symbols, strict=True))


#: what the forked workers rate (inherited, not sent): the rows and the rubric of the call
_SHARED: list[Any] = []


def _rate_share_of_rows(bounds: tuple[int, int]) -> tuple[list[str], Tally]:
    rows, rubric = _SHARED
    return _rate_part(rows[bounds[0] : bounds[1]], rubric)


def _symbols(rows: list[IndicatorYear], rubric: Rubric, workers: int) -> tuple[list[str], Tally]:
    """One symbol per row, in order, and their tally: in this process, or in ``workers``
    forked ones (the fork, the work and sending the symbols back all inside the clock)."""
    if workers <= 1 or len(rows) < 10_000:
        return _rate_part(rows, rubric)
    _SHARED[:] = [rows, rubric]
    # CHUNKS shares a worker, each taken by the first worker free: when another process takes
    # one core for a while, the other rates more shares instead of waiting (a share's rows
    # are consecutive, so its memos see the repeats of a municipality's indicator)
    step = -(-len(rows) // (workers * CHUNKS))
    bounds = [(i, min(i + step, len(rows))) for i in range(0, len(rows), step)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_rate_share_of_rows, bounds, chunksize=1)
    finally:
        _SHARED.clear()
    tally: Tally = Counter()
    for _, part in parts:
        tally.update(part)
    return list(chain.from_iterable(symbols for symbols, _ in parts)), tally


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in bytes.

    Not ``ru_maxrss``: Linux keeps that across ``execve``, so a child would report its
    parent's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _reset_peak() -> bool:
    """Start VmHWM again from the current resident set (Linux ≥ 4.0); False if refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:  # pragma: no cover - not Linux, or not allowed
        return False


#: processes rating the rows: both cores of the benchmarks' machine
WORKERS = min(2, os.cpu_count() or 1)
#: shares of the rows per worker (:func:`_symbols`): small shares (some 15,600 rows of 10^6 with
#: two workers) keep each share's memos small, so a worker reuses the memory freed by its last
#: share instead of touching new pages (half the page faults of 8 shares a worker: 55,000
#: instead of 150,000, 0.2 s of system time instead of 0.5 s), and leave a short tail
CHUNKS = 32


def run_size(n: int, seed: int, times: int, workers: int = WORKERS) -> dict[str, Any]:
    """Generate ``n`` rows, then rate them ``times`` times: seconds (wall and CPU), memory."""
    start = time.perf_counter()
    rows = indicator_years(n, seed)
    generated = time.perf_counter() - start
    rubric = load_rubric("sapporo")
    rate_rows(rows[:100], rubric)  # imports and first-use costs outside the clock
    gc.collect()
    rss_rows = _status("VmRSS")
    peak_rows = _status("VmHWM")  # the peak so far: generating the rows
    reset = _reset_peak()
    cpu: list[float] = []
    result: list[Rated] = []

    def once() -> None:
        result.clear()  # the previous run's result is freed before the next one
        c = time.process_time()
        result.append(rate_rows(rows, rubric, workers))
        cpu.append(time.process_time() - c)

    wall = repeat(once, times)
    peak = _status("VmHWM")  # the peak while rating (since the reset), rows included
    rated = result[0]
    return {
        "n": n,
        "workers": workers,
        "municipalities": len(rated.by_municipality),
        "values": 3 * n,
        "distinct_texts": len({t for r in rows for t in (r.baseline, r.target, r.actual)}),
        "generate_seconds": generated,
        "wall": wall,
        "cpu": cpu,
        "rss_rows": rss_rows,
        "peak_rows": peak_rows,
        "peak_rss": peak,
        "peak_reset": reset,
        "symbols": dict(Counter(rated.symbols)),
        "overall_share": float(rated.overall.share or 0),
        "years": {str(y): float(a.share or 0) for y, a in sorted(rated.by_year.items())},
    }


if __name__ == "__main__":
    n, seed, times = (int(x) for x in sys.argv[1:4])
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else WORKERS
    print(json.dumps(run_size(n, seed, times, workers)))
