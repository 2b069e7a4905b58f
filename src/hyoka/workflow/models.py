"""A record of what was done to a year itself (年度の記録): opened, its deadline set or changed.
The rows of a year (figures, projects) keep their own trail (django-simple-history)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.plans.models import Municipality


class YearEvent(models.Model):
    """Who did what to a year, when, before and after; written by the services only, never
    changed or deleted."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    before = models.CharField(_("変更前"), max_length=100, blank=True)
    after = models.CharField(_("変更後"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作した人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)

    class Meta:
        verbose_name = _("年度の記録")
        verbose_name_plural = _("年度の記録")
        ordering = ["plan_year", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_year} {self.action} {self.before} → {self.after}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self} is a record and cannot change")
        super().save(*args, **kwargs)

    @classmethod
    def record(cls, plan_year: PlanYear, action: str, before: str, after: str, user: Any) -> None:
        cls.objects.create(
            plan_year=plan_year,
            action=action,
            before=before,
            after=after,
            user=user if getattr(user, "is_authenticated", False) else None,
        )


class SlipConfirmation(models.Model):
    """A warning an editor confirmed before saving (確認した注意): a figure the rating engine
    would not compare (another unit, a later year, 累計 against a yearly target, a hundred times
    off) or one an order of magnitude off last year's — who confirmed which warning, when, for
    which text.  Written by :mod:`hyoka.workflow.slips` only, never changed; the reviewer reads
    the ones of the text in force."""

    indicator_year = models.ForeignKey(
        IndicatorYear, on_delete=models.CASCADE, related_name="slip_confirmations"
    )
    #: the member whose part was entered (an added-up indicator), else none
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("市町村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.CharField(_("実績値"), max_length=200)
    code = models.CharField(_("注意の種類"), max_length=20)
    message = models.TextField(_("注意"))
    message_en = models.TextField(_("注意（英語）"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認した人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    via = models.CharField(_("経路"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("確認した注意")
        verbose_name_plural = _("確認した注意")
        ordering = ["indicator_year", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator_year} 「{self.text}」: {self.message}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self} is a record and cannot change")
        super().save(*args, **kwargs)
