"""Test-wide set-up: a throw-away data directory before Django reads its settings, and the
modules doctest collection must not import (migrations, the WSGI entry point)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HYOKA_DATA_DIR", tempfile.mkdtemp(prefix="hyoka-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server

collect_ignore_glob = ["src/hyoka/*/migrations/*", "src/hyoka/wsgi.py", "benchmarks/*"]
