"""Run Hyoka's settings in a fresh interpreter with a given environment, as a server would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"

#: The production environment of docs/deployment.md (the database is never connected to here).
DOCUMENTED = {
    "HYOKA_PRODUCTION": "1",
    "HYOKA_SECRET_KEY": "k3Yq9-documented-test-key-" + "x7Pz2mW4vR8tL1nB6cJ0dF5gH" * 2,
    "DATABASE_URL": "postgres://hyoka:secret@db.internal:5432/hyoka",
    "HYOKA_ALLOWED_HOSTS": "hyoka.example.jp",
    "HYOKA_CSRF_TRUSTED_ORIGINS": "https://hyoka.example.jp",
    "HYOKA_BEHIND_PROXY": "1",
    "HYOKA_HSTS_SECONDS": "31536000",
}

#: What the parent's environment must not leak into a child (the test run's own settings).
_CLEARED = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def child_env(env: dict[str, str], data_dir: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("HYOKA_") and k not in _CLEARED}
    base.update(
        PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        HYOKA_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="hyoka.settings",
    )
    base.update(env)
    return base


def run(
    args: list[str], env: dict[str, str], data_dir: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=child_env(env, data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


_DUMP = """
import json
from hyoka import settings as s
names = {names!r}
print(json.dumps({{n: getattr(s, n, None) for n in names}}, default=repr))
"""


def settings_with(env: dict[str, str], data_dir: Path, *names: str) -> dict[str, Any]:
    """The values of ``names`` in hyoka.settings loaded under ``env``."""
    done = run(["-c", _DUMP.format(names=list(names))], env, data_dir)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result
