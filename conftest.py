"""Test-wide set-up: a throw-away data directory before Django reads its settings, and the
modules doctest collection must not import (migrations, the WSGI entry point)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HYOKA_DATA_DIR", tempfile.mkdtemp(prefix="hyoka-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server

collect_ignore_glob = ["src/hyoka/*/migrations/*", "src/hyoka/wsgi.py", "benchmarks/*"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Tests create many users: a fast hasher (never used outside tests)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
