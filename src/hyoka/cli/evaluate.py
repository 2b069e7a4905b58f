"""Re-rate everything in the database and print the ratings that changed.

hyoka evaluate               # every plan and year
hyoka evaluate --year 2019
hyoka evaluate --plan 2024-2028 --area sapporo   # one plan's years
"""

from __future__ import annotations

import argparse
import sys

from hyoka.cli.check import add_lang, add_scope


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="only this fiscal year")
    add_scope(p)
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.evaluation import lookup
    from hyoka.evaluation.models import PlanYear
    from hyoka.evaluation.services import evaluate_year

    years = PlanYear.objects.select_related("plan", "plan__area").order_by("plan", "fiscal_year")
    try:
        if args.plan or args.area:
            years = years.filter(plan=lookup.plan(args.plan, area=args.area, fiscal_year=args.year))
    except lookup.LookupProblem as exc:
        print(f"hyoka evaluate: {exc}", file=sys.stderr)
        return 2
    if args.year:
        years = years.filter(fiscal_year=args.year)
    if not years:
        print("nothing to evaluate: import a status list first (hyoka import FILE)")
        return 0
    for plan_year in years:
        ev, changes = evaluate_year(plan_year.plan, plan_year.fiscal_year)
        a = ev.achievement
        print(
            f"{plan_year.plan} {plan_year.fiscal_year}年度: 達成割合 {a.percent_text} ({a.achieved}/{a.rated}), "
            f"{len(changes)} rating(s) changed"
        )
        for c in changes:
            print(f"  {c}")
    return 0
