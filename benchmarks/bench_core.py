"""Throughput of Hyoka's core on a 10,000-project synthetic status list; writes docs/benchmarks.md.

Run from the repository root::

    .venv/bin/python benchmarks/bench_core.py            # or: benchmarks/run

Every figure in ``docs/benchmarks.md`` comes from this script; none is typed by hand.
Each measurement is repeated (``--repeat``, at least 5) and the median is reported with
the fastest and slowest repetition.  Nothing here asserts a time: the figures describe
this machine on this day, they are not a test.

What is measured:

* ``explain`` per value text: uncached (``explain.__wrapped__``, every text parsed), a cold
  cache (``explain.cache_clear()`` then the public, cached ``explain``: repeated texts such
  as ``-`` hit) and a warm cache (a second pass);
* per indicator, explain of baseline, target and actual + ``assess`` + ``Rubric.rate``;
* the pipeline a ``hyoka check --json`` run goes through: ``read_status_list`` +
  ``evaluate`` + ``Evaluation.to_dict`` + ``json.dumps``, cache cleared first;
* the bundled 40-project FY2019 list end to end;
* a peer: one compiled regular expression run over the same value texts;
* the peak of Python allocations (tracemalloc) over the pipeline, and a cProfile of it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from hyoka.core.assess import Context, assess
from hyoka.core.evaluate import evaluate
from hyoka.core.rubrics import load_rubric
from hyoka.core.statuslist import StatusList
from hyoka.core.values import explain
from hyoka.ingest.statuslist_text import BUNDLED, read_status_list
from synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
COMMAND = ".venv/bin/python benchmarks/bench_core.py"

#: The peer: what a quick script would use to pull a number, its scale and its unit out of
#: a value text.  It knows no years, states, deadlines, qualifiers or placeholders.
PEER = re.compile(r"([▲△]?)([\d,]+(?:\.\d+)?)([万千億兆]?)([^\d/()\s]*)(?:/(\S+))?")
PEER_TEXT = PEER.pattern


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
    rubric = load_rubric("sapporo")
    for baseline, target, actual in triples:
        rubric.rate(assess(fn(target), fn(actual), fn(baseline), ctx))


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


def json_timings(data: bytes, n_ind: int, reps: int) -> dict[str, Timing]:
    """``json.dumps`` of one evaluation's tree, compact (C encoder) and with ``indent=2``."""
    tree = evaluate(read_status_list(data, "synthetic.txt")).to_dict()
    return {
        "json_compact": Timing(
            "json.dumps, compact",
            repeat(lambda: json.dumps(tree, ensure_ascii=False), reps),
            n_ind,
            "indicators",
        ),
        "json_indent": Timing(
            "json.dumps, indent=2",
            repeat(lambda: json.dumps(tree, ensure_ascii=False, indent=2), reps),
            n_ind,
            "indicators",
        ),
    }


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


# -- the machine -------------------------------------------------------------------------------


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


# -- profile -----------------------------------------------------------------------------------


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in, e.g. "<method 'join' of 'str' objects>"
    path = Path(filename)
    parts = path.parts
    if "hyoka" in parts:
        shown = "/".join(parts[len(parts) - 1 - parts[::-1].index("hyoka") :])
    else:
        shown = "/".join(parts[-2:])
    return f"{shown}:{line}({name})"


def profile_rows(
    stats: pstats.Stats, key: int, n: int, only: str | None = None
) -> list[tuple[str, int, float, float]]:
    """The top ``n`` functions by ``key`` (2 own time, 3 cumulative): label, calls, own, cum;
    ``only`` keeps the functions whose file path contains it.

    The harness itself (this file) and the profiler's own entries are left out.
    """
    raw = stats.stats  # type: ignore[attr-defined]
    rows = []
    for func, (_cc, calls, own, cum, _callers) in raw.items():
        filename = func[0]
        if filename == __file__ or "disable" in func[2] or func[2] == "<module>":
            continue
        if only is not None and only not in filename.replace(os.sep, "/"):
            continue
        rows.append((_label(func), calls, own, cum))
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:n]


