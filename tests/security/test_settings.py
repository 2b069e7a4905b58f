"""The settings a server gets from its environment (docs/deployment.md), each loaded in a fresh
interpreter as ``hyoka serve`` or gunicorn would load them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security.envs import DOCUMENTED, run, settings_with

ROOT = Path(__file__).resolve().parents[2]
SECURITY = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "ALLOWED_HOSTS",
    "CACHES",
    "DATABASES",
)


def test_development_defaults(tmp_path: Path) -> None:
    s = settings_with({}, tmp_path, *SECURITY)
    assert s["DEBUG"] is True
    assert s["SECURE_SSL_REDIRECT"] is None  # Django's default (False) applies
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    assert s["CSRF_TRUSTED_ORIGINS"] == []
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]", "testserver"]
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DATABASES"]["default"]["NAME"] == str(tmp_path / "hyoka.sqlite3")


def test_production_on_loopback_neither_redirects_nor_sends_hsts(tmp_path: Path) -> None:
    """`hyoka serve --production` on http://127.0.0.1 must keep working."""
    s = settings_with({"HYOKA_PRODUCTION": "1"}, tmp_path, *SECURITY)
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is None
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    assert s["SECURE_HSTS_SECONDS"] is None
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    cache = s["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache["LOCATION"] == "hyoka_cache"
    assert cache["OPTIONS"]["MAX_ENTRIES"] >= 10000  # counts are not culled by a crowd


def test_insecure_cookies_on_request_for_plain_http_clients(tmp_path: Path) -> None:
    env = {"HYOKA_PRODUCTION": "1", "HYOKA_INSECURE_COOKIES": "1"}
    s = settings_with(env, tmp_path, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert s == {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False}
    # …but never behind the TLS proxy
    s = settings_with({**env, "HYOKA_BEHIND_PROXY": "1"}, tmp_path, "SESSION_COOKIE_SECURE")
    assert s["SESSION_COOKIE_SECURE"] is True


def test_documented_production_environment(tmp_path: Path) -> None:
    s = settings_with(DOCUMENTED, tmp_path, *SECURITY, "SECRET_KEY", "SECRET_KEY_FROM_ENV")
    assert s["SECRET_KEY"] == DOCUMENTED["HYOKA_SECRET_KEY"]
    assert s["SECRET_KEY_FROM_ENV"] is True
    assert not (tmp_path / "secret_key").exists()  # nothing generated beside the data
    assert s["ALLOWED_HOSTS"] == ["hyoka.example.jp"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://hyoka.example.jp"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is True
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.internal",
        5432,
        "hyoka",
        "hyoka",
    )
    assert s["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")


def test_several_hosts_and_origins(tmp_path: Path) -> None:
    env = {
        "HYOKA_ALLOWED_HOSTS": " hyoka.example.jp , hyoka.internal ,",
        "HYOKA_CSRF_TRUSTED_ORIGINS": "https://hyoka.example.jp,https://*.example.jp",
    }
    s = settings_with(env, tmp_path, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")
    assert s["ALLOWED_HOSTS"] == ["hyoka.example.jp", "hyoka.internal", "testserver"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://hyoka.example.jp", "https://*.example.jp"]


@pytest.mark.parametrize(
    ("env", "seconds", "subdomains", "preload"),
    [
        ({"HYOKA_HSTS_SECONDS": "3600"}, 3600, True, True),
        ({"HYOKA_HSTS_SECONDS": "0"}, 0, False, False),  # HSTS off, redirect still on
        ({"HYOKA_HSTS_PRELOAD": "0"}, 31536000, True, False),
    ],
)
def test_hsts_behind_the_proxy(
    tmp_path: Path, env: dict[str, str], seconds: int, subdomains: bool, preload: bool
) -> None:
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    s = settings_with({"HYOKA_BEHIND_PROXY": "1", **env}, tmp_path, *names, "SECURE_SSL_REDIRECT")
    assert (s[names[0]], s[names[1]], s[names[2]]) == (seconds, subdomains, preload)
    assert s["SECURE_SSL_REDIRECT"] is True


def test_login_throttle_settings(tmp_path: Path) -> None:
    names = ("AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_LOCKOUT_PARAMETERS")
    s = settings_with({}, tmp_path, *names)
    assert s["AXES_FAILURE_LIMIT"] == 5
    assert s["AXES_COOLOFF_TIME"] == "datetime.timedelta(seconds=1800)"
    assert s["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    env = {"HYOKA_LOGIN_FAILURE_LIMIT": "3", "HYOKA_LOGIN_COOLOFF_MINUTES": "5"}
    s = settings_with(env, tmp_path, *names)
    assert s["AXES_FAILURE_LIMIT"] == 3
    assert s["AXES_COOLOFF_TIME"] == "datetime.timedelta(seconds=300)"


def test_a_number_that_is_not_one_is_named(tmp_path: Path) -> None:
    done = run(["-c", "import hyoka.settings"], {"HYOKA_LOGIN_FAILURE_LIMIT": "five"}, tmp_path)
    assert "HYOKA_LOGIN_FAILURE_LIMIT must be a whole number, not 'five'" in done.stderr
    done = run(
        ["-c", "import hyoka.settings"],
        {"HYOKA_BEHIND_PROXY": "1", "HYOKA_HSTS_SECONDS": "1y"},
        tmp_path,
    )
    assert "HYOKA_HSTS_SECONDS must be a whole number, not '1y'" in done.stderr


def test_every_environment_variable_is_documented() -> None:
    """Each HYOKA_* variable the settings read is in docs/deployment.md's table."""
    code = (ROOT / "src" / "hyoka" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"(HYOKA_[A-Z_]+)"', code)) | {"DATABASE_URL"}
    doc = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"| `{n}`" not in doc)
    assert not missing, f"not in docs/deployment.md: {missing}"
    assert "HYOKA_BEHIND_PROXY" in names


def test_the_tested_production_environment_is_the_documented_one() -> None:
    """docs/deployment.md's /etc/hyoka/env names exactly the variables the tests run under."""
    doc = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = doc.split("# /etc/hyoka/env", 1)[1].split("```", 1)[0]
    names = set(re.findall(r"^([A-Z_]+)=", block, flags=re.MULTILINE))
    assert names == set(DOCUMENTED) | {"HYOKA_DATA_DIR"}


@pytest.mark.parametrize(
    ("env", "options"),
    [
        ({}, {"server_side_binding": True, "prepare_threshold": 5}),
        ({"HYOKA_DB_PREPARE": "0"}, {}),
    ],
)
def test_postgresql_statements_prepared_unless_turned_off(
    tmp_path: Path, env: dict[str, str], options: dict[str, object]
) -> None:
    """On PostgreSQL the server binds parameters and a statement run a fifth time on a
    connection is prepared; HYOKA_DB_PREPARE=0 (a pooler without prepared statements) keeps
    Django's defaults.  SQLite is untouched."""
    url = {"DATABASE_URL": "postgres://hyoka@db.internal:5432/hyoka"}
    s = settings_with({**url, **env}, tmp_path, "DATABASES")
    assert s["DATABASES"]["default"].get("OPTIONS", {}) == options
    lite = settings_with(env, tmp_path, "DATABASES")["DATABASES"]["default"]["OPTIONS"]
    assert "server_side_binding" not in lite
