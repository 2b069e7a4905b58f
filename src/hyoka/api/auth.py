"""Who is calling: a bearer token, the web's own session, or nobody (published data only).

Failed token attempts are counted per client address (behind the reverse proxy, the address
the proxy saw: ``hyoka.accounts.client``); past ``LIMIT`` within ``WINDOW`` seconds the caller
gets 429 until the window passes. The counts live in Django's cache: in production the
database cache, which every worker and app server shares, so they count together.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from hyoka.accounts.client import client_address
from hyoka.api.models import ApiToken

LIMIT = 10
WINDOW = 300


def _client(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _failures_key(request: HttpRequest) -> str:
    return f"hyoka:api:authfail:{_client(request)}"


class OptionalUser(AuthBase):
    """ninja auth that never lets a request through unidentified by mistake: a bad token is
    401 (and counted), too many bad tokens 429, no credentials → anonymous (published data)."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            key = _failures_key(request)
            if int(cache.get(key, 0)) >= LIMIT:
                raise HttpError(429, "too many failed authentication attempts; try again later")
            scheme, _, token = header.partition(" ")
            user = ApiToken.user_for(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                # add() starts the window; incr() keeps counting in it (not atomic in every
                # backend: two workers failing at the same instant may count once)
                if not cache.add(key, 1, WINDOW):
                    try:
                        cache.incr(key)
                    except ValueError:  # expired in between
                        cache.set(key, 1, WINDOW)
                raise AuthenticationError(401, "invalid or revoked token")
            request.user = user
            return user
        if request.user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                error = check_csrf(request)
                if error:
                    raise HttpError(403, "CSRF check failed (send the csrftoken header)")
            return request.user
        return AnonymousUser()
