"""Issue 14: a year's cost in bulk — importing a list, importing it again, opening the next
year — and the signed-in API page of 100 indicators under load, for the bundled FY2019 list (S:
40 projects, 60 indicators) and a 1,000-project synthetic list (L: ``benchmarks/synthetic.py``),
beside a bare-Django floor serving the same rows, on PostgreSQL.

Run from the repository root (wrk and PostgreSQL needed; ``benchmarks/run bulk``)::

    .venv/bin/python benchmarks/bench_bulk.py                  # 3 repetitions, 2 load rounds
    .venv/bin/python benchmarks/bench_bulk.py --repeat 1 --rounds 1 --duration 5 --no-write
    .venv/bin/python benchmarks/bench_bulk.py --import-only    # step 1 only: its section rewritten

What it does:

1. for S and for L, ``--repeat`` times, in a database of its own made afresh (``DATABASE_s``,
   ``DATABASE_l``; ``HYOKA_BENCH_DATABASE`` names them, default ``hk_bench_bulk``), migrated
   first (not timed), in one process: the list read, imported as FY2019 (plan 2019–2023),
   imported again unchanged, then FY2020 opened by a secretariat — each timed by the wall clock
   with its statements counted (``CaptureQueriesContext``; an ``executemany`` counts once), the
   rows it wrote and the audit records it added;
2. in the same process, the signed-in API page ``/api/v1/indicators?year=2019`` with a
   secretariat's token, ``limit=10`` and ``limit=100`` (Django's test client, median of 50);
3. under load, on 127.0.0.1 only: ``hyoka serve --production --workers 2`` and the floor (a bare
   Django view, one SQL query with ``LIMIT``, the same gunicorn workers) on each database at
   once; ``wrk -t2 -c20`` with the token (``Authorization: Bearer``) against
   ``/api/v1/indicators?year=2019&limit=100`` and the floor's ``/rows.json?limit=100``, after a
   warm-up, in ``--rounds`` rounds over the four targets; the load average is read before and
   after each target;
4. the section ``## Bulk`` of docs/benchmarks.md (``common.write_section``).

With ``--import-only`` only step 1 runs, and only its part of the section ("Import and year
opening") is rewritten: the API's parts are kept as the last full run wrote them, under its
date and commit.

The machine is shared: every figure is beside its floor and its load, and nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_web import LUA, Server, hyoka_serve, start, wait_for  # noqa: E402
from common import ROOT, commit, now, write_section  # noqa: E402

HOST = "127.0.0.1"
DATABASE = os.environ.get("HYOKA_BENCH_DATABASE", "hk_bench_bulk")
#: hyoka and floor ports per size (none of bench_web's or bench_writes')
PORTS = {"S": (8951, 8952), "L": (8953, 8954)}
SIZES = {"S": 0, "L": 1000}  # projects: 0 = the bundled FY2019 list
PAGE = "/api/v1/indicators?year=2019&limit=100"
STARTUP = float(os.environ.get("HYOKA_BENCH_STARTUP", "300"))


def log(*args: Any) -> None:
    print("bench_bulk:", *args, file=sys.stderr, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- one size, in one process ------------------------------------------------------------

CHILD = r"""
import json, os, statistics, sys, time
from hyoka.django_setup import setup
setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from hyoka.accounts.models import Membership
from hyoka.api.models import ApiToken
from hyoka.evaluation.models import IndicatorYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Indicator, Municipality, Project
from hyoka.publishing.imports import import_status_list
from hyoka.workflow import services

n = int(sys.argv[1])
if n:
    sys.path.insert(0, sys.argv[2])
    from synthetic import generate
    data, source = generate(n, 1, section_size=n).encode(), f"synthetic-{n}.txt"
else:
    data, source = bundled_bytes(), "sapporo-fy2019 (bundled)"
WRITES = ("INSERT", "UPDATE", "DELETE")

def audit():
    tables = [t for t in connection.introspection.table_names() if "historical" in t]
    with connection.cursor() as c:
        return sum(c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)

