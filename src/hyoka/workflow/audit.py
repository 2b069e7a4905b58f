"""The audit trail: every write (web, API, import, admin, workbook) is a historical record
(django-simple-history: who, when, why, the row before and after).  Records are never deleted:
a delete of a historical row is refused (:func:`forbid_deleting_history`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import pre_delete

from hyoka.evaluation.models import Contribution, IndicatorYear, ProjectYear
from hyoka.plans.models import Indicator, Project

#: Fields not worth showing in the trail (derived or technical).
HIDDEN = {
    "id",
    "uid",
    "plan",
    "project",
    "indicator",
    "municipality",
    "updated_at",
    "version",
    "actual",
    "trajectory",
    "reason_en",
    "number",
    "outcome",
}
TYPES = {"+": "作成", "~": "変更", "-": "削除"}


class HistoryIsPermanent(Exception):
    """The audit trail keeps everything: deleting a record of it is refused."""


def forbid_deleting_history(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise HistoryIsPermanent(
        f"{sender._meta.verbose_name}は監査記録のため削除できません (audit records are permanent)"
    )


def connect() -> None:
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and model._meta.app_label in (
            "plans",
            "evaluation",
            "accounts",
        ):
            pre_delete.connect(forbid_deleting_history, sender=model, weak=False)


def _entries(records: list[Any], label: str) -> list[dict[str, Any]]:
    """Each record with what changed from the record before it."""
    out = []
    previous: dict[int, Any] = {}
    for rec in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = rec.id
        before = previous.get(key)
        changes = []
        fields = [f for f in rec.instance._meta.fields if f.name not in HIDDEN]
        for f in fields:
            new = getattr(rec, f.attname, None)
            old = getattr(before, f.attname, None) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                changes.append(
                    {
                        "field": str(f.verbose_name),
                        "before": _shown(f, old) if before is not None else None,
                        "after": _shown(f, new),
                    }
                )
        previous[key] = rec
        if changes or rec.history_type != "~":
            out.append(
                {
                    "when": rec.history_date,
                    "who": rec.history_user.username if rec.history_user else "（システム）",
                    "type": TYPES.get(rec.history_type, rec.history_type),
                    "reason": rec.history_change_reason or "",
                    "object": label,
                    "year": getattr(rec, "fiscal_year", None),
                    "changes": changes,
                }
            )
    return out


def _shown(field: Any, value: Any) -> Any:
    """A value as a person reads it: the choice's label, はい/いいえ, a user's name."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else value
    return value


def indicator_trail(ind: Indicator) -> list[dict[str, Any]]:
    rows = _entries(
        list(IndicatorYear.history.filter(indicator_id=ind.pk).select_related("history_user")),
        ind.name,
    )
    rows += _entries(
        list(Contribution.history.filter(indicator_id=ind.pk).select_related("history_user")),
        f"{ind.name}（市町村ごとの値）",
    )
    rows += _entries(
        list(Indicator.history.filter(id=ind.pk).select_related("history_user")),
        f"{ind.name}（指標の設定）",
    )
    return sorted(rows, key=lambda e: e["when"], reverse=True)


def project_trail(project: Project) -> list[dict[str, Any]]:
    rows = _entries(
        list(ProjectYear.history.filter(project_id=project.pk).select_related("history_user")),
        f"事業{project.number}",
    )
    rows += _entries(
        list(Project.history.filter(id=project.pk).select_related("history_user")),
        f"事業{project.number}（事業の設定）",
    )
    for ind in project.indicators.all():
        rows += indicator_trail(ind)
    return sorted(rows, key=lambda e: e["when"], reverse=True)
