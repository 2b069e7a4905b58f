"""Run the web application.

  hyoka serve                      # http://127.0.0.1:8000/ on SQLite in HYOKA_DATA_DIR
  hyoka serve --port 8080 --workers 4
  hyoka serve --dev                # Django's development server, DEBUG on

By default it serves as production does: gunicorn, DEBUG off, static files served by
WhiteNoise, Hyoka's own error pages (404, 403, 500 in Japanese and English).  On a loopback
address without a TLS proxy in front (HYOKA_BEHIND_PROXY unset) the cookies are not marked
Secure, so signing in works over http://127.0.0.1 (HYOKA_INSECURE_COOKIES=0 marks them anyway).
``--dev`` is for development: Django's server, DEBUG on, its technical error pages.

The first run creates the database and, when it holds no list yet, imports the bundled
FY2019 status list (plan 1, 2019–2023) and a small made-up FY2024 list of plan 2 (2024–2028,
example data) with its lineage to plan 1, so a first run shows two plans. ``DATABASE_URL``
selects PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hyoka.publishing.demo import Loaded


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--production",
        action="store_true",
        help="serve as production does (the default; kept for scripts that say so)",
    )
    mode.add_argument(
        "--dev", action="store_true", help="Django's development server with DEBUG on"
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--no-demo", action="store_true", help="do not import the bundled lists")


def prepare(demo: bool = True) -> str:
    """Create or upgrade the database; load the demo into an empty one
    (:func:`hyoka.publishing.demo.load_demo`)."""
    from hyoka.django_setup import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command

    from hyoka.evaluation.models import PlanYear
    from hyoka.publishing.demo import load_demo

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if demo and not PlanYear.objects.exists():
        say_loaded(load_demo())
    db = settings.DATABASES["default"]
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}"


def say_loaded(loaded: Loaded) -> None:
    """What loading the demo did, on stderr (the demo's assumptions named)."""
    print(
        f"imported the bundled FY2019 status list; the demo adds up each member's part of "
        f"{len(loaded.summed)} indicators (README: the demo's assumptions)",
        file=sys.stderr,
    )
    print(
        "imported the made-up FY2024 list of plan 2 (example data) and its lineage to plan 1",
        file=sys.stderr,
    )


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def run(args: argparse.Namespace) -> int:
    production = not args.dev
    if production:
        os.environ["HYOKA_PRODUCTION"] = "1"
        if args.host in LOOPBACK and os.environ.get("HYOKA_BEHIND_PROXY") != "1":
            os.environ.setdefault("HYOKA_INSECURE_COOKIES", "1")
    else:
        os.environ.pop("HYOKA_PRODUCTION", None)
        os.environ.setdefault("HYOKA_DEBUG", "1")
    where = prepare(demo=not args.no_demo)
    url = f"http://{args.host}:{args.port}/"
    mode = "production" if production else "development, DEBUG on"
    print(f"Hyoka on {url} ({where}; {mode}); Ctrl-C stops it", file=sys.stderr)
    if production:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(
            gunicorn,
            [
                gunicorn,
                "hyoka.wsgi",
                "--bind",
                f"{args.host}:{args.port}",
                "--workers",
                str(args.workers),
                "--access-logfile",
                "-",
                # gunicorn 27 puts every instance's control socket at one path in $HOME:
                # several servers on one machine (deployment.md) would take each other's
                "--no-control-socket",
            ],
        )
    from django.core.management import call_command

    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0
