"""The status-list page and the JSON API under load, beside bare Django and Datasette.

Run from the repository root (wrk, PostgreSQL and Python 3.11 needed; ``benchmarks/run web``)::

    .venv/bin/python benchmarks/bench_web.py              # 30 s per target, as reported
    .venv/bin/python benchmarks/bench_web.py --quick      # 5 s per target, a trial: not written

What it does, all in one run, one load at a time:

1. a PostgreSQL database of its own (``hk_bench_web``, dropped and created afresh) on the
   server ``scripts/postgres-url`` names; ``hyoka import --bundled sapporo-fy2019`` migrates
   it and imports the FY2019 list (40 projects, 60 indicators);
2. three servers on 127.0.0.1: ``hyoka serve --production`` (gunicorn), the floor — a bare
   Django 5.2 project (``benchmarks/floor/``) served by the same gunicorn with the same
   workers, reading the same rows from the same tables in one SQL query — and Datasette
   (pinned in ``requirements/bench.txt``, installed into ``.venv-bench``) serving the same
   rows read-only (``-i``) from an SQLite file exported from PostgreSQL;
3. for each of six targets — Hyoka's JSON API (``/api/v1/indicators?year=2019``), the floor's
   JSON, Datasette's JSON (``_shape=array&_size=max``), Hyoka's status-list page (``/``), the
   floor's template, Datasette's HTML table — a warm-up, then ``wrk -t2 -c20 -d30s --latency``
   with ``benchmarks/wrk_report.lua`` (percentiles and errors as JSON; non-2xx answers and
   socket errors count as errors), sampling the CPU time used meanwhile by the server's
   processes, by PostgreSQL's and by wrk;
4. a profile of Hyoka's page and API in one process (Django's test client, cProfile,
   ``CaptureQueriesContext``): a kept answer and a fresh one, and the floor's two views;
5. the section ``## Web`` of docs/benchmarks.md (``common.write_section``).

The machine has two cores that other work shares: every figure is of this machine at that
moment (the load average is reported), peers are measured in the same run, and nothing
asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import common
from web_report import VENV_BENCH, Result, loadavg, report

ROOT = common.ROOT
BENCH = ROOT / "benchmarks"
LUA = BENCH / "wrk_report.lua"
DATABASE = "hk_bench_web"
HOST = "127.0.0.1"
PORTS = {"hyoka": 8440, "floor": 8441, "datasette": 8442}
YEAR = 2019
#: the second configuration measured: threaded workers, which keep connections alive
GTHREAD = "--worker-class gthread --threads 4"

#: (name, server, path, kind) in the order measured: each JSON target beside its peers, then
#: each page beside its peers, so that what is compared is measured minutes apart at most
TARGETS = (
    ("Hyoka API", "hyoka", f"/api/v1/indicators?year={YEAR}", "json"),
    ("floor JSON", "floor", "/rows.json", "json"),
    ("Datasette JSON", "datasette", "/rows/indicators.json?_shape=array&_size=max", "json"),
    ("Hyoka page", "hyoka", "/", "html"),
    ("floor HTML", "floor", "/rows.html", "html"),
    ("Datasette HTML", "datasette", "/rows/indicators?_size=max", "html"),
)


def log(*args: Any) -> None:
    print("bench_web:", *args, file=sys.stderr, flush=True)


# --- the database ------------------------------------------------------------------------


def postgres_url() -> tuple[str, str | None]:
    """(URL of the database ``hk_bench_web``, throw-away cluster directory or None)."""
    out = subprocess.run(
        [str(ROOT / "scripts" / "postgres-url")], capture_output=True, text=True, check=True
    ).stdout.strip()
    parts = urlsplit(out)
    cluster = None
    if parts.query.startswith("cluster="):
        cluster = parts.query.split("=", 1)[1]
    admin = urlunsplit(parts._replace(query=""))
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
        version = conn.execute("SHOW server_version").fetchone()
    url = urlunsplit(parts._replace(path=f"/{DATABASE}", query=""))
    log(f"PostgreSQL {version[0] if version else '?'}: {url}")
    return url, cluster


def export_sqlite(url: str, path: Path) -> int:
    """The rows the floor serves (its own SQL), written to an SQLite table ``indicators``."""
    import psycopg

    sys.path.insert(0, str(BENCH))
    from floor.views import COLUMNS, ROWS

    with psycopg.connect(url) as conn:
        rows = conn.execute(ROWS).fetchall()
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE indicators ({', '.join(COLUMNS)})")
    db.executemany(
        f"INSERT INTO indicators VALUES ({', '.join('?' * len(COLUMNS))})",
        [
            tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in r)
            for r in rows
        ],
    )
    db.commit()
    db.close()
    return len(rows)


# --- servers -----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)  # the group we started
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


def start(name: str, argv: list[str], env: dict[str, str], cwd: Path, logs: Path) -> Server:
    out = logs / f"{name}.log"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name, proc, out)


def wait_for(server: Server, url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited: see {server.log}\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{server.name} did not answer {url} within {timeout:.0f} s")


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.read()


def bench_venv() -> Path:
    """``.venv-bench`` with the pinned Datasette (created when missing)."""
    exe = VENV_BENCH / "bin" / "datasette"
    if not exe.exists():
        log("creating .venv-bench with requirements/bench.txt")
        subprocess.run(["python3.11", "-m", "venv", str(VENV_BENCH)], check=True)
        subprocess.run(
            [str(VENV_BENCH / "bin" / "pip"), "install", "-q", "-r", "requirements/bench.txt"],
            cwd=ROOT,
            check=True,
        )
    return exe


# --- CPU accounting ------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, tuple[int, str, float]]:
    """pid → (parent pid, command name, CPU seconds) of every process."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        out[int(entry)] = (int(fields[1]), comm, (int(fields[11]) + int(fields[12])) / TICK)
    return out


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


