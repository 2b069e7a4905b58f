"""The Markdown section of the web benchmark (``bench_web.py`` measures, this lays it out),
and the result of one load run, which both share."""

from __future__ import annotations

import argparse
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import common

VENV_BENCH = common.ROOT / ".venv-bench"
COMMAND = ".venv/bin/python benchmarks/bench_web.py"


@dataclass
class Result:
    name: str
    url: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return int(sum(self.data["errors"].values()))


# --- the report ----------------------------------------------------------------------------


def versions() -> str:
    def v(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    datasette = subprocess.run(
        [str(VENV_BENCH / "bin" / "datasette"), "--version"], capture_output=True, text=True
    ).stdout.split()[-1]
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return (
        f"Django {v('Django')}, gunicorn {v('gunicorn')} (sync workers), django-ninja "
        f"{v('django-ninja')}, psycopg {v('psycopg')}, Datasette {datasette}, wrk {wrk_v}, "
        f"Python {platform.python_version()}"
    )


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def report(
    results: dict[str, Result],
    prof: dict[str, Any],
    floor_prof: dict[str, Any],
    args: argparse.Namespace,
    meta: dict[str, Any],
    gthread: dict[str, Result],
) -> str:
    r = results
    api, page = r["Hyoka API"], r["Hyoka page"]
    fj, fh, dj, dh = r["floor JSON"], r["floor HTML"], r["Datasette JSON"], r["Datasette HTML"]

    def ratio(a: Result, b: Result) -> float:
        return float(a.data["rps"] / b.data["rps"]) if b.data["rps"] else float("inf")

    total = args.duration * args.rounds
    lines = [
        "## Web",
        "",
        "The status-list page and the JSON API of `hyoka serve --production` on PostgreSQL "
        f"under {args.connections} concurrent clients, beside a bare Django project serving "
        "the same rows (the floor) and Datasette serving them read-only.",
        "",
        f"- Date: {meta['date']}; whole run {meta['seconds']:.0f} s",
        f"- Command: `{COMMAND}` (repository root; `benchmarks/run web`)",
        f"- Hyoka {meta['hyoka']}, commit `{common.commit()}`",
        f"- {versions()}; PostgreSQL {meta['postgres']} on the same machine",
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency "
        f"--timeout 10s` over loopback from the same machine, one target at a time, each "
        f"after an unrecorded {args.warmup:g} s warm-up, in {args.rounds} rounds over the six "
        f"targets ({total:g} s of load per target in all): the machine is shared, and "
        "rounds spread whatever else runs over every target alike. Each figure is the median "
        "of its rounds (req/s with the lowest–highest round); errors and bytes are totals. "
        f"Hyoka and the floor each run {args.workers} gunicorn sync workers with "
        "`--access-logfile -`, as `hyoka serve --production --workers "
        f"{args.workers}` starts them; Datasette is one process (`datasette serve -i`, its "
        "defaults).",
        f"- Data: the bundled FY2019 list imported with `hyoka import --bundled "
        f"sapporo-fy2019`: {meta['rows']} indicator rows of 40 projects. The floor and "
        "Datasette serve these rows; the floor's JSON is the API's answer byte for byte "
        f"({'checked' if meta['same_json'] else 'NOT identical: see the log'}).",
        f"- Load average {meta['load_before']} before the run and {meta['load_after']} "
        "after it: other work ran meanwhile (the CPU columns).",
        "",
        "| target | URL | req/s (rounds) | p50 ms | p95 ms | p99 ms | errors | bytes/answer "
        "| server CPU ms/answer | cores used: server · PostgreSQL · wrk · others |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for x in r.values():
        d, c = x.data, x.cpu
        lines.append(
            f"| {x.name} | `{urlsplit(x.url).path}{'?' if urlsplit(x.url).query else ''}"
            f"{urlsplit(x.url).query}` | **{fmt_rate(d['rps'])}** "
            f"({fmt_rate(d['rps_min'])}–{fmt_rate(d['rps_max'])}) | {d['p50_ms']:.1f} | "
            f"{d['p95_ms']:.1f} | {d['p99_ms']:.1f} | {x.errors} | "
            f"{d['bytes_per_response']:,.0f} | {c['ms_per_request']:.2f} | "
            f"{c['server']:.2f} · {c['postgres']:.2f} · {c['wrk']:.2f} · {c['other']:.2f} |"
        )
    lines += [
        "",
        "Errors: wrk's non-2xx answers (`summary.errors.status`) plus connect, read, write "
        "errors and timeouts (10 s). Bytes per answer include the headers. Server CPU per "
        "answer: CPU time of the server's processes divided by the answers (gunicorn's and "
        "Django's work, not PostgreSQL's): it moves much less than req/s with what else "
        f"runs (±20 % between runs here, where req/s moves 2–3 ×). Cores used, of {meta['cores']:.0f}: the server's processes, every `postgres` "
        "process on the machine (other users' too), wrk, everything else.",
        "",
        "### Against the targets",
        "",
        "| target | measured | needed | met |",
        "|---|---:|---:|---|",
    ]

    def row(what: str, value: str, needed: str, ok: bool) -> None:
        lines.append(f"| {what} | {value} | {needed} | {'yes' if ok else '**no**'} |")

    row("API ÷ floor JSON (req/s)", f"{ratio(api, fj):.2f}", "≥ 0.5", ratio(api, fj) >= 0.5)
    row("API ÷ Datasette JSON (req/s)", f"{ratio(api, dj):.1f}", "≥ 5", ratio(api, dj) >= 5)
    row("API p95", f"{api.data['p95_ms']:.1f} ms", "≤ 50 ms", api.data["p95_ms"] <= 50)
    row("API errors", str(api.errors), "0", api.errors == 0)
    row("page ÷ floor HTML (req/s)", f"{ratio(page, fh):.2f}", "≥ 0.5", ratio(page, fh) >= 0.5)
    row("page p95", f"{page.data['p95_ms']:.1f} ms", "≤ 100 ms", page.data["p95_ms"] <= 100)
    row("page errors", str(page.errors), "0", page.errors == 0)
    cpu_ratio = dj.cpu["ms_per_request"] / api.cpu["ms_per_request"]
    if gthread:
        lines += gthread_section(gthread, r, args)
    lines += [
        "",
        f"In server CPU per answer the API is {cpu_ratio:.1f} × cheaper than Datasette's JSON "
        f"and {fj.cpu['ms_per_request'] / api.cpu['ms_per_request']:.1f} × cheaper than the "
        f"floor's; the page {fh.cpu['ms_per_request'] / page.cpu['ms_per_request']:.1f} × "
        f"cheaper than the floor's template and "
        f"{dh.cpu['ms_per_request'] / page.cpu['ms_per_request']:.1f} × cheaper than "
        "Datasette's table page.",
        "",
        "### What limits each figure (profiled)",
        "",
        "In one process with Django's test client (no network, no gunicorn) on the same "
        f"database, median of {args.profile_n} requests each; SQL queries counted with "
        "`CaptureQueriesContext`; time shares from cProfile (cumulative, so they overlap; "
        "`view` is the view function itself, the rest of a request is middleware and "
        "Django's handler):",
        "",
        "| request | ms/request | SQL queries | bytes | where the time goes |",
        "|---|---:|---:|---:|---|",
    ]

    def prow(label: str, p: dict[str, Any]) -> None:
        shares = ", ".join(
            f"{k} {v:.0%}" for k, v in sorted(p["shares"].items(), key=lambda kv: -kv[1]) if v
        )
        lines.append(f"| {label} | {p['ms']:.2f} | {p['queries']} | {p['bytes']:,} | {shares} |")

    prow("Hyoka API, kept answer (anonymous, data unchanged)", prof["api"]["kept"])
    prow("Hyoka API, fresh (cache emptied, as after a write)", prof["api"]["fresh"])
    prow("Hyoka page, kept body", prof["page"]["kept"])
    prow("Hyoka page, fresh (cache emptied, as after a write)", prof["page"]["fresh"])
    prow("floor JSON", floor_prof["json"]["plain"])
    prow("floor HTML", floor_prof["html"]["plain"])
    lines += ["", "Functions with the most own time (share of all time) in the kept answers:", ""]
    for label, p in (("API", prof["api"]["kept"]), ("page", prof["page"]["kept"])):
        top = "; ".join(f"`{f}` {s:.0%}" for f, s in p["top"][:5])
        lines.append(f"- {label}: {top}")
    lines += ["", *limits(results, prof, floor_prof, meta)]
    return "\n".join(lines) + "\n"


def gthread_section(
    g: dict[str, Result], main: dict[str, Result], args: argparse.Namespace
) -> list[str]:
    api, page, fj, fh = g["Hyoka API"], g["Hyoka page"], g["floor JSON"], g["floor HTML"]
    dj = main["Datasette JSON"]
    lines = [
        "",
        f"#### The same with threaded workers: `GUNICORN_CMD_ARGS='{args.gthread}'`",
        "",
        "gunicorn's sync workers close the connection after every answer, so each request "
        "pays a TCP connection and an `accept`; threaded workers keep connections alive (as "
        "Datasette's server does). Measured right after the rounds above, for Hyoka and the "
        f"floor alike, {args.workers} workers each, one round of {args.duration:g} s per "
        "target (`hyoka serve --production` passes `GUNICORN_CMD_ARGS` on unchanged):",
        "",
        "| target | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/answer |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for x in g.values():
        d = x.data
        lines.append(
            f"| {x.name} | **{fmt_rate(d['rps'])}** | {d['p50_ms']:.1f} | {d['p95_ms']:.1f} | "
            f"{d['p99_ms']:.1f} | {x.errors} | {x.cpu['ms_per_request']:.2f} |"
        )

    def ratio(a: Result, b: Result) -> float:
        return float(a.data["rps"] / b.data["rps"]) if b.data["rps"] else float("inf")

    lines += [
        "",
        f"Against the targets with these workers: API ÷ floor JSON {ratio(api, fj):.2f} "
        f"(≥ 0.5), API ÷ Datasette JSON (from the rounds above) {ratio(api, dj):.1f} (≥ 5), "
        f"API p95 {api.data['p95_ms']:.1f} ms (≤ 50), page ÷ floor HTML "
        f"{ratio(page, fh):.2f} (≥ 0.5), page p95 {page.data['p95_ms']:.1f} ms (≤ 100), "
        f"errors {api.errors + page.errors}.",
    ]
    return lines


def limits(
    r: dict[str, Result], prof: dict[str, Any], floor_prof: dict[str, Any], meta: dict[str, Any]
) -> list[str]:
    api, page = r["Hyoka API"], r["Hyoka page"]
    fj, fh, dj, dh = r["floor JSON"], r["floor HTML"], r["Datasette JSON"], r["Datasette HTML"]
    ka, fa = prof["api"]["kept"], prof["api"]["fresh"]
    kp, fp = prof["page"]["kept"], prof["page"]["fresh"]
    cores = meta["cores"]

    def busy(x: Result) -> str:
        c = x.cpu
        used = c["server"] + c["postgres"] + c["wrk"] + c["other"]
        state = "saturated" if used >= 0.9 * cores else "not saturated"
        return (
            f"{c['ms_per_request']:.2f} ms of server CPU per answer; the machine's "
            f"{cores:.0f} cores {state} ({used:.2f} used, {c['other']:.2f} by other work)"
        )

    return [
        f"- **Hyoka API** ({busy(api)}). A kept answer is one query (the PostgreSQL "
        f"snapshot) and a cache read: {ka['ms']:.2f} ms in-process, of which the view "
        f"(mostly that query) takes {ka['shares']['view']:.0%} and Django's middleware and "
        "handler the rest (sessions, locale, CSRF, auth, messages, history, WhiteNoise: the "
        "floor has CommonMiddleware only); gunicorn's HTTP parsing, a new TCP connection per "
        "answer (sync workers close it) and the access-log line make up the rest of the "
        "server CPU (threaded workers, above, keep connections alive). A fresh answer "
        f"costs {fa['ms']:.1f} ms and {fa['queries']} queries, "
        "mostly model instances and ninja's pydantic validation of 60 nested rows; each "
        "worker pays it once after a write. So the rate is set by the CPU left to the "
        "workers and the per-request fixed costs, not by the view.",
        f"- **Hyoka page** ({busy(page)}). The list's body ({kp['bytes'] / 1000:.0f} kB: 40 "
        "projects, 60 indicators, ratings with their reasons) is rendered once per data "
        "version, language, year, filters and draft visibility; a request renders the "
        f"site's header (the visitor, a CSRF token) around it: {kp['ms']:.2f} ms and "
        f"{kp['queries']} query. Fresh it costs {fp['ms']:.1f} ms and {fp['queries']} "
        "queries: ORM model instances and the template (a variable lookup per cell, a "
        "`{% rating %}` tag per symbol). The answer is "
        f"{page.data['bytes_per_response'] / max(fh.data['bytes_per_response'], 1):.1f} × "
        "the floor's in bytes, which the server writes and wrk reads on the same cores.",
        f"- **Floor** (JSON: {busy(fj)}; HTML: {busy(fh)}). One SQL query each time "
        f"(PostgreSQL used {fj.cpu['postgres']:.2f} cores meanwhile), `json.loads` of the "
        "60 stored value objects and `json.dumps` "
        f"({floor_prof['json']['plain']['ms']:.2f} ms in-process), or a 60-row template "
        f"({floor_prof['html']['plain']['ms']:.2f} ms): it does every request's work again.",
        f"- **Datasette** (JSON: {busy(dj)}; HTML: {busy(dh)}). One Python process "
        "(asyncio, SQLite on a small thread pool), so at most one core however many there "
        "are; each request also runs its count query, and the HTML page renders a large "
        f"Jinja template with facet suggestions ({dh.data['bytes_per_response'] / 1000:.0f} "
        "kB per answer here).",
    ]
