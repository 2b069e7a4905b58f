"""Start Django from the command line (the ``hyoka`` commands that need the database).

Each such command says first, on stderr, which database it uses — ``データベース:
/home/me/.local/share/hyoka/hyoka.sqlite3`` or ``データベース: postgres://hyoka@db:5432/hyoka``
(never a password), marked ``（新規作成）`` when the SQLite file does not exist yet: a command
run without the server's ``HYOKA_DATA_DIR`` or ``DATABASE_URL`` would otherwise work on another
database without a word.  Standard output stays the command's own (pure JSON where asked).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: How the line naming the database begins.
DATABASE_LINE = "データベース: "


def setup(*, announce: bool = True, migrate: bool = False) -> None:
    """Start Django; say which database (``announce``); bring its tables up to date first
    (``migrate``, what every command that reads or writes the database asks)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    import django
    from django.conf import settings

    django.setup()
    if announce:
        print(DATABASE_LINE + describe(settings.DATABASES["default"]), file=sys.stderr)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def describe(db: dict[str, Any]) -> str:
    """Where the database is, without its password.

    >>> describe({"ENGINE": "django.db.backends.postgresql", "NAME": "hyoka", "USER": "app",
    ...           "PASSWORD": "secret", "HOST": "db", "PORT": 5432})
    'postgres://app@db:5432/hyoka'
    """
    if "sqlite" in str(db.get("ENGINE", "")):
        name = str(db.get("NAME", ""))
        new = not name.startswith((":memory:", "file:")) and not Path(name).exists()
        return name + ("（新規作成）" if new else "")
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{db.get('HOST') or ''}{port}/{db.get('NAME', '')}"
