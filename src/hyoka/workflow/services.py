"""The yearly cycle as services: each call checks rights and state, runs in one transaction,
leaves an audit record (django-simple-history: who, when, before and after) and re-rates the
year.  Views, the API and the workbook upload all call these; none writes rows itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from hyoka.accounts.models import Duty, Membership
from hyoka.core.values import Value, explain, json_number
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import Change, evaluate_year, rubric_of, stamp
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.workflow.permissions import Action, can

EDITABLE = (ProjectYear.State.DRAFT, ProjectYear.State.RETURNED)


class WorkflowError(Exception):
    """Refused, with a message for the person (Japanese) — nothing was written."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Forbidden(WorkflowError):
    status = 403


class Conflict(WorkflowError):
    """Someone saved first: the caller's version is stale; ``current`` is the newer value."""

    status = 409

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current


@dataclass
class EntryResult:
    indicator_year: IndicatorYear
    value: Value
    rating: str
    reason: str
    reason_en: str
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        iy = self.indicator_year
        return {
            "indicator": str(iy.indicator.uid),
            "fiscal_year": iy.fiscal_year,
            "text": iy.actual_text,
            "value": self.value.to_dict(),
            "rating_computed": self.rating,
            "rating": iy.rating,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "version": iy.version,
            "changes": [str(c) for c in self.changes],
        }


def _plan_year(plan: Plan, year: int) -> PlanYear:
    plan_year = PlanYear.objects.filter(plan=plan, fiscal_year=year).first()
    if plan_year is None:
        raise WorkflowError(_("%(year)s年度はまだ開かれていません。") % {"year": year})
    return plan_year


# --- opening a year -----------------------------------------------------------------------


@transaction.atomic
def open_year(user: Any, plan: Plan, year: int, deadline: dt.date | None = None) -> PlanYear:
    """Start a fiscal year: indicators and targets carry over, last year's values pre-fill the
    forms, every project starts as a draft."""
    if not can(user, Action.OPEN_YEAR, area_id=plan.area_id):
        raise Forbidden(_("年度を開けるのは事務局だけです。"))
    if not plan.start_year <= year <= plan.end_year:
        raise WorkflowError(
            _("%(year)s年度は計画期間（%(start)s〜%(end)s年度）の外です。")
            % {"year": year, "start": plan.start_year, "end": plan.end_year}
        )
    if PlanYear.objects.filter(plan=plan, fiscal_year=year).exists():
        raise WorkflowError(_("%(year)s年度はすでに開かれています。") % {"year": year})
    plan_year = PlanYear.objects.create(
        plan=plan,
        fiscal_year=year,
        status=PlanYear.Status.OPEN,
        deadline=deadline,
        title=f"{plan.area} {year}年度 連携事業実施状況等一覧",
        source="entry",
    )
    last = {
        iy.indicator_id: iy.actual_text
        for iy in IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year - 1)
    }
    for ind in Indicator.objects.filter(plan=plan):
        iy = IndicatorYear(indicator=ind, fiscal_year=year, prefill_text=last.get(ind.pk, ""))
        stamp(iy, user, f"{year}年度を開始")
        iy.save()
    for project in Project.objects.filter(plan=plan):
        project_year = ProjectYear(project=project, fiscal_year=year, state=ProjectYear.State.DRAFT)
        stamp(project_year, user, f"{year}年度を開始")
        project_year.save()
    evaluate_year(plan, year)
    return plan_year


# --- entering figures ---------------------------------------------------------------------


def actual_open(plan_year: PlanYear, state: str | None, provisional: bool) -> bool:
    """Whether a project's actual may be changed now: a draft or returned project of an open
    year, or an approved project's provisional figure (見込・予定), to be replaced by the
    confirmed one, until the year is published. The one rule behind ``enter_actual`` and the
    cells the entry workbook leaves unlocked."""
    if plan_year.status == PlanYear.Status.PUBLISHED:
        return False
    if state in EDITABLE and plan_year.status == PlanYear.Status.OPEN:
        return True
    return state == ProjectYear.State.APPROVED and provisional


