"""Master data of a plan (ビジョン): what is rated, by whom, against what.

Glossary: 圏域 ``Area`` · 市町村 ``Municipality`` · ビジョン ``Plan`` · 役割 ``Role`` ·
連携事業 ``Project`` · 評価指標/基本KPI ``Indicator``.  Yearly figures and ratings live in
:mod:`hyoka.evaluation`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Area(models.Model):
    """連携中枢都市圏 (圏域): a central city and its partner municipalities."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("識別子"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("圏域")
        verbose_name_plural = _("圏域")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """市町村, identified by its 全国地方公共団体コード (6 digits with check digit)."""

    code = models.CharField(_("団体コード"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    area = models.ForeignKey(
        Area, verbose_name=_("圏域"), on_delete=models.PROTECT, related_name="municipalities"
    )
    is_central = models.BooleanField(_("連携中枢都市"), default=False)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """ビジョン: a plan for a period of fiscal years, with the rubric its lists use."""

    area = models.ForeignKey(
        Area, verbose_name=_("圏域"), on_delete=models.PROTECT, related_name="plans"
    )
    name = models.CharField(_("名称"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("開始年度"))
    end_year = models.PositiveSmallIntegerField(_("終了年度"))
    rubric_code = models.CharField(_("評価基準"), max_length=50, default="sapporo")
    rubric = models.JSONField(_("評価基準の定義"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ビジョン（計画）")
        verbose_name_plural = _("ビジョン（計画）")
        ordering = ["area", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "start_year"], name="plan_unique_start"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.start_year}〜{self.end_year}年度）"


class Role(models.Model):
    """役割: ア, イ, ウ and, under ウ, A, B, C — the document's own labels."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="roles")
    label = models.CharField(_("記号"), max_length=10)
    title = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位の役割"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("役割")
        verbose_name_plural = _("役割")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "label"], name="role_unique_label")]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class Project(models.Model):
    """連携事業 (numbered in the plan), led by one municipality with participants."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    number = models.PositiveSmallIntegerField(_("番号"))
    name = models.CharField(_("連携事業名"), max_length=300)
    summary = models.TextField(_("事業概要"), blank=True)
    role = models.ForeignKey(
        Role, verbose_name=_("役割"), null=True, on_delete=models.PROTECT, related_name="projects"
    )
    sub_role = models.ForeignKey(
        Role,
        verbose_name=_("役割（細分）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_projects",
    )
    lead = models.ForeignKey(
        Municipality,
        verbose_name=_("幹事市町村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    participants = models.ManyToManyField(
        Municipality, verbose_name=_("参加市町村"), blank=True, related_name="projects"
    )
    #: the words of the document that name the participants (``事業概要「圏域内各市町村」``);
    #: empty when its texts name none (:mod:`hyoka.core.participation`)
    participation_basis = models.CharField(_("参加市町村の根拠"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("連携事業")
        verbose_name_plural = _("連携事業")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="project_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Indicator(models.Model):
    """評価指標 of a project, or 基本KPI of a role.

    ``uid`` keeps an indicator's identity across years and, through ``continues``, across
    plans.  ``kind`` says whether it is typed in, or the plan's own achievement share that
    Hyoka computes (project 1 in Sapporo).
    """

    class Kind(models.TextChoices):
        PROJECT = "project", _("事業の評価指標")
        HEADLINE = "headline", _("基本KPI")
        ACHIEVEMENT = "achievement", _("達成割合（自動計算）")

    class Aggregation(models.TextChoices):
        NONE = "", _("なし（一つの値）")
        SUM = "sum", _("合計")
        COUNT = "count", _("入力した市町村の数")
        MAX = "max", _("最大")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("増やす")
        DECREASE = "decrease", _("減らす")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="headline_indicators"
    )
    position = models.PositiveSmallIntegerField(_("順番"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    name = models.CharField(_("評価指標"), max_length=500)
    baseline_text = models.CharField(_("基準値"), max_length=200, blank=True)
    target_text = models.CharField(_("目標値"), max_length=200, blank=True)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    aggregation = models.CharField(
        _("市町村ごとの値の集計"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.NONE,
        blank=True,
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("前計画の指標"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("評価指標")
        verbose_name_plural = _("評価指標")
        ordering = ["plan", "kind", "project__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"],
                condition=Q(project__isnull=False),
                name="indicator_unique_in_project",
            ),
            models.UniqueConstraint(
                fields=["plan", "position"],
                condition=Q(project__isnull=True),
                name="indicator_unique_headline",
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(role__isnull=False),
                name="indicator_belongs_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.name
