"""`hyoka serve` — the README's main command (scripts/run) — serves as production does: DEBUG
off, static files served, Hyoka's own error pages; `--dev` is Django's development server."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client, override_settings

from hyoka.cli import build_parser

STARTUP = 400  # seconds: migrate, the bundled list, collectstatic, gunicorn (a loaded machine)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def test_the_main_command_serves_as_production_does(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYOKA_", "DATABASE_URL"))}
    env["HYOKA_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "hyoka", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                status, page, _ = _get(base + "/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert status == 200
        assert "札幌" in page
        status, page, _ = _get(base + "/no-such-page/")
        assert status == 404
        assert 'data-testid="error-page"' in page
        assert "ページが見つかりません" in page
        assert "Page not found" in page
        assert "URLconf" not in page  # not Django's technical page: DEBUG is off
        css = re.search(r'href="(/static/web/hyoka\.[0-9a-f]+\.css)"', page)
        assert css, "static files by their hashed names (WhiteNoise, collectstatic)"
        status, _, headers = _get(base + css.group(1))
        assert status == 200
        assert "max-age" in headers.get("Cache-Control", "")
        status, _, headers = _get(base + "/accounts/login/")
        assert status == 200
        assert "Secure" not in headers.get("Set-Cookie", "")  # loopback, no TLS proxy
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    err = server.stderr.read().decode()  # type: ignore[union-attr]
    assert "production" in err


def test_dev_is_a_flag_and_production_the_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.dev, args.production) == (False, False)
    assert build_parser().parse_args(["serve", "--dev"]).dev
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--dev", "--production"])


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("path", "status", "ja", "en"),
    [
        ("/no-such-page/", 404, "ページが見つかりません", "Page not found"),
        ("/entry/2019/projects/1/", 302, "", ""),  # to the login page, not an error
    ],
)
def test_error_pages_are_hyokas_own(path: str, status: int, ja: str, en: str) -> None:
    response = Client().get(path)
    assert response.status_code == status
    if ja:
        page = response.content.decode()
        assert ja in page
        assert en in page
        assert "URLconf" not in page


@pytest.mark.django_db
def test_server_error_and_forbidden_pages() -> None:
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "サーバーでエラーが起きました" in page
    assert "Server error" in page
    page = render_to_string("403.html")
    assert "このページを見る権限がありません" in page
    assert "You may not see this page" in page


# --- the database a command uses, and hyoka user add on an existing name --------------------


def _cli(*argv: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hyoka", *argv],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_database_command_says_which_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYOKA_", "DATABASE_URL"))}
    env["HYOKA_DATA_DIR"] = str(tmp_path)
    first = _cli("import", "--bundled", "sapporo-fy2019", env=env)
    assert first.returncode == 0, first.stderr
    where = next(line for line in first.stderr.splitlines() if line.startswith("データベース: "))
    assert str(tmp_path) in where
    assert where.endswith("（新規作成）")  # a database that did not exist yet: said so
    done = _cli("check-db", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == where.removesuffix("（新規作成）")
    assert json.loads(done.stdout)["count"] == 0  # stdout stays pure JSON
    done = _cli("export", "--format", "json", "-o", "-", env=env)
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    assert done.stderr.startswith("データベース: ")
    # hyoka user add on an existing name refuses unless --reset-password
    add = ["user", "add", "tanaka", "--municipality", "011002", "--duty", "editor"]
    assert _cli(*add, env=env, stdin="a-long-passphrase-1\n").returncode == 0
    again = _cli(*add, "--duty", "viewer", env=env, stdin="another-passphrase-2\n")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "--reset-password" in again.stderr
    reset = _cli(*add, "--reset-password", env=env, stdin="another-passphrase-2\n")
    assert reset.returncode == 0, reset.stderr
    assert "updated tanaka" in reset.stdout


def test_the_password_is_never_named() -> None:
    from hyoka.django_setup import describe

    db = {"ENGINE": "django.db.backends.postgresql", "NAME": "h", "USER": "u", "PASSWORD": "pw"}
    assert "pw" not in describe(db | {"HOST": "127.0.0.1", "PORT": "5432"})
