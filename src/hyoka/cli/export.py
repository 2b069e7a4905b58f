"""Write a year's status list as Excel, PDF, HTML, CSV or JSON.

  hyoka export --format xlsx -o list.xlsx              # the latest year, as it is now
  hyoka export --format pdf --year 2019 -o list.pdf
  hyoka export --format json --year 2019 --edition 2 -o list.json   # a published edition
  hyoka export --format csv --encoding cp932 --errors replace -o list.csv
  hyoka export --format csv --plan 2019-2023 --year 2023 -o plan1-fy2023.csv
  hyoka export --format xlsx --area sapporo -o list.xlsx   # that area's list (several areas)

xlsx is the official layout and also the template (`hyoka check list.xlsx` reads it back);
csv and json are open data (every field in docs/open-data.md).  `-o -` writes to standard
output.  Exit 0 written; 2 when there is no such year or edition, the CSV encoding cannot
hold a character (unless --errors replace), or the file cannot be written — one line on
stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hyoka.cli.check import add_lang, add_scope
from hyoka.reports.registry import FORMATS


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", required=True, choices=sorted(FORMATS), help="what to write")
    p.add_argument("--year", type=int, help="fiscal year (default: the latest)")
    add_scope(p)
    p.add_argument("--edition", type=int, help="a published edition of the year (default: now)")
    p.add_argument(
        "--encoding",
        choices=("utf-8", "cp932"),
        help="CSV only: utf-8 with BOM (default) or cp932 (Shift_JIS for older tools)",
    )
    p.add_argument(
        "--errors",
        choices=("strict", "replace"),
        help="CSV only: stop at a character cp932 lacks (strict, default) or write ? (replace)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file to write (- for stdout)"
    )
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    if args.format != "csv" and (args.encoding or args.errors):
        print("hyoka export: --encoding and --errors apply to --format csv only", file=sys.stderr)
        return 2
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.evaluation.lookup import Ambiguous
    from hyoka.publishing.services import NotFound, report_for
    from hyoka.reports.registry import FormatUnavailable, render
    from hyoka.reports.render_csv import EncodingProblem

    options = {}
    if args.format == "csv":
        options = {"encoding": args.encoding or "utf-8", "errors": args.errors or "strict"}
    try:
        report = report_for(args.year, args.edition, plan=args.plan, area=args.area)
        _, _, data = render(args.format, report, **options)
    except NotFound as exc:
        asked = (args.year, args.edition, args.plan, args.area)
        if not isinstance(exc, Ambiguous) and asked == (None,) * 4:
            print(
                "hyoka export: nothing to export: import a status list first (hyoka import FILE)",
                file=sys.stderr,
            )
        else:
            print(f"hyoka export: {exc}", file=sys.stderr)
        return 2
    except (EncodingProblem, FormatUnavailable) as exc:
        print(f"hyoka export: {exc}", file=sys.stderr)
        return 2
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output)
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"hyoka export: {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    edition = f" edition {args.edition}" if args.edition else ""
    plan = report.plan
    scope = f"{report.area} {plan.start}-{plan.end}, "
    print(
        f"wrote {path} ({args.format}, {scope}{report.fiscal_year}年度{edition}, "
        f"{len(data):,} bytes)"
    )
    return 0