def backend_cpu():
    # CPU seconds of this connection's PostgreSQL backend (the server runs on this machine)
    with connection.cursor() as c:
        pid = c.execute("SELECT pg_backend_pid()").fetchone()[0]
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def run(f):
    before = audit()
    server = backend_cpu()
    with CaptureQueriesContext(connection) as q:
        t, cpu = time.perf_counter(), time.process_time()
        out = f()
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    sqls = [x["sql"].lstrip().upper() for x in q.captured_queries]
    return out, {"seconds": seconds, "statements": len(sqls), "cpu": cpu,
                 "db_cpu": backend_cpu() - server,
                 "writes": sum(s.startswith(WRITES) for s in sqls), "audit": audit() - before}

t = time.perf_counter()
sl = read_status_list(data, source)
read = time.perf_counter() - t
out = {"read": read, "projects": len(sl.projects)}
result, out["import"] = run(lambda: import_status_list(sl, data, year=2019, period=(2019, 2023)))
_, out["reimport"] = run(lambda: import_status_list(sl, data, year=2019, period=(2019, 2023)))
plan = result.plan
central = Municipality.objects.filter(area=plan.area, is_central=True).first()
sec = get_user_model().objects.create_user("bench-sec", password="bench-secretariat-pw-1")
Membership.objects.create(user=sec, municipality=central, duty="secretariat")
_, out["open"] = run(lambda: services.open_year(sec, plan, 2020))
out["indicators"] = Indicator.objects.filter(plan=plan).count()
out["rows_2020"] = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=2020).count()
if sys.argv[3:] == ["import-only"]:
    print("BULK_JSON " + json.dumps(out))
    sys.exit(0)
_, token = ApiToken.issue(sec)
out["token"] = token
client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
for limit in (10, 100):
    url = f"/api/v1/indicators?year=2019&limit={limit}"
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        r = client.get(url)
    statements = len(q.captured_queries)  # now: the next request empties the log
    assert r.status_code == 200, r.content[:300]
    times = []
    for _ in range(50):
        t = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    out[f"page_{limit}"] = {"ms": statistics.median(times), "statements": statements,
                            "items": len(r.json()["items"]), "count": r.json()["count"]}
