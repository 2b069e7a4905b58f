"""Throughput of Hyoka's core: values explained and rated, 10³–10⁶ indicator-years.

Run from the repository root::

    .venv/bin/python benchmarks/bench_core.py            # or: benchmarks/run core
    .venv/bin/python benchmarks/bench_core.py --quick    # growth to 10⁵ only, no 1 M run

It writes the ``core`` section (``benchmarks/results/core.md``) with
:func:`common.write_section`, which reassembles ``docs/benchmarks.md``.  Every figure there
comes from this script; none is typed by hand.  Each measurement is repeated (``--repeat``,
at least 5) and the median is reported with the fastest and slowest repetition, in wall-clock
time and in CPU time of this process (``time.process_time``): on a machine shared with other
work the CPU time is the steadier of the two.  Nothing here asserts a time.

What is measured:

* ``explain`` per value text of a 10,000-project synthetic list: uncached
  (``explain.__wrapped__``, every text parsed), a cold cache and a warm cache;
* **values explained and rated**: per indicator, explain of baseline, target and actual +
  ``assess`` + ``Rubric.rate``, uncached (the headline) and with a warm cache;
* a peer in the same run: one compiled regular expression over the same value texts;
* the pipeline of ``hyoka check --json``: ``read_status_list`` + ``evaluate`` + ``to_dict``
  + ``json.dumps``, by stage, with its memory (tracemalloc), and the bundled FY2019 list;
* growth: 10³, 10⁴, 10⁵ and 10⁶ indicator-years rated end to end (values → explanations →
  assessments → ratings → achievement shares per municipality and year, per year, per
  municipality), each size in its own process (``benchmarks/nationwide.py``) for its peak
  memory; the 10⁶ run is the nationwide shape, 1,741 municipalities × 115 indicators × 5 years;
* cProfiles of the headline loop, of the pipeline and of the 10⁵ growth run: what limits each.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from common import ROOT, Timing, repeat, write_section
from core_report import Run, profile_summary, render
from hyoka.core.assess import Context, assess
from hyoka.core.evaluate import evaluate
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import StatusList
from hyoka.core.values import explain, explain_full
from hyoka.core.values_fast import fast
from hyoka.ingest.statuslist_text import BUNDLED, read_status_list
from nationwide import WORKERS, rate_rows
from synthetic import INDICATORS, MUNICIPALITIES, YEARS, generate, indicator_years

#: The peer: what a quick script would use to pull a number, its scale and its unit out of
#: a value text.  It knows no years, states, deadlines, qualifiers or placeholders.
PEER = re.compile(r"([▲△]?)([\d,]+(?:\.\d+)?)([万千億兆]?)([^\d/()\s]*)(?:/(\S+))?")

#: Growth sizes (indicator-years) and repetitions; the last is the nationwide shape.
NATIONWIDE = MUNICIPALITIES * INDICATORS * len(YEARS)
SIZES = ((1_000, 5), (10_000, 5), (100_000, 5), (NATIONWIDE, 3))
QUICK_SIZES = ((1_000, 5), (10_000, 5), (100_000, 3))


# -- the work measured -------------------------------------------------------------------------


def value_texts(sl: StatusList) -> list[str]:
    """Every baseline, target and actual text the evaluation explains, in document order."""
    indicators = [h.indicator for h in sl.headlines]
    indicators += [ind for p in sl.projects for ind in p.indicators]
    return [text for ind in indicators for text in (ind.baseline, ind.target, ind.actual)]


def explain_all(texts: Sequence[str], fn: Callable[[str], object]) -> None:
    for text in texts:
        fn(text)


def peer_all(texts: Sequence[str]) -> int:
    matched = 0
    search = PEER.search
    for text in texts:
        m = search(text)
        if m is not None:
            m.groups()
            matched += 1
    return matched


def rate_all(
    triples: Sequence[tuple[str, str, str]], fn: Callable[[str], Any], ctx: Context
) -> None:
    rate = load_rubric("sapporo").rate
    for baseline, target, actual in triples:
        rate(assess(fn(target), fn(actual), fn(baseline), ctx))


def pipeline(data: bytes, marks: list[float] | None = None) -> str:
    """read → evaluate → to_dict → JSON, as ``hyoka check --json`` does; ``marks`` gets the
    time after each stage."""
    sl = read_status_list(data, "synthetic.txt")
    if marks is not None:
        marks.append(time.perf_counter())
    ev = evaluate(sl)
    if marks is not None:
        marks.append(time.perf_counter())
    d = ev.to_dict()
    if marks is not None:
        marks.append(time.perf_counter())
    out = json.dumps(d, ensure_ascii=False, indent=2)
    if marks is not None:
        marks.append(time.perf_counter())
    return out


def timed(
    name: str,
    fn: Callable[[], object],
    times: int,
    items: int,
    unit: str,
    before: Callable[[], None] | None = None,
) -> tuple[Timing, Timing]:
    """Wall-clock and CPU-time repetitions of ``fn`` (``common.repeat`` times the wall clock)."""
    cpu: list[float] = []

    def once() -> None:
        c = time.process_time()
        fn()
        cpu.append(time.process_time() - c)

    wall = repeat(once, times, before)
    return Timing(name, wall, items, unit), Timing(name, cpu, items, unit)


def staged_memory(data: bytes) -> dict[str, tuple[int, int]]:
    """Per stage of one pipeline run: the peak of traced Python allocations during the stage
    and what is still allocated at its end (tracemalloc, bytes)."""
    out: dict[str, tuple[int, int]] = {}
    explain.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:

        def mark(stage: str) -> None:
            current, peak = tracemalloc.get_traced_memory()
            out[stage] = (peak, current)
            tracemalloc.reset_peak()

        sl = read_status_list(data, "synthetic.txt")
        mark("read")
        ev = evaluate(sl)
        mark("evaluate")
        d = ev.to_dict()
        mark("to_dict")
        text = json.dumps(d, ensure_ascii=False, indent=2)
        mark("json")
        del sl, ev, d, text
    finally:
        tracemalloc.stop()
    return out


def staged_pipeline(data: bytes, times: int) -> tuple[list[float], dict[str, list[float]]]:
    totals: list[float] = []
    stages: dict[str, list[float]] = {k: [] for k in ("read", "evaluate", "to_dict", "json")}
    for _ in range(times):
        explain.cache_clear()
        gc.collect()
        marks = [time.perf_counter()]
        pipeline(data, marks)
        totals.append(marks[-1] - marks[0])
        for key, a, b in zip(stages, marks, marks[1:], strict=False):
            stages[key].append(b - a)
    return totals, stages


def growth(sizes: Sequence[tuple[int, int]], seed: int, say: Callable[[str], None]) -> list[Any]:
    """Each size in a fresh process (its own peak memory), rated in that one process (its CPU
    time is the whole work's); then the largest again in :data:`nationwide.WORKERS` forked
    workers, as a nationwide run would rate it: the JSON of nationwide.run_size."""
    out = []
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "benchmarks"), env.get("PYTHONPATH", "")) if p
    )
    runs = [(n, times, 1) for n, times in sizes]
    if WORKERS > 1 and sizes:
        runs.append((*sizes[-1], WORKERS))
    for n, times, workers in runs:
        say(f"growth: {n:,} indicator-years × {times} in a fresh process, {workers} worker(s)")
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "nationwide.py"),
                *map(str, (n, seed, times, workers)),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        out.append(json.loads(proc.stdout))
    return out


def profiled(fn: Callable[[], object]) -> pstats.Stats:
    gc.collect()
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    return pstats.Stats(profiler, stream=io.StringIO())


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    ap.add_argument("--projects", type=int, default=10_000, help="projects in the synthetic list")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions per measurement (>= 5)")
    ap.add_argument(
        "--quick", action="store_true", help="growth to 10⁵ only (no 1 M run), fewer repetitions"
    )
    args = ap.parse_args(argv)
    if args.repeat < 5:
        ap.error("--repeat must be at least 5 (the median of fewer runs is not worth reporting)")
    reps: int = args.repeat
    started = time.perf_counter()
    load_before = os.getloadavg()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    say(f"generating {args.projects:,} projects (seed {args.seed})")
    data = generate(args.projects, args.seed).encode("utf-8")
    sl = read_status_list(data, "synthetic.txt")
    texts = value_texts(sl)
    indicators = [h.indicator for h in sl.headlines]
    indicators += [ind for p in sl.projects for ind in p.indicators]
    triples = [(i.baseline, i.target, i.actual) for i in indicators]
    n_ind = len(indicators)
    wrapped = explain.__wrapped__  # type: ignore[attr-defined]
    understood = sum(1 for t in texts if wrapped(t).understood)
    ctx = Context(sl.fiscal_year or 2019, 2019, 2023)
    dataset = {
        "projects": len(sl.projects),
        "indicators": n_ind,
        "values": len(texts),
        "unique": len(set(texts)),
        "placeholder_repeats": max(texts.count("-") - 1, 0),
        "unreadable": len(texts) - understood,
        "fast": sum(1 for t in texts if fast(t) is not None),
        "bytes": len(data),
        "sections": sum(1 for line in data.split(b"\n") if line.startswith("役割".encode())),
    }
    say(f"{dataset['indicators']:,} indicators, {dataset['values']:,} value texts")

    wall: dict[str, Timing] = {}
    cpu: dict[str, Timing] = {}

    def measure(key: str, *a: Any, **kw: Any) -> None:
        wall[key], cpu[key] = timed(*a, **kw)

    say("explain: uncached, cold cache, warm cache")
    measure("explain_uncached", "explain, uncached", lambda: explain_all(texts, wrapped), reps,
            len(texts), "values")  # fmt: skip
    measure("explain_full", "full grammar only", lambda: explain_all(texts, explain_full), reps,
            len(texts), "values")  # fmt: skip
    measure("explain_cold", "explain, cold cache", lambda: explain_all(texts, explain), reps,
            len(texts), "values", before=explain.cache_clear)  # fmt: skip
    explain.cache_clear()
    explain_all(texts, explain)
    measure("explain_cached", "explain, warm cache", lambda: explain_all(texts, explain), reps,
            len(texts), "values")  # fmt: skip

    say("explained + rated per indicator: uncached, warm cache")
    measure("rate_uncached", "explain ×3 + assess + rate, uncached",
            lambda: rate_all(triples, wrapped, ctx), reps, n_ind, "indicators")  # fmt: skip
    explain_all(texts, explain)
    measure("rate_cached", "explain ×3 + assess + rate, warm cache",
            lambda: rate_all(triples, explain, ctx), reps, n_ind, "indicators")  # fmt: skip

    say("regex peer")
    matched = peer_all(texts)
    measure("peer", "peer: one compiled regex", lambda: peer_all(texts), reps, len(texts),
            "values")  # fmt: skip

    say("pipeline: read + evaluate + to_dict + json.dumps")
    totals, stages = staged_pipeline(data, reps)
    wall["pipeline"] = Timing("pipeline", totals, n_ind, "indicators")
    json_bytes = len(pipeline(data).encode("utf-8"))
    tree = evaluate(read_status_list(data, "synthetic.txt")).to_dict()
    measure("json_compact", "json.dumps, compact",
            lambda: json.dumps(tree, ensure_ascii=False), reps, n_ind, "indicators")  # fmt: skip
    measure("json_indent", "json.dumps, indent=2",
            lambda: json.dumps(tree, ensure_ascii=False, indent=2), reps, n_ind,
            "indicators")  # fmt: skip
    tree = {}  # freed before the next measurement

    say("bundled 40-project FY2019 list end to end")
    seed_data = resources.files("hyoka.data").joinpath(BUNDLED["sapporo-fy2019"]).read_bytes()
    seed_sl = read_status_list(seed_data, "seed")
    seed_ind = len(seed_sl.headlines) + sum(len(p.indicators) for p in seed_sl.projects)
    measure("seed", "bundled list", lambda: pipeline(seed_data), max(reps, 30), seed_ind,
            "indicators", before=explain.cache_clear)  # fmt: skip

    say("peak memory (tracemalloc) of the pipeline, by stage")
    memory = staged_memory(data)

    say("cProfiles: the headline loop, the pipeline, 10⁵ indicator-years")
    profiles = {
        "headline": profile_summary(profiled(lambda: rate_all(triples, wrapped, ctx)), "rate_all"),
    }
    explain.cache_clear()
    profiles["pipeline"] = profile_summary(profiled(lambda: pipeline(data)), "pipeline")
    rows = indicator_years(100_000, args.seed)
    rubric = load_rubric("sapporo")
    profiles["growth"] = profile_summary(profiled(lambda: rate_rows(rows, rubric)), "rate_rows")
    rows = []
    explain.cache_clear()
    pipeline(data)
    cache = explain.cache_info()

    sizes = QUICK_SIZES if args.quick else SIZES
    grown = growth(sizes, args.seed, say)

    elapsed = time.perf_counter() - started
    say(f"done in {elapsed:.0f}s; writing the core section")
    run = Run(
        args=args,
        dataset=dataset,
        wall=wall,
        cpu=cpu,
        stages=stages,
        json_bytes=json_bytes,
        matched=matched,
        memory=memory,
        profiles=profiles,
        cache=(cache.hits, cache.misses),
        growth=grown,
        elapsed=elapsed,
        load=(load_before, os.getloadavg()),
        peer_pattern=PEER.pattern,
    )
    path = write_section("core", render(run))
    say(f"wrote {path.relative_to(ROOT)} and docs/benchmarks.md")
    u = cpu["rate_uncached"]
    print(
        f"explained + rated, uncached: {3 * wall['rate_uncached'].rate:,.0f} values/s wall, "
        f"{3 * u.rate:,.0f} values/s CPU; explain uncached {wall['explain_uncached'].rate:,.0f}"
        f" values/s wall; 1 M: "
        + ", ".join(f"{g['n']:,}: {sorted(g['wall'])[len(g['wall']) // 2]:.2f} s" for g in grown),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
