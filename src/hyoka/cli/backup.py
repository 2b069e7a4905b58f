"""Back up and restore the whole database, audit trail included.

  hyoka dump -o hyoka-2026-11-28.json      # everything: plans, figures, ratings, users, audit
  hyoka load hyoka-2026-11-28.json         # into an EMPTY database (after `hyoka serve --no-demo`
                                           # or any command has created it)

dump → load into an empty database → dump gives a byte-identical file (on SQLite and on
PostgreSQL). The file holds password hashes and tokens' hashes: keep it like the database.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

#: Rebuilt by `migrate` itself, so not in the dump (natural keys point at them instead).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def configure_dump(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, required=True, help="file to write (JSON)")


def configure_load(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="a file written by hyoka dump")


def dump_bytes() -> bytes:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "dumpdata",
        format="hyoka-json",
        exclude=EXCLUDE,
        natural_foreign=True,
        indent=1,
        stdout=out,
        verbosity=0,
    )
    return out.getvalue().encode("utf-8")


def run_dump(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup(migrate=True)

    data = dump_bytes()
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def run_load(args: argparse.Namespace) -> int:
    from hyoka.django_setup import setup

    setup()
    from django.core.management import call_command
    from django.db import transaction

    from hyoka.evaluation.models import PlanYear
    from hyoka.plans.models import Plan

    if not args.file.is_file():
        print(f"hyoka load: {args.file}: no such file", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if Plan.objects.exists() or PlanYear.objects.exists():
        print(
            "hyoka load: the database is not empty; load into a new HYOKA_DATA_DIR or an empty "
            "DATABASE_URL (nothing was written)",
            file=sys.stderr,
        )
        return 1
    data = args.file.read_bytes()
    try:
        data = upgrade_backup(data)
        warnings: list[str] = []
        check_backup(data, warnings)
    except BackupError as exc:
        print(f"hyoka load: {args.file}: {exc} (nothing was written)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hyoka-load-") as tmp:
        # loaddata picks the format by the name: the checked bytes under a name it reads
        copy = Path(tmp) / "backup.json"
        copy.write_bytes(data)
        try:
            with transaction.atomic():
                call_command("loaddata", str(copy), verbosity=0)
        except Exception as exc:  # loaddata raises many kinds; the message names the object
            reason = " ".join(str(exc).replace(str(copy), str(args.file)).split())
            print(f"hyoka load: {args.file}: {reason[:400]} (nothing was written)", file=sys.stderr)
            return 2
    for line in warnings[:20]:
        print(f"hyoka load: warning: {line}", file=sys.stderr)
    if warnings:
        print(
            f"hyoka load: {len(warnings)} texts the gate would refuse today were restored as "
            "they were; `hyoka check-db` lists them",
            file=sys.stderr,
        )
    print(f"loaded {args.file}", file=sys.stderr)
    return 0


class BackupError(Exception):
    """The file is not a backup ``hyoka load`` can restore; ``str()`` says where and why."""


#: Fields renamed since backups were first written: model → old name → new name.  A backup of
#: an older version loads with its fields under today's names.
RENAMED_FIELDS: dict[str, dict[str, str]] = {
    model: {"organisation": "municipality", "role": "duty"}
    for model in ("accounts.membership", "accounts.historicalmembership")
}


def upgrade_backup(data: bytes) -> bytes:
    """``data`` with the fields of :data:`RENAMED_FIELDS` under their new names; unchanged
    (same bytes) when it holds none, or is not a readable backup (``check_backup`` says why)."""
    try:
        objects = json.loads(data)
    except ValueError:
        return data
    if not isinstance(objects, list):
        return data
    renamed = False
    for obj in objects:
        fields = obj.get("fields") if isinstance(obj, dict) else None
        if not isinstance(fields, dict):
            continue
        for old, new in RENAMED_FIELDS.get(str(obj.get("model")), {}).items():
            if old in fields and new not in fields:
                fields[new] = fields.pop(old)
                renamed = True
    if not renamed:
        return data
    return json.dumps(objects, ensure_ascii=False, indent=2).encode()


def check_backup(data: bytes, warnings: list[str] | None = None) -> None:
    """Refuse, before anything is written, what ``loaddata`` would fail on half-way or store
    wrongly: not UTF-8, not JSON (with line and column), not a list of objects, models or
    fields this version does not have, text longer than its column, NUL characters and lone
    surrogates.  Texts the gate (:mod:`hyoka.gate`) would refuse today but a database stores
    are added to ``warnings`` (restored as they were; ``hyoka check-db`` lists them)."""
    from django.apps import apps
    from django.db import models

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise BackupError(
                f"the file is cut short (it ends in the middle of a character at offset "
                f"{exc.start}); expected the whole file hyoka dump wrote"
            ) from None
        raise BackupError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); expected the "
            "JSON file hyoka dump wrote, unchanged"
        ) from None
    try:
        objects = json.loads(text)
    except json.JSONDecodeError as exc:
        cut = " — the file is cut short?" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise BackupError(
            f"not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg}){cut}; "
            "expected the JSON file hyoka dump wrote"
        ) from None
    if not isinstance(objects, list):
        raise BackupError(
            f"a JSON {type(objects).__name__}, not a backup; expected a list of objects"
        )
    for i, obj in enumerate(objects, 1):
        if not (isinstance(obj, dict) and isinstance(obj.get("model"), str)):
            raise BackupError(
                f"object {i} ({str(obj)[:40]}) is not a model object; expected "
                '{"model": …, "pk": …, "fields": {…}}'
            )
        label = obj["model"]
        where = f"object {i} ({label} {obj.get('pk', '')})".replace(" )", ")")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupError(
                f"{where}: no model {label!r} in this version of Hyoka (a backup of another "
                "version?)"
            ) from None
        fields = obj.get("fields", {})
        if not isinstance(fields, dict):
            raise BackupError(f"{where}: 'fields' is not an object")
        known = {f.name: f for f in model._meta.get_fields()}
        for name, value in fields.items():
            field = known.get(name)
            if field is None:
                raise BackupError(
                    f"{where}: no field {name!r} in {label} (a backup of another version?)"
                )
            limit = field.max_length if isinstance(field, models.CharField) else None
            if isinstance(value, str) and limit and len(value) > limit:
                raise BackupError(
                    f"{where}: {name} has {len(value):,} characters "
                    f"(「{value[:20]}…」); at most {limit} fit"
                )
            _check_storable(where, name, value)
        if warnings is not None and obj.get("model") in TEXT_MODELS:
            warnings += _gate_warnings(where, model, fields)


#: Models whose texts people wrote (and their audit copies): checked against the gate.
TEXT_MODELS = {
    f"{app}.{prefix}{name}"
    for app, names in {
        "plans": ("area", "municipality", "plan", "role", "project", "indicator"),
        "evaluation": ("planyear", "indicatoryear", "projectyear", "contribution"),
        "accounts": ("membership",),
        "publishing": ("edition",),
    }.items()
    for name in names
    for prefix in ("", "historical")
} | {"workflow.yearevent", "workflow.slipconfirmation"}  # the cycle's records (no audit copies)


def _check_storable(where: str, name: str, value: object) -> None:
    """Refuse what no database restores as it was: NUL (PostgreSQL refuses it, in text and in
    JSON alike) and lone surrogates (no UTF-8 holds them)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if "\x00" in text if isinstance(value, str) else "\\u0000" in text:
        raise BackupError(
            f"{where}: {name} holds a NUL character, which PostgreSQL cannot store; remove it "
            "in the database the dump came from (hyoka check-db lists such texts)"
        )
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise BackupError(f"{where}: {name} holds a lone surrogate, which is no character")


def _gate_warnings(where: str, model: Any, fields: dict[str, Any]) -> list[str]:
    """What the gate would refuse today but a database can store (a control character, a
    line break in a one-line field): restored as it was, and said."""
    from hyoka.gate import value_problem

    out = []
    for name, value in fields.items():
        found = value_problem(model, name, value)
        if found is not None:
            out.append(f"{where}: {name}: {found[1]}")
    return out
