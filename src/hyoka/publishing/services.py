"""Publish a year as an edition; find the report to export; compare editions and years."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyoka.evaluation.models import PlanYear
from hyoka.evaluation.services import lock_year
from hyoka.publishing.models import Edition
from hyoka.reports.builders import status_list_report
from hyoka.workflow import review
from hyoka.workflow.cycle import (
    Action,
    Blocked,
    Conflict,
    WorkflowError,
    in_state,
    refusal_when,
    require,
)


class NotFound(LookupError):
    """No such year or edition (the message says which exist)."""


def find_plan_year(year: int | None) -> PlanYear:
    qs = PlanYear.objects.select_related("plan", "plan__area").order_by("-fiscal_year", "-plan")
    found = qs.filter(fiscal_year=year).first() if year else qs.first()
    if found is None:
        known = ", ".join(str(y) for y in qs.values_list("fiscal_year", flat=True)) or "none"
        raise NotFound(f"no status list for fiscal year {year} (years: {known})")
    return found


@transaction.atomic
def publish(
    user: Any, plan_year: PlanYear, note: str = "", *, cli: bool = False, seen: str | None = None
) -> Edition:
    """Freeze an approved year as the next numbered edition (who, when, the data); a year
    already published gets a new edition (a correction: 訂正).  ``cli``: run by the command
    line without a user, so no one's rights are checked — the cycle's state still is.
    ``seen``: the :attr:`Preview.fingerprint` the person checked; refused (:class:`Conflict`)
    when the list has changed since."""
    plan_year = lock_year(plan_year.plan, plan_year.fiscal_year) or plan_year
    action = Action.REISSUE if plan_year.status == PlanYear.Status.PUBLISHED else Action.PUBLISH
    if cli:
        if not in_state(action, plan_year):
            raise WorkflowError(refusal_when(action, plan_year, None))
    else:
        require(user, action, plan_year)
    numbers = review.pending(plan_year)
    if numbers:
        raise Blocked(
            _("%(year)s年度はまだ承認されていない事業があります: %(numbers)s")
            % {"year": plan_year.fiscal_year, "numbers": ", ".join(map(str, numbers[:20]))},
            [(n, _("承認されていません。")) for n in numbers],
        )
    if action == Action.REISSUE and not note.strip():
        raise WorkflowError(_("訂正版には、何を訂正したかを書いてください。"), field="note")
    if seen is not None and seen != fingerprint(status_list_report(plan_year)):
        raise Conflict(
            _("確かめた後に一覧が変わりました。変更点をもう一度確かめてから公表してください。"),
            current={"fingerprint": fingerprint(status_list_report(plan_year))},
        )
    plan_year.status = PlanYear.Status.PUBLISHED
    plan_year.save(update_fields=["status"])
    edition = make_edition(plan_year, note, user=user)
    assert edition is not None
    return edition


def make_edition(
    plan_year: PlanYear, note: str, *, user: Any = None, unless_unchanged: bool = False
) -> Edition | None:
    """The one maker of editions (公表版): the year's status list frozen as edition *n + 1*,
    *n* the last edition's number (1 for the first).  With ``unless_unchanged`` nothing is made
    (``None``) when the list is what the last edition holds — an official list imported
    again.  Call inside the transaction that wrote the year."""
    report = status_list_report(plan_year)
    last = plan_year.editions.order_by("-number").first()
    frozen = {k: v for k, v in last.data.items() if k != "edition"} if last else None
    if unless_unchanged and frozen == report:
        return None
    number = (last.number if last else 0) + 1
    return Edition.objects.create(
        plan_year=plan_year,
        number=number,
        published_at=timezone.now(),
        published_by=user if getattr(user, "is_authenticated", False) else None,
        note=note,
        data=report | {"edition": number},
    )


@dataclass(frozen=True)
class Preview:
    """What publishing the year now would change: against ``last``, the last edition of the
    year (a correction) or, for a first edition, the last edition of an earlier year of the
    plan (``None`` when there is none); ``rows`` as :func:`diff` gives them."""

    plan_year: PlanYear
    last: Edition | None
    report: dict[str, Any]
    rows: list[dict[str, Any]]

    @property
    def correction(self) -> bool:
        return self.plan_year.status == PlanYear.Status.PUBLISHED

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.report)


def fingerprint(report: dict[str, Any]) -> str:
    """What a list holds, as a short digest (its status and edition number aside): publishing
    after a preview checks that the list is still the one previewed."""
    held = {k: v for k, v in report.items() if k not in ("status", "edition")}
    text = json.dumps(held, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def last_edition(plan_year: PlanYear) -> Edition | None:
    """The edition a new one of ``plan_year`` is compared with (see :class:`Preview`)."""
    return (
        Edition.objects.filter(
            plan_year__plan=plan_year.plan, plan_year__fiscal_year__lte=plan_year.fiscal_year
        )
        .select_related("plan_year", "published_by")
        .order_by("-plan_year__fiscal_year", "-number")
        .first()
    )


def preview(plan_year: PlanYear) -> Preview:
    """What would change against the last edition if the year were published now."""
    report = status_list_report(plan_year)
    last = last_edition(plan_year)
    rows = diff(last.data, report) if last is not None else []
    return Preview(plan_year, last, report, rows)


def report_for(year: int | None = None, edition: int | None = None) -> dict[str, Any]:
    """The report to render: an edition's frozen data, or the year's current data."""
    plan_year = find_plan_year(year)
    if edition is None:
        return status_list_report(plan_year)
    found = plan_year.editions.filter(number=edition).first()
    if found is None:
        known = (
            ", ".join(str(n) for n in plan_year.editions.values_list("number", flat=True)) or "none"
        )
        raise NotFound(f"no edition {edition} of {plan_year.fiscal_year} (editions: {known})")
    data: dict[str, Any] = found.data
    return data


def _cells(report: dict[str, Any]) -> dict[tuple[int | None, int | str], dict[str, Any]]:
    """Each indicator by (project number or None for a KPI, position or id)."""
    out: dict[tuple[int | None, int | str], dict[str, Any]] = {}
    for role in report["roles"]:
        for k in role["headline_kpis"]:
            out[(None, k["id"])] = k | {"project_name": f"基本KPI（{role['label']}）"}
        for p in role["projects"]:
            for ind in p["indicators"]:
                out[(p["number"], ind["position"])] = ind | {"project_name": p["name"]}
    return out


FIELDS = (("actual", "実績値"), ("target", "目標値"), ("baseline", "基準値"))
RATINGS = (
    ("actual_computed", "算出した実績値"),
    ("rating_published", "評価（公表）"),
    ("rating_computed", "評価（算出）"),
)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between two reports (editions of a year, or two years), indicator by
    indicator: values and ratings, before and after."""
    a, b = _cells(old), _cells(new)
    out = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0] is not None, k[0] or 0, str(k[1]))):
        before, after = a.get(key), b.get(key)
        changes = []
        if before is None or after is None:
            changes.append(
                {
                    "field": "指標",
                    "before": before and before["name"],
                    "after": after and after["name"],
                }
            )
        else:
            for f, label in FIELDS:
                if before[f]["text"] != after[f]["text"]:
                    changes.append(
                        {"field": label, "before": before[f]["text"], "after": after[f]["text"]}
                    )
            for f, label in RATINGS:
                if before.get(f) != after.get(f):
                    changes.append({"field": label, "before": before.get(f), "after": after.get(f)})
        if changes:
            row = after or before
            assert row is not None
            out.append(
                {
                    "project": key[0],
                    "project_name": row["project_name"],
                    "indicator": row["name"],
                    "changes": changes,
                }
            )
    return out
