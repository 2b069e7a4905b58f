"""List the rows holding texts the gate would refuse today: hyoka check-db.

Texts longer than their column, NUL and other control characters, line breaks in one-line
fields, lone surrogates — written before the gate existed (or by hand in the database).  One
line per text: table, primary key, field, problem; ``--format json`` for programs.  Exit status
1 when there is any (0 when none): such a database dumps, but its dump may not load into
PostgreSQL (docs/security.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "json"), default="table")


def found_rows() -> list[dict[str, Any]]:
    """Every stored text the gate would refuse, in table and key order."""
    from django.apps import apps

    from hyoka.gate import stored_problems, text_fields

    out = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        names = [f.name for f in text_fields(model)]
        if not names:
            continue
        for obj in model._default_manager.only(*names).order_by("pk").iterator():
            for name, kind, message in stored_problems(obj):
                out.append(
                    {
                        "table": model._meta.db_table,
                        "pk": obj.pk,
                        "field": name,
                        "kind": kind,
                        "problem": message,
                    }
                )
    return out


def run(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup(migrate=True)

    rows = found_rows()
    if args.format == "json":
        print(json.dumps({"texts": rows, "count": len(rows)}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['table']}\t{r['pk']}\t{r['field']}\t{r['problem']}")
        print(
            f"hyoka check-db: {len(rows)} texts the gate would refuse"
            if rows
            else "hyoka check-db: every text passes the gate",
            file=sys.stderr,
        )
    return 1 if rows else 0