def _check_editable(user: Any, project: Project | None, iy: IndicatorYear, new: Value) -> str:
    """Raise unless ``user`` may change ``iy`` now; returns the audit reason."""
    plan_year = _plan_year(iy.indicator.plan, iy.fiscal_year)
    if project is None:
        if not can(user, Action.REVIEW, area_id=iy.indicator.plan.area_id):
            raise Forbidden(_("基本KPIの実績値を入力できるのは事務局だけです。"))
        if plan_year.status != PlanYear.Status.OPEN:
            raise WorkflowError(_("この年度は入力を受け付けていません。"))
        return "入力"
    if not can(user, Action.ENTER, project=project):
        raise Forbidden(
            _("事業%(number)sの数値は、幹事の%(lead)sの担当者が入力します。")
            % {"number": project.number, "lead": project.lead or _("団体")}
        )
    state = ProjectYear.objects.get(project=project, fiscal_year=iy.fiscal_year).state
    if plan_year.status == PlanYear.Status.PUBLISHED:
        raise WorkflowError(_("公表済みの年度は変更できません（訂正は新しい版で行います）。"))
    if actual_open(plan_year, state, iy.provisional):
        if state in EDITABLE:
            return "入力"
        if not new.provisional:
            return "決算後の確定値に置き換え"
    if state == ProjectYear.State.SUBMITTED:
        raise WorkflowError(_("提出済みです。差し戻されるまで変更できません。"))
    if state == ProjectYear.State.APPROVED:
        raise WorkflowError(
            _(
                "承認済みで確定しています。見込・予定の値を決算後の確定値に置き換えるときだけ変更できます。"
            )
        )
    raise WorkflowError(_("この年度は入力を受け付けていません。"))


def _check_version(obj: Any, version: int | None, label: str) -> None:
    if version is not None and version != obj.version:
        who = getattr(obj, "entered_by", None)
        raise Conflict(
            _(
                "%(what)sは、あなたが開いた後に%(who)sが変更しました"
                "（現在の値: 「%(current)s」）。内容を確かめてから、もう一度保存してください。"
            )
            % {"what": label, "who": who or _("別の人"), "current": _current_text(obj)},
            current={
                "text": _current_text(obj),
                "version": obj.version,
                "by": str(who) if who else None,
                "at": obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else None,
            },
        )


def _current_text(obj: Any) -> str:
    return str(getattr(obj, "actual_text", None) or getattr(obj, "text", "") or "")


def requires_number(ind: Indicator) -> bool:
    return explain(ind.target_text).kind in ("quantity", "compound")


