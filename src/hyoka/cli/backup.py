"""Back up and restore the whole database, audit trail included.

  hyoka dump -o hyoka-2026-11-28.json      # everything: plans, figures, ratings, users, audit
  hyoka load hyoka-2026-11-28.json         # into an EMPTY database (after `hyoka serve --no-demo`
                                           # or any command has created it)

dump → load into an empty database → dump gives a byte-identical file (on SQLite and on
PostgreSQL). The file holds password hashes and tokens' hashes: keep it like the database.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

#: Rebuilt by `migrate` itself, so not in the dump (natural keys point at them instead).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def configure_dump(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, required=True, help="file to write (JSON)")


def configure_load(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="a file written by hyoka dump")


def dump_bytes() -> bytes:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "dumpdata",
        format="hyoka-json",
        exclude=EXCLUDE,
        natural_foreign=True,
        indent=1,
        stdout=out,
        verbosity=0,
    )
    return out.getvalue().encode("utf-8")


def run_dump(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    data = dump_bytes()
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def run_load(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command
    from django.db import transaction

    from hyoka.evaluation.models import PlanYear
    from hyoka.plans.models import Plan

    if not args.file.is_file():
        print(f"hyoka load: {args.file}: no such file", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if Plan.objects.exists() or PlanYear.objects.exists():
        print(
            "hyoka load: the database is not empty; load into a new HYOKA_DATA_DIR or an empty "
            "DATABASE_URL (nothing was written)",
            file=sys.stderr,
        )
        return 1
    try:
        with transaction.atomic():
            call_command("loaddata", str(args.file), verbosity=0)
    except Exception as exc:  # loaddata raises many kinds; the message names the object
        print(f"hyoka load: {args.file}: {exc} (nothing was written)", file=sys.stderr)
        return 2
    print(f"loaded {args.file}", file=sys.stderr)
    return 0
