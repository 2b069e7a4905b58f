"""Start Django from the command line (the ``hyoka`` commands that need the database)."""

from __future__ import annotations

import os


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    import django

    django.setup()