@transaction.atomic
def enter_actual(
    user: Any,
    indicator: Indicator,
    year: int,
    text: str,
    *,
    version: int | None,
    note: str | None = None,
    override: str | None = None,
    override_reason: str | None = None,
    via: str = "",
) -> EntryResult:
    """Enter an indicator's actual as written (``約79,600人``, ``1回（予定）``).

    Refused when the user may not, the project is locked, ``version`` is stale, the text
    cannot be read where a number is expected, an override lacks its reason, or the rating is
    △/× without a note."""
    iy = IndicatorYear.objects.select_for_update(of=("self",)).get(
        indicator=indicator, fiscal_year=year
    )
    if indicator.kind == Indicator.Kind.ACHIEVEMENT:
        raise WorkflowError(_("達成割合は各指標の評価から自動で計算します。入力は不要です。"))
    if indicator.aggregation:
        raise WorkflowError(
            _("この指標は市町村ごとの値の集計です。各市町村の値を入力してください。")
        )
    value = explain(text.strip())
    audit = _check_editable(user, indicator.project, iy, value)
    _check_version(iy, version, _("「%(name)s」の実績値") % {"name": indicator.name})
    if value.kind == "text" and text.strip() and requires_number(indicator):
        raise WorkflowError(
            _(
                "「%(text)s」を数値として読めません: %(reason)s（例: 12社、約79,600人、1回（予定）、-）"
            )
            % {"text": text, "reason": value.reason},
            field="text",
        )
    rubric = rubric_of(indicator.plan)
    if override:
        if not rubric.is_symbol(override):
            raise WorkflowError(
                _("評価「%(rating)s」はこの計画の評価基準にありません。") % {"rating": override},
                field="override",
            )
        if not (override_reason or "").strip():
            raise WorkflowError(
                _("評価を修正するときは、その理由を書いてください。"), field="override_reason"
            )
    iy.actual_text = text.strip()
    if note is not None:
        iy.note = note.strip()
    if override is not None:
        iy.override = override
        iy.override_reason = (override_reason or "").strip() if override else ""
    iy.provisional = value.provisional
    iy.version += 1
    iy.entered_by = user if getattr(user, "is_authenticated", False) else None
    stamp(iy, user, f"{audit}{via}")
    iy.save()
    _evaluation, changes = evaluate_year(indicator.plan, year, user=user)
    iy.refresh_from_db()
    if iy.rating in ("△", "×") and not iy.note:
        raise WorkflowError(
            _("評価が%(rating)sになります。理由や今後の見込みを「説明」に書いてください。")
            % {"rating": iy.rating},
            field="note",
        )
    return EntryResult(iy, value, iy.computed, iy.reason, iy.reason_en, changes)


@transaction.atomic
def enter_notes(
    user: Any, project: Project, year: int, notes: str, *, version: int | None, via: str = ""
) -> ProjectYear:
    """Progress notes (連携事業実施状況等) of a project for a year."""
    project_year = ProjectYear.objects.select_for_update(of=("self",)).get(
        project=project, fiscal_year=year
    )
    if not can(user, Action.ENTER, project=project):
        raise Forbidden(
            _("事業%(number)sの実施状況は、幹事団体の担当者が入力します。")
            % {"number": project.number}
        )
    if (
        project_year.state not in EDITABLE
        or _plan_year(project.plan, year).status != PlanYear.Status.OPEN
    ):
        raise WorkflowError(_("提出済み・承認済みの事業は変更できません。"))
    if version is not None and version != project_year.version:
        raise Conflict(
            _("実施状況は、あなたが開いた後に変更されました。内容を確かめてから保存してください。"),
            current={"text": project_year.notes, "version": project_year.version},
        )
    project_year.notes = notes.strip()
    project_year.version += 1
    stamp(project_year, user, f"実施状況の入力{via}")
    project_year.save()
    return project_year


@transaction.atomic
def enter_contribution(
    user: Any,
    indicator: Indicator,
    year: int,
    municipality: Municipality,
    text: str,
    *,
    version: int | None,
    via: str = "",
) -> EntryResult:
    """A participating municipality's own part; the total, its rating and reason update.

    ``via`` is added to the audit reason (e.g. ``（Excel: workbook.xlsx）``)."""
    if not indicator.aggregation:
        raise WorkflowError(_("この指標は市町村ごとの値を集計しません。"))
    project = indicator.project
    if not can(user, Action.CONTRIBUTE, project=project, municipality=municipality):
        raise Forbidden(
            _("%(municipality)sの値は%(municipality)sの担当者が入力します。")
            % {"municipality": municipality}
        )
    iy = IndicatorYear.objects.select_for_update(of=("self",)).get(
        indicator=indicator, fiscal_year=year
    )
    value = explain(text.strip())
    _check_editable_contribution(project, iy)
    if value.kind not in ("quantity", "none") and text.strip():
        raise WorkflowError(
            _("「%(text)s」を数値として読めません: %(reason)s")
            % {"text": text, "reason": value.reason or _("数量ではありません")},
            field="text",
        )
    c = Contribution.objects.select_for_update(of=("self",)).filter(
        indicator=indicator, fiscal_year=year, municipality=municipality
    ).first() or Contribution(indicator=indicator, fiscal_year=year, municipality=municipality)
    _check_version(c, version, _("%(municipality)sの値") % {"municipality": municipality})
    c.text = text.strip()
    c.number = value.number
    c.version += 1
    c.entered_by = user if getattr(user, "is_authenticated", False) else None
    stamp(c, user, f"市町村ごとの値の入力{via}")
    c.save()
    iy.actual_text = total_text(
        indicator, Contribution.objects.filter(indicator=indicator, fiscal_year=year)
    )
    iy.provisional = explain(iy.actual_text).provisional
    iy.version += 1
    stamp(iy, user, f"{municipality}の値から集計")
    iy.save()
    _evaluation, changes = evaluate_year(indicator.plan, year, user=user)
    iy.refresh_from_db()
    return EntryResult(iy, explain(iy.actual_text), iy.computed, iy.reason, iy.reason_en, changes)


