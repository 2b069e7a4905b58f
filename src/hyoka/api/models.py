"""API tokens: only a hash is stored; the token is shown once when it is made."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "hyk_"


#: how precisely a token's last use is kept: written at most this often, so reading with a
#: token costs no write per request
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("先頭の文字"), max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.hint}…"

    @classmethod
    def issue(cls, user: object) -> tuple[ApiToken, str]:
        """A new token for ``user``: returns the row and the token text (shown once)."""
        token = PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, key_hash=digest(token), hint=token[:10])
        return row, token

    @classmethod
    def user_for(cls, token: str) -> object | None:
        row = (
            # the user with the membership the rights table reads (its municipality, area)
            cls.objects.select_related("user", "user__membership__municipality")
            .filter(key_hash=digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USE_RESOLUTION:
            cls.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user
