"""The deadline week under load: concurrent writers saving actuals through the API.

Usage: ``.venv/bin/python benchmarks/bench_writes.py [--duration 30] [--writers 12,40]``

What it measures, each in one run beside its floor (loopback only, bounded in time):

1. **Concurrent writers** — 12 (one editor per member) and 40 writers, each saving its own
   indicators of FY2020 through ``PUT /api/v1/indicators/{id}/actuals/2020`` for ``--duration``
   seconds, sending back the version each answer gives: writes/s, p50/p95, errors — on
   PostgreSQL and on SQLite, each served by ``hyoka serve --production --workers 2``.
2. **One save, small and large year** — one client saving one actual after another, for the
   40-project FY2019 list (S) and a 1,000-project synthetic list (L), on PostgreSQL: median and
   p95.  The cost of a save must not grow with the year.  Measured first, each on a year as
   it was prepared (S before the concurrent writers, L on its own server).
3. **The floor** — a bare Django view (``benchmarks/floor``) that updates one row and inserts one
   history row in one transaction, on the same PostgreSQL, under the same writers.  Beside it,
   a floor doing a save's database work: the statements one API save sends (captured with
   their parameters before the runs) sent again by a bare view in one transaction, prepared as
   Hyoka prepares them — what is left of a save without Django's request handling, the ORM,
   the rights, the rating and the audit in Python.

Writes ``benchmarks/results/writes.md`` (assembled into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_web import Server, hyoka_serve, start, wait_for  # noqa: E402
from common import ROOT, commit, now, write_section  # noqa: E402

HOST = "127.0.0.1"
PORTS = {"hyoka": 8941, "floor": 8942}
DATABASE = os.environ.get("HYOKA_BENCH_DATABASE", "hk_bench_writes")  # dropped and made again
YEAR = 2020
#: how long a server may take to answer first (a loaded machine starts gunicorn slowly)
STARTUP = float(os.environ.get("HYOKA_BENCH_STARTUP", "300"))


def log(*args: Any) -> None:
    print("bench_writes:", *args, file=sys.stderr, flush=True)


# --- set-up -----------------------------------------------------------------------------


def postgres_url() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "postgres-url")], capture_output=True, text=True, check=True
    ).stdout.strip()
    parts = urlsplit(out)
    if parts.query:
        raise SystemExit("bench_writes: needs the machine's PostgreSQL on 127.0.0.1:5432")
    import psycopg

    with psycopg.connect(out, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


SETUP = r"""
import json, sys
from hyoka.django_setup import setup
setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from hyoka.accounts.models import Membership
from hyoka.api.models import ApiToken
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.publishing.imports import import_status_list
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.workflow import services

n, writers = int(sys.argv[1]), int(sys.argv[2])
if n:
    sys.path.insert(0, sys.argv[3])
    from synthetic import generate
    data = generate(n, 1).encode()
    sl = read_status_list(data, f"synthetic {n}")
    for number, p in enumerate(sl.projects, start=1):
        p.number = number
    sl.problems[:] = [p for p in sl.problems if p.kind != "project_numbers"]
else:
    data = bundled_bytes()
    sl = read_status_list(data, "sapporo-fy2019 (bundled)")
plan = import_status_list(sl, data, year=2019, period=(2019, 2023)).plan
User = get_user_model()
root = User.objects.create_superuser("bench-root", password="bench-root-password-1")
services.open_year(root, plan, 2020)
members = list(Municipality.objects.filter(area=plan.area).order_by("order", "code"))
for i, p in enumerate(Project.objects.filter(plan=plan).order_by("number")):
    Project.objects.filter(pk=p.pk).update(lead=members[i % len(members)])
out = []
for w in range(writers):
    m = members[w % len(members)]
    user = User.objects.create_user(f"writer{w}", password="bench-writer-password-1")
    Membership.objects.create(user=user, municipality=m, duty="editor")
    _, token = ApiToken.issue(user)
    out.append({"token": token, "indicators": []})
for m_index, m in enumerate(members):
    mine = [w for w in range(writers) if w % len(members) == m_index]
    inds = Indicator.objects.filter(plan=plan, project__lead=m, aggregation="").exclude(
        kind="achievement").order_by("pk")
    for k, ind in enumerate(inds):
        if mine:
            out[mine[k % len(mine)]]["indicators"].append(str(ind.uid))
