"""The address a request comes from, as the sign-in and API token throttles count it.

Behind a reverse proxy (``HYOKA_BEHIND_PROXY=1``) every request arrives from the proxy, so the
client is the last address in ``X-Forwarded-For``: the one the proxy itself added. Addresses a
client wrote further left are ignored, so a client cannot choose the address it is counted
under. Without the proxy setting the header is ignored altogether.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR``, or behind the proxy the address the proxy saw; ``None`` when the
    request has none (a request made up on the server, e.g. by the test client's ``login()``).

    >>> from django.test import RequestFactory
    >>> request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5",
    ...                                HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    >>> from django.test import override_settings
    >>> with override_settings(BEHIND_PROXY=True):
    ...     client_address(request)
    '203.0.113.9'
    >>> with override_settings(BEHIND_PROXY=False):
    ...     client_address(request)
    '10.0.0.5'
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in str(forwarded).split(",") if hop.strip()]
        if hops:
            return hops[-1]
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None
