"""The audit trail: every write (web, API, import, admin, workbook) is a historical record
(django-simple-history: who, when, why, the row before and after).  Records are never deleted:
a delete of a historical row is refused by the ORM (:func:`forbid_deleting_history`) and, on
PostgreSQL, by the database itself (:func:`guard_history_tables`: a trigger refusing DELETE and any
UPDATE but the one Django makes when a user is deleted, setting ``history_user`` to NULL)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models.signals import post_migrate, pre_delete
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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
TYPES = {"+": _("作成"), "~": _("変更"), "-": _("削除")}
#: The reasons the services record (``stamp``), at the start of a record's reason; the rest
#: (a year, a file name, ``（API）``) is kept as written.
REASONS = {
    "入力": _("入力"),
    "提出": _("提出"),
    "差戻し": _("差戻し"),
    "承認": _("承認"),
    "再評価": _("再評価"),
    "公表": _("公表"),
    "取込": _("取込"),
    "実施状況の入力": _("実施状況の入力"),
    "市町村ごとの値の入力": _("市町村ごとの値の入力"),
    "決算後の確定値に置き換え": _("決算後の確定値に置き換え"),
}


def reason_shown(reason: str) -> str:
    """A record's reason in the page's language: the service's word translated, the rest as
    written (``承認`` → ``approved``; ``入力（API）`` → ``entered（API）``)."""
    for word in sorted(REASONS, key=len, reverse=True):
        if reason.startswith(word):
            return str(REASONS[word]) + reason[len(word) :]
    return reason


class HistoryIsPermanent(Exception):
    """The audit trail keeps everything: deleting a record of it is refused."""


def forbid_deleting_history(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise HistoryIsPermanent(
        f"{sender._meta.verbose_name}は監査記録のため削除できません (audit records are permanent)"
    )


AUDITED_APPS = ("plans", "evaluation", "accounts")

#: The PostgreSQL function behind every history table's trigger (installed after each migrate).
GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION hyoka_history_is_permanent() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'history_user_id') = (to_jsonb(OLD) - 'history_user_id') THEN
        RETURN NEW;  -- the user of a record deleted: Django sets history_user to NULL
    END IF;
    RAISE EXCEPTION 'audit records are permanent: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Hyoka keeps its audit trail (監査記録) whole; correct data with a new entry.';
END
$$ LANGUAGE plpgsql
"""


def history_models() -> list[Any]:
    return [
        model
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and model._meta.app_label in AUDITED_APPS
    ]


def connect() -> None:
    for model in history_models():
        pre_delete.connect(forbid_deleting_history, sender=model, weak=False)
    post_migrate.connect(guard_history_tables, weak=False, dispatch_uid="hyoka-history-guard")


def guard_history_tables(using: str = "default", **kwargs: Any) -> None:
    """On PostgreSQL, (re)install the trigger refusing DELETE and UPDATE on every history table
    (idempotent; after each ``migrate``, so a new history table gets it too). SQLite has no
    such guard: its ``flush`` deletes rows, and the file is the administrator's anyway."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(GUARD_FUNCTION)
        for model in history_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            name = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS hyoka_history_is_permanent ON {name}")
            cursor.execute(
                f"CREATE TRIGGER hyoka_history_is_permanent BEFORE UPDATE OR DELETE ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION hyoka_history_is_permanent()"
            )


def _entries(records: list[Any], label: str) -> list[dict[str, Any]]:
    """Each record with what changed from the record before it."""
    out = []
    english = (get_language() or "ja").startswith("en")
    previous: dict[int, Any] = {}
    for rec in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = rec.id
        before = previous.get(key)
        changes = []
        fields = [f for f in rec.instance._meta.fields if f.name not in HIDDEN]
        for f in fields:
            # a computed reason in the page's language: English from its English twin
            attname = "reason_en" if english and f.name == "reason" else f.attname
            new = getattr(rec, attname, None)
            old = getattr(before, attname, None) if before is not None else None
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
                    "who": rec.history_user.username
                    if rec.history_user
                    else str(_("（システム）")),
                    "type": str(TYPES.get(rec.history_type, rec.history_type)),
                    "reason": reason_shown(rec.history_change_reason or ""),
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
        return str(_("はい") if value else _("いいえ"))
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
