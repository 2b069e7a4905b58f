"""The sign-in throttle as an authentication backend (django-axes).

It signs nobody in: it refuses a user name and address pair that is locked, before
``ModelBackend`` looks at the password, so the right password is refused too while locked.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend  # type: ignore[import-untyped]
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock check for every sign-in that comes with a request (the login page and
    the admin's). ``authenticate()`` without a request is not a sign-in from the network (the
    test client's ``login()``, a script on the server) and is left to ``ModelBackend``."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None