print("BULK_JSON " + json.dumps(out))
"""


def admin_url() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "postgres-url")], capture_output=True, text=True, check=True
    ).stdout.strip()
    if urlsplit(out).query:
        raise SystemExit("bench_bulk: needs the machine's PostgreSQL on 127.0.0.1:5432")
    return out


def fresh_database(admin: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))


def one_size(
    env: dict[str, str], url: str, projects: int, import_only: bool = False
) -> dict[str, Any]:
    child_env = env | {
        "DATABASE_URL": url,
        "HYOKA_PRODUCTION": "1",
        "HYOKA_ALLOWED_HOSTS": f"{HOST},testserver",
        "HYOKA_INSECURE_COOKIES": "1",
    }
    load = loadavg()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(projects), str(BENCH)]
        + (["import-only"] if import_only else []),
        env=child_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"bench_bulk: the run failed:\n{out.stderr[-3000:]}")
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("BULK_JSON "))
    result: dict[str, Any] = json.loads(line[len("BULK_JSON ") :])
    result["load"] = f"{load} → {loadavg()}"
    return result


# --- load ----------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(env: dict[str, str], urls: dict[str, str], tmp: Path) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    try:
        for size, url in urls.items():
            hyoka_port, floor_port = PORTS[size]
            hyoka_env = env | {"DATABASE_URL": url, "HYOKA_DATA_DIR": str(tmp / f"data-{size}")}
            started[f"hyoka {size}"] = start(
                f"hyoka-{size}", hyoka_serve(hyoka_port, 2), hyoka_env, ROOT, tmp
            )
            floor_env = env | {
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "floor.settings",
                "PYTHONPATH": str(BENCH),
            }
            argv = [gunicorn, "django.core.wsgi:get_wsgi_application()", "--bind"]
            argv += [f"{HOST}:{floor_port}", "--workers", "2", "--no-control-socket"]
            started[f"floor {size}"] = start(f"floor-{size}", argv, floor_env, BENCH, tmp)
        for size in urls:
            hyoka_port, floor_port = PORTS[size]
            wait_for(started[f"hyoka {size}"], f"http://{HOST}:{hyoka_port}/api/v1/plans", STARTUP)
            wait_for(started[f"floor {size}"], f"http://{HOST}:{floor_port}/rows.json", STARTUP)
        yield started
    finally:
        for s in started.values():
            s.stop()


def fetch(url: str, token: str | None = None) -> Any:
    import urllib.request

    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as r:
        return json.loads(r.read())


def wrk(url: str, seconds: float, token: str | None, args: argparse.Namespace) -> dict[str, Any]:
    argv = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds:g}s", "--latency"]
    argv += ["--timeout", "10s", "-s", str(LUA)]
    if token:
        argv += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run([*argv, url], capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRK_JSON "))
    data: dict[str, Any] = json.loads(line[len("WRK_JSON ") :])
    data["error_count"] = sum(data["errors"].values())
    return data


def under_load(
    env: dict[str, str], urls: dict[str, str], tokens: dict[str, str], args: argparse.Namespace
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bool]]:
    runs: dict[str, list[dict[str, Any]]] = {}
    same: dict[str, bool] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmpname,
        serving(env, urls, Path(tmpname)),
    ):
        targets = []
        for size in urls:
            hyoka_port, floor_port = PORTS[size]
            api = f"http://{HOST}:{hyoka_port}{PAGE}"
            floor = f"http://{HOST}:{floor_port}/rows.json?limit=100"
            # a signed-in caller's rows carry "to_enter" (null unless asked for), the floor's not
            items = [
                {k: v for k, v in item.items() if k != "to_enter"}
                for item in fetch(api, tokens[size])["items"]
            ]
            same[size] = items == fetch(floor)["items"]
            log(f"{size}: the floor's rows are the API's page: {same[size]}")
            targets += [(f"Hyoka {size}", api, tokens[size]), (f"floor {size}", floor, None)]
        for i in range(args.rounds):
            log(f"load round {i + 1} of {args.rounds}")
            for name, url, token in targets:
                if args.warmup:
                    wrk(url, args.warmup, token, args)
                before = loadavg()
                data = wrk(url, args.duration, token, args)
                data["load"] = f"{before} → {loadavg()}"
                runs.setdefault(name, []).append(data)
                log(
                    f"{name}: {data['rps']:.0f} req/s, p95 {data['p95_ms']:.0f} ms, "
                    f"errors {data['error_count']}, load {data['load']}"
                )
    return runs, same


# --- report --------------------------------------------------------------------------------


def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def _range(xs: list[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(_med(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"


def report(
    bulk: dict[str, list[dict[str, Any]]],
    runs: dict[str, list[dict[str, Any]]],
    same: dict[str, bool],
    meta: dict[str, Any],
    args: argparse.Namespace,
) -> str:
    out = [
        "## Bulk",
        "",
        "A year's cost in bulk on PostgreSQL (issue 14): importing a list, importing it again "
        "unchanged, opening the next year; and the signed-in API page of 100 indicators under "
        "load beside a bare-Django floor serving the same rows. S is the bundled FY2019 list "
        "(40 projects), L a 1,000-project synthetic list (`synthetic.generate(1000, 1, "
        "section_size=1000)`, numbered 1 to 1,000).",
        "",
        f"- Date: {meta['date']}; whole run {meta['seconds']:.0f} s",
        f"- Command: `.venv/bin/python benchmarks/bench_bulk.py {' '.join(meta['argv'])}`"
        " (repository root)",
        f"- Commit `{meta['commit']}`; PostgreSQL on the same machine (127.0.0.1)",
        f"- Load average {meta['load_before']} before the run, {meta['load_after']} after it "
        "(2 cores shared with other sessions: every figure is beside its load and its floor)",
        "",
        "### Import and year opening",
        "",
        f"In one process, wall clock, median of {args.repeat} repetitions (range), each in a "
        "database made afresh; statements counted with `CaptureQueriesContext` (an "
        "`executemany` counts once), *writes* the statements among them that insert, update or "
        "delete, *audit* the history rows added; CPU seconds (median) of the "
        "Python process and of its PostgreSQL backend, which move less with the machine's load "
        "than the wall clock.",
        "",
        "| list | step | seconds | CPU: Python · PostgreSQL | statements | writes | audit rows "
        "| load (before → after) |",
        "|---|---|---:|---|---:|---:|---:|---|",
    ]
    for size, reps in bulk.items():
        first = reps[0]
        label = f"{size} ({first['projects']:,} projects, {first['indicators']:,} indicators)"
        for step, name in (
            ("read", "read the text"),
            ("import", "import FY2019"),
            ("reimport", "import again, unchanged"),
            ("open", "open FY2020"),
        ):
            loads = ", ".join(r["load"] for r in reps)
            if step == "read":
                secs = [r["read"] for r in reps]
                out.append(f"| {label} | {name} | {_range(secs)} | – | – | – | – | {loads} |")
                continue
            secs = [r[step]["seconds"] for r in reps]
            stmts = sorted({r[step]["statements"] for r in reps})
            writes = sorted({r[step]["writes"] for r in reps})
            audit = sorted({r[step]["audit"] for r in reps})
            cpu = _med([r[step]["cpu"] for r in reps])
            db_cpu = _med([r[step]["db_cpu"] for r in reps])
            out.append(
                f"| {label} | {name} | **{_range(secs)}** | {cpu:.2f} · {db_cpu:.2f} | "
                f"{'/'.join(map(str, stmts))} | "
                f"{'/'.join(map(str, writes))} | {'/'.join(f'{a:,}' for a in audit)} | {loads} |"
            )
    out += ["", "Against the targets (L, median):", ""]
    big = bulk.get("L")
    if big:
        imp = _med([r["read"] + r["import"]["seconds"] for r in big])
        opened = _med([r["open"]["seconds"] for r in big])
        again = big[0]["reimport"]
        out += [
            f"- import of the 1,000-project list (read + write) ≤ 3 s: **{imp:.2f} s** — "
            f"{'met' if imp <= 3 else 'not met'}",
            f"- opening its next year ≤ 1 s: **{opened:.2f} s** — "
            f"{'met' if opened <= 1 else 'not met'}",
            f"- importing identical data again writes no row and no audit row: "
            f"{again['writes']} writes, {again['audit']} audit rows — "
            f"{'met' if again['writes'] == again['audit'] == 0 else 'not met'}",
        ]
    if args.import_only:
        return "\n".join(out) + "\n"
    out += [
        "",
        "### The signed-in API page: `limit=10` against `limit=100`",
        "",
        "In the same process, Django's test client with the secretariat's token, "
        "`/api/v1/indicators?year=2019&limit=N` (the year FY2020 open), median of 50 requests "
        "(no answer is kept for a caller with a token):",
        "",
        "| list | limit | items | of | ms/request | statements |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for size, reps in bulk.items():
        for limit in (10, 100):
            page = [r[f"page_{limit}"] for r in reps]
            out.append(
                f"| {size} | {limit} | {page[0]['items']} | {page[0]['count']:,} | "
                f"{_range([p['ms'] for p in page])} | {page[0]['statements']} |"
            )
    if runs:
        out += [
            "",
            f"### The signed-in API page under load ({args.connections} clients)",
            "",
            f"`wrk -t2 -c{args.connections} -d{args.duration:g}s` over loopback, one target at a "
            f"time after a {args.warmup:g} s warm-up, {args.rounds} rounds over the four targets "
            "(median of the rounds, range of req/s); each server `--workers 2` (gunicorn sync), "
            "Hyoka with the secretariat's token on `" + PAGE + "`, the floor "
            "(`benchmarks/floor`, no authentication, one SQL query) on `/rows.json?limit=100`. "
            "The floor's rows are the API's, item for item (but the signed-in caller's "
            f"`to_enter`, null here): S {same.get('S')}, "
            f"L {same.get('L')} (S has 60 indicators: its page is the whole list).",
            "",
            "| target | req/s (rounds) | p50 ms | p95 ms | p99 ms | errors | load (before → after) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, rs in runs.items():
            out.append(
                f"| {name} | **{_range([r['rps'] for r in rs], '{:,.0f}')}** | "
                f"{_med([r['p50_ms'] for r in rs]):.0f} | {_med([r['p95_ms'] for r in rs]):.0f} | "
                f"{_med([r['p99_ms'] for r in rs]):.0f} | {sum(r['error_count'] for r in rs)} | "
                f"{'; '.join(r['load'] for r in rs)} |"
            )
        rps = {name: _med([r["rps"] for r in rs]) for name, rs in runs.items()}
        if {"Hyoka S", "Hyoka L", "floor L"} <= rps.keys():
            ls = rps["Hyoka L"] / rps["Hyoka S"]
            lf = rps["Hyoka L"] / rps["floor L"]
            out += [
                "",
                "Against the targets:",
                "",
                f"- L ÷ S (req/s) ≥ 0.5: **{ls:.2f}** — {'met' if ls >= 0.5 else 'not met'}",
                f"- L ÷ the floor serving the same 100 rows ≥ 0.5: **{lf:.2f}** — "
                f"{'met' if lf >= 0.5 else 'not met'}",
                f"- p95: S {_med([r['p95_ms'] for r in runs['Hyoka S']]):.0f} ms, "
                f"L {_med([r['p95_ms'] for r in runs['Hyoka L']]):.0f} ms; errors "
                f"{sum(r['error_count'] for rs in runs.values() for r in rs)}",
            ]
    return "\n".join(out) + "\n"


API_PARTS = "### The signed-in API page: `limit=10`"


def with_kept_api_parts(markdown: str) -> str:
    """``markdown`` (the import's part) followed by the API's parts of the section as the last
    full run wrote them, under that run's date and commit."""
    path = ROOT / "benchmarks" / "results" / "bulk.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if API_PARTS not in old:
        return markdown
    meta = [ln for ln in old.splitlines() if ln.startswith(("- Date:", "- Commit"))]
    kept = old[old.index(API_PARTS) :]
    note = (
        "The API's figures below are kept from the last full run (`--import-only` did not run "
        "them): " + "; ".join(m[2:] for m in meta) + "."
    )
    return markdown.rstrip() + "\n\n" + note + "\n\n" + kept


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each size (3)")
    ap.add_argument("--rounds", type=int, default=2, help="load rounds over the targets (2)")
    ap.add_argument("--duration", type=float, default=10, help="seconds per target (10)")
    ap.add_argument("--warmup", type=float, default=2, help="unrecorded seconds first (2)")
    ap.add_argument("--connections", type=int, default=20, help="wrk connections (20)")
    ap.add_argument("--sizes", default="S,L", help="which lists (S,L)")
    ap.add_argument("--no-load", action="store_true", help="skip the load (steps 1–2 only)")
    ap.add_argument("--no-write", action="store_true", help="print the section only")
    ap.add_argument(
        "--import-only",
        action="store_true",
        help="step 1 only (import, again, opening): rewrite only its part of the section",
    )
    args = ap.parse_args(argv)
    args.no_load = args.no_load or args.import_only
    if not args.no_load and shutil.which("wrk") is None:
        raise SystemExit("bench_bulk: wrk not found (apt-get install wrk; benchmarks/run does)")
    began = time.monotonic()
    meta: dict[str, Any] = {
        "date": now(),
        "load_before": loadavg(),
        "commit": commit(),
        "argv": sys.argv[1:] if argv is None else argv,
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    admin = admin_url()
    bulk: dict[str, list[dict[str, Any]]] = {}
    urls: dict[str, str] = {}
    for size in args.sizes.split(","):
        for i in range(args.repeat):
            url = fresh_database(admin, f"{DATABASE}_{size.lower()}")
            log(f"{size}: repetition {i + 1} of {args.repeat}")
            result = one_size(env, url, SIZES[size], args.import_only)
            log(
                f"{size}: import {result['import']['seconds']:.2f} s "
                f"({result['import']['statements']} statements), again "
                f"{result['reimport']['seconds']:.2f} s, open {result['open']['seconds']:.2f} s "
                f"({result['open']['statements']}); load {result['load']}"
            )
            bulk.setdefault(size, []).append(result)
        urls[size] = url
    runs: dict[str, list[dict[str, Any]]] = {}
    same: dict[str, bool] = {}
    if not args.no_load:
        tokens = {size: reps[-1]["token"] for size, reps in bulk.items()}
        runs, same = under_load(env, urls, tokens, args)
    meta["load_after"] = loadavg()
    meta["seconds"] = time.monotonic() - began
    markdown = report(bulk, runs, same, meta, args)
    if args.import_only:
        markdown = with_kept_api_parts(markdown)
    if args.no_write:
        print(markdown)
    else:
        path = write_section("bulk", markdown)
        log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