def _check_editable_contribution(project: Project | None, iy: IndicatorYear) -> None:
    plan_year = _plan_year(iy.indicator.plan, iy.fiscal_year)
    if plan_year.status != PlanYear.Status.OPEN:
        raise WorkflowError(_("この年度は入力を受け付けていません。"))
    if project is not None:
        state = ProjectYear.objects.get(project=project, fiscal_year=iy.fiscal_year).state
        if state not in EDITABLE:
            raise WorkflowError(_("提出済み・承認済みの事業は変更できません。"))


def total_text(indicator: Indicator, parts: Iterable[Contribution]) -> str:
    """The indicator's actual from its municipalities' parts (sum, count or max)."""
    values = [explain(c.text) for c in parts if c.text.strip()]
    numbers = [v for v in values if v.kind == "quantity" and v.number is not None]
    if not numbers:
        return "-" if values else ""
    unit = indicator.unit or next((v.unit for v in numbers if v.unit), "") or ""
    if indicator.aggregation == Indicator.Aggregation.COUNT:
        total = Decimal(len(numbers))
        unit = indicator.unit or "市町村"
    elif indicator.aggregation == Indicator.Aggregation.MAX:
        total = max(v.number for v in numbers if v.number is not None)
    else:
        total = sum((v.number for v in numbers if v.number is not None), Decimal(0))
    number = json_number(total)
    text = f"{number:,}{unit}" if isinstance(number, int) else f"{number}{unit}"
    return text + ("（見込）" if any(v.provisional for v in values) else "")


# --- submitting, returning, approving ----------------------------------------------------


def _project_year(project: Project, year: int) -> ProjectYear:
    return ProjectYear.objects.select_for_update(of=("self",)).get(
        project=project, fiscal_year=year
    )


@transaction.atomic
def submit(user: Any, project: Project, year: int) -> ProjectYear:
    project_year = _project_year(project, year)
    if not can(user, Action.SUBMIT, project=project):
        raise Forbidden(
            _("事業%(number)sを提出できるのは幹事団体の担当者です。") % {"number": project.number}
        )
    if project_year.state not in EDITABLE:
        raise WorkflowError(
            _("事業%(number)sは%(state)sです。")
            % {"number": project.number, "state": project_year.get_state_display()}
        )
    missing = [
        iy.indicator.name
        for iy in IndicatorYear.objects.filter(indicator__project=project, fiscal_year=year)
        .exclude(indicator__kind=Indicator.Kind.ACHIEVEMENT)
        .select_related("indicator")
        if not iy.actual_text.strip()
    ]
    if missing:
        raise WorkflowError(
            _("実績値が未入力の指標があります: %(indicators)s（ない場合は「-」）")
            % {"indicators": "、".join(missing)}
        )
    project_year.state = ProjectYear.State.SUBMITTED
    project_year.comment = ""
    project_year.version += 1
    stamp(project_year, user, "提出")
    project_year.save()
    return project_year


