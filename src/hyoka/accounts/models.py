"""Who a user is for Hyoka: an organisation and a role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hyoka.plans.models import Municipality


class Role(models.TextChoices):
    """``secretariat`` runs a plan (opens a year, reviews, returns, approves, publishes);
    ``editor`` enters figures for the projects its organisation leads and its own part where it
    participates; ``viewer`` reads everything, drafts included (council members)."""

    SECRETARIAT = "secretariat", _("事務局")
    EDITOR = "editor", _("入力担当")
    VIEWER = "viewer", _("閲覧（懇談会委員など）")


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Municipality, verbose_name=_("団体"), on_delete=models.PROTECT, related_name="members"
    )
    department = models.CharField(_("部署"), max_length=100, blank=True)
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("所属と役割")
        verbose_name_plural = _("所属と役割")
        ordering = ["organisation__order", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation} {self.get_role_display()})"
