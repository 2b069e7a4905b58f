"""Open a fiscal year for entry, with its deadline (入力期限); or change the deadline.

  hyoka year open 2020 --deadline 2021-04-30               # the latest plan
  hyoka year open 2020 --deadline 2021-04-30 --plan 2019-2023 --as sato
  hyoka year deadline 2020 2021-05-31 --as sato            # change it ("none" clears it)

Indicators and targets carry over, last year's values pre-fill the forms, every project
starts as a draft. Without --as the command line acts for the secretariat (no one's rights
are checked). Exit 0 done, 1 refused (nothing written: already open, outside the plan's
period, no such user), 2 no such plan or year, or a date that cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from hyoka.cli.check import NoActiveUser, acting_user


def configure(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="year_command", metavar="ACTION", required=True)
    opened = subs.add_parser("open", help="open a fiscal year for entry")
    opened.add_argument("year", type=int, help="the fiscal year, e.g. 2020")
    opened.add_argument("--deadline", metavar="YYYY-MM-DD", help="the deadline for entry")
    opened.add_argument("--plan", metavar="START-END", help="the plan (default: the latest)")
    opened.add_argument("--as", dest="user", metavar="NAME", help="the secretariat user")
    deadline = subs.add_parser("deadline", help="set, change or clear an open year's deadline")
    deadline.add_argument("year", type=int, help="the fiscal year, e.g. 2020")
    deadline.add_argument("deadline", metavar="YYYY-MM-DD", help='the new deadline, or "none"')
    deadline.add_argument("--plan", metavar="START-END", help="the plan (default: the latest)")
    deadline.add_argument("--as", dest="user", metavar="NAME", help="the secretariat user")


def _date(text: str | None) -> dt.date | None:
    if not text or text.lower() == "none":
        return None
    return dt.date.fromisoformat(text)


def run(args: argparse.Namespace) -> int:
    try:
        deadline = _date(args.deadline)
    except ValueError:
        print(f"hyoka year: {args.deadline!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.evaluation.models import PlanYear
    from hyoka.plans.models import Plan
    from hyoka.workflow import review, services

    plans = Plan.objects.order_by("-start_year", "-pk")
    if args.plan:
        start, _, end = args.plan.partition("-")
        if not (start.isdigit() and end.isdigit()):
            print(f"hyoka year: --plan {args.plan!r} is not START-END", file=sys.stderr)
            return 2
        plans = plans.filter(start_year=int(start), end_year=int(end))
    plan = plans.first()
    if plan is None:
        print(f"hyoka year: no plan {args.plan or ''} (import a list first)", file=sys.stderr)
        return 2
    try:
        user = acting_user(args.user)
    except NoActiveUser as exc:
        print(f"hyoka year: {exc}", file=sys.stderr)
        return 1
    try:
        if args.year_command == "open":
            plan_year = services.open_year(user, plan, args.year, deadline, cli=user is None)
        else:
            found = PlanYear.objects.filter(plan=plan, fiscal_year=args.year).first()
            if found is None:
                print(f"hyoka year: {args.year} is not open in {plan}", file=sys.stderr)
                return 2
            plan_year = review.set_deadline(user, found, deadline, cli=user is None)
    except services.WorkflowError as exc:
        print(f"hyoka year: {exc.message}", file=sys.stderr)
        return 1
    when = plan_year.deadline.isoformat() if plan_year.deadline else "none"
    print(f"{plan_year} ({plan.start_year}-{plan.end_year}): {plan_year.status}, deadline {when}")
    return 0