def cumulative_of(stats: pstats.Stats, name: str, file_part: str) -> float:
    """Cumulative seconds of the function ``name`` in a file whose path contains ``file_part``
    (the outermost one when several share the name, as ``to_dict`` does)."""
    raw = stats.stats  # type: ignore[attr-defined]
    return max(
        (
            v[3]
            for (filename, _line, fname), v in raw.items()
            if fname == name and file_part in filename.replace(os.sep, "/")
        ),
        default=0.0,
    )


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--projects", type=int, default=10_000, help="projects in the synthetic list")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic list")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions per measurement (>= 5)")
    ap.add_argument("--out", type=Path, default=DOC, help="the Markdown report to (re)write")
    args = ap.parse_args(argv)
    if args.repeat < 5:
        ap.error("--repeat must be at least 5 (the median of fewer runs is not worth reporting)")
    reps: int = args.repeat
    started = time.perf_counter()

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
    understood = sum(1 for t in texts if explain.__wrapped__(t).understood)
    ctx = Context(sl.fiscal_year or 2019, 2019, 2023)
    dataset = {
        "projects": len(sl.projects),
        "indicators": n_ind,
        "values": len(texts),
        "unique": len(set(texts)),
        "placeholder_repeats": max(texts.count("-") - 1, 0),
        "unreadable": len(texts) - understood,
        "bytes": len(data),
        "sections": sum(1 for line in data.split(b"\n") if line.startswith("役割".encode())),
    }
    say(f"{dataset['indicators']:,} indicators, {dataset['values']:,} value texts")

    timings: dict[str, Timing] = {}

    say("explain, uncached (explain.__wrapped__)")
    wrapped = explain.__wrapped__
    timings["explain_uncached"] = Timing(
        "explain, uncached", repeat(lambda: explain_all(texts, wrapped), reps), len(texts), "values"
    )
    say("explain, cold cache (cache_clear before each pass)")
    timings["explain_cold"] = Timing(
        "explain, cold cache",
        repeat(lambda: explain_all(texts, explain), reps, before=explain.cache_clear),
        len(texts),
        "values",
    )
    say("explain, warm cache (second pass)")
    explain.cache_clear()
    explain_all(texts, explain)
    timings["explain_cached"] = Timing(
        "explain, warm cache",
        repeat(lambda: explain_all(texts, explain), reps),
        len(texts),
        "values",
    )

    say("explain + assess + rate per indicator, uncached")
    timings["rate_uncached"] = Timing(
        "explain ×3 + assess + rate, uncached",
        repeat(lambda: rate_all(triples, wrapped, ctx), reps),
        n_ind,
        "indicators",
    )
    say("explain + assess + rate per indicator, warm cache")
    explain_all(texts, explain)
    timings["rate_cached"] = Timing(
        "explain ×3 + assess + rate, warm cache",
        repeat(lambda: rate_all(triples, explain, ctx), reps),
        n_ind,
        "indicators",
    )

    say("regex peer")
    matched = peer_all(texts)
    timings["peer"] = Timing(
        "peer: one compiled regex", repeat(lambda: peer_all(texts), reps), len(texts), "values"
    )

    say("pipeline: read + evaluate + to_dict + json.dumps")
    totals, stages = staged_pipeline(data, reps)
    timings["pipeline"] = Timing("pipeline", totals, n_ind, "indicators")
    json_bytes = len(pipeline(data).encode("utf-8"))

    say("bundled 40-project FY2019 list end to end")
    seed_data = resources.files("hyoka.data").joinpath(BUNDLED["sapporo-fy2019"]).read_bytes()
    seed_sl = read_status_list(seed_data, "seed")
    seed_ind = len(seed_sl.headlines) + sum(len(p.indicators) for p in seed_sl.projects)
    timings["seed"] = Timing(
        "bundled list",
        repeat(lambda: pipeline(seed_data), max(reps, 30), before=explain.cache_clear),
        seed_ind,
        "indicators",
    )

    say("json.dumps without indent (the C encoder), same tree")
    timings.update(json_timings(data, n_ind, reps))

    say("peak memory (tracemalloc) of the pipeline, by stage")
    memory = staged_memory(data)
    peak = max(p for p, _ in memory.values())

    say("cProfile of the pipeline")
    explain.cache_clear()
    gc.collect()
    profiler = cProfile.Profile()
    profiler.runcall(pipeline, data)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    profile = {
        "total": cumulative_of(stats, "pipeline", "benchmarks/bench_core"),
        "top_cum": profile_rows(stats, 3, 5),
        "top_own": profile_rows(stats, 2, 5),
        "top_hyoka": profile_rows(stats, 2, 5, only="hyoka/"),
        "shares": {
            "read_status_list": cumulative_of(stats, "read_status_list", "hyoka/ingest"),
            "evaluate": cumulative_of(stats, "evaluate", "hyoka/core/evaluate"),
            "Evaluation.to_dict": cumulative_of(stats, "to_dict", "hyoka/core/evaluate"),
            "json.dumps": cumulative_of(stats, "dumps", "json/"),
            "_explain (the grammar)": cumulative_of(stats, "_explain", "hyoka/core/values"),
            "assess": cumulative_of(stats, "assess", "hyoka/core/assess"),
            "Rubric.rate": cumulative_of(stats, "rate", "hyoka/core/rubrics"),
            "trajectory (in to_dict)": cumulative_of(stats, "trajectory", "hyoka/core/aggregate"),
        },
    }
    explain.cache_clear()
    pipeline(data)
    cache = explain.cache_info()

    elapsed = time.perf_counter() - started
    say(f"done in {elapsed:.0f}s; writing {args.out}")
    report = render(
        args=args,
        dataset=dataset,
        timings=timings,
        stages=stages,
        json_bytes=json_bytes,
        matched=matched,
        peak=peak,
        memory=memory,
        profile=profile,
        cache=(cache.hits, cache.misses),
        elapsed=elapsed,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(headline(timings, peak), file=sys.stderr)
    return 0


def _other_cores() -> str:
    n = (os.cpu_count() or 1) - 1
    if n <= 0:
        return "this machine has no other core"
    return (
        f"the other {n} core{'s' if n > 1 else ''} of this machine stay{'' if n > 1 else 's'} idle"
    )


# -- the report --------------------------------------------------------------------------------


def _n(x: float) -> str:
    """A rate with thousands separators and three significant figures."""
    if x >= 100:
        return f"{round(x, -len(str(int(x))) + 3):,.0f}"
    return f"{x:.3g}"


def _ms(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.2f} s"


def headline(timings: dict[str, Timing], peak: int) -> str:
    t = timings
    return (
        f"explain uncached {_n(t['explain_uncached'].rate)} values/s, "
        f"cached {_n(t['explain_cached'].rate)} values/s; "
        f"explain+assess+rate {_n(t['rate_uncached'].rate)} indicators/s "
        f"({_n(3 * t['rate_uncached'].rate)} values/s); "
        f"pipeline {t['pipeline'].median:.2f} s ({_n(t['pipeline'].rate)} indicators/s); "
        f"peak {peak / 2**20:.1f} MiB; regex peer {_n(t['peer'].rate)} values/s, "
        f"explain/peer {t['explain_uncached'].rate / t['peer'].rate:.3f}"
    )


def render(
    *,
    args: argparse.Namespace,
    dataset: dict[str, int],
    timings: dict[str, Timing],
    stages: dict[str, list[float]],
    json_bytes: int,
    matched: int,
    peak: int,
    memory: dict[str, tuple[int, int]],
    profile: dict[str, Any],
    cache: tuple[int, int],
    elapsed: float,
) -> str:
    t = timings
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        version = metadata.version("hyoka")
    except metadata.PackageNotFoundError:
        version = "unknown"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cmd = COMMAND + "".join(
        f" --{k} {v}"
        for k, v in (("projects", args.projects), ("seed", args.seed), ("repeat", args.repeat))
        if v != {"projects": 10_000, "seed": 1, "repeat": 5}[k]
    )
    d = dataset
    reps = args.repeat
    unc, cached, peer = t["explain_uncached"], t["explain_cached"], t["peer"]
    pipe, seed = t["pipeline"], t["seed"]

    def rate_row(key: str, what: str, per: str = "") -> str:
        x = t[key]
        lo, hi = x.rate_range()
        extra = f" ({_n(3 * x.rate)} values/s)" if per == "values" else ""
        return (
            f"| {what} | **{_n(x.rate)}** {x.unit}/s{extra} | {_n(lo)}–{_n(hi)} | "
            f"{_ms(x.median)} for {x.items:,} |"
        )

    lines = [
        "# Benchmarks",
        "",
        "<!-- Written by benchmarks/bench_core.py; do not edit by hand: rerun `benchmarks/run`. -->",
        "",
        "How fast Hyoka's core reads, rates and reports a status list far longer than any real",
        "one, and what bounds it. Every figure below was measured by the command shown; the",
        "script rewrites this file on each run. The figures describe one machine on one day:",
        "nothing asserts a time.",
        "",
        "## Run",
        "",
        f"- Date: {now}",
        f"- Command: `{cmd}` (repository root; `benchmarks/run` runs every benchmark)",
        f"- Hyoka {version}, commit `{commit()}`",
        f"- Machine: {cpu_model()}, {os.cpu_count()} logical CPUs ({affinity} usable), "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"single process, one thread",
        f"- Each measurement repeated {reps} times ({max(reps, 30)} for the bundled list); "
        f"the median is shown with the fastest–slowest range. Whole run: {elapsed:.0f} s.",
        "",
        "## Data",
        "",
        f"A synthetic list from `benchmarks/synthetic.py` (seed {args.seed}): "
        f"{d['projects']:,} projects with 1–3 indicators each plus the 【基本KPI】 rows — "
        f"{d['indicators']:,} indicators, {d['values']:,} baseline/target/actual texts "
        f"({d['unique']:,} distinct; {d['unreadable']:,} = {d['unreadable'] / d['values']:.1%} "
        f"not understood by the grammar), {d['bytes'] / 2**20:.1f} MiB of UTF-8 text in "
        f"{d['sections']} sections of at most 999 projects (the reader takes project numbers of "
        "up to three digits, so numbering restarts per section). The value texts are drawn from "
        "the grammar's forms with random numbers: `12社/年度`, `29.8万人 (2023年度)`, "
        "`約79,600人`, `100名以上 (集計中)`, `▲2,805人 (2017年)`, `2019年度まで`, "
        "`常時 (毎年度)`, `5,559/250 (2019年度)`, `現状値からの増加 (2023年度)`, "
        "`令和元年度（予定）`, `-`, …",
        "",
        "## Results",
        "",
        "| Measurement | Median | Range (slowest–fastest) | Median time |",
        "|---|---|---|---|",
        rate_row(
            "explain_uncached", "`explain`, uncached (`explain.__wrapped__`, every text parsed)"
        ),
        rate_row("explain_cold", "`explain`, cold cache (`cache_clear()` first; repeats hit)"),
        rate_row("explain_cached", "`explain`, warm cache (second pass)"),
        rate_row(
            "rate_uncached",
            "**Values explained + rated**: explain ×3 + `assess` + `rate`, uncached",
            "values",
        ),
        rate_row("rate_cached", "explain ×3 + `assess` + `rate`, warm cache", "values"),
        f"| **Pipeline**: `read_status_list` + `evaluate` + `to_dict` + `json.dumps`, "
        f"{d['projects']:,} projects | **{pipe.median:.2f} s** ({_n(pipe.rate)} indicators/s) | "
        f"{min(pipe.seconds):.2f}–{max(pipe.seconds):.2f} s | "
        f"{_ms(pipe.median)} for {pipe.items:,} |",
        f"| Bundled FY2019 list ({seed.items} indicators, 40 projects): read + evaluate + JSON "
        f"| **{seed.median * 1000:.1f} ms** | {min(seed.seconds) * 1000:.1f}–"
        f"{max(seed.seconds) * 1000:.1f} ms | — |",
        rate_row("peer", "Peer: one compiled regex (`PEER.search` + `groups()`)"),
        f"| Peak Python memory of the pipeline (tracemalloc), {d['projects']:,} projects "
        f"| **{peak / 2**20:.1f} MiB** | one run | — |",
        "",
        "Ratios:",
        "",
        f"- Hyoka's uncached `explain` runs at **{unc.rate / peer.rate:.3f}×** the peer regex's "
        f"speed (the regex is {peer.rate / unc.rate:.0f}× faster). The regex finds a number "
        f"somewhere in {matched:,} of the {d['values']:,} texts "
        f"({matched / d['values']:.0%}) but knows no years, periods, states, deadlines, "
        f"qualifiers, bounds or placeholders, and says nothing of the texts it misreads; "
        f"`explain` types all of them and gives a reason for the "
        f"{d['unreadable']:,} it cannot read.",
        f"- The warm cache is {cached.rate / unc.rate:.0f}× the uncached rate; "
        f"a cold-cache pass over this list is only {t['explain_cold'].rate / unc.rate:.1f}× the "
        f"uncached rate although {1 - d['unique'] / d['values']:.0%} of its texts repeat: "
        f"{d['placeholder_repeats']:,} of the {d['values'] - d['unique']:,} repeats are `-`, "
        "cheap to parse anyway. "
        f"In one pipeline run the cache saw {cache[0]:,} hits and {cache[1]:,} misses.",
        f"- Explaining is most of rating: explain ×3 + assess + rate, uncached, runs at "
        f"{_n(t['rate_uncached'].rate)} indicators/s against {_n(unc.rate / 3)} indicators/s "
        f"for explain ×3 alone, so the grammar takes about "
        f"{t['rate_uncached'].rate / (unc.rate / 3):.0%} of the time and `assess` + `rate` the "
        f"rest.",
        f"- Peer regex pattern: `{PEER_TEXT}`",
        "",
        "Pipeline stages (wall clock, median of the same repetitions) and memory (tracemalloc, "
        "one separate run: the peak during each stage and what is still allocated at its end):",
        "",
        "| Stage | Median | Share | Peak during | Held at end |",
        "|---|---|---|---|---|",
    ]
    mib = 2**20
    total = sum(statistics.median(v) for v in stages.values())
    for key, secs in stages.items():
        m = statistics.median(secs)
        peak_at, held = memory.get(key, (0, 0))
        lines.append(
            f"| {key} | {_ms(m)} | {m / total:.0%} | {peak_at / mib:.1f} MiB | "
            f"{held / mib:.1f} MiB |"
        )
    jc, ji = t["json_compact"], t["json_indent"]
    lines += [
        "",
        f"The JSON written is {json_bytes / mib:.1f} MiB (`ensure_ascii=False, indent=2`, as "
        f"`hyoka check --json`). On the same tree `json.dumps` takes {_ms(ji.median)} with "
        f"`indent=2` and {_ms(jc.median)} without indent ({ji.median / jc.median:.1f}×).",
        "",
        "## What limits it",
        "",
        f"From a cProfile of one pipeline run on the {d['projects']:,}-project list, cache "
        f"cleared first ({profile['total']:.2f} s under the profiler, which inflates "
        "call-heavy code, so read shares from the wall-clock stages above). Cumulative time "
        "of the main parts:",
        "",
        "| Part | Cumulative | Share of the profiled run |",
        "|---|---|---|",
    ]
    for name, secs in profile["shares"].items():
        share = secs / profile["total"] if profile["total"] else 0.0
        lines.append(f"| `{name}` | {secs:.2f} s | {share:.0%} |")

    def table(title: str, rows: list[tuple[str, int, float, float]]) -> list[str]:
        out = ["", title, "", "| Function | Calls | Own | Cumulative |", "|---|---|---|---|"]
        out += [
            f"| `{label}` | {calls:,} | {own:.3f} s | {cum:.3f} s |"
            for label, calls, own, cum in rows
        ]
        return out

    lines += table("Top 5 functions by own time (time in the function itself):", profile["top_own"])
    lines += table(
        "Top 5 functions by cumulative time (including what they call):", profile["top_cum"]
    )
    lines += table("Top 5 of Hyoka's own functions by own time:", profile["top_hyoka"])

    wall = {k: statistics.median(v) for k, v in stages.items()}
    biggest = max(wall, key=wall.__getitem__)
    own_top = profile["top_own"][0]
    hy_top = profile["top_hyoka"][0] if profile["top_hyoka"] else None
    pure_json = any("_iterencode" in label for label, *_ in profile["top_own"])
    held_tree = memory.get("to_dict", (0, 0))[1]
    json_peak = memory.get("json", (0, 0))[0]
    points = [
        f"- **The largest stage is `{biggest}`** ({wall[biggest] / total:.0%} of the wall "
        f"clock); the function with the most own time is `{own_top[0]}` "
        f"({own_top[2]:.2f} s over {own_top[1]:,} calls under the profiler).",
    ]
    if pure_json:
        points.append(
            "- **JSON**: with `indent` set, the standard library's `json` falls back from its C "
            "encoder to the pure-Python one (`json/encoder.py` `_iterencode*` in the profile), "
            f"one call per container and item — hence {ji.median / jc.median:.1f}× the compact "
            "time. It also builds the whole output as a list of small chunks before joining "
            f"them, which is why the peak during the `json` stage ({json_peak / mib:.0f} MiB) "
            f"is well above the {held_tree / mib:.0f} MiB held once the tree is built."
        )
    cold_share = t["explain_cold"].median / wall.get("evaluate", 1.0)
    points.append(
        f"- **The grammar**: `evaluate` takes {_ms(wall.get('evaluate', 0.0))}; a cold-cache "
        f"`explain` pass over the same {d['values']:,} texts alone takes "
        f"{_ms(t['explain_cold'].median)}, about {cold_share:.0%} of it; `_explain` is "
        f"{profile['shares']['_explain (the grammar)'] / profile['total']:.0%} of the profiled "
        "run."
        + (
            f" Its costliest own-time function is `{hy_top[0]}` ({hy_top[1]:,} calls)."
            if hy_top
            else ""
        )
    )
    points.append(
        "- **One core**: the work is pure Python in one thread, so throughput follows one "
        f"core's speed ({_other_cores()}). Memory grows with the list: each indicator keeps three `Value` objects, "
        "an `Assessment`, a `Rating` with its reasons and its dictionary in the JSON-ready "
        "tree, which exists in full before `json.dumps` writes it."
    )
    lines += ["", "In short:", "", *points, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
