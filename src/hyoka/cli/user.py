"""Provision accounts: each user belongs to a municipality (団体コード) with one duty (権限).

  hyoka user add tanaka --municipality 012033 --duty editor --email tanaka@example.jp
  echo 'a-long-passphrase' | hyoka user add sato --municipality 011002 --duty secretariat
  hyoka user list
  hyoka user disable tanaka
  hyoka user unlock tanaka           # lift a sign-in lock after too many failed attempts
  hyoka user token tanaka            # a new API token, printed once
  hyoka user token tanaka --revoke   # revoke all of tanaka's tokens

Duties: secretariat (事務局), editor (入力担当), viewer (閲覧). Without a password on standard
input one is generated and printed once. Passwords are never logged.
"""

from __future__ import annotations

import argparse
import secrets
import sys


def configure(p: argparse.ArgumentParser) -> None:
    subs = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = subs.add_parser(
        "add",
        help="create a user; an existing one only with --reset-password (new password, and "
        "municipality and duty as given)",
    )
    add.add_argument("name")
    add.add_argument(
        "--reset-password",
        action="store_true",
        help="the user exists: give them a new password (ends their sessions) and the "
        "municipality, duty and department given",
    )
    add.add_argument(
        "--municipality",
        "--organisation",
        dest="municipality",
        required=True,
        metavar="CODE",
        help="団体コード, e.g. 011002 (--organisation is its older name)",
    )
    add.add_argument(
        "--duty",
        "--role",
        dest="duty",
        required=True,
        choices=("secretariat", "editor", "viewer"),
        help="権限 (--role is its older name)",
    )
    add.add_argument("--department", default="", help="部署 (optional)")
    add.add_argument("--email", default="", help="for reminders")
    subs.add_parser("list", help="list users with municipality and duty")
    disable = subs.add_parser("disable", help="disable a user (they can no longer sign in)")
    disable.add_argument("name")
    unlock = subs.add_parser(
        "unlock", help="lift the sign-in lock of a user locked after too many failed attempts"
    )
    unlock.add_argument("name")
    token = subs.add_parser("token", help="print a new API token for a user (shown once)")
    token.add_argument("name")
    token.add_argument(
        "--revoke", action="store_true", help="revoke every token of the user instead"
    )


def run(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup(migrate=True)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from hyoka.accounts.models import Membership
    from hyoka.gate import TextRefused, clean_text
    from hyoka.plans.models import Municipality

    User = get_user_model()
    if args.user_command == "list":
        from hyoka.accounts.lockout import locked_usernames

        locked = locked_usernames()
        rows = Membership.objects.select_related("user", "municipality").order_by(
            "municipality__order", "user__username"
        )
        for m in rows:
            state = "" if m.user.is_active else "  (disabled)"
            state += "  (locked)" if m.user.username in locked else ""
            print(
                f"{m.user.username}\t{m.municipality.code} {m.municipality.name}"
                f"\t{m.duty}\t{m.department}{state}"
            )
        return 0
    if args.user_command == "token":
        from django.utils import timezone

        from hyoka.api.models import ApiToken

        user = User.objects.filter(username=args.name, is_active=True).first()
        if user is None:
            print(f"hyoka user: no active user {args.name!r}", file=sys.stderr)
            return 1
        if args.revoke:
            n = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            print(f"revoked {n} token(s) of {args.name}")
            return 0
        _, text = ApiToken.issue(user)
        print(text)
        return 0
    if args.user_command == "unlock":
        from hyoka.accounts.lockout import unlock

        n = unlock(args.name)
        if not n and not User.objects.filter(username=args.name).exists():
            print(f"hyoka user: no user {args.name!r}", file=sys.stderr)
            return 1
        print(f"unlocked {args.name} ({n} record(s) of failed sign-ins removed)")
        return 0
    if args.user_command == "disable":
        n = User.objects.filter(username=args.name).update(is_active=False)
        if not n:
            print(f"hyoka user: no user {args.name!r}", file=sys.stderr)
            return 1
        print(f"disabled {args.name}")
        return 0
    org = Municipality.objects.filter(code=args.municipality).first()
    if org is None:
        codes = ", ".join(Municipality.objects.values_list("code", flat=True)[:12])
        print(
            f"hyoka user: no municipality with code {args.municipality!r} (known: {codes})",
            file=sys.stderr,
        )
        return 1
    exists = User.objects.filter(username=args.name).exists()
    if exists and not args.reset_password:
        print(
            f"hyoka user: {args.name!r} already exists (nothing was changed); to give them a new "
            "password, run hyoka user add again with --reset-password",
            file=sys.stderr,
        )
        return 1
    try:
        department = clean_text(Membership, "department", args.department, label="--department")
    except TextRefused as exc:
        print(f"hyoka user: {exc.message} (nothing was changed)", file=sys.stderr)
        return 1
    generated = sys.stdin.isatty() or sys.stdin.closed
    password = secrets.token_urlsafe(12) if generated else sys.stdin.readline().strip()
    if not password:
        password, generated = secrets.token_urlsafe(12), True
    try:
        validate_password(password)
    except ValidationError as exc:
        print("hyoka user: the password is refused: " + " ".join(exc.messages), file=sys.stderr)
        return 1
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=args.name)
        user.email = args.email or user.email
        user.is_active = True
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user,
            defaults={"municipality": org, "duty": args.duty, "department": department},
        )
    print(
        f"{'created' if created else 'updated'} {args.name}: {org.name} ({org.code}), {args.duty}"
    )
    if generated:
        print(f"password (shown once): {password}")
    return 0
