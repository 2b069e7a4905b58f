"""The end-of-plan summary (期末評価) of a plan: achieved at the end per role, never rated,
what continued into the next plan.

  hyoka summary --plan 2019-2023                 # a table for people
  hyoka summary --plan 2019-2023 --format json   # the data, for programs
  hyoka summary --plan 2019-2023 --format pdf -o kimatsu.pdf   # the PDF the web serves
  hyoka summary --plan 2019-2023 --area sapporo

"At the end" is the plan's last year with a list (the output says when that is not the plan's
own last year).  What continued is the lineage recorded with `hyoka lineage apply`.
The PDF is written to the file -o names (``-`` for standard output; required with pdf).
Exit 0 shown; 2 no such plan, or no file for the PDF (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hyoka.cli.check import add_lang, add_scope


def configure(p: argparse.ArgumentParser) -> None:
    add_scope(p)
    p.add_argument("--format", choices=("table", "json", "pdf"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="where the PDF goes (- for stdout)")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.output:
        print("hyoka summary: --format pdf needs -o FILE (- for standard output)", file=sys.stderr)
        return 2
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.evaluation import lookup
    from hyoka.reports.summary import end_of_plan_summary

    try:
        plan = lookup.plan(args.plan, area=args.area)
    except lookup.LookupProblem as exc:
        print(f"hyoka summary: {exc}", file=sys.stderr)
        return 2
    data = end_of_plan_summary(plan)
    if args.format == "pdf":
        return _pdf(data, args.output)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(data))
    return 0


def _pdf(data: dict[str, Any], output: str) -> int:
    from hyoka.reports.render_summary import pdf_bytes

    pdf = pdf_bytes(data)
    if output == "-":
        sys.stdout.buffer.write(pdf)
        return 0
    try:
        Path(output).write_bytes(pdf)
    except OSError as exc:
        print(f"hyoka summary: {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {output} ({len(pdf):,} bytes)", file=sys.stderr)
    return 0


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f}%"


def render_text(d: dict[str, Any]) -> str:
    """The summary for people, one section after another."""
    plan = d["plan"]
    out = [f"期末評価 {d['area']} {plan['name']}（{plan['start']}〜{plan['end']}年度）"]
    end = d["final_year"]
    if end is None:
        out.append("  一覧がありません")
        return "\n".join(out) + "\n"
    note = "" if d["complete"] else f"（計画の最終年度 {plan['end']} の一覧はまだありません）"
    out.append(f"  期末: {end}年度{note}; 年度: {', '.join(map(str, d['years']))}")
    out.append("  役割  指標数  達成・達成見込/評価できた  割合")
    for r in [*d["roles"], {"label": "計", "title": ""} | d["total"]]:
        out.append(
            f"  {r['label'] or '-':<4}{r['indicators']:>6}  {r['achieved']:>6}/{r['rated']:<6}"
            f"{'':>14}{_pct(r['share'])}"
        )
    out.append(f"  一度も評価できなかった指標: {len(d['never_rated'])}")
    out += [f"    {x['key']} {x['name']}" for x in d["never_rated"]]
    nxt = d["next_plan"]
    if nxt is None:
        out.append("  次の計画: なし")
    else:
        cont = d["continued"]
        out.append(f"  次の計画: {nxt['name']}（{nxt['start']}〜{nxt['end']}年度）")
        for label, key in (("事業", "projects"), ("指標", "indicators")):
            counts = ", ".join(f"{k} {v}" for k, v in cont[key].items())
            out.append(f"    {label}: {counts}")
    return "\n".join(out) + "\n"
