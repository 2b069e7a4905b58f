"""Who a user is for Hyoka: a municipality (市町村) and a duty (権限).

A user's *duty* is a different thing from a plan's *role* (役割, :class:`hyoka.plans.models.Role`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hyoka.plans.models import Municipality


class Duty(models.TextChoices):
    """``secretariat`` runs a plan (opens a year, reviews, returns, approves, publishes);
    ``editor`` enters figures for the projects its municipality leads and its own part where it
    participates; ``viewer`` reads everything, drafts included (council members)."""

    SECRETARIAT = "secretariat", _("事務局")
    EDITOR = "editor", _("入力担当")
    VIEWER = "viewer", _("閲覧（懇談会委員など）")


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("市町村"), on_delete=models.PROTECT, related_name="members"
    )
    department = models.CharField(_("部署"), max_length=100, blank=True)
    duty = models.CharField(_("権限"), max_length=20, choices=Duty.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("所属と権限")
        verbose_name_plural = _("所属と権限")
        ordering = ["municipality__order", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality} {self.get_duty_display()})"
