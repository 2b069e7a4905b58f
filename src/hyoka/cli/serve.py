"""Run the web application.

  hyoka serve                      # http://127.0.0.1:8000/ on SQLite in HYOKA_DATA_DIR
  hyoka serve --port 8080
  hyoka serve --production --workers 4   # gunicorn, static files served by WhiteNoise

The first run creates the database and, when it holds no list yet, imports the bundled
FY2019 status list. ``DATABASE_URL`` selects PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys

from hyoka.ingest.readers import bundled_bytes, read_bytes


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--production", action="store_true", help="gunicorn instead of the dev server")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (with --production)")
    p.add_argument("--no-demo", action="store_true", help="do not import the bundled list")


def prepare(demo: bool = True) -> str:
    """Create or upgrade the database; import the bundled list into an empty one."""
    from hyoka.django_setup import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command

    from hyoka.evaluation.demo import add_up_members_parts
    from hyoka.evaluation.models import PlanYear
    from hyoka.publishing.imports import import_status_list

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if demo and not PlanYear.objects.exists():
        data = bundled_bytes("sapporo-fy2019")
        result = import_status_list(read_bytes(data, "sapporo-fy2019 (bundled)", "text"), data)
        summed = add_up_members_parts(result.plan)
        print(
            f"imported the bundled FY2019 status list; the demo adds up each member's part of "
            f"{len(summed)} indicators (README: the demo's assumptions)",
            file=sys.stderr,
        )
    db = settings.DATABASES["default"]
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}"


def run(args: argparse.Namespace) -> int:
    if args.production:
        os.environ["HYOKA_PRODUCTION"] = "1"
    where = prepare(demo=not args.no_demo)
    url = f"http://{args.host}:{args.port}/"
    print(f"Hyoka on {url} ({where}); Ctrl-C stops it", file=sys.stderr)
    if args.production:
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
