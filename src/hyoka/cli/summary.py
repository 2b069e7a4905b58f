"""The end-of-plan summary (期末評価) of a plan: achieved at the end per role, never rated,
what continued into the next plan.

  hyoka summary --plan 2019-2023                 # a table for people
  hyoka summary --plan 2019-2023 --format json   # the data, for programs
  hyoka summary --plan 2019-2023 --area sapporo

"At the end" is the plan's last year with a list (the output says when that is not the plan's
own last year).  What continued is the lineage recorded with `hyoka lineage apply`.
Exit 0 shown; 2 no such plan (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from hyoka.cli.check import add_lang, add_scope
from hyoka.core.i18n import use_language


def configure(p: argparse.ArgumentParser) -> None:
    add_scope(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    with use_language(args.lang):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command

    from hyoka.evaluation import lookup
    from hyoka.reports.summary import end_of_plan_summary

    call_command("migrate", verbosity=0)
    try:
        plan = lookup.plan(args.plan, area=args.area)
    except lookup.LookupProblem as exc:
        print(f"hyoka summary: {exc}", file=sys.stderr)
        return 2
    data = end_of_plan_summary(plan)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(data))
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