def cpu_sample(server_pid: int) -> dict[str, Any]:
    stats = _stats()
    tree = {server_pid}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _, _) in stats.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    busy, total = _machine_busy()
    return {
        "server": sum(stats[p][2] for p in tree if p in stats),
        "postgres": {p: s[2] for p, s in stats.items() if s[1] == "postgres"},
        "busy": busy,
        "total": total,
    }


def postgres_delta(start: dict[int, float], end: dict[int, float]) -> float:
    """CPU seconds of the ``postgres`` processes alive at both samples (the ones that ended
    meanwhile, other users' connections, cannot be counted: a lower bound)."""
    return sum(end[p] - start[p] for p in end.keys() & start.keys())


# --- load ----------------------------------------------------------------------------------


def wrk(url: str, seconds: float, args: argparse.Namespace) -> tuple[dict[str, Any], float]:
    """One wrk run: its JSON report and the CPU seconds wrk used."""
    before = os.times()
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{seconds:g}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = os.times()
    used = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    line = next(ln for ln in out.splitlines() if ln.startswith("WRK_JSON "))
    return json.loads(line[len("WRK_JSON ") :]), used


def measure(name: str, server: Server, url: str, kind: str, args: argparse.Namespace) -> Result:
    if args.warmup:
        wrk(url, args.warmup, args)
    start = cpu_sample(server.pid)
    data, wrk_cpu = wrk(url, args.duration, args)
    end = cpu_sample(server.pid)
    wall = data["seconds"]
    cores = end["total"] - start["total"]  # CPU seconds available meanwhile (all cores)
    ncpu = cores / wall if wall else 1
    cpu = {
        "server": (end["server"] - start["server"]) / wall,
        "postgres": postgres_delta(start["postgres"], end["postgres"]) / wall,
        "wrk": wrk_cpu / wall,
        "machine": (end["busy"] - start["busy"]) / wall,
        "cores": ncpu,
    }
    cpu["other"] = max(0.0, cpu["machine"] - cpu["server"] - cpu["postgres"] - cpu["wrk"])
    r = Result(name, url, kind, data, cpu)
    log(
        f"{name}: {data['rps']:.0f} req/s, p50 {data['p50_ms']:.1f} ms, "
        f"p95 {data['p95_ms']:.1f} ms, errors {r.errors}; CPU server {cpu['server']:.2f}, "
        f"postgres {cpu['postgres']:.2f}, wrk {cpu['wrk']:.2f}, other {cpu['other']:.2f}"
    )
    return r


