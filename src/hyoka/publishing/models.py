"""An edition (版) freezes a year's status list as published: who, when, and the data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hyoka.evaluation.models import PlanYear


class EditionIsImmutable(Exception):
    """A published edition is never changed or deleted; a correction is a new edition."""


class Edition(models.Model):
    plan_year = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(_("版"))
    published_at = models.DateTimeField(_("公表日時"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公表者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("訂正の内容など"), blank=True)
    data = models.JSONField(_("公表した一覧"))

    class Meta:
        verbose_name = _("公表版")
        verbose_name_plural = _("公表版")
        ordering = ["plan_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "number"], name="edition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_year} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise EditionIsImmutable(
                f"{self} is published and cannot change; publish a new edition"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise EditionIsImmutable(f"{self} is published and cannot be deleted")
