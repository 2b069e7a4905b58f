"""Import status lists into the database (validated first; nothing written on error).

  hyoka import list.txt                       # the year and area from the list's title
  hyoka import list.xlsx                      # the Excel template (hyoka export --format xlsx)
  hyoka import list.pdf                       # the official PDF
  hyoka import list.txt --plan 2019-2023 --year 2019 --dry-run
  hyoka import --bundled                      # the demo, as hyoka serve loads it: plan 1's
                                              # FY2019 list, plan 2's made-up FY2024 list and
                                              # the lineage between them
  hyoka import --bundled sapporo-fy2019       # one bundled list only
  hyoka import list.xlsx --lang en            # problems and messages in English
  hyoka import fy2024.xlsx --plan 2024-2028   # plan 2: its own projects and indicators
  hyoka import list.txt --area sapporo        # the area, when the title does not name it

Re-importing a year updates it in place; it never duplicates projects or indicators.
Exit 0 imported (or checked with --dry-run), 1 refused (nothing written), 2 unreadable.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from hyoka.cli.check import add_lang, parse_plan
from hyoka.cli.progress import ProgressBar
from hyoka.core.i18n import tr
from hyoka.ingest.limits import shorten
from hyoka.ingest.readers import BUNDLED, UnreadableFile, bundled_bytes, read_bytes


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="status lists (.pdf, .xlsx or text)"
    )
    p.add_argument(
        "--bundled",
        nargs="?",
        const=DEMO,
        choices=[DEMO, *sorted(BUNDLED)],
        metavar="NAME",
        help="a list shipped with Hyoka; without NAME the demo (both plans and their lineage)",
    )
    p.add_argument("--plan", metavar="START-END", help="plan period, e.g. 2019-2023")
    p.add_argument(
        "--area", metavar="NAME", help="the area (name or slug), when the title does not name it"
    )
    p.add_argument("--year", type=int, help="fiscal year, when the title does not give it")
    p.add_argument("--rubric", default="sapporo", help="rubric of a new plan (default sapporo)")
    p.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    add_lang(p)


#: ``--bundled`` without a name: the demo (:mod:`hyoka.publishing.demo`)
DEMO = "demo"


def run(args: argparse.Namespace) -> int:
    if args.bundled == DEMO:
        return _demo(args)
    return _run(args)


def _demo(args: argparse.Namespace) -> int:
    """The demo as ``hyoka serve`` loads it (:func:`hyoka.publishing.demo.load_demo`)."""
    if args.files or args.plan or args.year or args.area or args.rubric != "sapporo":
        print(
            "hyoka import: --bundled without NAME loads the demo; give no FILE, --plan, "
            "--year, --area or --rubric with it",
            file=sys.stderr,
        )
        return 2
    from hyoka.django_setup import setup

    setup(migrate=True)
    from django.db import transaction

    from hyoka.publishing.demo import load_demo

    with transaction.atomic():
        loaded = load_demo(ProgressBar())
        transaction.set_rollback(args.dry_run)
    for r in loaded.imports:
        _say(f"{loaded.source(r)} (bundled)", r)
    written = ", ".join(f"{k} {v}" for k, v in sorted(loaded.lineage.items()))
    print(f"lineage of plan 2 to plan 1 (example data): {written or 'already recorded'}")
    summed = f"{len(loaded.summed)} indicators" if loaded.summed else "already recorded"
    print(f"the demo's assumption, each member's part added up: {summed}")
    if args.dry_run:
        print("dry run: nothing was written")
    return 0


def _run(args: argparse.Namespace) -> int:
    if not args.files and not args.bundled:
        print("hyoka import: give FILE… or --bundled NAME", file=sys.stderr)
        return 2
    try:
        period = parse_plan(args.plan)
        lists = [(read_bytes(data, str(f)), data) for f in args.files for data in [_read(f)]]
        if args.bundled:
            data = bundled_bytes(args.bundled)
            lists.append((read_bytes(data, f"{args.bundled} (bundled)", "text"), data))
    except UnreadableFile as exc:
        print(f"hyoka import: {exc}", file=sys.stderr)
        return 2

    from hyoka.django_setup import setup

    setup(migrate=True)
    from django.db import transaction

    from hyoka.evaluation.imports import ImportRefused
    from hyoka.publishing.imports import import_status_list

    try:
        with transaction.atomic():
            results = [
                import_status_list(
                    sl,
                    data,
                    year=args.year,
                    period=period,
                    rubric=args.rubric,
                    dry_run=args.dry_run,
                    progress=ProgressBar(),
                    area=args.area,
                )
                for sl, data in lists
            ]
    except ImportRefused as exc:
        print(f"hyoka import: {exc}", file=sys.stderr)
        for pr in exc.problems:
            text = f" 「{shorten(pr.text, 60)}」" if pr.text else ""
            expected = " " + tr("（期待される形: %(expected)s）", expected=pr.expected)
            expected = expected if pr.expected else ""
            print(f"  {pr.where or ''}: {pr.message}{text}{expected}", file=sys.stderr)
        return 1
    for (sl, _), r in zip(lists, results, strict=True):
        _say(sl.source, r, dry_run=r.dry_run)
    if args.dry_run:
        print("dry run: nothing was written")
    else:
        _lineage_hint([r.plan for r in results])
    return 0


def _say(source: str, r: Any, *, dry_run: bool = False) -> None:
    """One imported list: its plan and year, what was written, its share, changes, problems."""
    verb = "would import" if dry_run else "imported"
    counts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items()) if v)
    share = f"{r.achieved}/{r.rated}" if r.rated else "-"
    print(f"{verb} {source}: {r.plan} {r.fiscal_year}年度 — {counts}; 達成割合 {share}")
    for c in r.changes:
        print(f"  changed {c}")
    for pr in r.problems:
        print(f"  {pr.severity} [{pr.kind}] {pr.where or ''}: {pr.message}")


def _lineage_hint(plans: list[object]) -> None:
    """For a plan imported after another of its area with no lineage recorded yet: what the
    names propose (nothing is written: the secretariat confirms it with a mapping file)."""
    from hyoka.evaluation import lineage, lookup
    from hyoka.plans.models import Plan

    for plan in {p.pk: p for p in plans if isinstance(p, Plan)}.values():
        try:
            old = lookup.previous_plan(plan)
        except lookup.NotFound:
            continue
        if plan.indicators.exclude(lineage="").exists():
            continue
        counts = Counter(r.lineage for r in lineage.propose(old, plan) if r.item == "indicator")
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(
            f"lineage proposed from the names ({old.start_year}-{old.end_year} → "
            f"{plan.start_year}-{plan.end_year}, indicators): {shown}; confirm it with "
            f"hyoka lineage propose --from {old.start_year}-{old.end_year} --to "
            f"{plan.start_year}-{plan.end_year} > map.csv, then hyoka lineage apply map.csv"
        )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