@transaction.atomic
def return_project(user: Any, project: Project, year: int, comment: str) -> ProjectYear:
    project_year = _project_year(project, year)
    if not can(user, Action.REVIEW, project=project):
        raise Forbidden(_("差し戻しは事務局が行います。"))
    if project_year.state not in (ProjectYear.State.SUBMITTED, ProjectYear.State.APPROVED):
        raise WorkflowError(
            _("事業%(number)sは%(state)sのため差し戻せません。")
            % {"number": project.number, "state": project_year.get_state_display()}
        )
    if not comment.strip():
        raise WorkflowError(_("差し戻す理由を書いてください。"), field="comment")
    project_year.state = ProjectYear.State.RETURNED
    project_year.comment = comment.strip()
    project_year.version += 1
    stamp(project_year, user, "差戻し")
    project_year.save()
    return project_year


@transaction.atomic
def approve(user: Any, project: Project, year: int) -> ProjectYear:
    project_year = _project_year(project, year)
    if not can(user, Action.REVIEW, project=project):
        raise Forbidden(_("承認は事務局が行います。"))
    if project_year.state != ProjectYear.State.SUBMITTED:
        raise WorkflowError(
            _("事業%(number)sは%(state)sのため承認できません。")
            % {"number": project.number, "state": project_year.get_state_display()}
        )
    project_year.state = ProjectYear.State.APPROVED
    project_year.version += 1
    stamp(project_year, user, "承認")
    project_year.save()
    return project_year


# --- the board and reminders --------------------------------------------------------------


def progress_board(plan_year: PlanYear) -> list[dict[str, Any]]:
    """Per municipality and project: how many figures are missing or entered, and the state."""
    year = plan_year.fiscal_year
    rows = []
    states = {
        p.project_id: p
        for p in ProjectYear.objects.filter(project__plan=plan_year.plan, fiscal_year=year)
    }
    years = IndicatorYear.objects.filter(indicator__plan=plan_year.plan, fiscal_year=year)
    entered: dict[int, list[bool]] = {}
    for iy in years.select_related("indicator"):
        if iy.indicator.project_id and iy.indicator.kind != Indicator.Kind.ACHIEVEMENT:
            entered.setdefault(iy.indicator.project_id, []).append(bool(iy.actual_text.strip()))
    for project in (
        Project.objects.filter(plan=plan_year.plan).select_related("lead").order_by("number")
    ):
        marks = entered.get(project.pk, [])
        project_year = states.get(project.pk)
        rows.append(
            {
                "project": project,
                "municipality": project.lead,
                "state": project_year.state if project_year else "",
                "state_label": project_year.get_state_display() if project_year else "",
                "comment": project_year.comment if project_year else "",
                "entered": sum(marks),
                "missing": len(marks) - sum(marks),
                "total": len(marks),
            }
        )
    return rows


def remind(user: Any, plan_year: PlanYear) -> int:
    """E-mail each municipality's editors the projects still missing figures; returns mails sent."""
    if not can(user, Action.REMIND, area_id=plan_year.plan.area_id):
        raise Forbidden(_("督促は事務局が行います。"))
    todo: dict[int, list[str]] = {}
    for row in progress_board(plan_year):
        if row["municipality"] and row["state"] in EDITABLE and row["missing"]:
            todo.setdefault(row["municipality"].pk, []).append(
                f"事業{row['project'].number} {row['project'].name}（未入力 {row['missing']}）"
            )
    deadline = plan_year.deadline.isoformat() if plan_year.deadline else "（期限未設定）"
    messages = []
    for municipality_id, lines in todo.items():
        editors = Membership.objects.filter(
            municipality_id=municipality_id, duty=Duty.EDITOR, user__is_active=True
        ).exclude(user__email="")
        to = [m.user.email for m in editors]
        if to:
            body = (
                f"{plan_year.fiscal_year}年度の実績値の入力をお願いします（期限 {deadline}）。\n\n"
                + "\n".join(lines)
            )
            messages.append(
                (f"[Hyoka] {plan_year.fiscal_year}年度 実績値の入力のお願い", body, None, to)
            )
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    return int(sent)
