"""Publish an approved year as a numbered, immutable edition (who, when, the data).

  hyoka publish --year 2020 --as sato --note "2020年度 実施状況等一覧"
  hyoka publish --plan 2024-2028 --year 2024 --area sapporo

Every project of the year must be approved. A correction later is a new edition; earlier
editions stay as they were. Exit 0 published, 1 refused (nothing written), 2 no such year.
"""

from __future__ import annotations

import argparse
import sys

from hyoka.cli.check import NoActiveUser, acting_user, add_lang, add_scope


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="fiscal year to publish")
    p.add_argument("--note", default="", help="what this edition is (e.g. the correction)")
    p.add_argument("--as", dest="user", metavar="NAME", help="the secretariat user publishing")
    add_scope(p)
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup(migrate=True)

    from hyoka.publishing import services
    from hyoka.workflow.services import WorkflowError

    try:
        plan_year = services.find_plan_year(args.year, plan=args.plan, area=args.area)
    except services.NotFound as exc:
        print(f"hyoka publish: {exc}", file=sys.stderr)
        return 2
    try:
        user = acting_user(args.user)
    except NoActiveUser as exc:
        print(f"hyoka publish: {exc}", file=sys.stderr)
        return 1
    try:
        edition = services.publish(user, plan_year, args.note, cli=user is None)
    except WorkflowError as exc:
        print(f"hyoka publish: {exc.message}", file=sys.stderr)
        return 1
    who = f" by {user.username}" if user else ""
    print(f"published {plan_year.plan} {plan_year} as edition {edition.number}{who}")
    return 0
