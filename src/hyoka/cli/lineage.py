"""Lineage across plans: propose it from the names, confirm it with a mapping file.

  hyoka lineage propose --from 2019-2023 --to 2024-2028 > map.csv   # the names' proposal
  hyoka lineage apply map.csv --from 2019-2023 --to 2024-2028 --as sato
  hyoka lineage show --to 2024-2028                                 # what is recorded

The mapping is a CSV with the columns item, to, to_name, lineage, from, from_name, similarity:
``item`` project or indicator; ``to`` the item of the new plan (a project's number, an
indicator's NUMBER-POSITION or KPI-POSITION); ``lineage`` continuing (継続), revised (見直し),
replacing (置き換え), new (新規) or ended (終了, with ``from`` only); ``from`` the item of the
plan before.  Edit it, then apply it: every row is checked first, nothing is written unless
all are right, and every problem names the file, the row and the column.  Each change is kept
in the audit trail.  Without --from/--to: the latest plan and the one before it.  The area's
secretariat can confirm the same on the web (/plans/<plan>/lineage/): the same checks and
writing (hyoka.evaluation.lineage.apply_mapping).
Exit 0 done; 1 the mapping was refused (nothing written); 2 no such plan or file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hyoka.cli.check import NoActiveUser, acting_user, add_lang


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("propose", "apply", "show"), help="what to do")
    p.add_argument("file", nargs="?", type=Path, help="the mapping file (apply)")
    p.add_argument("--from", dest="old", metavar="START-END", help="the plan before")
    p.add_argument("--to", dest="new", metavar="START-END", help="the new plan (default: latest)")
    p.add_argument("--area", metavar="NAME", help="the area; needed only with several areas")
    p.add_argument("--as", dest="user", metavar="NAME", help="the secretariat user (apply)")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    if args.action == "apply" and args.file is None:
        print("hyoka lineage: apply needs the mapping FILE", file=sys.stderr)
        return 2
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.evaluation import lineage, lookup

    try:
        new = lookup.plan(args.new, area=args.area)
        old = lookup.plan(args.old, area=args.area) if args.old else lookup.previous_plan(new)
    except lookup.LookupProblem as exc:
        print(f"hyoka lineage: {exc}", file=sys.stderr)
        return 2
    if args.action == "propose":
        sys.stdout.write(lineage.mapping_csv(lineage.propose(old, new)))
        return 0
    if args.action == "show":
        sys.stdout.write(lineage.mapping_csv(lineage.recorded(old, new)))
        return 0
    return _apply(args, old, new)


def _apply(args: argparse.Namespace, old: Any, new: Any) -> int:

    from hyoka.evaluation import lineage

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"hyoka lineage: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        user = acting_user(args.user)
    except NoActiveUser as exc:
        print(f"hyoka lineage: {exc}", file=sys.stderr)
        return 1
    try:
        rows = lineage.read_mapping(data, str(args.file))
        counts = lineage.apply_mapping(old, new, rows, source=str(args.file), user=user)
    except lineage.MappingRefused as exc:
        print(f"hyoka lineage: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    written = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing changed"
    print(f"applied {args.file}: {old} → {new}: {written}")
    return 0
