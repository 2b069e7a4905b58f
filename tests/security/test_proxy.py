"""Behind the TLS proxy (HYOKA_BEHIND_PROXY=1) a request forwarded as HTTPS is secure and gets
HSTS and secure cookies; a plain one is redirected to HTTPS. Without the setting (loopback
`hyoka serve --production`) plain HTTP is served as it is. Each runs the real settings in a
fresh interpreter through Django's test client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.security.envs import DOCUMENTED, run

_REQUESTS = """
import json, django
from django.conf import settings
# the page's static links need no collectstatic here (the storage is beside the point)
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
out = {}
for name, extra in [
    ("plain", {}),
    ("forwarded_https", {"HTTP_X_FORWARDED_PROTO": "https"}),
    ("forwarded_http", {"HTTP_X_FORWARDED_PROTO": "http"}),
]:
    c = Client(HTTP_HOST=HOST)
    r = c.get("/accounts/login/?next=/entry/", **extra)
    cookie = r.cookies.get("csrftoken")
    out[name] = {
        "status": r.status_code,
        "location": r.get("Location"),
        "hsts": r.get("Strict-Transport-Security"),
        "secure": r.wsgi_request.is_secure(),
        "csrf_cookie_secure": bool(cookie and cookie["secure"]),
    }
print(json.dumps(out))
"""


def _requests(env: dict[str, str], host: str, data_dir: Path) -> dict[str, Any]:
    code = f"HOST = {host!r}\n" + _REQUESTS
    done = run(["-c", code], env, data_dir)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_behind_the_proxy(tmp_path: Path) -> None:
    r = _requests(DOCUMENTED, "hyoka.example.jp", tmp_path)
    https = r["forwarded_https"]
    assert https["status"] == 200
    assert https["secure"] is True
    assert https["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert https["csrf_cookie_secure"] is True
    for plain in (r["plain"], r["forwarded_http"]):
        assert plain["status"] == 301
        assert plain["location"] == "https://hyoka.example.jp/accounts/login/?next=/entry/"
        assert plain["secure"] is False
        assert plain["hsts"] is None


def test_loopback_production_serves_plain_http(tmp_path: Path) -> None:
    r = _requests({"HYOKA_PRODUCTION": "1"}, "127.0.0.1", tmp_path)
    plain = r["plain"]
    assert plain["status"] == 200
    assert plain["secure"] is False
    assert plain["hsts"] is None
    # without the proxy setting the header is not believed
    assert r["forwarded_https"]["secure"] is False
    assert r["forwarded_https"]["hsts"] is None
