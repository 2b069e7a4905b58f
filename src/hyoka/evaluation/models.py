"""One fiscal year of a plan: figures as typed, what Hyoka understood, ratings with reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hyoka.plans.models import Indicator, Municipality, Plan, Project

#: ``PlanYear.source`` of a year opened for entry (the yearly cycle), not read from a list
ENTRY_SOURCE = "entry"


class PlanYear(models.Model):
    """The status list of one fiscal year (連携事業実施状況等一覧): its title, where it came
    from (a file, or :data:`ENTRY_SOURCE` for a year of the cycle), and the achievement share
    computed for it."""

    class Status(models.TextChoices):
        OPEN = "open", _("入力受付中")
        CLOSED = "closed", _("締切")
        PUBLISHED = "published", _("公表済み")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="years")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    deadline = models.DateField(_("入力期限"), null=True, blank=True)
    title = models.CharField(_("表題"), max_length=300, blank=True)
    source = models.CharField(_("取込元"), max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    achieved = models.PositiveIntegerField(_("達成・達成見込の指標数"), default=0)
    rated = models.PositiveIntegerField(_("評価できた指標数"), default=0)
    problems = models.JSONField(_("取込時の問題"), default=list, blank=True)
    evaluated_at = models.DateTimeField(_("評価日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度の一覧")
        verbose_name_plural = _("年度の一覧")
        ordering = ["plan", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="planyear_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.area} {self.fiscal_year}年度"

    @property
    def entered(self) -> bool:
        """Whether the year's figures were entered in Hyoka (the yearly cycle), so its
        published symbols are the ratings approved there — not read from an official list."""
        return self.source == ENTRY_SOURCE

    @property
    def share(self) -> float | None:
        return self.achieved / self.rated if self.rated else None


class State(models.TextChoices):
    """Where a project's year — or a headline KPI's — stands in the yearly cycle."""

    DRAFT = "draft", _("入力中")
    SUBMITTED = "submitted", _("提出済み")
    RETURNED = "returned", _("差戻し")
    APPROVED = "approved", _("承認済み")


class IndicatorYear(models.Model):
    """An indicator's actual for one fiscal year and its ratings.

    ``actual_text`` is the value as typed (``約79,600人``, ``1回（予定）``); ``actual`` what was
    understood of it (:meth:`hyoka.core.values.Value.to_dict`).  ``computed_*`` come from the
    plan's rubric; ``published`` is the symbol the official list printed; ``override`` a
    person's rating, which needs a written reason.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="years")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    actual_text = models.CharField(_("実績値"), max_length=200, blank=True)
    actual = models.JSONField(_("実績値の解釈"), default=dict, blank=True)
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    provisional = models.BooleanField(_("見込・予定"), default=False)
    computed_actual_text = models.CharField(_("算出した実績値"), max_length=50, blank=True)
    as_of = models.DateField(_("時点"), null=True, blank=True)
    published = models.CharField(_("公表された評価"), max_length=4, blank=True)
    computed = models.CharField(_("算出した評価"), max_length=4, blank=True)
    reason = models.TextField(_("評価の理由"), blank=True)
    reason_en = models.TextField(_("評価の理由（英語）"), blank=True)
    outcome = models.CharField(_("判定"), max_length=20, blank=True)
    trajectory = models.JSONField(_("目標への経路"), null=True, blank=True)
    override = models.CharField(_("修正後の評価"), max_length=4, blank=True)
    override_reason = models.TextField(_("修正の理由"), blank=True)
    note = models.TextField(_("説明（△・×のとき必須）"), blank=True)
    prefill_text = models.CharField(_("前年度の実績値"), max_length=200, blank=True)
    #: a headline KPI's own state in the cycle (a project's indicators follow their project's
    #: :class:`ProjectYear`): draft → submitted → returned (with a comment) or approved
    state = models.CharField(
        _("状態"), max_length=10, choices=State.choices, default=State.APPROVED
    )
    comment = models.TextField(_("差戻しの理由"), blank=True)
    version = models.PositiveIntegerField(_("版"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("入力者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("年度の実績・評価")
        verbose_name_plural = _("年度の実績・評価")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="indyear_unique"),
            models.CheckConstraint(
                condition=Q(override="") | ~Q(override_reason=""),
                name="override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}年度"

    @property
    def rating(self) -> str:
        """The rating in force: a person's override, else the computed one."""
        return self.in_force(self.override, self.computed)

    @staticmethod
    def in_force(override: str, computed: str) -> str:
        """The rating in force of a row's ``override`` and ``computed`` columns (read without
        the model: :mod:`hyoka.api.rows`)."""
        return override or computed

    @property
    def disagrees(self) -> bool:
        return bool(self.published) and self.published != self.computed

    @property
    def actual_printed(self) -> str:
        """The 実績値 as the list prints it: the text as typed, or, for the figure Hyoka
        computes itself (project 1's 達成割合, nobody types it), the computed one (``85.1%``)."""
        return self.printed(self.actual_text, self.computed_actual_text)

    @staticmethod
    def printed(actual_text: str, computed_actual_text: str) -> str:
        """:attr:`actual_printed` of a row's columns (read without the model)."""
        return actual_text or computed_actual_text


class ProjectYear(models.Model):
    """A project's year: its rating (published, computed with reason), progress notes
    (連携事業実施状況等) and where it stands in the yearly cycle: draft → submitted →
    returned (with a comment) or approved (locked)."""

    State = State

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    notes = models.TextField(_("連携事業実施状況等"), blank=True)
    published = models.CharField(_("公表された評価"), max_length=4, blank=True)
    published_text = models.CharField(_("評価欄の記載"), max_length=50, blank=True)
    computed = models.CharField(_("算出した評価"), max_length=4, blank=True)
    reason = models.TextField(_("評価の理由"), blank=True)
    reason_en = models.TextField(_("評価の理由（英語）"), blank=True)
    state = models.CharField(
        _("状態"), max_length=10, choices=State.choices, default=State.APPROVED
    )
    comment = models.TextField(_("差戻しの理由"), blank=True)
    version = models.PositiveIntegerField(_("版"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("事業の年度評価")
        verbose_name_plural = _("事業の年度評価")
        ordering = ["project", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "fiscal_year"], name="projyear_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.fiscal_year}年度"

    @property
    def disagrees(self) -> bool:
        return bool(self.published) and self.published != self.computed


class Contribution(models.Model):
    """One municipality's part of an indicator that adds up contributions (sum, count, max)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="contributions")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("市町村"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("値"), max_length=200, blank=True)
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    version = models.PositiveIntegerField(_("版"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("入力者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("市町村ごとの値")
        verbose_name_plural = _("市町村ごとの値")
        ordering = ["indicator", "fiscal_year", "municipality__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year", "municipality"], name="contribution_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}年度 {self.municipality}"