def combine(rounds: list[Result]) -> Result:
    """One figure per target from its rounds: the median rate (with the range), the median
    of each percentile, every error, bytes and CPU over the whole time."""
    first = rounds[0]
    med = statistics.median
    data: dict[str, Any] = {
        k: med(r.data[k] for r in rounds) for k in ("rps", "p50_ms", "p95_ms", "p99_ms")
    }
    requests = sum(r.data["requests"] for r in rounds)
    data |= {
        "requests": requests,
        "seconds": sum(r.data["seconds"] for r in rounds),
        "rps_min": min(r.data["rps"] for r in rounds),
        "rps_max": max(r.data["rps"] for r in rounds),
        "max_ms": max(r.data["max_ms"] for r in rounds),
        "bytes_per_response": sum(r.data["bytes"] for r in rounds) / max(requests, 1),
        "errors": {k: sum(r.data["errors"][k] for r in rounds) for k in first.data["errors"]},
    }
    cpu = {k: med(r.cpu[k] for r in rounds) for k in first.cpu}
    # server CPU time per answer: what a request costs the server, whatever else runs
    cpu["ms_per_request"] = med(1000 * r.cpu["server"] / r.data["rps"] for r in rounds)
    return Result(first.name, first.url, first.kind, data, cpu)


# --- profile -------------------------------------------------------------------------------

PROFILE_CHILD = r"""
import cProfile, json, pstats, statistics, sys, time
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
kind, n = sys.argv[1], int(sys.argv[2])
if kind == "hyoka":
    from hyoka.django_setup import setup
    setup()
    from hyoka.evaluation.queries import KEPT
    urls = {"api": "/api/v1/indicators?year=YEAR", "page": "/"}
else:
    import django
    django.setup()
    KEPT = cache
    urls = {"json": "/rows.json", "html": "/rows.html"}
client = Client(HTTP_HOST="127.0.0.1")
WATCH = {
    "view": ("hyoka/web/views.py", "hyoka/api/views.py", "floor/views.py"),
    "data version": ("data_version",),
    "template render": ("django/template/base.py:166(render)",),
    "SQL (psycopg)": ("psycopg/cursor.py", ),
    "ninja validation": ("pydantic/main.py", "ninja/operation.py:367"),
}

def timed(url, fresh):
    times = []
    for _ in range(n):
        if fresh:
            KEPT.clear()
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return times

def profile(url, fresh):
    client.get(url)
    if fresh:
        KEPT.clear()
    with CaptureQueriesContext(connection) as q:
        r = client.get(url)
    queries = len(q.captured_queries)  # now: the next request empties the log
    times = timed(url, fresh)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        if fresh:
            KEPT.clear()
        client.get(url)
    prof.disable()
    st = pstats.Stats(prof)
    total = max(v[3] for v in st.stats.values())
    top = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:8]
    shares = {}
    for label, needles in WATCH.items():
        cum = [v[3] for (f, line, fn), v in st.stats.items()
               if any(nd in f"{f}:{line}({fn})" or nd == fn for nd in needles)]
        shares[label] = max(cum, default=0.0) / total if total else 0.0
    return {
        "queries": queries, "bytes": len(r.content),
        "ms": statistics.median(times), "ms_min": min(times),
        "top": [[f"{f.split('site-packages/')[-1].split('/src/')[-1].split('/python3.11/')[-1]}:{line}({fn})",
                 v[2] / total] for (f, line, fn), v in top],
        "shares": shares,
    }

out = {}
for name, url in urls.items():
    out[name] = {"kept": profile(url, False)} if kind == "hyoka" else {}
    if kind == "hyoka":
        out[name]["fresh"] = profile(url, True)
    else:
        out[name]["plain"] = profile(url, False)
print("PROFILE_JSON " + json.dumps(out))
""".replace("YEAR", str(YEAR))


