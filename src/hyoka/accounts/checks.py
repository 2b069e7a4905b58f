"""Hyoka's own deployment checks, run by ``python -m django check --deploy`` beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "PRODUCTION", False) and not getattr(
        settings, "SECRET_KEY_FROM_ENV", False
    ):
        return [
            CheckWarning(
                "HYOKA_SECRET_KEY is not set: the secret key was generated in this machine's "
                "data directory, so a second app server would sign sessions differently.",
                hint="Set HYOKA_SECRET_KEY (at least 50 random characters) on every server, "
                "from a file readable only by the service: see docs/deployment.md.",
                id="hyoka.W001",
            )
        ]
    return []