print(json.dumps(out))
"""


def child(what: str, script: str, args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run ``script`` in a Python of its own with ``args``: the last lines of its output and
    of its errors; stop the benchmark, saying ``what`` failed, when it fails."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"bench_writes: {what} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1], (done.stderr.strip().splitlines() or [""])[-1]


def prepare(env: dict[str, str], projects: int, writers: int) -> list[dict[str, Any]]:
    out, _ = child("set-up", SETUP, [str(projects), str(writers), str(BENCH)], env)
    return json.loads(out)


CAPTURE = r"""
import json, pickle, re, sys
from hyoka.django_setup import setup
setup()
from django.db import connection
from django.test import Client

token, uid, out = sys.argv[1], sys.argv[2], sys.argv[3]
client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
url = f"/api/v1/indicators/{uid}/actuals/%d" % int(sys.argv[4])


def save(k, version):
    body = {"text": f"{k}（見込）", "version": version, "note": "3月末の見込み",
            "confirm_warnings": True}
    r = client.put(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()["version"]


statements = []


def keep(execute, sql, params, many, context):
    statements.append((sql, params, many))
    return execute(sql, params, many, context)


def kind(sql):
    verb = sql.split(None, 1)[0].upper()
    outer = sql
    while True:  # the subqueries left out: the table of the statement itself
        inner = re.sub(r"\([^()]*\)", "", outer)
        if inner == outer:
            break
        outer = inner
    table = re.search(r'(?:FROM|UPDATE|INTO) "?(\w+)', outer)
    lock = " FOR UPDATE" if "FOR UPDATE" in sql else ""
    return f"{verb}{lock} {table.group(1) if table else '?'}"


version = save(1, 0)  # the token's first use of the minute is written here, not below
with connection.execute_wrapper(keep):
    version = save(2, version)
with open(out, "wb") as f:
    pickle.dump(statements, f)
print(", ".join(kind(sql) for sql, _, _ in statements), file=sys.stderr)
print(len(statements), version)
"""


def capture(env: dict[str, str], writer: dict[str, Any], out: Path) -> tuple[int, str]:
    """The statements (SQL, parameters) of one API save of ``writer``'s last indicator, as
    the ORM sends them, for the replaying floor (:func:`floor.views.replay`); the writer goes
    on from the version the save gave.  Returns how many statements, and their kinds."""
    uid = writer["indicators"][-1]
    # the settings of `hyoka serve --production` (the failed-token counts in the database
    # cache: one more SELECT a request)
    production = env | {"HYOKA_PRODUCTION": "1"}
    args = [writer["token"], uid, str(out), str(YEAR)]
    last, kinds = child("capture", CAPTURE, args, production)
    log("one save's statements:", kinds)
    count, version = (int(x) for x in last.split())
    writer.setdefault("versions", dict.fromkeys(writer["indicators"], 0))[uid] = version
    return count, kinds


FLOOR_TABLES = """
DROP TABLE IF EXISTS floor_row, floor_history;
CREATE TABLE floor_row (id integer PRIMARY KEY, text varchar(200) NOT NULL, version integer NOT NULL);
CREATE TABLE floor_history (id serial PRIMARY KEY, row_id integer NOT NULL, text varchar(200) NOT NULL,
                            version integer NOT NULL, at timestamptz NOT NULL DEFAULT now());
INSERT INTO floor_row SELECT g, '', 0 FROM generate_series(1, 200) g;
"""


@contextlib.contextmanager
def serving(env: dict[str, str], tmp: Path, floor: bool) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    bin_dir = Path(sys.executable).parent
    try:
        started["hyoka"] = start(
            "hyoka",
            hyoka_serve(PORTS["hyoka"], 2),
            env,
            ROOT,
            tmp,
        )
        if floor:
            floor_env = env | {"DJANGO_SETTINGS_MODULE": "floor.settings", "PYTHONPATH": str(BENCH)}
            started["floor"] = start(
                "floor",
                [
                    str(bin_dir / "gunicorn"),
                    "django.core.wsgi:get_wsgi_application()",
                    "--bind",
                    f"{HOST}:{PORTS['floor']}",
                    "--workers",
                    "2",
                    "--no-control-socket",
                ],
                floor_env,
                BENCH,
                tmp,
            )
        wait_for(started["hyoka"], f"http://{HOST}:{PORTS['hyoka']}/api/v1/plans", timeout=STARTUP)
        if floor:
            wait_for(started["floor"], f"http://{HOST}:{PORTS['floor']}/rows.json", timeout=STARTUP)
        yield started
    finally:
        for s in started.values():
            s.stop()


# --- load ---------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    writers: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def p(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def hyoka_writer(
    writer: dict[str, Any],
    stop: float,
    load: Load,
    lock: threading.Lock,
    k0: int,
    limit: int | None = None,
) -> None:
    """Save the writer's indicators in turn until ``stop`` (or ``limit`` saves)."""
    conn = http.client.HTTPConnection(HOST, PORTS["hyoka"], timeout=60)
    headers = {"Authorization": f"Bearer {writer['token']}", "Content-Type": "application/json"}
    # the versions the server gave, kept across runs (a writer of the 40 may have saved
    # these indicators in the 12-writer run before it)
    versions = writer.setdefault("versions", dict.fromkeys(writer["indicators"], 0))
    k = k0
    while time.monotonic() < stop and versions and (limit is None or k - k0 < limit):
        for uid in list(versions):
            if time.monotonic() >= stop or (limit is not None and k - k0 >= limit):
                break
            k += 1
            # an editor confirms the warnings of a projected figure (ten times last year's…)
            body = json.dumps(
                {
                    "text": f"{k % 97 + 1}（見込）",
                    "version": versions[uid],
                    "note": "3月末の見込み",
                    "confirm_warnings": True,
                }
            )
            start = time.perf_counter()
            try:
                conn.request("PUT", f"/api/v1/indicators/{uid}/actuals/{YEAR}", body, headers)
                response = conn.getresponse()
                data = response.read()
            except OSError as exc:
                with lock:
                    load.errors.append(f"{type(exc).__name__}")
                conn = http.client.HTTPConnection(HOST, PORTS["hyoka"], timeout=60)
                continue
            took = time.perf_counter() - start
            with lock:
                if response.status == 200:
                    load.latencies.append(took)
                    versions[uid] = json.loads(data)["version"]
                else:
                    load.errors.append(f"{response.status} {data[:120]!r}")
                    current = json.loads(data).get("current") if response.status == 409 else None
                    if current:  # a stale version: go on from the current one
                        versions[uid] = current["version"]


def floor_writer(
    row: int, stop: float, load: Load, lock: threading.Lock, path: str = "/write"
) -> None:
    """POST to the floor's ``path`` until ``stop``: ``/write`` (row ``row``), ``/replay``."""
    conn = http.client.HTTPConnection(HOST, PORTS["floor"], timeout=60)
    k = 0
    while time.monotonic() < stop:
        k += 1
        start = time.perf_counter()
        conn.request("POST", f"{path}?id={row}&text={k}")
        response = conn.getresponse()
        response.read()
        took = time.perf_counter() - start
        with lock:
            if response.status == 200:
                load.latencies.append(took)
            else:
                load.errors.append(str(response.status))


def run_load(
    name: str, writers: list[Any], seconds: float, floor: bool = False, path: str = "/write"
) -> Load:
    load = Load(name, len(writers), seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=floor_writer if floor else hyoka_writer,
            args=(w, stop, load, lock, path) if floor else (w, stop, load, lock, i * 1000),
        )
        for i, w in enumerate(writers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    log(f"{name}: {load.rate:.1f} writes/s, p95 {load.p(0.95):.0f} ms, {len(load.errors)} errors")
    return load


def one_at_a_time(writer: dict[str, Any], count: int) -> Load:
    """One client, ``count`` saves in a row (the latency of one save, without queueing)."""
    load = Load("one", 1, 1)
    first = writer["indicators"][0]
    one = {
        "token": writer["token"],
        "indicators": [first],
        "versions": {first: writer.get("versions", {}).get(first, 0)},
    }
    started = time.monotonic()
    hyoka_writer(one, started + 600, load, threading.Lock(), 0, limit=count)
    load.seconds = time.monotonic() - started
    # the writer goes on from the version the server gave last (no conflict in a later run)
    writer.setdefault("versions", dict.fromkeys(writer["indicators"], 0))[first] = one["versions"][
        first
    ]
    return load


# --- report -------------------------------------------------------------------------------


def row(load: Load) -> str:
    errors = len(load.errors)
    return (
        f"| {load.name} | {load.writers} | {load.rate:,.1f} | {load.p(0.5):,.0f} | "
        f"{load.p(0.95):,.0f} | {errors} |"
    )


def report(
    loads: list[Load],
    singles: dict[str, Load],
    floor_single: Load | None,
    args: argparse.Namespace,
    replayed: tuple[tuple[int, str], Load] | None = None,
) -> str:
    lines = [
        "## Writes under load (`benchmarks/bench_writes.py`)",
        "",
        f"Run {now()} at `{commit()}`, load average {os.getloadavg()[0]:.1f} at the end; "
        f"`hyoka serve --production --workers 2`, writers on loopback, {args.duration:.0f} s each; "
        "each writer saves its own indicators of FY2020 through the API and sends back the "
        "version each answer gives (no conflicts by design). The floor: a bare Django view "
        "updating one row and inserting one history row in one transaction, same PostgreSQL.",
        "",
        "| target | writers | writes/s | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|",
        *[row(x) for x in loads],
        "",
        "One save after another (one client, no queueing), PostgreSQL, measured before the "
        "concurrent writers (L on a server of its own):",
        "",
        "| year | saves | median ms | p95 ms | errors |",
        "|---|---|---|---|---|",
    ]
    for name, s in singles.items():
        lines.append(
            f"| {name} | {len(s.latencies)} | {s.p(0.5):,.1f} | {s.p(0.95):,.1f} | {len(s.errors)} |"
        )
    if floor_single is not None:
        lines.append(
            f"| floor (bare Django: one UPDATE + one history INSERT) | {len(floor_single.latencies)} | "
            f"{floor_single.p(0.5):,.1f} | {floor_single.p(0.95):,.1f} | {len(floor_single.errors)} |"
        )
    if replayed is not None:
        (count, _), r = replayed
        lines.append(
            f"| floor replaying one save's {count} statements (prepared, no ORM) | "
            f"{len(r.latencies)} | {r.p(0.5):,.1f} | {r.p(0.95):,.1f} | {len(r.errors)} |"
        )
    if "S (40 projects)" in singles and "L (1,000 projects)" in singles and floor_single:
        s, big = singles["S (40 projects)"].p(0.5), singles["L (1,000 projects)"].p(0.5)
        lines += [
            "",
            f"L / S = {big / s:.2f} (target ≤ 1.5); S / floor = {s / floor_single.p(0.5):.2f}, "
            f"L / floor = {big / floor_single.p(0.5):.2f} (target ≤ 3).",
        ]
        if replayed is not None:
            r = replayed[1]
            lines.append(
                f"Against the floor replaying a save's statements: S / replay = "
                f"{s / r.p(0.5):.2f}, L / replay = {big / r.p(0.5):.2f}; the replay itself is "
                f"{r.p(0.5) / floor_single.p(0.5):.2f} × the bare floor. The statements of "
                f"one save (S, the token's use of the minute already recorded): "
                f"{replayed[0][1]}."
            )
    errors = sorted({e for x in loads for e in x.errors})[:5]
    if errors:
        lines += ["", "First errors: " + "; ".join(f"`{e}`" for e in errors)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--writers", default="12,40")
    ap.add_argument("--single", type=int, default=200, help="saves in the one-client runs")
    ap.add_argument("--large", type=int, default=1000, help="projects of the large list (0: skip)")
    ap.add_argument("--backends", default="postgresql,sqlite", help="databases to run on")
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.writers.split(",")]
    most = max(counts)
    loads: list[Load] = []
    singles: dict[str, Load] = {}
    floor_single = None
    replayed: tuple[tuple[int, str], Load] | None = None
    base = dict(os.environ)
    base.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="hyoka-bench-writes-") as tmp_name:
        tmp = Path(tmp_name)
        for backend in args.backends.split(","):
            data = tmp / f"data-{backend}"
            env = base | {"HYOKA_DATA_DIR": str(data)}
            if backend == "postgresql":
                env["DATABASE_URL"] = postgres_url()
                import psycopg

                with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
                    conn.execute(FLOOR_TABLES)
            writers = prepare(env, 0, most)
            if backend == "postgresql":
                statements = tmp / "save-statements.pickle"
                captured = capture(env, writers[0], statements)
                env["HYOKA_FLOOR_REPLAY"] = str(statements)
            with serving(env, tmp, floor=backend == "postgresql"):
                if backend == "postgresql":
                    # one save after another first, on the year as prepared: after the runs
                    # below the year holds thousands more writes, and PostgreSQL vacuums them
                    # while the single saves would be timed
                    singles["S (40 projects)"] = one_at_a_time(writers[0], args.single)
                    floor_single = run_load("floor, one client", [1], 10, floor=True)
                    replay = run_load("floor replay, one client", [1], 10, True, "/replay")
                    replayed = (captured, replay)
                for n in counts:
                    loads.append(run_load(f"Hyoka, {backend}", writers[:n], args.duration))
                    if backend == "postgresql":
                        loads.append(
                            run_load(
                                f"floor, {backend}",
                                list(range(1, n + 1)),
                                args.duration,
                                floor=True,
                            )
                        )
            if backend == "postgresql" and args.large:
                env["DATABASE_URL"] = postgres_url()
                big = prepare(env, args.large, 12)
                with serving(env, tmp, floor=False):
                    singles[f"L ({args.large:,} projects)"] = one_at_a_time(big[0], args.single)
    write_section("writes", report(loads, singles, floor_single, args, replayed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