def profile(kind: str, env: dict[str, str], n: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", PROFILE_CHILD, kind, str(n)],
        env=env,
        cwd=BENCH if kind == "floor" else ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"profile of {kind} failed:\n{out.stderr[-3000:]}")
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("PROFILE_JSON "))
    result: dict[str, Any] = json.loads(line[len("PROFILE_JSON ") :])
    return result


# --- main ----------------------------------------------------------------------------------


def hyoka_serve(port: int, workers: int) -> list[str]:
    """The command line of ``hyoka serve`` as the benchmarks run it (production, no demo)."""
    hyoka = str(Path(sys.executable).parent / "hyoka")
    serve = [hyoka, "serve", "--production", "--no-demo", "--host", HOST, "--port", str(port)]
    return [*serve, "--workers", str(workers)]


@contextlib.contextmanager
def servers_running(
    url: str, workers: int, tmp: Path, env: dict[str, str], gunicorn_args: str = ""
) -> Iterator[dict[str, Server]]:
    """Hyoka, the floor and (without ``gunicorn_args``) Datasette, answering; stopped after.
    ``gunicorn_args`` go to both gunicorns through ``GUNICORN_CMD_ARGS``, which
    ``hyoka serve --production`` passes on as it is."""
    started: dict[str, Server] = {}
    if gunicorn_args:
        env = env | {"GUNICORN_CMD_ARGS": gunicorn_args}
    try:
        hyoka_env = env | {"DATABASE_URL": url, "HYOKA_DATA_DIR": str(tmp / "hyoka-data")}
        bin_dir = Path(sys.executable).parent
        started["hyoka"] = start(
            "hyoka",
            hyoka_serve(PORTS["hyoka"], workers),
            hyoka_env,
            ROOT,
            tmp,
        )
        floor_env = env | {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "floor.settings",
            "PYTHONPATH": str(BENCH),
        }
        started["floor"] = start(
            "floor",
            [
                str(bin_dir / "gunicorn"),
                "django.core.wsgi:get_wsgi_application()",
                "--bind",
                f"{HOST}:{PORTS['floor']}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--no-control-socket",  # Hyoka's (the default path) is the only one
            ],
            floor_env,
            BENCH,
            tmp,
        )
        if gunicorn_args:
            for _name, server, path, _kind in TARGETS:
                if server in started:
                    wait_for(started[server], f"http://{HOST}:{PORTS[server]}{path}")
            yield started
            return
        started["datasette"] = start(
            "datasette",
            [
                str(bench_venv()),
                "serve",
                "-i",
                str(tmp / "rows.db"),
                "--host",
                HOST,
                "--port",
                str(PORTS["datasette"]),
            ],
            {k: v for k, v in env.items() if k != "PYTHONPATH"},
            tmp,
            tmp,
        )
        for _name, server, path, _kind in TARGETS:
            wait_for(started[server], f"http://{HOST}:{PORTS[server]}{path}")
        yield started
    finally:
        for s in started.values():
            s.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--duration", type=float, default=10, help="seconds per target and round (10)")
    ap.add_argument(
        "--rounds", type=int, default=3, help="rounds over every target (3: 30 s each in all)"
    )
    ap.add_argument("--warmup", type=float, default=3, help="unrecorded seconds first (3)")
    ap.add_argument("--connections", type=int, default=20, help="wrk connections (20)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    ap.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers of Hyoka and the floor (3)"
    )
    ap.add_argument(
        "--gthread",
        default=None,
        help=f"then Hyoka and the floor again with these gunicorn options ({GTHREAD!r}; "
        "'' skips; --quick skips unless given)",
    )
    ap.add_argument("--profile-n", type=int, default=200, help="requests per profile (200)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="one round of 5 s per target, 1 s warm-up; nothing written",
    )
    ap.add_argument("--no-write", action="store_true", help="print the section only")
    args = ap.parse_args(argv)
    if args.quick:
        args.duration, args.rounds, args.warmup, args.profile_n = 5, 1, 1, 50
        args.gthread = args.gthread or ""
        args.no_write = True
    elif args.gthread is None:
        args.gthread = GTHREAD
    if shutil.which("wrk") is None:
        raise SystemExit("bench_web: wrk not found (apt-get install wrk; benchmarks/run does)")
    began = time.monotonic()
    meta: dict[str, Any] = {"date": common.now(), "load_before": loadavg(), "cores": os.cpu_count()}
    url, cluster = postgres_url()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-web-") as tmpname:
            tmp = Path(tmpname)
            hyoka_env = env | {"DATABASE_URL": url, "HYOKA_DATA_DIR": str(tmp / "hyoka-data")}
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "hyoka"),
                    "import",
                    "--bundled",
                    "sapporo-fy2019",
                ],
                env=hyoka_env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            import psycopg

            with psycopg.connect(url) as conn:
                meta["postgres"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            meta["rows"] = export_sqlite(url, tmp / "rows.db")
            meta["hyoka"] = metadata.version("hyoka")
            gthread: dict[str, Result] = {}
            with servers_running(url, args.workers, tmp, env) as running:
                api = fetch(f"http://{HOST}:{PORTS['hyoka']}{TARGETS[0][2]}")[1]
                floor = fetch(f"http://{HOST}:{PORTS['floor']}{TARGETS[1][2]}")[1]
                meta["same_json"] = json.loads(api) == json.loads(floor)
                rows = json.loads(fetch(f"http://{HOST}:{PORTS['datasette']}{TARGETS[2][2]}")[1])
                log(f"{meta['rows']} rows; floor = API: {meta['same_json']}; Datasette {len(rows)}")
                rounds: dict[str, list[Result]] = {t[0]: [] for t in TARGETS}
                for i in range(args.rounds):
                    log(f"round {i + 1} of {args.rounds}")
                    for name, server, path, kind in TARGETS:
                        target = f"http://{HOST}:{PORTS[server]}{path}"
                        rounds[name].append(measure(name, running[server], target, kind, args))
                results = {name: combine(rs) for name, rs in rounds.items()}
            if args.gthread:
                log(f"again with GUNICORN_CMD_ARGS={args.gthread!r}, one round")
                with servers_running(url, args.workers, tmp, env, args.gthread) as running:
                    for name, server, path, kind in TARGETS:
                        if server != "datasette":
                            target = f"http://{HOST}:{PORTS[server]}{path}"
                            r = measure(name, running[server], target, kind, args)
                            gthread[name] = combine([r])
            meta["load_after"] = loadavg()
            log("profiling in-process")
            prof_env = hyoka_env | {
                "HYOKA_PRODUCTION": "1",
                "HYOKA_ALLOWED_HOSTS": f"{HOST},testserver",
                "HYOKA_INSECURE_COOKIES": "1",
            }
            prof = profile("hyoka", prof_env, args.profile_n)
            floor_env = env | {
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "floor.settings",
                "PYTHONPATH": str(BENCH),
            }
            floor_prof = profile("floor", floor_env, args.profile_n)
    finally:
        if cluster:
            subprocess.run([str(ROOT / "scripts" / "postgres-url"), "--stop", cluster], check=False)
    meta["seconds"] = time.monotonic() - began
    markdown = report(results, prof, floor_prof, args, meta, gthread)
    if args.no_write:
        print(markdown)
    else:
        path = common.write_section("web", markdown)
        log(f"wrote {path} and {common.DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
