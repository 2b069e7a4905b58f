"""What a locked-out sign-in sees, and who is locked (for ``hyoka user list`` and unlock)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The lockout page (429): why, for how long, and who can lift it."""
    response = TemplateResponse(
        request,
        "accounts/locked_out.html",
        {"minutes": cooloff_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()


def locked_usernames() -> set[str]:
    """User names with at least one address locked now."""
    from axes.models import AccessAttempt  # type: ignore[import-untyped]

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).values_list("username", flat=True)
    return {str(name) for name in rows if name}


def unlock(username: str) -> int:
    """Forget the failed sign-ins of ``username`` (every address); returns how many records."""
    from axes.utils import reset  # type: ignore[import-untyped]

    return int(reset(username=username))
