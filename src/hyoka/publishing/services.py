"""Publish a year as an edition; find the report to export; compare editions and years."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyoka.core.i18n import tr
from hyoka.evaluation import lookup
from hyoka.evaluation.models import PlanYear
from hyoka.evaluation.services import HeldYear, freeze_published, lock_year, rubric_of
from hyoka.gate import TextRefused, clean_text
from hyoka.plans.models import Plan
from hyoka.publishing.models import Edition
from hyoka.reports.builders import status_list_report
from hyoka.reports.statuslist import Change, ChangedRow, IndicatorRow, StatusListReport
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

#: No such area, plan, year or edition, or more than one fits (the message says which exist:
#: :class:`hyoka.evaluation.lookup.NotFound` or :class:`~hyoka.evaluation.lookup.Ambiguous`).
NotFound = lookup.LookupProblem


def find_plan_year(
    year: int | None, *, plan: lookup.PlanRef = None, area: lookup.AreaRef = None
) -> PlanYear:
    """The year of the plan and area given (:func:`hyoka.evaluation.lookup.plan_year`): by
    default the latest year of the latest plan of the only area."""
    return lookup.plan_year(year, plan=plan, area=area)


@transaction.atomic
def publish(
    user: Any, plan_year: PlanYear, note: str = "", *, cli: bool = False, seen: str | None = None
) -> Edition:
    """Freeze an approved year as the next numbered edition (who, when, the data); a year
    already published gets a new edition (a correction: 訂正).  The approved rating of every
    indicator and project becomes its 評価（公表） first
    (:func:`~hyoka.evaluation.services.freeze_published`), so every format shows it.  ``cli``: run by the command
    line without a user, so no one's rights are checked — the cycle's state still is.
    ``seen``: the :attr:`Preview.fingerprint` the person checked; refused (:class:`Conflict`)
    when the list has changed since."""
    try:
        note = clean_text(Edition, "note", note)
    except TextRefused as exc:
        raise WorkflowError(exc.message, field="note") from None
    plan_year = lock_year(plan_year.plan, plan_year.fiscal_year) or plan_year
    action = Action.REISSUE if plan_year.status == PlanYear.Status.PUBLISHED else Action.PUBLISH
    if cli:
        if not in_state(action, plan_year):
            raise WorkflowError(refusal_when(action, plan_year, None))
    else:
        require(user, action, plan_year)
    numbers: list[int | str] = [*review.pending(plan_year), *review.pending_headlines(plan_year)]
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
    freeze_published(plan_year, user=user)
    edition = make_edition(plan_year, note, user=user)
    assert edition is not None
    return edition


def make_edition(
    plan_year: PlanYear,
    note: str,
    *,
    user: Any = None,
    unless_unchanged: bool = False,
    held: HeldYear | None = None,
) -> Edition | None:
    """The one maker of editions (公表版): the year's status list frozen as edition *n + 1*,
    *n* the last edition's number (1 for the first).  With ``unless_unchanged`` nothing is made
    (``None``) when the list is what the last edition holds — an official list imported
    again.  Call inside the transaction that wrote the year; ``held``: the year as that
    transaction wrote it (:class:`~hyoka.evaluation.services.HeldYear`, not read back)."""
    report = status_list_report(plan_year, held)
    last = plan_year.editions.order_by("-number").first()
    # read back typed: a field the report gained after ``last`` was frozen (e.g.
    # ``predecessor``) takes its default there, so it is no change of the list
    if unless_unchanged and last is not None and frozen_report(last).as_edition(None) == report:
        return None
    number = (last.number if last else 0) + 1
    return Edition.objects.create(
        plan_year=plan_year,
        number=number,
        published_at=timezone.now(),
        published_by=user if getattr(user, "is_authenticated", False) else None,
        note=note,
        data=report.as_edition(number).to_json(),
    )


def frozen_report(edition: Edition) -> StatusListReport:
    """The report an edition froze (``Edition.data``), typed again."""
    return StatusListReport.from_json(edition.data)


@dataclass(frozen=True)
class Preview:
    """What publishing the year now would change: against ``last``, the last edition of the
    year (a correction) or, for a first edition, the last edition of an earlier year of the
    plan (``None`` when there is none); ``rows`` as :func:`diff` gives them."""

    plan_year: PlanYear
    last: Edition | None
    report: StatusListReport
    rows: list[ChangedRow]

    @property
    def correction(self) -> bool:
        return self.plan_year.status == PlanYear.Status.PUBLISHED

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.report)


def fingerprint(report: StatusListReport) -> str:
    """What a list holds, as a short digest (its status and edition number aside): publishing
    after a preview checks that the list is still the one previewed."""
    held = {k: v for k, v in report.to_json().items() if k not in ("status", "edition")}
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
    rows = diff(frozen_report(last), report) if last is not None else []
    return Preview(plan_year, last, report, rows)


def report_for(
    year: PlanYear | int | None = None,
    edition: int | None = None,
    *,
    plan: lookup.PlanRef = None,
    area: lookup.AreaRef = None,
) -> StatusListReport:
    """The report to render: an edition's frozen data, or the year's current data.  ``year``:
    the plan year itself (the web pages, whose URL names it), or a fiscal year found with
    ``plan`` and ``area`` (:func:`find_plan_year`)."""
    plan_year = year if isinstance(year, PlanYear) else find_plan_year(year, plan=plan, area=area)
    if edition is None:
        return status_list_report(plan_year)
    found = plan_year.editions.filter(number=edition).first()
    if found is None:
        known = (
            ", ".join(str(n) for n in plan_year.editions.values_list("number", flat=True)) or "—"
        )
        raise lookup.NotFound(
            tr(
                "%(year)s年度の公表版 %(edition)s はありません（公表版: %(known)s）",
                year=plan_year.fiscal_year,
                edition=edition,
                known=known,
            )
        )
    return frozen_report(found)


@dataclass(frozen=True)
class _Cell:
    """An indicator where :func:`diff` compares it: the row, the name of its project (or
    基本KPI and the role), its project's number, and whether the list rated that project with
    one symbol (its 評価 is then the project's, compared project by project)."""

    row: IndicatorRow
    project_name: str
    number: int | None = None
    one: bool = False


def _cells(report: StatusListReport) -> dict[tuple[int | None, int | str], _Cell]:
    """Each indicator by (project number or None for a KPI, position or id), in the
    document's order."""
    out: dict[tuple[int | None, int | str], _Cell] = {}
    for role in report.roles:
        for k in role.headline_kpis:
            out[(None, k.id)] = _Cell(k, f"基本KPI（{role.label}）")
        for p in role.projects:
            for ind in p.indicators:
                out[(p.number, ind.position)] = _Cell(ind, p.name, p.number, p.one_symbol)
    return out


def _project_symbols(report: StatusListReport, ranks: dict[str, int]) -> dict[int, str | None]:
    """Each project's published symbol as the list shows it: its one symbol, or the worst of
    its indicators' (those that cannot be rated left out, as a project's rating does)."""
    out: dict[int, str | None] = {}
    for p in report.projects():
        if p.one_symbol or len(p.indicators) <= 1:
            out[p.number] = p.rating_published or next(
                (i.rating_published for i in p.indicators), None
            )
            continue
        marks = [i.rating_published for i in p.indicators]
        rated = [m for m in marks if m in ranks]
        out[p.number] = (
            min(rated, key=ranks.__getitem__) if rated else next((m for m in marks if m), None)
        )
    return out


def _ranks(report: StatusListReport) -> dict[str, int]:
    """The rated symbols of the report's plan's rubric by rank (higher is better)."""
    plan = Plan.objects.filter(pk=report.plan.id).first() if report.plan.id else None
    if plan is None:
        legend = [s.symbol for s in report.legend]
        return {s: -n for n, s in enumerate(legend)}
    return {s.symbol: s.rank for s in rubric_of(plan).symbols if s.rated}


FIELDS = (("actual", "実績値"), ("target", "目標値"), ("baseline", "基準値"))
RATINGS = (
    ("actual_computed", "算出した実績値"),
    ("rating_published", "評価（公表）"),
    ("rating_computed", "評価（算出）"),
)


def diff(old: StatusListReport, new: StatusListReport) -> list[ChangedRow]:
    """What changed between two reports (editions of a year, or two years), indicator by
    indicator in the document's order: values and ratings, before and after — only what a
    reader of the two lists would see differ."""
    a, b = _cells(old), _cells(new)
    ranks = _ranks(new)
    projects_before, projects_after = _project_symbols(old, ranks), _project_symbols(new, ranks)
    out: list[ChangedRow] = []
    # the new list's order, then what only the old one had, in its order
    for key in [*b, *(k for k in a if k not in b)]:
        before, after = a.get(key), b.get(key)
        cell = after or before
        assert cell is not None
        if key[0] is not None and key[1] == 1:
            one = bool((before and before.one) or (after and after.one))
            if one and projects_before.get(key[0]) != projects_after.get(key[0]):
                out.append(_project_change(cell, projects_before[key[0]], projects_after[key[0]]))
        changes = _changes(before, after)
        if changes:
            out.append(ChangedRow(key[0], cell.project_name, cell.row.name, changes))
    return out


def _changes(before: _Cell | None, after: _Cell | None) -> tuple[Change, ...]:
    """What a reader sees differ in one indicator: its values and ratings (or the indicator
    itself, when only one side has it)."""
    if before is None or after is None:
        return (
            Change("指標", before.row.name if before else None, after.row.name if after else None),
        )
    changes: list[Change] = []
    for f, label in FIELDS:
        old, new = getattr(before.row, f).text, getattr(after.row, f).text
        if old != new:
            changes.append(Change(label, old, new))
    for f, label in RATINGS:
        if f == "rating_published" and (before.one or after.one):
            continue  # one symbol for the project: compared as the project's
        old, new = getattr(before.row, f), getattr(after.row, f)
        if old != new:
            changes.append(Change(label, old, new))
    return tuple(changes)


def _project_change(cell: _Cell, before: str | None, after: str | None) -> ChangedRow:
    """The row of a project the list rated with one symbol (on either side) whose symbol
    changed."""
    return ChangedRow(
        cell.number, cell.project_name, _("（事業全体）"), (Change("評価（公表）", before, after),)
    )
