"""Production counts failed API tokens in the database cache, which every worker and app server
shares; the sign-in throttle counts in the database too. Here a second cache object (as another
worker would hold) sees the first one's counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client

from hyoka.api import auth

DB_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hyoka_cache",
        "TIMEOUT": 300,
    }
}


@pytest.fixture
def db_cache(settings: Any, db: None) -> None:
    settings.CACHES = DB_CACHE


def test_the_cache_table_is_made_by_migrate(db: None) -> None:
    assert "hyoka_cache" in connection.introspection.table_names()


def test_failed_tokens_are_counted_in_the_database(db_cache: None) -> None:
    client = Client()
    headers = {"HTTP_AUTHORIZATION": "Bearer hyk_not-a-token", "REMOTE_ADDR": "192.0.2.44"}
    for _ in range(auth.LIMIT):
        assert client.get("/api/v1/plans", **headers).status_code == 401
    assert client.get("/api/v1/plans", **headers).status_code == 429
    another_worker = DatabaseCache("hyoka_cache", {})
    assert another_worker.get("hyoka:api:authfail:192.0.2.44") == auth.LIMIT
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM hyoka_cache")
        assert cursor.fetchone()[0] >= 1
    # another address is not throttled
    other = {**headers, "REMOTE_ADDR": "192.0.2.45"}
    assert client.get("/api/v1/plans", **other).status_code == 401


def test_behind_the_proxy_tokens_are_counted_per_client(db_cache: None, settings: Any) -> None:
    settings.BEHIND_PROXY = True
    client = Client()
    for n in range(auth.LIMIT):
        client.get(
            "/api/v1/plans",
            HTTP_AUTHORIZATION="Bearer hyk_wrong",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        )
    blocked = client.get(
        "/api/v1/plans",
        HTTP_AUTHORIZATION="Bearer hyk_wrong",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert blocked.status_code == 429
    neighbour = client.get(
        "/api/v1/plans",
        HTTP_AUTHORIZATION="Bearer hyk_wrong",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert neighbour.status_code == 401
